// The trend view of the Runs area on a real workspace: twenty stored runs whose latency steps up at the
// thirteenth show that run as a change point (table row in red, a marker on the chart); a slower newest
// run makes the headline say so; the Trend button opens the selected run's strategy; double-clicking a
// row asks for that run's report. Screenshots at 1366x768 for review.
#include "../report/trendtestutil.h"
#include "widgettestutil.h"

#include "runs/runsarea.h"
#include "runs/trendview.h"

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <qcustomplot.h>

using namespace lw;

class TestTrendView : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
    QList<qint64> m_runs;

private Q_SLOTS:
    void initTestCase()
    {
        lw::test::applyWorkbenchTheme();
        QVERIFY(m_dir.isValid());
        QString error;
        m_ws = Workspace::open(m_dir.filePath(QStringLiteral("trend.lwdb")), &error);
        QVERIFY2(m_ws, qPrintable(error));
        const StrategyRevision rev = trendtest::saveStrategy(*m_ws, QStringLiteral("checkout"));
        for (int i = 0; i < 20; ++i)
            m_runs.append(trendtest::storeRun(*m_ws, rev, i < 12 ? 15 : 20, 100 + quint64(i)));
        trendtest::saveStrategy(*m_ws, QStringLiteral("no runs yet"));
    }

    void changePointIsShown()
    {
        ui::TrendView view(*m_ws);
        view.showStrategy(QStringLiteral("checkout"));
        QVERIFY(view.trend());
        QCOMPARE(view.title(), QStringLiteral("Trend: checkout"));
        QTableWidget *table = view.table();
        QCOMPARE(table->rowCount(), 20);
        // Newest first: run 13 of 20 (index 12) is row 7.
        QCOMPARE(table->item(0, 0)->data(Qt::UserRole).toLongLong(), m_runs.last());
        QCOMPARE(table->item(7, 0)->data(Qt::UserRole).toLongLong(), m_runs.at(12));
        const QString flags = table->item(7, table->columnCount() - 1)->text();
        QVERIFY2(flags.contains(QLatin1String("p99 worse (+")), qPrintable(flags));
        QVERIFY(table->item(7, 6)->font().bold());
        for (int row = 0; row < 20; ++row) {
            if (row != 7)
                QVERIFY2(!table->item(row, table->columnCount() - 1)->text().contains(QLatin1String("worse")),
                         qPrintable(QString::number(row)));
        }
        QVERIFY2(view.headline()->text().contains(QLatin1String("in line with the runs before it")),
                 qPrintable(view.headline()->text()));
        // The chart: p50, p95, p99, throughput and the change-point markers at run index 12.
        QCustomPlot *chart = view.chart();
        QCPGraph *marks = nullptr;
        for (int g = 0; g < chart->graphCount(); ++g) {
            if (chart->graph(g)->name() == QLatin1String("change point"))
                marks = chart->graph(g);
        }
        QVERIFY(marks);
        QCOMPARE(marks->dataCount(), 3); // p50, p95 and p99
        QCOMPARE(marks->data()->at(0)->key, 12.0);
        lw::test::screenshot(&view, QStringLiteral("trend-view"), QSize(1366, 700));

        // Fewer runs: the last 4 leave 3 before the newest, too few to judge it.
        view.limitBox()->setValue(4);
        QCOMPARE(view.table()->rowCount(), 4);
        QVERIFY2(view.headline()->text().contains(QLatin1String("Too few runs")),
                 qPrintable(view.headline()->text()));

        QSignalSpy open(&view, &ui::TrendView::openReportRequested);
        QTableWidget *t = view.table();
        t->setFocus();
        t->setCurrentCell(1, 0);
        QTest::keyClick(t, Qt::Key_Return);
        QCOMPARE(open.size(), 1);
        QCOMPARE(open.first().first().toLongLong(), m_runs.at(18));
    }

    void newestWorseIsTheHeadline()
    {
        const StrategyRevision rev =
            *m_ws->latestRevision(m_ws->strategyByName(QStringLiteral("checkout"))->id);
        m_runs.append(trendtest::storeRun(*m_ws, rev, 30, 999));
        ui::TrendView view(*m_ws);
        view.showStrategy(QStringLiteral("checkout"));
        const QString text = view.headline()->text();
        QVERIFY2(text.contains(QStringLiteral("Run #%1 is significantly worse").arg(m_runs.last())),
                 qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("p99 latency +")), qPrintable(text));
        lw::test::screenshot(&view, QStringLiteral("trend-view-newest-worse"), QSize(1366, 700));
    }

    void noRunsAndTheRunsArea()
    {
        ui::TrendView view(*m_ws);
        view.showStrategy(QStringLiteral("no runs yet"));
        QVERIFY2(view.headline()->text().contains(QLatin1String("No finished load run")),
                 qPrintable(view.headline()->text()));
        QCOMPARE(view.table()->rowCount(), 0);

        ui::RunsArea area(*m_ws);
        area.resize(1366, 700);
        area.show();
        QVERIFY(QTest::qWaitForWindowExposed(&area));
        area.table()->selectRow(0);
        auto *button = area.findChild<QPushButton *>(QStringLiteral("trendButton"));
        QVERIFY(button);
        button->click();
        auto *trend = qobject_cast<ui::TrendView *>(area.tabs()->currentWidget());
        QVERIFY(trend);
        QCOMPARE(trend->strategyBox()->currentText(), QStringLiteral("checkout"));
        QCOMPARE(area.tabs()->tabText(area.tabs()->currentIndex()), QStringLiteral("Trend: checkout"));
        // Opening it again shows the same tab.
        const int tabs = area.tabs()->count();
        QCOMPARE(area.openTrend(QStringLiteral("checkout")), trend);
        QCOMPARE(area.tabs()->count(), tabs);
    }
};

QTEST_MAIN(TestTrendView)
#include "tst_trendview.moc"
