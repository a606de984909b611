#pragma once

#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTest>

/// @brief Main.qml loaded as main.cpp loads it, for the desk alive at the time, with the
/// ways a test looks at it and drives it: items by object name, mouse clicks and keys.
struct AppWindow
{
    QQmlApplicationEngine engine;
    QQuickWindow *window = nullptr;

    bool load()
    {
        engine.addImportPath(QStringLiteral("qrc:/"));
        engine.load(QUrl(QStringLiteral("qrc:/ChatAgent/Main.qml")));
        if (engine.rootObjects().isEmpty())
            return false;
        window = qobject_cast<QQuickWindow *>(engine.rootObjects().constFirst());
        return window && QTest::qWaitForWindowExposed(window);
    }
    /// Brings the window to the front, as the agent clicking on it would.
    bool activate()
    {
        window->show();
        window->requestActivate();
        return QTest::qWaitForWindowActive(window);
    }
    /// The visible item called @p name, searched through the visual tree (list and
    /// repeater delegates, dialogs on the overlay); items of closed pages do not count.
    QQuickItem *item(const QString &name) const { return findVisible(window->contentItem(), name); }
    static QQuickItem *findVisible(QQuickItem *root, const QString &name)
    {
        if (!root || !root->isVisible())
            return nullptr;
        if (root->objectName() == name)
            return root;
        const QList<QQuickItem *> children = root->childItems();
        for (QQuickItem *child : children) {
            if (QQuickItem *found = findVisible(child, name))
                return found;
        }
        return nullptr;
    }
    /// Clicks the middle of @p target; false if there is no such item.
    bool click(QQuickItem *target)
    {
        if (!target)
            return false;
        const QPointF centre
            = target->mapToScene(QPointF(target->width() / 2, target->height() / 2));
        QTest::mouseClick(window, Qt::LeftButton, {}, centre.toPoint());
        return true;
    }
    void key(Qt::Key key, Qt::KeyboardModifiers modifiers = {})
    {
        QTest::keyClick(window, key, modifiers);
    }
    /// Types @p text (ASCII) into the focused field, key by key.
    void type(const QByteArray &text)
    {
        for (const char c : text)
            QTest::keyClick(window, c);
    }
    bool isLight() const { return window->color().lightness() > 128; }
};
