#include "fairworkqueue.h"

FairWorkQueue::FairWorkQueue(int workers, QObject *parent)
    : QObject(parent)
    , m_workers(std::max(1, workers))
{
    m_pool.setMaxThreadCount(m_workers);
}

FairWorkQueue::~FairWorkQueue()
{
    m_keys.clear();
    m_pool.waitForDone();
}

qsizetype FairWorkQueue::waiting() const
{
    qsizetype count = 0;
    for (const Key &key : m_keys)
        count += key.waiting.size();
    return count;
}

void FairWorkQueue::submit(const QString &key, Work work, Done done)
{
    m_keys[key].waiting.enqueue(Job { std::move(work), std::move(done) });
    startNext();
}

void FairWorkQueue::startNext()
{
    while (m_running < m_workers) {
        // The key with the fewest jobs running, served longest ago among equals. Keys are the
        // addresses with attempts in flight, a handful each, so a linear scan is cheap.
        auto next = m_keys.end();
        for (auto it = m_keys.begin(); it != m_keys.end(); ++it) {
            if (it->waiting.isEmpty())
                continue;
            if (next == m_keys.end() || it->running < next->running
                || (it->running == next->running && it->lastServed < next->lastServed))
                next = it;
        }
        if (next == m_keys.end())
            return;
        Job job = next->waiting.dequeue();
        ++next->running;
        next->lastServed = ++m_served;
        ++m_running;
        // The destructor waits for running jobs, so `this` outlives every one of them; a result
        // posted back is dropped with the queue's pending events if it is destroyed first.
        m_pool.start(
            [this, key = next.key(), work = std::move(job.work), done = std::move(job.done)] {
                const bool result = work();
                QMetaObject::invokeMethod(
                    this, [this, key, done, result] { finished(key, done, result); },
                    Qt::QueuedConnection);
            });
    }
}

void FairWorkQueue::finished(const QString &key, const Done &done, bool result)
{
    --m_running;
    const auto it = m_keys.find(key);
    if (it != m_keys.end() && --it->running == 0 && it->waiting.isEmpty())
        m_keys.erase(it);
    done(result);
    startNext();
}
