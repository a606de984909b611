#pragma once

struct redisAsyncContext;

/// @brief Drives one hiredis asynchronous connection from the Qt event loop of the calling
/// thread: a read and a write QSocketNotifier switched on and off by hiredis's hooks.
///
/// Our own rather than hiredis's adapters/qt.h, whose Q_OBJECT class in a system header would
/// need moc to run on that header. attach() hands the adapter to the context: hiredis's cleanup
/// hook (called when the context is freed) ends it, and if that happens while the adapter is
/// inside redisAsyncHandleRead/Write, the adapter is deleted once that call returns.
class RedisQtAdapter
{
public:
    /// Attaches an adapter to @p context, which must have no event hooks yet and a socket. Call
    /// before redisAsyncSetConnectCallback(), which asks for the first write event.
    static void attach(redisAsyncContext *context);

    RedisQtAdapter(const RedisQtAdapter &) = delete;
    RedisQtAdapter &operator=(const RedisQtAdapter &) = delete;

private:
    struct Notifiers;
    explicit RedisQtAdapter(redisAsyncContext *context);
    ~RedisQtAdapter();

    void handle(bool readable);
    void cleanup();

    redisAsyncContext *m_context;
    Notifiers *m_notifiers;
    int m_handling = 0;
    bool m_cleanedUp = false;
};
