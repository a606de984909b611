#pragma once

#include <QObject>
#include <memory>

class QSoundEffect;

/// @brief Plays the short notification chime (Qt Multimedia when built with it, else the
/// platform's beep). The audio device is opened lazily, on the first sound.
class SoundPlayer : public QObject
{
    Q_OBJECT
public:
    explicit SoundPlayer(QObject *parent = nullptr);
    ~SoundPlayer() override;

    void play();
    int playCount() const { return m_playCount; }
    /// Tests count sounds without opening the audio device.
    void setAudible(bool audible) { m_audible = audible; }

private:
#ifdef CHAT_AGENT_HAS_MULTIMEDIA
    QSoundEffect *m_effect = nullptr;
#endif
    int m_playCount = 0;
    bool m_audible = true;
};
