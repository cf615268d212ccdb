// Revision history and diff against a real SQLite workspace holding three revisions.

#include "designer/revisiondiffview.h"
#include "designer/revisionhistorydialog.h"
#include "model/strategytemplates.h"
#include "services/openworkspace.h"
#include "storage/workspace.h"
#include "widgettestutil.h"

#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextBlock>
#include <QTreeWidget>

using namespace lw;
using namespace lw::ui;

class TestRevisionHistory : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    qint64 m_id = 0;

    bool hasChange(const QList<FieldChange> &changes, const QString &path, FieldChange::Kind kind)
    {
        for (const FieldChange &c : changes) {
            if (c.path == path && c.kind == kind)
                return true;
        }
        return false;
    }

private slots:
    void initTestCase()
    {
        lw::test::applyWorkbenchTheme();
        QVERIFY(m_dir.isValid());
        QString error;
        m_ws = lw::openWorkspace(m_dir.filePath(QStringLiteral("history.lwdb")), &error);
        QVERIFY2(m_ws, qPrintable(error));

        Strategy s = strategyTemplate(StrategyType::Load);
        s.name = QStringLiteral("checkout-load");
        auto r1 = m_ws->saveStrategy(0, s, QStringLiteral("alice"), QStringLiteral("First draft"), &error);
        QVERIFY2(r1, qPrintable(error));
        m_id = r1->strategyId;

        s.load.stages[1].target = 250;
        s.load.maxConnections = 128;
        QVERIFY2(
            m_ws->saveStrategy(m_id, s, QStringLiteral("bob"), QStringLiteral("Peak is 250 req/s"), &error),
            qPrintable(error));

        Risk r;
        r.id = QStringLiteral("R1");
        r.name = QStringLiteral("Cache stampede");
        r.probability = 3;
        r.impact = 4;
        s.risks << r;
        s.description = QStringLiteral("Checkout at peak hour");
        QVERIFY2(
            m_ws->saveStrategy(m_id, s, QStringLiteral("alice"), QStringLiteral("Add cache risk"), &error),
            qPrintable(error));
        QCOMPARE(m_ws->revisions(m_id).size(), 3);
    }

    void listsRevisionsNewestFirst()
    {
        RevisionHistoryDialog dlg(*m_ws, m_id);
        QTreeWidget *list = dlg.revisionList();
        QCOMPARE(list->topLevelItemCount(), 3);
        QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("3"));
        QCOMPARE(list->topLevelItem(0)->text(2), QStringLiteral("alice"));
        QCOMPARE(list->topLevelItem(0)->text(3), QStringLiteral("Add cache risk"));
        QCOMPARE(list->topLevelItem(2)->text(3), QStringLiteral("First draft"));
        const QString hash = m_ws->revision(m_id, 3)->hash;
        QCOMPARE(list->topLevelItem(0)->text(4), hash.left(12));
    }

    void oneRevisionDiffsWithPredecessor()
    {
        RevisionHistoryDialog dlg(*m_ws, m_id);
        // The newest revision is selected on open: it is compared with revision 2.
        QCOMPARE(dlg.selectedRevisions(), QList<int>{3});
        const QList<FieldChange> changes = dlg.diffView()->changes();
        QCOMPARE(changes.size(), 2);
        QVERIFY(hasChange(changes, QStringLiteral("description"), FieldChange::Changed));
        QVERIFY(hasChange(changes, QStringLiteral("risks[0]"), FieldChange::Added));
        QVERIFY(dlg.diffView()->headerText(0).contains(QLatin1String("Revision 2")));
        QVERIFY(dlg.diffView()->headerText(0).contains(QLatin1String("bob")));
        QVERIFY(dlg.diffView()->headerText(0).contains(QLatin1String("Peak is 250 req/s")));
        QVERIFY(dlg.diffView()->headerText(1).contains(QLatin1String("Revision 3")));
        QCOMPARE(dlg.diffView()->changeTable()->rowCount(), 2);

        dlg.selectRevisions({2});
        const QList<FieldChange> c2 = dlg.diffView()->changes();
        QCOMPARE(c2.size(), 2);
        QVERIFY(hasChange(c2, QStringLiteral("load.stages[1].target"), FieldChange::Changed));
        QVERIFY(hasChange(c2, QStringLiteral("load.max_connections"), FieldChange::Changed) ||
                hasChange(c2, QStringLiteral("load.maxConnections"), FieldChange::Changed));
    }

    void twoRevisionsAndHighlightedLines()
    {
        RevisionHistoryDialog dlg(*m_ws, m_id);
        dlg.selectRevisions({1, 3});
        QCOMPARE(dlg.selectedRevisions(), (QList<int>{1, 3}));
        RevisionDiffView *view = dlg.diffView();
        QCOMPARE(view->changes().size(), 4);
        QVERIFY(view->summaryText().contains(QLatin1String("4 fields differ")));
        QVERIFY(view->headerText(0).contains(QLatin1String("Revision 1")));

        // The changed target's line is highlighted on both sides and shows each side's value.
        auto lineText = [&](int side, int line) {
            return view->pane(side)->document()->findBlockByNumber(line).text();
        };
        bool sawOld = false;
        for (int line : view->highlightedLines(0))
            sawOld |= lineText(0, line).trimmed() == QLatin1String("\"target\": 100,");
        bool sawNew = false;
        for (int line : view->highlightedLines(1))
            sawNew |= lineText(1, line).trimmed() == QLatin1String("\"target\": 250,");
        QVERIFY(sawOld);
        QVERIFY(sawNew);
        // Each highlighted line has its change's colour (the dialog showed another diff before this one).
        int checked = 0;
        for (const QTextEdit::ExtraSelection &sel : view->pane(1)->extraSelections()) {
            const QString text = sel.cursor.block().text();
            if (text.contains(QLatin1String("\"target\": 250")) ||
                text.contains(QLatin1String("\"max_connections\""))) {
                QCOMPARE(sel.format.background().color(),
                         RevisionDiffView::kindColor(FieldChange::Changed, view->palette()));
                ++checked;
            } else if (text.contains(QLatin1String("Cache stampede"))) {
                QCOMPARE(sel.format.background().color(),
                         RevisionDiffView::kindColor(FieldChange::Added, view->palette()));
                ++checked;
            }
        }
        QCOMPARE(checked, 3);
        // The risk exists only in B: its lines are highlighted there, nothing of it in A.
        bool riskLine = false;
        for (int line : view->highlightedLines(1))
            riskLine |= lineText(1, line).contains(QLatin1String("Cache stampede"));
        QVERIFY(riskLine);
        for (int line : view->highlightedLines(0))
            QVERIFY(!lineText(0, line).contains(QLatin1String("Cache stampede")));
    }

    void firstRevisionAgainstNothing()
    {
        RevisionHistoryDialog dlg(*m_ws, m_id);
        dlg.selectRevisions({1});
        RevisionDiffView *view = dlg.diffView();
        QVERIFY(!view->changes().isEmpty());
        for (const FieldChange &c : view->changes())
            QVERIFY(c.kind == FieldChange::Added);
        QVERIFY(view->headerText(0).contains(QLatin1String("No earlier revision")));
        QVERIFY(view->pane(0)->toPlainText().isEmpty());
    }

    void openRevisionButton()
    {
        RevisionHistoryDialog dlg(*m_ws, m_id);
        QSignalSpy spy(&dlg, &RevisionHistoryDialog::openRevisionRequested);
        dlg.selectRevisions({1, 2});
        QVERIFY(!dlg.openButton()->isEnabled()); // two selected: which one to open is ambiguous
        dlg.selectRevisions({2});
        QVERIFY(dlg.openButton()->isEnabled());
        QTest::mouseClick(dlg.openButton(), Qt::LeftButton);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.first().at(0).toLongLong(), m_id);
        QCOMPARE(spy.first().at(1).toInt(), 2);
    }

    void unknownStrategy()
    {
        RevisionHistoryDialog dlg(*m_ws, 9999);
        QCOMPARE(dlg.revisionList()->topLevelItemCount(), 0);
        QVERIFY(dlg.diffView()->summaryText().contains(QLatin1String("no saved revision")));
        QVERIFY(!dlg.openButton()->isEnabled());
    }

    void screenshot()
    {
        RevisionHistoryDialog dlg(*m_ws, m_id);
        dlg.selectRevisions({1, 3});
        dlg.diffView()->changeTable()->setCurrentCell(1, 0);
        QVERIFY(!lw::test::screenshot(&dlg, QStringLiteral("revisionhistory"), QSize(1180, 780)).isNull());
    }
};

QTEST_MAIN(TestRevisionHistory)
#include "tst_revisionhistory.moc"
