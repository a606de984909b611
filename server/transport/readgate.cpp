#include "readgate.h"

void ReadGate::setOpen(bool open)
{
    if (open == m_open)
        return;
    m_open = open;
    if (open)
        emit opened();
    else
        ++m_closings;
}
