// Qt Quick Test runner for the ChatAgent components (tests/agent-app/qml/tst_*.qml).
// qmltestrunner cannot load a static QML module's plugin, so this runner links it.
#include <QQmlEngine>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(ChatAgentPlugin)

class Setup : public QObject
{
    Q_OBJECT
public slots:
    void qmlEngineAvailable(QQmlEngine *engine) { engine->addImportPath(QStringLiteral("qrc:/")); }
};

QUICK_TEST_MAIN_WITH_SETUP(agentcomponents, Setup)

#include "tst_qmlcomponents.moc"
