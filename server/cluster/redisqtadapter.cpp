#include "redisqtadapter.h"

#include <QSocketNotifier>
#include <hiredis/async.h>

struct RedisQtAdapter::Notifiers
{
    explicit Notifiers(int fd)
        : read(fd, QSocketNotifier::Read)
        , write(fd, QSocketNotifier::Write)
    {
        read.setEnabled(false);
        write.setEnabled(false);
    }
    QSocketNotifier read;
    QSocketNotifier write;
};

void RedisQtAdapter::attach(redisAsyncContext *context)
{
    auto *adapter = new RedisQtAdapter(context);
    context->ev.data = adapter;
    context->ev.addRead = [](void *data) {
        static_cast<RedisQtAdapter *>(data)->m_notifiers->read.setEnabled(true);
    };
    context->ev.delRead = [](void *data) {
        static_cast<RedisQtAdapter *>(data)->m_notifiers->read.setEnabled(false);
    };
    context->ev.addWrite = [](void *data) {
        static_cast<RedisQtAdapter *>(data)->m_notifiers->write.setEnabled(true);
    };
    context->ev.delWrite = [](void *data) {
        static_cast<RedisQtAdapter *>(data)->m_notifiers->write.setEnabled(false);
    };
    context->ev.cleanup = [](void *data) { static_cast<RedisQtAdapter *>(data)->cleanup(); };
}

RedisQtAdapter::RedisQtAdapter(redisAsyncContext *context)
    : m_context(context)
    , m_notifiers(new Notifiers(context->c.fd))
{
    QObject::connect(&m_notifiers->read, &QSocketNotifier::activated, &m_notifiers->read,
        [this] { handle(true); });
    QObject::connect(&m_notifiers->write, &QSocketNotifier::activated, &m_notifiers->write,
        [this] { handle(false); });
}

RedisQtAdapter::~RedisQtAdapter()
{
    delete m_notifiers;
}

void RedisQtAdapter::handle(bool readable)
{
    if (m_cleanedUp)
        return;
    // hiredis may free the context (and call cleanup()) inside these calls: the adapter stays
    // until they return.
    ++m_handling;
    if (readable)
        redisAsyncHandleRead(m_context);
    else
        redisAsyncHandleWrite(m_context);
    --m_handling;
    if (m_cleanedUp && m_handling == 0)
        delete this;
}

void RedisQtAdapter::cleanup()
{
    // The socket is closed right after this hook: no notifier may watch it any more.
    m_cleanedUp = true;
    m_notifiers->read.setEnabled(false);
    m_notifiers->write.setEnabled(false);
    m_context = nullptr;
    if (m_handling == 0)
        delete this;
}
