// The workbench as a new user meets it: pop-up text (menus, drop-down lists) as readable as the
// rest at every font DPI, a main window that fits small screens with every area (a live run
// included), and one definition of the error rate in the Runs list and the live figures.

#include "designer/strategiesarea.h"
#include "designer/strategybrowser.h"
#include "designer/strategydocument.h"
#include "designer/strategyeditor.h"
#include "designerfixture.h"
#include "editor/editorpage.h"
#include "live/livedashboard.h"
#include "live/runcharts.h"
#include "report/reportdocument.h"
#include "results/errorrate.h"
#include "results/metricwindow.h"
#include "runs/runlistmodel.h"
#include "services/openworkspace.h"
#include "shell/navigator.h"
#include "widgettestutil.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QTableView>
#include <algorithm>

using namespace lw;
using namespace lw::ui;

namespace {

// Height in device pixels of the dark grey ink (text) inside rect of image; 0 when there is none.
int inkHeight(const QImage &image, QRect rect)
{
    rect = rect.intersected(image.rect());
    int top = -1;
    int bottom = -1;
    for (int y = rect.top(); y <= rect.bottom(); ++y) {
        for (int x = rect.left(); x <= rect.right(); ++x) {
            // Dark and grey: text, not a selection highlight (the theme's blue is as dark as ink).
            const QRgb px = image.pixel(x, y);
            const int spread =
                std::max({qRed(px), qGreen(px), qBlue(px)}) - std::min({qRed(px), qGreen(px), qBlue(px)});
            if (qGray(px) < 110 && spread < 48) {
                if (top < 0)
                    top = y;
                bottom = y;
                break;
            }
        }
    }
    return top < 0 ? 0 : bottom - top + 1;
}

// The device-pixel rectangle of a logical rectangle of a grabbed widget.
QRect devicePixels(const QRect &logical, qreal dpr)
{
    return {int(logical.x() * dpr), int(logical.y() * dpr), int(logical.width() * dpr),
            int(logical.height() * dpr)};
}

// Ink height of text drawn by a plain label of the main window (the reference).
int labelInk(QWidget *parent, const QString &text)
{
    auto *label = new QLabel(text, parent);
    label->adjustSize();
    label->show();
    const QImage img = label->grab().toImage();
    const int h = inkHeight(img, img.rect());
    delete label;
    return h;
}

} // namespace

