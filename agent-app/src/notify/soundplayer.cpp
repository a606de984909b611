#include "soundplayer.h"

#include <QApplication>
#include <QUrl>

#ifdef CHAT_AGENT_HAS_MULTIMEDIA
#include <QSoundEffect>
#endif

SoundPlayer::SoundPlayer(QObject *parent)
    : QObject(parent)
{ }

SoundPlayer::~SoundPlayer() = default;

void SoundPlayer::play()
{
    ++m_playCount;
    if (!m_audible)
        return;
#ifdef CHAT_AGENT_HAS_MULTIMEDIA
    if (!m_effect) {
        m_effect = new QSoundEffect(this);
        m_effect->setSource(QUrl(QStringLiteral("qrc:/ChatAgent/sounds/notify.wav")));
        m_effect->setVolume(0.6f);
    }
    m_effect->play();
#else
    if (qobject_cast<QApplication *>(QCoreApplication::instance()))
        QApplication::beep();
#endif
}
