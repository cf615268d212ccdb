// The pre-run dialog: automatic prerequisites are listed as checked at start, Start stays disabled
// while a required manual item is unticked, the gate refuses, the testing window is closed (unless
// overridden) or a variable line is malformed; the choice carries ticks and variables.

#include "live/prerundialog.h"
#include "widgettestutil.h"

#include <QCheckBox>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>

using namespace lw;
using namespace lw::ui;

namespace {

Strategy demoStrategy()
{
    Strategy s;
    s.name = QStringLiteral("Catalogue API load");
    Target a;
    a.name = QStringLiteral("list-items");
    a.url = QStringLiteral("http://127.0.0.1:8080/api/items");
    s.targets = {a};
    s.load.stages = {{QStringLiteral("80s"), 200, StageRamp::Linear}};
    return s;
}

} // namespace

class TestLiveDashboardPreRun : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { lw::test::applyWorkbenchTheme(); }

    void preRunDialogBlocksStartUntilRequiredItemsAreTicked()
    {
        PreRunInfo info;
        info.strategy = demoStrategy();
        Prerequisite manual;
        manual.name = QStringLiteral("Team informed");
        manual.description = QStringLiteral("The catalogue team knows a test runs");
        Prerequisite optional = manual;
        optional.name = QStringLiteral("Dashboard open");
        optional.required = false;
        Prerequisite health;
        health.name = QStringLiteral("Target healthy");
        health.type = PrerequisiteType::HttpHealth;
        health.url = QStringLiteral("http://127.0.0.1:8080/health");
        info.strategy.prerequisites = {health, manual, optional};
        info.strategy.targets[0].url = QStringLiteral("${TARGET:-http://127.0.0.1:8080}/api/items");
        info.strategyId = 3;
        info.revision = 2;
        info.user = QStringLiteral("tester");
        info.gate = {true, QStringLiteral("no sign-off required (safety level low)")};
        info.window = {true, QStringLiteral("no testing windows: any time"), std::nullopt, std::nullopt};
        info.variables.insert(QStringLiteral("TARGET"), QStringLiteral("http://127.0.0.1:9000"));
        PreRunDialog dlg(info);
        QListWidget *list = dlg.checklist();
        QCOMPARE(list->count(), 3);
        QVERIFY(!(list->item(0)->flags() & Qt::ItemIsUserCheckable)); // automatic: checked at start
        QVERIFY(list->item(0)->text().contains(QStringLiteral("checked at start")));
        QVERIFY(!dlg.startButton()->isEnabled());
        QVERIFY(dlg.blockReason().contains(QStringLiteral("Team informed")));
        list->item(2)->setCheckState(Qt::Checked); // the optional one does not unblock
        QVERIFY(!dlg.startButton()->isEnabled());
        list->item(1)->setCheckState(Qt::Checked);
        QVERIFY(dlg.startButton()->isEnabled());
        QCOMPARE(dlg.choice().confirmedManualPrerequisites,
                 QStringList({QStringLiteral("Team informed"), QStringLiteral("Dashboard open")}));
        QCOMPARE(dlg.choice().variables.value(QStringLiteral("TARGET")),
                 QStringLiteral("http://127.0.0.1:9000"));
        dlg.variablesEdit()->setPlainText(QStringLiteral("TARGET=http://127.0.0.1:9001\nnot a pair"));
        QVERIFY(!dlg.startButton()->isEnabled());
        QVERIFY(dlg.blockReason().contains(QStringLiteral("line 2")));
        dlg.variablesEdit()->setPlainText(QStringLiteral("# comment\nTARGET=http://127.0.0.1:9001\n"));
        QVERIFY(dlg.startButton()->isEnabled());
        lw::test::screenshot(&dlg, QStringLiteral("pre-run-dialog"));

        // The gate refuses or the window is closed: Start stays off (the window can be overridden).
        PreRunInfo refused = info;
        refused.strategy.prerequisites.clear();
        refused.gate = {false, QStringLiteral("2 approvals required; none recorded")};
        PreRunDialog gated(refused);
        QVERIFY(!gated.startButton()->isEnabled());
        QVERIFY(gated.blockReason().contains(QStringLiteral("2 approvals")));
        PreRunInfo closed = info;
        closed.strategy.prerequisites.clear();
        closed.window = {false, QStringLiteral("outside the testing windows: next opens Tue 22:00"),
                         std::nullopt, std::nullopt};
        PreRunDialog windowed(closed);
        QVERIFY(!windowed.startButton()->isEnabled());
        QVERIFY(!windowed.windowOverride()->isHidden());
        windowed.windowOverride()->setChecked(true);
        QVERIFY(windowed.startButton()->isEnabled());
        QVERIFY(windowed.choice().ignoreTestingWindows);
    }
};

QTEST_MAIN(TestLiveDashboardPreRun)
#include "tst_livedashboardprerun.moc"
