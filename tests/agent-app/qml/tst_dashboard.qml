import QtQuick
import QtTest
import ChatAgent
import ChatAgentTest

// The admin dashboard rendering the figures of a real server (DashboardFixture: the scripted
// morning of scriptedday.h, watched by an admin's desk).
TestCase {
    id: testCase

    name: "Dashboard"
    width: 1280
    height: 1600
    when: windowShown
    visible: true

    Component {
        id: pageComponent

        AdminPage {
            width: testCase.width
            height: testCase.height
        }
    }

    function tile(page, name) {
        const item = findChild(page, name);
        verify(item, name);
        return findChild(item, "tileValue");
    }

    function rowOf(table, name) {
        for (let i = 0; i < table.count; ++i) {
            const row = table.itemAtIndex(i);
            if (row && findChild(row, "agentName").text === name)
                return row;
        }
        return null;
    }

    function initTestCase() {
        verify(DashboardFixture.start(), DashboardFixture.problem);
    }

    function test_tilesShowTheLiveFigures() {
        const page = createTemporaryObject(pageComponent, testCase, {
                "dashboard": DashboardFixture.dashboard
            });
        verify(page);
        tryCompare(tile(page, "tileConversations"), "text", "5");
        compare(tile(page, "tileWaiting").text, "1");
        verify(tile(page, "tileLongestWait").text.startsWith("1 min"), tile(page, "tileLongestWait").text);
        compare(tile(page, "tileInProgress").text, "0");
        compare(tile(page, "tileAgents").text, "0");
        compare(findChild(findChild(page, "tileAgents"), "tileDetail").text, "3 away · 1 offline");
        compare(tile(page, "tileAnswered").text, "2");
        compare(tile(page, "tileMissed").text, "1");
        compare(tile(page, "tileAbandoned").text, "1");
        compare(tile(page, "tileFirstResponse").text, "30 s");
        compare(tile(page, "tileFirstResponseP90").text, "40 s");
        compare(tile(page, "tileServiceLevel").text, "20%");
        compare(tile(page, "tileRating").text, "50%");
        compare(findChild(page, "liveUnavailable").visible, false);
    }

    function test_rangeReportFillsTheAgentTableAndChart() {
        const page = createTemporaryObject(pageComponent, testCase, {
                "dashboard": DashboardFixture.dashboard
            });
        const report = DashboardFixture.dashboard.report;
        tryCompare(report, "status", RangeReport.Ready, 10000);
        compare(findChild(page, "reportState").visible, false);
        verify(findChild(page, "rangeSummary").text.startsWith("5 conversations"));
        const table = findChild(page, "agentTable");
        tryCompare(table, "count", 4);
        const ada = rowOf(table, "Ada Lovelace");
        verify(ada, "Ada's row");
        compare(findChild(ada, "agentStatus").text, "Away");
        compare(findChild(ada, "agentLoad").text, "0 / 1");
        compare(findChild(ada, "agentChats").text, "2");
        compare(findChild(ada, "agentFirstResponse").text, "30 s");
        compare(findChild(ada, "agentRating").text, "100% (1)");
        const cy = rowOf(table, "Cy Young");
        verify(cy, "Cy's row");
        compare(findChild(cy, "agentFirstResponse").text, "—");
        verify(rowOf(table, "Ben Okafor"));
        verify(rowOf(table, "Olga Berg"));
        // The chart: one bucket per hour of the day, drawn.
        const series = DashboardFixture.dashboard.series;
        verify(series.count >= 23 && series.count <= 25, "hours of a day: " + series.count);
        compare(findChild(page, "chartEmpty").visible, false);
        compare(findChild(page, "lengthPlot").visible, true);
        compare(findChild(page, "waitPlot").visible, true);
    }

    function test_exportBarOffersTheFilters() {
        const page = createTemporaryObject(pageComponent, testCase, {
                "dashboard": DashboardFixture.dashboard
            });
        const departments = findChild(page, "exportDepartment");
        tryCompare(departments, "count", 2);
        compare(departments.currentText, "All departments");
        compare(departments.textAt(1), "Sales");
        const agents = findChild(page, "exportAgent");
        tryCompare(agents, "count", 5);
        compare(agents.currentText, "All agents");
        compare(agents.textAt(1), "Ada Lovelace");
        const button = findChild(page, "exportCsvButton");
        compare(button.text, "Export CSV");
        verify(button.enabled);
    }

    function test_forbiddenReportIsShownAsAnError() {
        const page = createTemporaryObject(pageComponent, testCase, {
                "dashboard": DashboardFixture.agentDashboard
            });
        const state = findChild(page, "reportState");
        tryCompare(state, "visible", true);
        tryCompare(findChild(state, "reportStateTitle"), "text", "Only admins can see team metrics");
        compare(findChild(state, "retryButton").visible, true);
        compare(tile(page, "tileWaiting").text, "—");
        compare(findChild(page, "liveUnavailable").visible, true);
    }

    function test_customRangeIsPickedOnTheCalendar() {
        const page = createTemporaryObject(pageComponent, testCase, {
                "dashboard": DashboardFixture.dashboard
            });
        const range = DashboardFixture.dashboard.range;
        mouseClick(findChild(page, "customRangeButton"));
        const grid = findChild(page, "monthGrid");
        tryVerify(() => grid && grid.visible);
        compare(grid.month, range.pickerMonth);
        range.pickDay(range.pickerYear, range.pickerMonth, 1);
        verify(range.canApplyPick);
        mouseClick(findChild(page, "applyRange"));
        compare(range.preset, MetricsRange.Custom);
        tryCompare(DashboardFixture.dashboard.report, "status", RangeReport.Ready, 10000);
        range.choosePreset(MetricsRange.Today);
        tryCompare(DashboardFixture.dashboard.report, "status", RangeReport.Ready, 10000);
    }
}
