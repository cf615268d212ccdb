// The Scenarios page driven like a user on a real workspace: the demo journey built from nothing,
// saved, validated and debugged (one iteration through the real engine against the demo shop),
// undo/redo, whole scenarios added, duplicated, renamed, reordered and removed, a problem activated
// in the list opening its exact field, reordering by keyboard and by drag and drop, disabling a step
// (the validator then reports the variable only it extracted), the data preview against the
// journey's users file, unknown variables marked inline, the JSON body tools, the revision diff of
// scenario changes, QAbstractItemModelTester on every model of the tab, and screenshots at the
// sizes the workbench must fit.

#include "../engine/enginetestutil.h"
#include "designerfixture.h"
#include "widgettestutil.h"

#include "debug/debugpanel.h"
#include "debug/debugresultsmodel.h"
#include "designer/revisiondiffview.h"
#include "designer/strategiesarea.h"
#include "designer/strategydocument.h"
#include "designer/strategyeditor.h"
#include "editor/datasourcespanel.h"
#include "editor/jsonbody.h"
#include "editor/jsonpage.h"
#include "editor/listtablemodel.h"
#include "editor/scenariospage.h"
#include "editor/stepeditor.h"
#include "editor/steprules.h"
#include "editor/steptreemodel.h"
#include "editor/tableeditor.h"
#include "editor/variablehighlighter.h"
#include "editor/variablesview.h"
#include "model/strategydata.h"
#include "model/strategydiff.h"
#include "model/strategyjson.h"
#include "model/strategytemplates.h"
#include "model/strategyvalidator.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QDragMoveEvent>
#include <QDropEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QToolButton>
#include <QTreeView>
#include <QtTest>

using namespace lw;
using namespace lw::ui;

namespace {

const Variables kNoEnvironment{{}, false};

QString usersCsv()
{
    return QStringLiteral(LW_SOURCE_DIR "/resources/strategies/journey-users.csv");
}

QToolButton *toolButton(QWidget *parent, const QString &text)
{
    for (QToolButton *b : parent->findChildren<QToolButton *>())
        if (b->text() == text)
            return b;
    return nullptr;
}

// Types into a table cell the way the delegate would store it.
void setCell(TableEditor *t, int row, const QString &key, const QVariant &value)
{
    ListTableModel *m = t->model();
    const int column = m->columnForKey(key);
    QVERIFY2(column >= 0, qPrintable(key));
    QVERIFY2(m->setData(m->index(row, column), value, Qt::EditRole), qPrintable(key));
}

// Clicks the table's Add button and types the first cell into the editor it opens (then Return), as
// a user does. Qt commits and closes the editor from a queued call after Return, so wait for it: an
// editor left open would write its text back whenever it loses focus.
void addRowTyping(TableEditor *t, const QString &first)
{
    QToolButton *add = toolButton(t, QStringLiteral("&Add"));
    QVERIFY(add);
    QTest::mouseClick(add, Qt::LeftButton);
    auto *editor = qobject_cast<QLineEdit *>(t->view()->indexWidget(t->view()->currentIndex()));
    QVERIFY(editor);
    editor->selectAll();
    QTest::keyClicks(editor, first);
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_VERIFY(!t->view()->indexWidget(t->view()->currentIndex()));
    QCOMPARE(t->model()->data(t->view()->currentIndex(), Qt::EditRole).toString(), first);
}

QStringList issueTexts(const QList<ValidationIssue> &issues)
{
    QStringList out;
    for (const ValidationIssue &i : issues)
        out.append(i.toString());
    return out;
}

} // namespace

class TestScenarioEditor : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<DesignerFixture> f;

    StrategyDocument *doc() const { return f->area()->document(); }
    ScenariosPage *page() const { return f->area()->editor()->page<ScenariosPage>(); }
    QAction *action(const char *name) const { return f->window->action(QString::fromLatin1(name)); }
    void showPage()
    {
        f->area()->editor()->showPage(page());
        QVERIFY(page()->isVisible());
    }
    void openJourney()
    {
        const auto s = f->reader()->strategyByName(QStringLiteral("Checkout journey"));
        QVERIFY(s);
        QVERIFY(f->area()->openStrategy(s->id));
        showPage();
        QCOMPARE(page()->currentScenario(), 0);
        QCOMPARE(page()->currentStep(), 0);
    }

