// "Send one iteration" in the designer, offscreen: the real engine against loadwright-target's demo
// shop with the sample journey, the results tree model (QAbstractItemModelTester), secrets masked and
// shown, Cancel, the stored debug run reopened, and a picture of the designer with the tree.
#include "debug/debugpanel.h"
#include "debug/debugresultsmodel.h"
#include "designer/strategiesarea.h"
#include "designer/strategydocument.h"
#include "model/strategydata.h"
#include "services/openworkspace.h"
#include "storage/runstore.h"
#include "storage/workspace.h"

#include "../engine/enginetestutil.h"
#include "designerfixture.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeView>

using namespace lw;
using namespace lw::ui;

namespace {

QModelIndex child(const QAbstractItemModel &m, const QModelIndex &parent, const QString &label)
{
    for (int i = 0; i < m.rowCount(parent); ++i) {
        const QModelIndex c = m.index(i, 0, parent);
        if (c.data().toString().startsWith(label))
            return c;
    }
    return {};
}

} // namespace

class TestDebugPanel : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    qint64 m_journey = 0;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QString error;
        m_ws = lw::openWorkspace(m_dir.filePath(QStringLiteral("ws.lwdb")), &error);
        QVERIFY2(m_ws, qPrintable(error));
        const ParseResult parsed = loadStrategyFile(
            QStringLiteral(LW_SOURCE_DIR "/resources/strategies/journey-checkout.json"), Variables{});
        QVERIFY(parsed.strategy);
        const auto rev = m_ws->importStrategy(*parsed.strategy, QStringLiteral("tester"),
                                              QStringLiteral("sample"), &error);
        QVERIFY2(rev, qPrintable(error));
        m_journey = rev->strategyId;
    }

    void sendOneIterationFromTheDesigner()
    {
        enginetest::Target target;
        QVERIFY(target.start({}));
        qputenv("TARGET", target.url(QString()).toUtf8());
        ScriptedPrompts scripted;
        StrategiesArea area(*m_ws);
        area.setPrompts(scripted.prompts());
        QVERIFY(area.openStrategy(m_journey));
        DebugPanel *panel = area.debugPanel();
        panel->setEnginePath(enginetest::engineBinary());
        DebugResultsModel *model = panel->model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        area.resize(1366, 768);
        area.show();
        QVERIFY(QTest::qWaitForWindowExposed(&area));

        QSignalSpy finished(panel, &DebugPanel::finished);
        panel->sendAction()->trigger();
        QVERIFY(panel->isRunning());
        QVERIFY(panel->cancelButton()->isEnabled());
        QVERIFY(!panel->sendButton()->isEnabled());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
        const RunOutcome outcome = finished.at(0).at(0).value<RunOutcome>();
        QCOMPARE(toString(outcome.status), toString(RunStatus::Passed));
        QVERIFY(!panel->cancelButton()->isEnabled());
        QVERIFY2(panel->statusText().contains(QStringLiteral("every check passed")),
                 qPrintable(panel->statusText()));

        // The tree: one iteration, four steps, each passed, with their parts.
        QCOMPARE(model->rowCount(), 1);
        const QModelIndex iteration = model->index(0, 0);
        QCOMPARE(iteration.data().toString(), QStringLiteral("Iteration 1"));
        QCOMPARE(model->index(0, 1).data().toString(),
                 QStringLiteral("scenario checkout \u00b7 virtual user 1 \u00b7 users row 1"));
        QCOMPARE(model->rowCount(iteration), 4);
        const QModelIndex login = model->index(0, 0, iteration);
        QCOMPARE(login.data().toString(), QStringLiteral("1. login"));
        QCOMPARE(login.data(DebugResultsModel::StateRole).toInt(), int(DebugResultsModel::State::Passed));
        QVERIFY(!login.data(Qt::DecorationRole).value<QIcon>().isNull());
        QVERIFY(
            login.siblingAtColumn(1).data().toString().contains(QStringLiteral("/api/login \u2192 200 OK")));
        const QModelIndex request = child(*model, login, QStringLiteral("Request"));
        const QModelIndex body = child(*model, request, QStringLiteral("Body ("));
        QVERIFY(body.isValid());
        QCOMPARE(body.data(DebugResultsModel::FullTextRole).toString(),
                 QStringLiteral("{\n    \"password\": \"*****\",\n    \"user\": \"user0001\"\n}"));
        const QModelIndex extractions = child(*model, login, QStringLiteral("Extractions"));
        QCOMPARE(model->rowCount(extractions), 2);
        QCOMPARE(model->index(0, 1, extractions).data().toString(), QStringLiteral("*****"));
        const QModelIndex cookies = child(*model, login, QStringLiteral("Cookies after the step"));
        QCOMPARE(model->index(0, 0, cookies).data().toString(), QStringLiteral("session"));
        QCOMPARE(model->index(0, 1, cookies).data().toString(),
                 QStringLiteral("*****  (127.0.0.1, path /, session, HttpOnly)"));
        const QModelIndex cart = model->index(2, 0, iteration);
        const QModelIndex cartHeaders =
            child(*model, child(*model, cart, QStringLiteral("Request")), QStringLiteral("Headers"));
        const QModelIndex auth = child(*model, cartHeaders, QStringLiteral("Authorization"));
        QCOMPARE(auth.siblingAtColumn(1).data().toString(), QStringLiteral("Bearer *****"));
        QVERIFY(model->maskedCount() >= 3);

        // Show secrets: the values as sent.
        panel->showSecretsBox()->setChecked(true);
        const QModelIndex login2 = model->index(0, 0, model->index(0, 0));
        const QModelIndex body2 =
            child(*model, child(*model, login2, QStringLiteral("Request")), QStringLiteral("Body ("));
        QVERIFY(
            body2.data(DebugResultsModel::FullTextRole).toString().contains(QStringLiteral("secret-0001")));
        const QString token =
            model->index(0, 1, child(*model, login2, QStringLiteral("Extractions"))).data().toString();
        QVERIFY(token.size() >= 8 && token != QStringLiteral("*****"));
        panel->showSecretsBox()->setChecked(false);

        // Stored as a debug run with its records; reopened later, the same tree.
        RunStore store(*m_ws);
        QCOMPARE(toString(store.run(outcome.runId)->kind), QStringLiteral("debug"));
        QCOMPARE(store.debugSteps(outcome.runId).size(), 4);
        model->clear();
        QVERIFY(panel->openRun(outcome.runId));
        QCOMPARE(model->rowCount(model->index(0, 0)), 4);

        // A picture at 1366x768 with a body selected.
        panel->tree()->setCurrentIndex(model->index(0, 0, model->index(0, 0)));
        panel->tree()->expand(panel->tree()->currentIndex());
        const QModelIndex resp =
            child(*model, model->index(0, 0, model->index(0, 0)), QStringLiteral("Response"));
        panel->tree()->expand(resp);
        panel->tree()->setCurrentIndex(child(*model, resp, QStringLiteral("Body (")));
        QApplication::processEvents();
        const QString png = QStringLiteral(LW_BINARY_DIR "/tests/ui/debugpanel.png");
        QVERIFY(area.grab().save(png));
        qInfo("picture: %s (QT_FONT_DPI=%s)", qPrintable(png), qgetenv("QT_FONT_DPI").constData());

        // Delete: asked first (a "no" keeps it), then gone with its records, on the audit trail.
        QVERIFY(panel->deleteButton()->isEnabled());
        scripted.confirmAnswer = false;
        panel->deleteButton()->click();
        QVERIFY(store.run(outcome.runId));
        QCOMPARE(model->rowCount(), 1);
        scripted.confirmAnswer = true;
        panel->deleteButton()->click();
        QVERIFY(!store.run(outcome.runId));
        QVERIFY(store.debugSteps(outcome.runId).isEmpty());
        QCOMPARE(model->rowCount(), 0);
        QVERIFY(!panel->deleteButton()->isEnabled());
        QCOMPARE(panel->statusText(), QStringLiteral("Debug run #%1 deleted.").arg(outcome.runId));
        QVERIFY(!panel->openRun(outcome.runId));
    }

    void cancelStopsAtOnce()
    {
        enginetest::Target target;
        QVERIFY(target.start({})); // the demo shop answers at once: the think times make it last
        qputenv("TARGET", target.url(QString()).toUtf8());
        DebugPanel panel(*m_ws);
        panel.setEnginePath(enginetest::engineBinary());
        panel.setUser(QStringLiteral("tester"));
        QAbstractItemModelTester tester(panel.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy finished(&panel, &DebugPanel::finished);
        DebugOptions options;
        options.rows = 10; // 40 steps with 100 ms think time applied: about 4 s if nobody cancels
        options.applyThinkTime = true;
        QVERIFY(panel.start(m_journey, options));
        QVERIFY(!panel.start(m_journey, options)); // one at a time
        QTRY_VERIFY_WITH_TIMEOUT(panel.model()->records().size() >= 1, 15000);
        QElapsedTimer t;
        t.start();
        panel.cancelButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
        QVERIFY2(t.elapsed() < 3000, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(toString(finished.at(0).at(0).value<RunOutcome>().status), toString(RunStatus::Cancelled));
        QVERIFY(panel.model()->records().size() < 40);
    }

    void unsavedStrategyIsNotSent()
    {
        ScriptedPrompts scripted;
        StrategiesArea area(*m_ws);
        area.setPrompts(scripted.prompts());
        QVERIFY(area.openStrategy(m_journey));
        Strategy s = area.document()->strategy();
        s.description += QStringLiteral(" (edited)");
        area.document()->load(s, m_journey, area.document()->revision(), StrategyDocument::Origin::Latest,
                              true);
        QVERIFY(!area.sendIteration(DebugOptions{}));
        QCOMPARE(scripted.errors, QStringList{QStringLiteral("Save the strategy first")});
        QVERIFY(!area.debugPanel()->isRunning());
    }
};

QTEST_MAIN(TestDebugPanel)
#include "tst_debugpanel.moc"
