// The pre-run dialog: automatic prerequisites are listed as checked at start, Start stays disabled
// while a required manual item is unticked, the gate refuses, the testing window is closed (unless
// overridden) or a variable line is malformed; the choice carries ticks and variables.

#include "live/prerundialog.h"
#include "widgettestutil.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>

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
        closed.windowOverride = {true, QStringLiteral("admin")};
        PreRunDialog windowed(closed);
        QVERIFY(!windowed.startButton()->isEnabled());
        QVERIFY(!windowed.windowOverride()->isHidden());
        windowed.windowOverride()->setChecked(true);
        QVERIFY(!windowed.startButton()->isEnabled()); // an override needs a reason
        QVERIFY(windowed.blockReason().contains(QStringLiteral("why")));
        windowed.windowOverrideReason()->setText(QStringLiteral("hotfix verification before the sale"));
        QVERIFY(windowed.startButton()->isEnabled());
        QVERIFY(windowed.choice().ignoreTestingWindows);
        QCOMPARE(windowed.choice().windowOverrideReason,
                 QStringLiteral("hotfix verification before the sale"));
    }

    // Neither an admin nor an approver of the strategy: the override is not offered, and the dialog
    // says who may.
    void windowOverrideNeedsAnAdminOrApprover()
    {
        PreRunInfo info;
        info.strategy = demoStrategy();
        info.user = QStringLiteral("erin");
        info.gate = {true, QStringLiteral("no sign-off required (safety level low)")};
        info.window = {false, QStringLiteral("outside the testing windows: next opens Tue 22:00"),
                       std::nullopt, std::nullopt};
        info.windowOverride = {false, QStringLiteral("erin is engineer; an admin or an approver of this "
                                                     "strategy may")};
        PreRunDialog dlg(info);
        QVERIFY(!dlg.windowOverride()->isEnabled());
        QVERIFY(dlg.windowOverrideReason()->isHidden());
        QVERIFY(!dlg.startButton()->isEnabled());
        auto *who = dlg.findChild<QLabel *>(QStringLiteral("windowOverrideWho"));
        QVERIFY(who);
        QVERIFY(who->text().contains(QStringLiteral("erin is engineer")));
        QVERIFY(!dlg.choice().ignoreTestingWindows);
    }

    // The gate refuses: the dialog names who can sign and how to ask (or that nobody can yet).
    void refusedGateSaysWhoCanSign()
    {
        PreRunInfo info;
        info.strategy = demoStrategy();
        info.gate = {false, QStringLiteral("needs 2 approvals, has 0 valid")};
        info.window = {true, QStringLiteral("no testing windows: any time"), std::nullopt, std::nullopt};
        info.signers = {QStringLiteral("alice"), QStringLiteral("bob")};
        PreRunDialog dlg(info);
        auto *signers = dlg.findChild<QLabel *>(QStringLiteral("signersLabel"));
        QVERIFY(signers);
        QVERIFY(signers->text().contains(QStringLiteral("alice, bob")));
        QVERIFY(signers->text().contains(QStringLiteral("Request approval")));
        info.signers.clear();
        PreRunDialog nobody(info);
        QVERIFY(nobody.findChild<QLabel *>(QStringLiteral("signersLabel"))
                    ->text()
                    .contains(QStringLiteral("Nobody")));
    }

    // Which host gets the load: ${TARGET} as it will be resolved, following the typed variables.
    void showsTheResolvedTarget()
    {
        PreRunInfo info;
        info.strategy = demoStrategy();
        info.strategy.targets[0].url = QStringLiteral("${TARGET:-http://127.0.0.1:8080}/api/items");
        info.gate = {true, QStringLiteral("no sign-off required (safety level low)")};
        info.window = {true, QStringLiteral("no testing windows: any time"), std::nullopt, std::nullopt};
        PreRunDialog dlg(info);
        QVERIFY2(dlg.targetsLabel()->text().contains(QStringLiteral("http://127.0.0.1:8080/api/items")),
                 qPrintable(dlg.targetsLabel()->text()));
        dlg.variablesEdit()->setPlainText(QStringLiteral("TARGET=http://127.0.0.1:9009"));
        QVERIFY2(dlg.targetsLabel()->text().contains(QStringLiteral("http://127.0.0.1:9009/api/items")),
                 qPrintable(dlg.targetsLabel()->text()));
        info.strategy.targets[0].url = QStringLiteral("${LW_SURELY_UNSET_HOST}/api/items");
        PreRunDialog unset(info);
        QVERIFY(unset.targetsLabel()->text().contains(QStringLiteral("Not set: LW_SURELY_UNSET_HOST")));
    }

    // Relative limits: their thresholds, or the warning that they are not evaluated without a baseline.
    void showsBaselineBounds()
    {
        PreRunInfo info;
        info.strategy = demoStrategy();
        info.gate = {true, QStringLiteral("no sign-off required (safety level low)")};
        info.window = {true, QStringLiteral("no testing windows: any time"), std::nullopt, std::nullopt};
        {
            PreRunDialog plain(info);
            QVERIFY(!plain.findChild<QLabel *>(QStringLiteral("baselineLabel")));
        }
        info.baselineWarnings = {QStringLiteral("safety_limits[0] (p99 +20 % over the baseline) is not evaluated: "
                                                "the strategy has no baseline run")};
        info.baselineNotes = {QStringLiteral("success_criteria[1]: throughput -10 % over baseline run 4 (200 req/s): "
                                             "180 req/s")};
        PreRunDialog dlg(info);
        const QLabel *label = dlg.findChild<QLabel *>(QStringLiteral("baselineLabel"));
        QVERIFY(label);
        QVERIFY2(label->text().contains(QStringLiteral("is not evaluated: the strategy has no baseline run")),
                 qPrintable(label->text()));
        QVERIFY(label->text().contains(QStringLiteral("180 req/s")));
        QVERIFY2(dlg.blockReason().isEmpty(), qPrintable(dlg.blockReason())); // a warning, not a refusal
    }

    // Enter in the variables box starts the run (the default button); Shift+Enter adds a line.
    void enterStartsTheRun()
    {
        PreRunInfo info;
        info.strategy = demoStrategy();
        info.gate = {true, QStringLiteral("no sign-off required (safety level low)")};
        info.window = {true, QStringLiteral("no testing windows: any time"), std::nullopt, std::nullopt};
        PreRunDialog dlg(info);
        dlg.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dlg));
        dlg.variablesEdit()->setFocus();
        QTest::keyClicks(dlg.variablesEdit(), QStringLiteral("A=1"));
        QTest::keyClick(dlg.variablesEdit(), Qt::Key_Return, Qt::ShiftModifier);
        QTest::keyClicks(dlg.variablesEdit(), QStringLiteral("B=2"));
        QCOMPARE(dlg.variablesEdit()->toPlainText(), QStringLiteral("A=1\nB=2"));
        QSignalSpy accepted(&dlg, &QDialog::accepted);
        QTest::keyClick(dlg.variablesEdit(), Qt::Key_Return);
        QCOMPARE(accepted.count(), 1);
        QCOMPARE(dlg.choice().variables.value(QStringLiteral("B")), QStringLiteral("2"));
    }
};

QTEST_MAIN(TestLiveDashboardPreRun)
#include "tst_livedashboardprerun.moc"
