// Risk matrix: cell counts and colours for given risks, clicks and keys filter the list,
// double-click opens a risk, and the painted cells really have the severity colours.

#include "designer/riskmatrixgrid.h"
#include "designer/riskmatrixview.h"
#include "widgettestutil.h"

#include <QSignalSpy>
#include <QTreeWidget>

using namespace lw;
using namespace lw::ui;

namespace {

Risk risk(const char *id, const char *name, int p, int i, const char *mitigation = "")
{
    Risk r;
    r.id = QString::fromLatin1(id);
    r.name = QString::fromLatin1(name);
    r.probability = p;
    r.impact = i;
    r.mitigation.description = QString::fromLatin1(mitigation);
    return r;
}

QList<Risk> sampleRisks()
{
    return {risk("R1", "Cache stampede after deploy", 2, 4, "Warm the cache before traffic"),
            risk("R2", "Connection pool exhaustion", 2, 4, "Pool size 200, alert at 80%"),
            risk("R3", "Payment provider rate-limits us", 5, 5, "Use the sandbox endpoint"),
            risk("R4", "Log volume fills the disk", 1, 1),
            risk("R5", "Autoscaler reacts late", 3, 4, "Pre-scale to 6 replicas")};
}

} // namespace

class TestRiskMatrixView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { lw::test::applyWorkbenchTheme(); }

    void countsAndColours()
    {
        RiskMatrixGrid grid;
        grid.setRisks(sampleRisks());
        QCOMPARE(grid.riskCount(2, 4), 2);
        QCOMPARE(grid.riskCount(5, 5), 1);
        QCOMPARE(grid.riskCount(3, 3), 0);
        QCOMPARE(grid.riskIds(2, 4), (QStringList{QStringLiteral("R1"), QStringLiteral("R2")}));
        QCOMPARE(grid.cellColor(2, 4), RiskMatrixGrid::severityColor(RiskSeverity::Medium)); // 8
        QCOMPARE(grid.cellColor(3, 4), RiskMatrixGrid::severityColor(RiskSeverity::High));   // 12
        QCOMPARE(grid.cellColor(5, 5), RiskMatrixGrid::severityColor(RiskSeverity::Critical));
        QCOMPARE(grid.cellColor(1, 1), RiskMatrixGrid::severityColor(RiskSeverity::Low));
        // An empty cell is a pale tint of its severity, not the full colour.
        const QColor empty = grid.cellColor(4, 5);
        QVERIFY(empty != RiskMatrixGrid::severityColor(RiskSeverity::Critical));
        QVERIFY(empty.lightness() > RiskMatrixGrid::severityColor(RiskSeverity::Critical).lightness());
        QVERIFY(empty.red() > empty.green()); // still reads as red
    }

    void geometry()
    {
        RiskMatrixGrid grid;
        grid.resize(520, 430);
        // Probability 5 is the top row, impact 5 the right column.
        QVERIFY(grid.cellRect(5, 1).top() < grid.cellRect(1, 1).top());
        QVERIFY(grid.cellRect(1, 5).left() > grid.cellRect(1, 1).left());
        QCOMPARE(grid.cellRect(3, 2).width(), grid.cellRect(3, 2).height());
        QVERIFY(grid.rect().contains(grid.cellRect(1, 5)));
        QVERIFY(grid.cellRect(0, 3).isNull());
        QVERIFY(grid.cellRect(3, 6).isNull());
    }

    void clickFiltersList()
    {
        RiskMatrixView view;
        view.setRisks(sampleRisks());
        view.resize(1000, 440);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        // Nothing selected: every risk, worst first.
        QCOMPARE(view.listedRiskIds(),
                 (QStringList{QStringLiteral("R3"), QStringLiteral("R5"), QStringLiteral("R1"),
                              QStringLiteral("R2"), QStringLiteral("R4")}));

        RiskMatrixGrid *grid = view.grid();
        QTest::mouseClick(grid, Qt::LeftButton, {}, grid->cellRect(2, 4).center());
        QCOMPARE(grid->selectedCell(), QPoint(2, 4));
        QCOMPARE(view.listedRiskIds(), (QStringList{QStringLiteral("R1"), QStringLiteral("R2")}));
        QTreeWidgetItem *first = view.riskList()->topLevelItem(0);
        QCOMPARE(first->text(1), QStringLiteral("Cache stampede after deploy"));
        QVERIFY(first->text(2).startsWith(QLatin1String("Medium")));
        QCOMPARE(first->text(3), QStringLiteral("Warm the cache before traffic"));

        QTest::mouseClick(grid, Qt::LeftButton, {}, grid->cellRect(3, 3).center());
        QVERIFY(view.listedRiskIds().isEmpty());

        // A second click on the selected cell shows every risk again.
        QTest::mouseClick(grid, Qt::LeftButton, {}, grid->cellRect(3, 3).center());
        QCOMPARE(grid->selectedCell(), QPoint());
        QCOMPARE(view.listedRiskIds().size(), 5);
    }

    void keyboardSelectsCells()
    {
        RiskMatrixView view;
        view.setRisks(sampleRisks());
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        RiskMatrixGrid *grid = view.grid();
        grid->setFocus();
        // From (1,1): up four times to probability 5, right four times to impact 5, Enter selects.
        for (int k = 0; k < 4; ++k) {
            QTest::keyClick(grid, Qt::Key_Up);
            QTest::keyClick(grid, Qt::Key_Right);
        }
        QTest::keyClick(grid, Qt::Key_Return);
        QCOMPARE(grid->selectedCell(), QPoint(5, 5));
        QCOMPARE(view.listedRiskIds(), QStringList{QStringLiteral("R3")});
        // With a selection, arrows move it and the list follows.
        QTest::keyClick(grid, Qt::Key_Down);
        QTest::keyClick(grid, Qt::Key_Down);
        QTest::keyClick(grid, Qt::Key_Left);
        QCOMPARE(grid->selectedCell(), QPoint(3, 4));
        QCOMPARE(view.listedRiskIds(), QStringList{QStringLiteral("R5")});
        QTest::keyClick(grid, Qt::Key_Escape);
        QCOMPARE(grid->selectedCell(), QPoint());
    }

    void doubleClickActivatesRisk()
    {
        RiskMatrixView view;
        view.setRisks(sampleRisks());
        view.resize(1000, 440);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy spy(&view, &RiskMatrixView::riskActivated);
        QTest::mouseClick(view.grid(), Qt::LeftButton, {}, view.grid()->cellRect(5, 5).center());
        QTreeWidget *list = view.riskList();
        QTRY_VERIFY(!list->visualItemRect(list->topLevelItem(0)).isEmpty()); // items are laid out lazily
        const QRect r = list->visualItemRect(list->topLevelItem(0));
        // A real double-click starts with a press: the view only activates the item it was pressed on.
        QTest::mousePress(list->viewport(), Qt::LeftButton, {}, r.center());
        QTest::mouseRelease(list->viewport(), Qt::LeftButton, {}, r.center());
        QTest::mouseDClick(list->viewport(), Qt::LeftButton, {}, r.center());
        QVERIFY(spy.count() >= 1);
        QCOMPARE(spy.first().first().toString(), QStringLiteral("R3"));
    }

    void paintedColoursAndScreenshot()
    {
        RiskMatrixView view;
        view.setRisks(sampleRisks());
        view.grid()->setSelectedCell(2, 4);
        const QImage img = lw::test::screenshot(&view, QStringLiteral("riskmatrixview"), QSize(1000, 440));
        QVERIFY(!img.isNull());
        const qreal dpr = img.devicePixelRatio();
        RiskMatrixGrid *grid = view.grid();
        // Sample near a cell's lower-left corner, away from the number, border and score.
        auto sample = [&](int p, int i) {
            const QRect c = grid->cellRect(p, i);
            const QPoint at = grid->mapTo(&view, QPoint(c.left() + 8, c.bottom() - 8));
            return img.pixelColor(QPoint(int(at.x() * dpr), int(at.y() * dpr)));
        };
        QCOMPARE(sample(5, 5).rgb(), RiskMatrixGrid::severityColor(RiskSeverity::Critical).rgb());
        QCOMPARE(sample(1, 1).rgb(), RiskMatrixGrid::severityColor(RiskSeverity::Low).rgb());
        QCOMPARE(sample(3, 3).rgb(), grid->cellColor(3, 3).rgb());
    }
};

QTEST_MAIN(TestRiskMatrixView)
#include "tst_riskmatrixview.moc"