private slots:
    void init()
    {
        f = std::make_unique<DesignerFixture>();
        QVERIFY(f->open());
        f->window->resize(1366, 768);
        f->window->show();
        QVERIFY(QTest::qWaitForWindowExposed(f->window.get()));
        f->window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(f->window.get())); // shortcuts need an active window
    }
    void cleanup() { f.reset(); }

    // From a plain template to the demo journey, through the widgets; saved, read back, validated.
    void buildsTheDemoJourneyFromNothing()
    {
        Strategy base = strategyTemplate(StrategyType::Load);
        base.name = QStringLiteral("journey built by hand");
        f->answers.newStrategy = base;
        QVERIFY(f->area()->newStrategy());
        showPage();
        ScenariosPage *p = page();
        QCOMPARE(p->scenariosTable()->model()->rowCount(), 0);

        // A scenario: it comes with one step to fill in.
        addRowTyping(p->scenariosTable(), QStringLiteral("checkout"));
        QCOMPARE(doc()->strategy().scenarios.size(), 1);
        QCOMPARE(doc()->strategy().scenarios[0].name, QStringLiteral("checkout"));
        QCOMPARE(p->currentStep(), 0);

        // Test data: the users file, previewed.
        p->detailTabs()->setCurrentWidget(p->dataPanel());
        addRowTyping(p->dataPanel()->table(), QStringLiteral("users"));
        QVERIFY(p->dataPanel()->useFile(usersCsv()));
        setCell(p->dataPanel()->table(), 0, QStringLiteral("order"), QStringLiteral("unique"));
        QCOMPARE(doc()->strategy().data.size(), 1);
        QVERIFY(doc()->strategy().data[0].order == DataOrder::Unique);
        QCOMPARE(doc()->strategy().data[0].sha256.size(), 64);
        QCOMPARE(p->dataPanel()->preview()->rowCount(), DataSourcesPanel::kPreviewRows);

        // The login step: typed into the request editor.
        p->detailTabs()->setCurrentIndex(0);
        StepEditor *e = p->stepEditor();
        e->nameEdit()->selectAll();
        QTest::keyClicks(e->nameEdit(), QStringLiteral("login"));
        e->methodBox()->setCurrentText(QStringLiteral("POST"));
        e->urlEdit()->selectAll();
        QTest::keyClicks(e->urlEdit(), QStringLiteral("${TARGET:-http://127.0.0.1:8080}/api/login"));
        addRowTyping(e->headersTable(), QStringLiteral("Content-Type"));
        setCell(e->headersTable(), 0, QStringLiteral("value"), QStringLiteral("application/json"));
        e->bodyEdit()->setFocus();
        QTest::keyClicks(
            e->bodyEdit(),
            QStringLiteral("{\"user\":\"{{users.username}}\",\"password\":\"{{users.password}}\"}"));
        QVERIFY(e->formatButton()->isEnabled());
        QTest::mouseClick(e->formatButton(), Qt::LeftButton);
        QCOMPARE(doc()->strategy().scenarios[0].steps[0].body,
                 QStringLiteral(
                     "{\n  \"user\": \"{{users.username}}\",\n  \"password\": \"{{users.password}}\"\n}"));
        e->transactionEdit()->setFocus();
        QTest::keyClicks(e->transactionEdit(), QStringLiteral("sign-in"));

        // Its extraction of the token and a check.
        p->detailTabs()->setCurrentWidget(p->rulesEditor());
        StepRulesEditor *rules = p->rulesEditor();
        addRowTyping(rules->extractTable(), QStringLiteral("token"));
        setCell(rules->extractTable(), 0, QStringLiteral("expression"), QStringLiteral("$.token"));
        addRowTyping(rules->checksTable(), QStringLiteral("login accepted"));
        setCell(rules->checksTable(), 0, QStringLiteral("status"), QStringLiteral("200, 201"));
        QCOMPARE(doc()->strategy().scenarios[0].steps[0].checks[0].statuses, (QList<int>{200, 201}));

        // A second step that sends the token in a header.
        QTest::mouseClick(toolButton(p, QStringLiteral("Add step")), Qt::LeftButton);
        QCOMPARE(doc()->strategy().scenarios[0].steps.size(), 2);
        QCOMPARE(p->currentStep(), 1);
        p->detailTabs()->setCurrentIndex(0);
        e->nameEdit()->selectAll();
        QTest::keyClicks(e->nameEdit(), QStringLiteral("catalogue"));
        e->urlEdit()->selectAll();
        QTest::keyClicks(e->urlEdit(), QStringLiteral("${TARGET:-http://127.0.0.1:8080}/api/catalogue"));
        e->transactionEdit()->selectAll();
        QTest::keyClick(e->transactionEdit(), Qt::Key_Delete);
        addRowTyping(e->headersTable(), QStringLiteral("Authorization"));
        setCell(e->headersTable(), 0, QStringLiteral("value"), QStringLiteral("Bearer {{token}}"));

        doc()->validateNow();
        QVERIFY2(doc()->isValid(), qPrintable(issueTexts(doc()->issues()).join(QLatin1Char('\n'))));
        const Strategy built = doc()->strategy();
        const Step &login = built.scenarios[0].steps[0];
        QCOMPARE(login.name, QStringLiteral("login"));
        QCOMPARE(login.method, QStringLiteral("POST"));
        QCOMPARE(login.transaction, QStringLiteral("sign-in"));
        QCOMPARE(login.extract.size(), 1);
        QVERIFY(login.extract[0].from == ExtractFrom::Json);
        QCOMPARE(built.scenarios[0].steps[1].headers[0].value, QStringLiteral("Bearer {{token}}"));
        QVERIFY(built.scenarios[0].steps[1].transaction.isEmpty());

        // Saved: the stored document reads back to the same strategy, with its data, and validates.
        QVERIFY(f->area()->save());
        auto reader = f->reader();
        const auto rev = reader->latestRevision(doc()->strategyId());
        QVERIFY(rev);
        const ParseResult parsed = parseStrategy(rev->json);
        QVERIFY2(parsed.ok(), qPrintable(issueTexts(parsed.issues).join(QLatin1Char('\n'))));
        Strategy stored = *parsed.strategy;
        QCOMPARE(stored, built);
        QCOMPARE(rev->hash, contentHash(built));
        QString error;
        QVERIFY2(reader->loadDataFiles(stored, &error), qPrintable(error));
        QCOMPARE(previewData(stored.data[0], 1).rowCount, 300);
        const QList<ValidationIssue> issues = validateStrategy(stored, kNoEnvironment);
        QVERIFY2(issues.isEmpty(), qPrintable(issueTexts(issues).join(QLatin1Char('\n'))));

        // Debugged: one iteration through the real engine against the demo shop, read in the tree.
        {
            enginetest::Target target;
            QVERIFY(target.start({}));
            qputenv("TARGET", target.url(QString()).toUtf8());
            DebugPanel *panel = f->area()->debugPanel();
            panel->setEnginePath(enginetest::engineBinary());
            QSignalSpy finished(panel, &DebugPanel::finished);
            panel->sendAction()->trigger();
            QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
            qunsetenv("TARGET");
            const RunOutcome outcome = finished.at(0).at(0).value<RunOutcome>();
            QVERIFY2(outcome.status == RunStatus::Passed, qPrintable(panel->statusText()));
            DebugResultsModel *m = panel->model();
            // One iteration per scenario (the template's targets are one-step scenarios beside
            // the journey): the journey logs in, takes the token and sends it; all passed.
            int journeys = 0;
            for (int it = 0; it < m->rowCount(); ++it) {
                const QModelIndex iteration = m->index(it, 0);
                for (int step = 0; step < m->rowCount(iteration); ++step)
                    QCOMPARE(m->index(step, 0, iteration).data(DebugResultsModel::StateRole).toInt(),
                             int(DebugResultsModel::State::Passed));
                if (!m->index(it, 1).data().toString().startsWith(QLatin1String("scenario checkout")))
                    continue;
                ++journeys;
                QCOMPARE(m->rowCount(iteration), 2);
                QCOMPARE(m->index(0, 0, iteration).data().toString(), QStringLiteral("1. login"));
                QCOMPARE(m->index(1, 0, iteration).data().toString(), QStringLiteral("2. catalogue"));
            }
            QCOMPARE(journeys, 1);
        }

        // Undo walks every edit back to the template; redo brings the journey back.
        QUndoStack *undo = doc()->undoStack();
        QVERIFY(undo->count() >= 12);
        while (undo->canUndo())
            action("actionUndo")->trigger();
        QCOMPARE(doc()->strategy(), base);
        QCOMPARE(p->scenariosTable()->model()->rowCount(), 0);
        QVERIFY(!p->stepEditor()->isEnabled());
        while (undo->canRedo())
            action("actionRedo")->trigger();
        QCOMPARE(doc()->strategy(), built);
        QCOMPARE(p->stepsModel()->steps(), built.scenarios[0].steps);
    }

    void reorderByKeyboard()
    {
        openJourney();
        ScenariosPage *p = page();
        const QList<Step> before = doc()->strategy().scenarios[0].steps;
        p->selectStep(0, 1); // catalogue
        p->stepsView()->setFocus();
        QTest::keyClick(p->stepsView(), Qt::Key_Down, Qt::ControlModifier);
        QList<Step> after = doc()->strategy().scenarios[0].steps;
        QCOMPARE(after[2].name, before[1].name);
        QCOMPARE(after[1].name, before[2].name);
        QCOMPARE(p->currentStep(), 2); // the selection follows the step
        QCOMPARE(p->stepsModel()->stepAt(p->stepsView()->currentIndex()), 2);
        QTest::keyClick(p->stepsView(), Qt::Key_Up, Qt::ControlModifier);
        QTest::keyClick(p->stepsView(), Qt::Key_Up, Qt::ControlModifier);
        after = doc()->strategy().scenarios[0].steps;
        QCOMPARE(after[0].name, QStringLiteral("catalogue"));
        QCOMPARE(p->currentStep(), 0);
        // At the top: nothing moves, nothing is recorded.
        const int count = doc()->undoStack()->count();
        QTest::keyClick(p->stepsView(), Qt::Key_Up, Qt::ControlModifier);
        QCOMPARE(doc()->undoStack()->count(), count);
        action("actionUndo")->trigger();
        action("actionUndo")->trigger();
        action("actionUndo")->trigger();
        QCOMPARE(doc()->strategy().scenarios[0].steps, before);
    }

    // Whole scenarios: added, duplicated (with step names of their own), renamed, reordered and
    // removed from the scenarios table's buttons and shortcuts; each is one undoable edit.
    void scenariosAsAWhole()
    {
        openJourney();
        ScenariosPage *p = page();
        TableEditor *table = p->scenariosTable();
        const Strategy base = doc()->strategy();
        QCOMPARE(base.scenarios.size(), 1);
        const int undoBase = doc()->undoStack()->count();

        // Duplicate: a second scenario with its own name and step names, selected.
        table->view()->setFocus();
        QTest::keyClick(table->view(), Qt::Key_D, Qt::ControlModifier);
        QCOMPARE(doc()->strategy().scenarios.size(), 2);
        const Scenario copy = doc()->strategy().scenarios[1];
        QCOMPARE(copy.name, base.scenarios[0].name + QStringLiteral(" 2"));
        QCOMPARE(copy.steps.size(), base.scenarios[0].steps.size());
        QCOMPARE(copy.steps[0].name, base.scenarios[0].steps[0].name + QStringLiteral(" 2"));
        QCOMPARE(p->currentScenario(), 1);
        QCOMPARE(p->stepsModel()->steps(), copy.steps);

        // Rename it in its cell.
        setCell(table, 1, QStringLiteral("name"), QStringLiteral("browse only"));
        QCOMPARE(doc()->strategy().scenarios[1].name, QStringLiteral("browse only"));

        // Reorder: the renamed scenario first (keyboard), its steps shown, then back down (button).
        QTest::keyClick(table->view(), Qt::Key_Up, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(doc()->strategy().scenarios[0].name, QStringLiteral("browse only"));
        QCOMPARE(doc()->strategy().scenarios[1].name, base.scenarios[0].name);
        QCOMPARE(p->currentScenario(), 0);
        QCOMPARE(p->stepsModel()->steps()[0].name, copy.steps[0].name);
        QToolButton *down = toolButton(table, QStringLiteral("Move down"));
        QVERIFY(down && down->isEnabled());
        QTest::mouseClick(down, Qt::LeftButton);
        QCOMPARE(doc()->strategy().scenarios[1].name, QStringLiteral("browse only"));
        QCOMPARE(p->currentScenario(), 1);

        // Add a new one after it: a journey with one step, names unique strategy-wide.
        QToolButton *add = toolButton(table, QStringLiteral("&Add"));
        QVERIFY(add);
        QTest::mouseClick(add, Qt::LeftButton);
        QTRY_COMPARE(doc()->strategy().scenarios.size(), 3);
        if (QWidget *editor = table->view()->indexWidget(table->view()->currentIndex()))
            QTest::keyClick(editor, Qt::Key_Escape);
        QCOMPARE(doc()->strategy().scenarios[2].steps.size(), 1);
        QCOMPARE(p->currentScenario(), 2);

        // Remove the copy (Ctrl+Delete on the selected row).
        table->selectRow(1);
        QCOMPARE(p->currentScenario(), 1);
        table->view()->setFocus();
        QTest::keyClick(table->view(), Qt::Key_Delete, Qt::ControlModifier);
        QCOMPARE(doc()->strategy().scenarios.size(), 2);
        QCOMPARE(doc()->strategy().scenarios[0], base.scenarios[0]);
        QVERIFY(doc()->strategy().scenarios[1].name != QLatin1String("browse only"));

        // Each was one edit: undo them all back to the start, redo them all.
        const Strategy done = doc()->strategy();
        QCOMPARE(doc()->undoStack()->count() - undoBase, 6);
        for (int i = 0; i < 6; ++i)
            action("actionUndo")->trigger();
        QCOMPARE(doc()->strategy(), base);
        QCOMPARE(table->model()->rowCount(), 1);
        for (int i = 0; i < 6; ++i)
            action("actionRedo")->trigger();
        QCOMPARE(doc()->strategy(), done);
    }

    // Activating a problem (Enter or double-click in the problems list) selects the scenario and step
    // of its path, the tab that shows the field and focuses that field or cell.
    void problemJumpsToTheField_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("focused"); // object name or "extract:<column key>" / "headers:<key>"
        QTest::newRow("extraction") << QStringLiteral("scenarios[1].steps[2].extract[0].expression")
                                    << QStringLiteral("extract:expression");
        QTest::newRow("url") << QStringLiteral("scenarios[1].steps[3].url") << QStringLiteral("url");
        QTest::newRow("header") << QStringLiteral("scenarios[1].steps[2].headers[0].value")
                                << QStringLiteral("headers:value");
        QTest::newRow("scenario weight")
            << QStringLiteral("scenarios[1].weight") << QStringLiteral("scenarios:weight");
    }
    void problemJumpsToTheField()
    {
        QFETCH(QString, path);
        QFETCH(QString, focused);
        openJourney();
        ScenariosPage *p = page();
        // A second scenario with one problem at the path under test.
        Strategy s = doc()->strategy();
        Scenario second = s.scenarios[0];
        second.name = QStringLiteral("second");
        for (Step &st : second.steps)
            st.name += QStringLiteral(" b");
        Step &step2 = second.steps[2];
        if (step2.extract.isEmpty())
            step2.extract.append(Extraction{});
        if (step2.headers.isEmpty())
            step2.headers.append(StepHeader{QStringLiteral("X-Test"), QStringLiteral("1")});
        if (path.contains(QLatin1String("extract")))
            step2.extract[0].expression = QStringLiteral("$.items[");
        else if (path.contains(QLatin1String("headers")))
            step2.headers[0].value = QStringLiteral("{{nowhere_defined}}");
        else if (path.endsWith(QLatin1String(".url")))
            second.steps[3].url = QStringLiteral("ftp://127.0.0.1/");
        else
            second.weight = -1;
        s.scenarios.append(second);
        doc()->edit(s);
        doc()->validateNow();
        QListWidget *problems = f->area()->editor()->problems();
        QListWidgetItem *item = nullptr;
        for (int i = 0; i < problems->count(); ++i)
            if (problems->item(i)->data(Qt::UserRole).toString() == path)
                item = problems->item(i);
        QVERIFY2(item, qPrintable(issueTexts(doc()->issues()).join(QLatin1Char('\n'))));
        // Somewhere else first: another tab, the first scenario.
        f->area()->editor()->showPage(f->area()->editor()->pages().first());
        p->selectStep(0, 0);
        problems->setCurrentItem(item);
        problems->setFocus();
        QTest::keyClick(problems, Qt::Key_Return);
        QVERIFY(p->isVisible());
        QWidget *focus = QApplication::focusWidget();
        QVERIFY(focus);
        if (path.contains(QLatin1String(".steps["))) {
            QCOMPARE(p->currentScenario(), 1);
            QCOMPARE(p->currentStep(), path.contains(QLatin1String("steps[3]")) ? 3 : 2);
        }
        const auto cellFocused = [&](TableEditor *t, const QString &key, int row) {
            QCOMPARE(focus, t->view());
            QCOMPARE(t->view()->currentIndex().row(), row);
            QCOMPARE(t->view()->currentIndex().column(), t->model()->columnForKey(key));
        };
        if (focused.startsWith(QLatin1String("extract:"))) {
            QCOMPARE(p->detailTabs()->currentWidget(), p->rulesEditor());
            cellFocused(p->rulesEditor()->extractTable(), focused.mid(8), 0);
        } else if (focused.startsWith(QLatin1String("headers:"))) {
            QCOMPARE(p->detailTabs()->currentIndex(), 0);
            cellFocused(p->stepEditor()->headersTable(), focused.mid(8), 0);
        } else if (focused.startsWith(QLatin1String("scenarios:"))) {
            cellFocused(p->scenariosTable(), focused.mid(10), 1);
            QCOMPARE(p->currentScenario(), 1);
        } else {
            QCOMPARE(focus, p->stepEditor()->urlEdit());
        }
    }

    // The steps view really drags: drag enabled on the view, steps draggable, transactions and the
    // top level accept drops (the drop itself is driven through the model below).
    void stepsViewDrags()
    {
        openJourney();
        QTreeView *view = page()->stepsView();
        QVERIFY(view->dragEnabled());
        QVERIFY(view->acceptDrops());
        QCOMPARE(view->dragDropMode(), QAbstractItemView::DragDrop);
        StepTreeModel *m = page()->stepsModel();
        QVERIFY(m->flags(m->indexOfStep(1)) & Qt::ItemIsDragEnabled);
        QVERIFY(m->flags(m->index(0, 0)) & Qt::ItemIsDropEnabled);
        QVERIFY(m->supportedDropActions() & Qt::MoveAction);

        // What the view does at the end of a drag: catalogue dropped on the "Transaction: sign-in"
        // row (the events a drag delivers to the viewport) joins that transaction.
        std::unique_ptr<QMimeData> data(m->mimeData({m->indexOfStep(1)}));
        QVERIFY(data);
        const QModelIndex signIn = m->index(0, 0);
        QVERIFY(m->stepAt(signIn) < 0);
        const QPoint pos = view->visualRect(signIn).center();
        QDragEnterEvent enter(pos, Qt::MoveAction, data.get(), Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view->viewport(), &enter);
        QVERIFY(enter.isAccepted());
        QDragMoveEvent move(pos, Qt::MoveAction, data.get(), Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view->viewport(), &move);
        QVERIFY(move.isAccepted());
        QDropEvent drop(QPointF(pos), Qt::MoveAction, data.get(), Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view->viewport(), &drop);
        QTRY_COMPARE(doc()->strategy().scenarios[0].steps[1].transaction, QStringLiteral("sign-in"));
        QCOMPARE(doc()->strategy().scenarios[0].steps[1].name, QStringLiteral("catalogue"));
        QCOMPARE(m->rowCount(m->index(0, 0)), 2);
        action("actionUndo")->trigger();
        QVERIFY(doc()->strategy().scenarios[0].steps[1].transaction.isEmpty());

        // A read-only revision does not drag.
        page()->setReadOnly(true);
        QVERIFY(!view->dragEnabled());
        page()->setReadOnly(false);
    }

    // Drag and drop, through the model's drop: into a transaction joins it, to the top level leaves it.
    void dragAndDrop()
    {
        openJourney();
        StepTreeModel *m = page()->stepsModel();
        const QList<Step> before = m->steps();
        // Tree: [sign-in: login] catalogue [buy: add-to-cart, checkout?]
        std::unique_ptr<QMimeData> data(m->mimeData({m->indexOfStep(1)}));
        QVERIFY(data);
        const QModelIndex signIn = m->index(0, 0);
        QVERIFY(m->stepAt(signIn) < 0);
        QVERIFY(m->canDropMimeData(data.get(), Qt::MoveAction, 1, 0, signIn));
        QVERIFY(!m->dropMimeData(data.get(), Qt::MoveAction, 1, 0, signIn)); // the view removes nothing
        QTRY_COMPARE(doc()->strategy().scenarios[0].steps[1].transaction, QStringLiteral("sign-in"));
        QCOMPARE(doc()->strategy().scenarios[0].steps[1].name, QStringLiteral("catalogue"));
        QCOMPARE(m->rowCount(m->index(0, 0)), 2); // login and catalogue under sign-in
        // Dropped at the end of the top level: out of the transaction, last.
        data.reset(m->mimeData({m->indexOfStep(0)}));
        QVERIFY(!m->dropMimeData(data.get(), Qt::MoveAction, -1, 0, QModelIndex()));
        QTRY_COMPARE(doc()->strategy().scenarios[0].steps.last().name, QStringLiteral("login"));
        QVERIFY(doc()->strategy().scenarios[0].steps.last().transaction.isEmpty());
        QCOMPARE(page()->currentStep(), int(before.size()) - 1);
        // A step is not a drop target.
        QVERIFY(!m->canDropMimeData(data.get(), Qt::MoveAction, -1, 0, m->indexOfStep(0)));
    }

    // Disabling login (which extracts the token): the validator reports {{token}} where it is used,
    // and the tab shows it on the step, the header cell and in the variables view.
    void disableStepReportsUnknownVariable()
    {
        openJourney();
        ScenariosPage *p = page();
        QVERIFY(doc()->isValid());
        QToolButton *toggle = p->findChild<QToolButton *>(QStringLiteral("toggleStep"));
        QCOMPARE(toggle->text(), QStringLiteral("Disable"));
        QTest::mouseClick(toggle, Qt::LeftButton);
        QVERIFY(!doc()->strategy().scenarios[0].steps[0].enabled);
        QCOMPARE(toggle->text(), QStringLiteral("Enable"));
        QCOMPARE(p->stepsModel()->data(p->stepsModel()->indexOfStep(0), Qt::CheckStateRole).toInt(),
                 int(Qt::Unchecked));
        doc()->validateNow();
        const QString path = QStringLiteral("scenarios[0].steps[2].headers[1].value");
        bool found = false;
        for (const ValidationIssue &i : doc()->issues())
            found =
                found || (i.path == path && i.message.startsWith(QLatin1String("{{token}} is not defined")));
        QVERIFY2(found, qPrintable(issueTexts(doc()->issues()).join(QLatin1Char('\n'))));
        // The step using it is marked in the tree, its header cell carries the message.
        QVERIFY(p->stepsModel()->data(p->stepsModel()->indexOfStep(2), StepTreeModel::HasIssueRole).toBool());
        p->selectStep(0, 2);
        QVERIFY(
            p->stepEditor()->headersTable()->issueText().contains(QLatin1String("{{token}} is not defined")));
        // The variables view: {{token}} defined by an extraction, its use in red with the message.
        QTreeWidget *vars = p->variablesView();
        const QList<QTreeWidgetItem *> token = vars->findItems(QStringLiteral("{{token}}"), Qt::MatchExactly);
        QCOMPARE(token.size(), 1);
        QCOMPARE(token[0]->childCount(), 2); // add-to-cart and checkout send it
        QCOMPARE(token[0]->child(0)->text(VariablesView::NameColumn), path);
        QCOMPARE(token[0]->child(1)->text(VariablesView::NameColumn),
                 QStringLiteral("scenarios[0].steps[3].headers[0].value"));
        for (int c = 0; c < 2; ++c)
            QVERIFY(token[0]
                        ->child(c)
                        ->text(VariablesView::StatusColumn)
                        .contains(QLatin1String("extracts it but is disabled")));
        // Ticking it again (the tree's check box) clears the problem; both are undo steps.
        QVERIFY(p->stepsModel()->setData(p->stepsModel()->indexOfStep(0), Qt::Checked, Qt::CheckStateRole));
        QTRY_VERIFY(doc()->strategy().scenarios[0].steps[0].enabled);
        doc()->validateNow();
        QVERIFY(doc()->isValid());
        action("actionUndo")->trigger();
        QVERIFY(!doc()->strategy().scenarios[0].steps[0].enabled);
        // Saved disabled: written as "enabled": false and read back.
        QVERIFY(doc()->strategy().scenarios[0].steps[0].enabled == false);
        QVERIFY(toJson(doc()->strategy()).contains("\"enabled\": false"));
    }

    // A malformed extraction is named at its JSON path in the rules table; the JSON tab shows every
    // edit of the Scenarios tab, and a document read back from that JSON shows the same in the tab.
    void invalidExtractionAndJsonRoundTrip()
    {
        openJourney();
        ScenariosPage *p = page();
        p->detailTabs()->setCurrentWidget(p->rulesEditor());
        TableEditor *extract = p->rulesEditor()->extractTable();
        setCell(extract, 0, QStringLiteral("expression"), QStringLiteral("$.items[")); // unclosed
        doc()->validateNow();
        const QString path = QStringLiteral("scenarios[0].steps[0].extract[0].expression");
        QString message;
        for (const ValidationIssue &i : doc()->issues())
            if (i.path == path)
                message = i.message;
        QVERIFY2(!message.isEmpty(), qPrintable(issueTexts(doc()->issues()).join(QLatin1Char('\n'))));
        QVERIFY2(extract->issueText().contains(message.toHtmlEscaped()), qPrintable(extract->issueText()));
        QVERIFY(p->stepsModel()->data(p->stepsModel()->indexOfStep(0), StepTreeModel::HasIssueRole).toBool());

        // Disabled and renamed in the tab: the JSON tab says so at once.
        setCell(extract, 0, QStringLiteral("expression"), QStringLiteral("$.token"));
        p->selectStep(0, 1);
        p->toggleStepEnabled();
        StepEditor *e = p->stepEditor();
        e->nameEdit()->selectAll();
        QTest::keyClicks(e->nameEdit(), QStringLiteral("browse"));
        auto *json = f->area()->editor()->page<JsonPage>();
        QVERIFY(json);
        const QByteArray text = json->text().toUtf8();
        QCOMPARE(text, toJson(doc()->strategy()));
        QVERIFY(text.contains("\"name\": \"browse\""));
        QCOMPARE(text.count("\"enabled\": false"), 1);

        // And back: that JSON parsed is the same strategy, and loaded it shows in the tab.
        const ParseResult back = parseStrategy(text);
        QVERIFY2(back.ok(), qPrintable(issueTexts(back.issues).join(QLatin1Char('\n'))));
        Strategy read = *back.strategy;
        read.data = doc()->strategy().data; // file contents are stored beside the document
        QCOMPARE(read, doc()->strategy());
        read.scenarios[0].steps[1].enabled = true;
        doc()->edit(read);
        QCOMPARE(p->stepsModel()->data(p->stepsModel()->indexOfStep(1), Qt::CheckStateRole).toInt(),
                 int(Qt::Checked));
        QVERIFY(!json->text().contains(QLatin1String("\"enabled\"")));
    }

    // An unknown variable typed into the body is underlined with the validator's message under it;
    // one in the URL gets the message under the URL field.
    void unknownVariableMarkedInline()
    {
        openJourney();
        ScenariosPage *p = page();
        p->selectStep(0, 3); // checkout
        StepEditor *e = p->stepEditor();
        e->bodyEdit()->setFocus();
        e->bodyEdit()->moveCursor(QTextCursor::End);
        QTest::keyClicks(e->bodyEdit(), QStringLiteral("{{basket}}"));
        doc()->validateNow();
        const QString body = e->bodyEdit()->toPlainText();
        const int at = int(body.indexOf(QLatin1String("{{basket}}")));
        QVERIFY(at >= 0);
        QCOMPARE(e->bodyHighlighter()->flaggedRanges(), (QList<std::pair<int, int>>{{at, 10}}));
        QLabel *message = e->bodyEdit()->parentWidget()->findChild<QLabel *>(QStringLiteral("fieldMessage"));
        const QList<QLabel *> labels = e->findChildren<QLabel *>(QStringLiteral("fieldMessage"));
        bool shown = false;
        for (QLabel *l : labels)
            shown =
                shown || (l->isVisible() && l->text().startsWith(QLatin1String("{{basket}} is not defined")));
        QVERIFY(message);
        QVERIFY(shown);
        // The URL: the field is marked and the message is right under it.
        e->urlEdit()->end(false);
        QTest::keyClicks(e->urlEdit(), QStringLiteral("?id={{nope}}"));
        doc()->validateNow();
        QVERIFY(e->urlEdit()->property("lwInvalid").toBool());
        shown = false;
        for (QLabel *l : labels)
            shown =
                shown || (l->isVisible() && l->text().startsWith(QLatin1String("{{nope}} is not defined")));
        QVERIFY(shown);
        // Fixed by undo: the marks go.
        action("actionUndo")->trigger();
        action("actionUndo")->trigger();
        doc()->validateNow();
        QVERIFY(doc()->isValid());
        QVERIFY(e->bodyHighlighter()->flaggedRanges().isEmpty());
        QVERIFY(!e->urlEdit()->property("lwInvalid").toBool());
    }

    // The journey opened from the workspace previews its stored users file.
    void dataPreview()
    {
        openJourney();
        ScenariosPage *p = page();
        p->detailTabs()->setCurrentWidget(p->dataPanel());
        QTableWidget *preview = p->dataPanel()->preview();
        QCOMPARE(preview->columnCount(), 2);
        QCOMPARE(preview->horizontalHeaderItem(0)->text(), QStringLiteral("username"));
        QCOMPARE(preview->rowCount(), 10);
        QCOMPARE(preview->item(0, 0)->text(), QStringLiteral("user0001"));
        QCOMPARE(preview->item(9, 1)->text(), QStringLiteral("secret-0010"));
        QVERIFY2(p->dataPanel()->previewStatus()->text().startsWith(QLatin1String("300 rows, 2 columns")),
                 qPrintable(p->dataPanel()->previewStatus()->text()));
        // A file that does not exist: said so, nothing invented.
        setCell(p->dataPanel()->table(), 0, QStringLiteral("file"), QStringLiteral("/nonexistent/users.csv"));
        QVERIFY(p->dataPanel()->previewStatus()->text().startsWith(QLatin1String("Cannot read")));
        QCOMPARE(preview->rowCount(), 0);
    }

    void jsonBody_data()
    {
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("formatted"); // empty: not valid JSON
        QTest::addColumn<QString>("problem");
        QTest::newRow("order kept") << QStringLiteral("{\"b\":1,\"a\":[1,2],\"e\":{}}")
                                    << QStringLiteral(
                                           "{\n  \"b\": 1,\n  \"a\": [\n    1,\n    2\n  ],\n  \"e\": {}\n}")
                                    << QString();
        QTest::newRow("variables") << QStringLiteral("{\"id\":{{product}},\"t\":\"{{ token }}\"}")
                                   << QStringLiteral("{\n  \"id\": {{product}},\n  \"t\": \"{{ token }}\"\n}")
                                   << QString();
        QTest::newRow("strings kept") << QStringLiteral("[\"a, b: {c}\", \"q\\\"\"]")
                                      << QStringLiteral("[\n  \"a, b: {c}\",\n  \"q\\\"\"\n]") << QString();
        QTest::newRow("missing comma")
            << QStringLiteral("{\"a\":1\n \"b\":2}") << QString() << QStringLiteral("line 2, column 2");
        // The position is the body's as written, after a variable longer than its stand-in.
        QTest::newRow("after a variable") << QStringLiteral("{\"t\":\"{{token}}\" \"x\":1}") << QString()
                                          << QStringLiteral("line 1, column 18: syntax error while parsing "
                                                            "object - unexpected string literal");
    }
    void jsonBody()
    {
        QFETCH(QString, body);
        QFETCH(QString, formatted);
        QFETCH(QString, problem);
        QVERIFY(looksLikeJson(body));
        QString why;
        QCOMPARE(formatJsonBody(body, &why), formatted);
        if (problem.isEmpty()) {
            QVERIFY2(why.isEmpty(), qPrintable(why));
            QCOMPARE(formatJsonBody(formatted), formatted); // idempotent
        } else {
            QVERIFY2(why.startsWith(problem), qPrintable(why));
        }
        QVERIFY(!looksLikeJson(QStringLiteral("user=a&b=c")));
    }

    void invalidJsonIsFlagged()
    {
        openJourney();
        StepEditor *e = page()->stepEditor();
        QCOMPARE(e->bodyStatus()->text(), QStringLiteral("Valid JSON"));
        e->bodyEdit()->setFocus();
        e->bodyEdit()->moveCursor(QTextCursor::End);
        QTest::keyClicks(e->bodyEdit(), QStringLiteral(","));
        QVERIFY(e->bodyStatus()->text().startsWith(QLatin1String("Not valid JSON: line 1")));
        QVERIFY(!e->formatButton()->isEnabled());
    }

    // The revision diff names a scenario change field by field.
    void diffShowsScenarioChanges()
    {
        openJourney();
        const auto before = f->reader()->latestRevision(doc()->strategyId());
        QVERIFY(before);
        ScenariosPage *p = page();
        p->selectStep(0, 0);
        p->detailTabs()->setCurrentWidget(p->rulesEditor());
        setCell(p->rulesEditor()->extractTable(), 0, QStringLiteral("expression"),
                QStringLiteral("$.access_token"));
        QVERIFY(f->area()->save());
        const auto after = f->reader()->latestRevision(doc()->strategyId());
        QVERIFY(after && after->revision == before->revision + 1);
        RevisionDiffView view;
        view.setRevisions(*before, *after);
        QCOMPARE(view.changes().size(), 1);
        const FieldChange c = view.changes()[0];
        QCOMPARE(c.path, QStringLiteral("scenarios[0].steps[0].extract[0].expression"));
        QCOMPARE(c.before, QStringLiteral("$.token"));
        QCOMPARE(c.after, QStringLiteral("$.access_token"));
        QCOMPARE(view.changeTable()->rowCount(), 1);
        QVERIFY(view.changeTable()->item(0, 0)->text().contains(c.path));

        // A whole scenario: a duplicated one is one addition, not a change of every field.
        p->scenariosTable()->selectRow(0);
        p->scenariosTable()->view()->setFocus();
        QTest::keyClick(p->scenariosTable()->view(), Qt::Key_D, Qt::ControlModifier);
        QCOMPARE(doc()->strategy().scenarios.size(), 2);
        QVERIFY2(f->area()->save(), qPrintable(f->answers.errorDetails.join(QLatin1Char('\n'))));
        const auto third = f->reader()->latestRevision(doc()->strategyId());
        QVERIFY(third && third->revision == after->revision + 1);
        view.setRevisions(*after, *third);
        QStringList changes;
        for (const FieldChange &ch : view.changes())
            changes.append(QStringLiteral("%1 %2").arg(toString(ch.kind), ch.path));
        QCOMPARE(changes, QStringList{QStringLiteral("added scenarios[1]")});
    }

    // Every model of the tab under QAbstractItemModelTester while the tab is used.
    void modelsPassTheTester()
    {
        openJourney();
        ScenariosPage *p = page();
        std::vector<std::unique_ptr<QAbstractItemModelTester>> testers;
        for (QAbstractItemModel *m : QList<QAbstractItemModel *>{
                 p->stepsModel(), p->scenariosTable()->model(), p->stepEditor()->headersTable()->model(),
                 p->rulesEditor()->extractTable()->model(), p->rulesEditor()->checksTable()->model(),
                 p->dataPanel()->table()->model()})
            testers.push_back(std::make_unique<QAbstractItemModelTester>(
                m, QAbstractItemModelTester::FailureReportingMode::QtTest));
        for (int step = 0; step < 4; ++step)
            p->selectStep(0, step);
        p->addStep();
        p->duplicateStep();
        p->moveStep(-1);
        p->toggleStepEnabled();
        p->removeStep();
        Strategy s = doc()->strategy();
        s.scenarios[0].steps[0].transaction.clear();
        s.scenarios.append(s.scenarios[0]);
        doc()->edit(s);
        p->selectStep(1, 2);
        while (doc()->undoStack()->canUndo())
            action("actionUndo")->trigger();
        // A standalone tree model through shape changes.
        StepTreeModel m;
        QAbstractItemModelTester t(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<Step> steps = s.scenarios[0].steps;
        m.setSteps(steps);
        steps[1].transaction = steps[2].transaction;
        m.setSteps(steps);
        m.setIssues({{1, {QStringLiteral("x")}}});
        m.setSteps({});
    }

    // The tab at the workbench's sizes and font scales (screenshots in <build>/screenshots).
    void layoutFits_data()
    {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1366x768") << QSize(1366, 768);
        QTest::newRow("1024x700") << QSize(1024, 700);
    }
    void layoutFits()
    {
        QFETCH(QSize, size);
        openJourney();
        ScenariosPage *p = page();
        const QSize min = f->window->minimumSizeHint();
        QVERIFY2(min.width() <= size.width() && min.height() <= size.height(),
                 qPrintable(QStringLiteral("%1x%2").arg(min.width()).arg(min.height())));
        const QString tag = QString::fromLatin1(QTest::currentDataTag());
        const QString dpi = qEnvironmentVariable("QT_FONT_DPI", QStringLiteral("96"));
        const QStringList tabs{QStringLiteral("request"), QStringLiteral("rules"), QStringLiteral("data"),
                               QStringLiteral("variables")};
        for (int i = 0; i < tabs.size(); ++i) {
            p->detailTabs()->setCurrentIndex(i);
            const QImage img = test::screenshot(
                f->window.get(), QStringLiteral("scenarios-%1-%2-dpi%3").arg(tabs[i], tag, dpi), size);
            QVERIFY(!img.isNull());
            QCOMPARE(f->window->size(), size);
        }
        // Nothing of the request editor is cut off: it scrolls instead.
        QVERIFY(p->stepEditor()->height() >= p->stepEditor()->minimumSizeHint().height());
    }
};

QTEST_MAIN(TestScenarioEditor)
#include "tst_scenarioeditor.moc"