class TestWorkbench : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { lw::test::applyWorkbenchTheme(); }

    // Menus and drop-down lists are separate pop-up windows: their text must come out as tall as
    // the same text in the window at every font DPI (each DPI in a process of its own).
    void popupTextHeight_data()
    {
        QTest::addColumn<int>("dpi");
        for (int dpi : {96, 100, 120, 144, 192})
            QTest::addRow("%d dpi", dpi) << dpi;
    }
    void popupTextHeight()
    {
        QFETCH(int, dpi);
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_FONT_DPI"), QString::number(dpi));
        env.insert(QStringLiteral("LW_POPUP_PROBE"), QStringLiteral("1"));
        child.setProcessEnvironment(env);
        child.setProcessChannelMode(QProcess::MergedChannels);
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("popupProbe")});
        QVERIFY(child.waitForFinished(60000));
        const QString out = QString::fromLocal8Bit(child.readAll());
        QCOMPARE(child.exitCode(), 0);
        const QRegularExpressionMatch m =
            QRegularExpression(QStringLiteral("PROBE menu=(\\d+) menuRef=(\\d+) combo=(\\d+) "
                                              "comboRef=(\\d+) fontPx=(\\d+)"))
                .match(out);
        QVERIFY2(m.hasMatch(), qPrintable(out));
        const int menu = m.captured(1).toInt();
        const int menuRef = m.captured(2).toInt();
        const int combo = m.captured(3).toInt();
        const int comboRef = m.captured(4).toInt();
        const int fontPx = m.captured(5).toInt();
        qInfo("%d dpi: menu text %d px (window %d px), list text %d px (window %d px), font %d px", dpi, menu,
              menuRef, combo, comboRef, fontPx);
        QVERIFY2(menuRef > 0 && comboRef > 0, qPrintable(out));
        QVERIFY2(std::abs(menu - menuRef) <= 1 + menuRef / 10, qPrintable(out));
        QVERIFY2(std::abs(combo - comboRef) <= 1 + comboRef / 10, qPrintable(out));
        // Readable: at least half the font's pixel size (about 4 px high at 100 dpi was the bug).
        QVERIFY2(menu * 2 >= fontPx && combo * 2 >= fontPx, qPrintable(out));
    }

    // Run by popupTextHeight in a child process with QT_FONT_DPI set; prints what it measured.
    void popupProbe()
    {
        if (qEnvironmentVariableIsEmpty("LW_POPUP_PROBE"))
            QSKIP("run by popupTextHeight in a child process");
        DesignerFixture f;
        QVERIFY(f.open());
        MainWindow *w = f.window.get();
        w->resize(1200, 800);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w));

        // The File menu's Quit item (no icon): its text against the same text in the window.
        QMenu *file = w->menuBar()->actions().first()->menu();
        QVERIFY(file);
        QAction *quit = w->action(QStringLiteral("actionQuit"));
        file->popup(w->mapToGlobal(QPoint(10, 10)));
        QVERIFY(QTest::qWaitForWindowExposed(file));
        const QImage menuImage = file->grab().toImage();
        const qreal dpr = menuImage.devicePixelRatio();
        QRect item = file->actionGeometry(quit);
        item.setWidth(item.width() / 2); // the text, not the shortcut
        const int menu = inkHeight(menuImage, devicePixels(item, dpr));
        file->hide();
        const int menuRef = labelInk(w->centralWidget(), QStringLiteral("Quit"));

        // A drop-down list of the Runs area (its status filter): its second entry.
        w->navigator()->setCurrentArea(1);
        QTest::qWait(50);
        QComboBox *combo = nullptr;
        for (QComboBox *c : w->findChildren<QComboBox *>()) {
            if (c->isVisible() && !c->isEditable() && c->count() > 2) {
                combo = c;
                break;
            }
        }
        QVERIFY(combo);
        combo->showPopup();
        QWidget *popup = combo->view()->window();
        QVERIFY(QTest::qWaitForWindowExposed(popup));
        const QImage listImage = popup->grab().toImage();
        QRect row = combo->view()->visualRect(combo->model()->index(1, 0));
        row.moveTopLeft(combo->view()->viewport()->mapTo(popup, row.topLeft()));
        const int comboInk = inkHeight(listImage, devicePixels(row, listImage.devicePixelRatio()));
        combo->hidePopup();
        const int comboRef = labelInk(w->centralWidget(), combo->itemText(1));
        const int fontPx = qRound(QFontInfo(w->font()).pixelSize() * dpr);
        printf("PROBE menu=%d menuRef=%d combo=%d comboRef=%d fontPx=%d\n", menu, menuRef, comboInk, comboRef,
               fontPx);
        fflush(stdout);
        lw::test::screenshot(
            file, QStringLiteral("workbench-menu-%1dpi").arg(QString::fromLatin1(qgetenv("QT_FONT_DPI"))));
    }

    // Fits a 1366x768 laptop and works at 1024x700: every area, a live run's too, scrolls inside the
    // window rather than setting its minimum size.
    void mainWindowFitsSmallScreens()
    {
        DesignerFixture f;
        QVERIFY(f.open());
        MainWindow *w = f.window.get();
        const QSize small(1024, 700);
        QVERIFY2(w->minimumSizeHint().width() <= small.width() &&
                     w->minimumSizeHint().height() <= small.height(),
                 qPrintable(QStringLiteral("%1x%2")
                                .arg(w->minimumSizeHint().width())
                                .arg(w->minimumSizeHint().height())));
        auto *dashboard = new LiveDashboard;
        Strategy s;
        s.name = QStringLiteral("Demo: catalogue API load");
        s.load.stages = {{QStringLiteral("60s"), 40, StageRamp::Linear}};
        dashboard->setStrategy(s, 1);
        Navigator *nav = w->navigator();
        QVERIFY(nav);
        const int live = nav->addArea(QIcon(), QStringLiteral("Live run"), dashboard);
        QVERIFY2(w->minimumSizeHint().width() <= small.width() &&
                     w->minimumSizeHint().height() <= small.height(),
                 qPrintable(QStringLiteral("with a live run %1x%2")
                                .arg(w->minimumSizeHint().width())
                                .arg(w->minimumSizeHint().height())));
        for (const QSize size : {QSize(1366, 768), small}) {
            for (int area = 0; area < nav->list()->count(); ++area) {
                nav->setCurrentArea(area);
                const QImage shot = lw::test::screenshot(
                    w,
                    QStringLiteral("workbench-%1x%2-area%3").arg(size.width()).arg(size.height()).arg(area),
                    size);
                QCOMPARE(w->size(), size);
                QVERIFY(!shot.isNull());
            }
        }
        nav->setCurrentArea(live);
    }

    // A first start opens a strategy Run works on (no sign-off needed), later starts the one last used.
    void opensARunnableOrTheLastStrategy()
    {
        DesignerFixture f;
        QVERIFY(f.open());
        StrategiesArea *area = f.window->strategiesArea();
        QCOMPARE(area->document()->strategy().name, QStringLiteral("Demo: catalogue API load"));
        const auto portal = f.reader()->strategyByName(QStringLiteral("Account portal: 50 concurrent users"));
        QVERIFY(portal);
        QVERIFY(area->openStrategy(portal->id));
        QVERIFY(f.window->close()); // saves the window state, the strategy last used with it
        QString error;
        auto again = lw::openWorkspace(f.path, &error);
        QVERIFY2(again, qPrintable(error));
        MainWindow second(std::move(again));
        QCOMPARE(second.strategiesArea()->document()->strategyId(), portal->id);
    }

    // The strategy list keeps its width whichever editor page is shown, and every page title is
    // readable in full (no "Gen..." tabs) on a laptop screen and at 1024x700.
    void strategyListWidthStableAcrossPages()
    {
        DesignerFixture f;
        QVERIFY(f.open());
        MainWindow *w = f.window.get();
        StrategiesArea *area = w->strategiesArea();
        StrategyEditor *editor = area->editor();
        for (const QSize size : {QSize(1366, 768), QSize(1024, 700)}) {
            w->resize(size);
            w->show();
            QVERIFY(QTest::qWaitForWindowExposed(w));
            QTest::qWait(20);
            auto *browser = area->findChild<StrategyBrowser *>();
            QVERIFY(browser);
            const int width = browser->width();
            QListWidget *sections = editor->sections();
            QCOMPARE(sections->count(), editor->pages().size());
            for (int i = 0; i < sections->count(); ++i) {
                QTest::mouseClick(sections->viewport(), Qt::LeftButton, {},
                                  sections->visualItemRect(sections->item(i)).center());
                QCOMPARE(editor->tabs()->currentIndex(), i);
                QCoreApplication::processEvents();
                QCOMPARE(browser->width(), width);
                // Nothing around the editor scrolls sideways: the page scrolls inside the
                // editor if anything does, never the whole area with the list.
                for (QWidget *p = editor->parentWidget(); p; p = p->parentWidget()) {
                    if (auto *scroll = qobject_cast<QScrollArea *>(p))
                        QVERIFY2(scroll->horizontalScrollBar()->maximum() == 0,
                                 qPrintable(QStringLiteral("%1 at %2 px wide scrolls %3 px")
                                                .arg(sections->item(i)->text())
                                                .arg(size.width())
                                                .arg(scroll->horizontalScrollBar()->maximum())));
                }
                if (size.width() >= 1366) {
                    auto *page = qobject_cast<QScrollArea *>(editor->tabs()->currentWidget());
                    QVERIFY(page);
                    QVERIFY2(page->horizontalScrollBar()->maximum() == 0,
                             qPrintable(QStringLiteral("page %1 scrolls %2 px at %3")
                                            .arg(sections->item(i)->text())
                                            .arg(page->horizontalScrollBar()->maximum())
                                            .arg(size.width())));
                }
                const QRect text = sections->visualItemRect(sections->item(i));
                QVERIFY2(sections->fontMetrics().horizontalAdvance(sections->item(i)->text()) +
                                 sections->iconSize().width() <=
                             text.width(),
                         qPrintable(sections->item(i)->text()));
            }
            lw::test::screenshot(
                w, QStringLiteral("workbench-sections-%1x%2").arg(size.width()).arg(size.height()));
        }
    }

    // After a refresh every table still spans its whole width (sizing columns to their contents
    // used to leave a gap on the right until the window was resized).
    void tablesFillTheirWidthAfterRefresh()
    {
        DesignerFixture f;
        QVERIFY(f.open());
        MainWindow *w = f.window.get();
        w->resize(1366, 768);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w));
        Navigator *nav = w->navigator();
        int checked = 0;
        for (int area = 0; area < nav->list()->count(); ++area) {
            nav->setCurrentArea(area);
            QTest::qWait(20);
            for (QAbstractButton *b : w->findChildren<QAbstractButton *>()) {
                if (b->isVisible() && b->objectName().startsWith(QLatin1String("refresh")))
                    b->click();
            }
            QTest::qWait(20);
            for (QTableView *t : w->findChildren<QTableView *>()) {
                if (!t->isVisible() || !t->model() || t->model()->rowCount() == 0)
                    continue;
                const int length = t->horizontalHeader()->length();
                QVERIFY2(length >= t->viewport()->width() - 1,
                         qPrintable(QStringLiteral("%1: columns %2 px in %3 px")
                                        .arg(t->objectName())
                                        .arg(length)
                                        .arg(t->viewport()->width())));
                ++checked;
            }
        }
        QVERIFY(checked > 0);
    }

    // Channels and saved reports say what to do when there are none.
    void emptyTablesSayWhatToDo()
    {
        DesignerFixture f;
        QVERIFY(f.open());
        MainWindow *w = f.window.get();
        w->resize(1366, 768);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w));
        for (const char *table : {"channelTable", "savedReportsTable"}) {
            auto *view = w->findChild<QAbstractItemView *>(QLatin1String(table));
            QVERIFY2(view, table);
            auto *hint = view->viewport()->findChild<QLabel *>(QStringLiteral("emptyHint"));
            QVERIFY2(hint, table);
            w->navigator()->setCurrentArea(QLatin1String(table) == QLatin1String("channelTable") ? 4 : 1);
            QTRY_VERIFY2(hint->isVisible(), table);
            QVERIFY(!hint->text().isEmpty());
            QVERIFY(hint->width() > 100);
        }
        lw::test::screenshot(w, QStringLiteral("workbench-empty-runs"));
    }

    // One palette: the live and report charts draw each latency statistic in the exports' colour.
    void oneLatencyPaletteForChartsAndExports()
    {
        const QList<report::ChartSpec> charts = report::reportCharts(report::RunReport());
        QVERIFY(!charts.isEmpty());
        LatencyChart live;
        int compared = 0;
        for (const report::ChartSeries &s : charts.first().series) {
            for (LatencyStat stat : allLatencyStats()) {
                if (displayName(stat).compare(s.name, Qt::CaseInsensitive) != 0)
                    continue;
                QCOMPARE(live.statGraph(stat)->pen().color(), QColor(s.color));
                ++compared;
            }
        }
        QCOMPARE(compared, 5); // p50, p90, p95, p99, p99.9
    }

    // The Runs list's error rate is the live dashboard's, the safety limits' and the report's:
    // errors over responses plus failures without a response.
    void errorRateOneDefinition_data()
    {
        QTest::addColumn<qint64>("completed");
        QTest::addColumn<qint64>("httpErrors");
        QTest::addColumn<qint64>("transportErrors");
        QTest::addColumn<double>("percent");
        QTest::addRow("HTTP errors only") << qint64(1000) << qint64(9) << qint64(0) << 0.9;
        QTest::addRow("timeouts only") << qint64(990) << qint64(0) << qint64(10) << 1.0;
        QTest::addRow("both") << qint64(985) << qint64(5) << qint64(15) << 2.0;
        QTest::addRow("nothing answered") << qint64(0) << qint64(0) << qint64(4) << 100.0;
    }
    void errorRateOneDefinition()
    {
        QFETCH(qint64, completed);
        QFETCH(qint64, httpErrors);
        QFETCH(qint64, transportErrors);
        QFETCH(double, percent);
        const QMap<QString, qint64> byClass{{QStringLiteral("http_500"), httpErrors},
                                            {QStringLiteral("timeout"), transportErrors}};
        const qint64 errors = httpErrors + transportErrors;
        const std::optional<double> live = MetricWindow::errorRatePercent(completed, errors, byClass);
        QVERIFY(live);
        QVERIFY(qFuzzyCompare(*live, percent));
        RunRecord run; // the run totals: completed responses, requests sent, errors
        run.requests = completed;
        run.sent = completed + transportErrors;
        run.errors = errors;
        QVERIFY(qFuzzyCompare(RunListModel::errorRate(run) * 100, percent));
    }
};

QTEST_MAIN(TestWorkbench)
#include "tst_workbench.moc"
