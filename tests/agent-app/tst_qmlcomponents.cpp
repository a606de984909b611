// Qt Quick Test runner for the ChatAgent components (tests/agent-app/qml/tst_*.qml).
// qmltestrunner cannot load a static QML module's plugin, so this runner links it. The
// dashboard test renders figures from a real server: DashboardFixture (ChatAgentTest).
#include "dashboardfixture.h"

#include <QQmlEngine>
#include <QtQml/qqmlextensionplugin.h>
#include <QtQuickTest>

Q_IMPORT_QML_PLUGIN(ChatAgentPlugin)

class Setup : public QObject
{
    Q_OBJECT
public slots:
    void applicationAvailable()
    {
        m_fixture = std::make_unique<DashboardFixture>();
        qmlRegisterSingletonInstance("ChatAgentTest", 1, 0, "DashboardFixture", m_fixture.get());
    }
    void qmlEngineAvailable(QQmlEngine *engine) { engine->addImportPath(QStringLiteral("qrc:/")); }
    void cleanupTestCase()
    {
        if (m_fixture)
            m_fixture->stop();
    }

private:
    std::unique_ptr<DashboardFixture> m_fixture;
};

QUICK_TEST_MAIN_WITH_SETUP(agentcomponents, Setup)

#include "tst_qmlcomponents.moc"
