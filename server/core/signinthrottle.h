#pragma once

#include <QHash>
#include <QString>

class Clock;

/// @brief Decides whether a sign-in attempt may be checked now, from the failures of its account
/// (the email given) and of its client address, so that guessing passwords gets slower and
/// slower and a burst of attempts is refused before it costs a password hash.
///
/// Each key (an account, an address) has a few free failures; from then on each failure blocks
/// the key for a back-off that doubles (first delay, 2×, 4×, ... up to a cap). While blocked,
/// attempts are refused at once with the time left. Attempts being checked count as failures in
/// waiting, so a burst sent over many connections at once is refused beyond the free ones rather
/// than queued. A successful sign-in clears its account; an address only forgets its failures
/// after a quiet period, so one valid account cannot launder an address's guesses at others.
/// Session resumes are cheap (no hash) and a valid token proves itself, so they are counted
/// apart: only resumes with bad tokens, per address, and they back off only further resumes.
class SignInThrottle
{
public:
    struct Options
    {
        /// Failures of one account before back-off; 0: accounts are not limited.
        int accountFreeFailures = 5;
        /// Failures from one address before back-off (passwords and bad tokens counted apart);
        /// 0: addresses are not limited.
        int addressFreeFailures = 20;
        /// Password checks of one address running or waiting at once (when addresses are
        /// limited).
        int addressChecksAtOnce = 4;
        qint64 firstDelayMs = 1000;
        qint64 maxDelayMs = 300'000;
        /// A key without a failure for this long starts afresh.
        qint64 forgetAfterMs = 15 * 60'000;
    };

    SignInThrottle(const Clock &clock, Options options);

    /// 0 when a password attempt for @p account from @p address may be checked now (it then
    /// counts as running until loginFinished()); otherwise how many ms to wait before trying.
    qint64 admitLogin(const QString &account, const QString &address);
    void loginFinished(const QString &account, const QString &address, bool succeeded);

    /// 0 when a session resume from @p address may be tried now; otherwise ms to wait.
    qint64 admitResume(const QString &address);
    void resumeFinished(const QString &address, bool succeeded);

    const Options &options() const { return m_options; }
    /// Keys remembered (accounts and addresses), for tests of the memory bound.
    qsizetype remembered() const
    {
        return m_accounts.size() + m_addresses.size() + m_resumeAddresses.size();
    }

private:
    struct Record
    {
        int failures = 0;
        int running = 0; // checks admitted and not finished
        qint64 lastFailureMs = 0;
        qint64 blockedUntilMs = 0;
    };
    qint64 waitFor(QHash<QString, Record> &records, const QString &key, int freeFailures);
    void fail(QHash<QString, Record> &records, const QString &key, int freeFailures);
    void finish(QHash<QString, Record> &records, const QString &key);
    void forgetQuietKeys();

    const Clock &m_clock;
    Options m_options;
    QHash<QString, Record> m_accounts;
    QHash<QString, Record> m_addresses;
    QHash<QString, Record> m_resumeAddresses; // bad session tokens
    int m_sinceSweep = 0;
};
