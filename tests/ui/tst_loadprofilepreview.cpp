// Load-profile preview and capacity planner widgets: the plotted curve is the profile's polyline,
// stage markers and the cap are drawn, bad durations are reported, planner numbers and warnings.

#include "designer/capacityplanner.h"
#include "designer/loadprofilepreview.h"
#include "widgettestutil.h"

#include <QDoubleSpinBox>
#include <QHBoxLayout>

#include <qcustomplot.h>

using namespace lw;
using namespace lw::ui;

namespace {

LoadProfile openProfile()
{
    LoadProfile p;
    p.stages = {{QStringLiteral("30s"), 100, StageRamp::Linear},
                {QStringLiteral("1m"), 200, StageRamp::Step},
                {QStringLiteral("30s"), 0, StageRamp::Linear}};
    p.maxConnections = 64;
    return p;
}

QList<QPointF> graphPoints(const LoadProfilePreview &w)
{
    QList<QPointF> out;
    const auto data = w.plot()->graph(0)->data();
    for (auto it = data->constBegin(); it != data->constEnd(); ++it)
        out << QPointF(it->key, it->value);
    return out;
}

int countItems(QCustomPlot *plot, const char *className)
{
    int n = 0;
    for (int i = 0; i < plot->itemCount(); ++i)
        n += plot->item(i)->inherits(className);
    return n;
}

} // namespace

class TestLoadProfilePreview : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { lw::test::applyWorkbenchTheme(); }

    void polyline()
    {
        QStringList notes;
        const QList<QPointF> pts = LoadProfilePreview::profilePolyline(openProfile(), &notes);
        const QList<QPointF> expected = {{0, 0}, {30, 100}, {30, 200}, {90, 200}, {120, 0}};
        QCOMPARE(pts, expected);
        QVERIFY(notes.isEmpty());
        QVERIFY(LoadProfilePreview::profilePolyline(LoadProfile()).isEmpty());
    }

    void holdAndZeroDurationStages()
    {
        LoadProfile p;
        p.stages = {{QStringLiteral("10s"), 50, StageRamp::Linear},
                    {QStringLiteral("20s"), 50, StageRamp::Linear}, // hold
                    {QStringLiteral("0s"), 80, StageRamp::Linear},  // instant jump
                    {QStringLiteral("5s"), 80, StageRamp::Step}};   // step to the same value: no jump
        const QList<QPointF> expected = {{0, 0}, {10, 50}, {30, 50}, {30, 80}, {35, 80}};
        QCOMPARE(LoadProfilePreview::profilePolyline(p), expected);
    }

    void badDurationSkippedWithNote()
    {
        LoadProfile p = openProfile();
        p.stages[1].duration = QStringLiteral("${HOLD}");
        QStringList notes;
        const QList<QPointF> pts = LoadProfilePreview::profilePolyline(p, &notes);
        QCOMPARE(pts, (QList<QPointF>{{0, 0}, {30, 100}, {60, 0}}));
        QCOMPARE(notes.size(), 1);
        QVERIFY2(notes[0].contains(QLatin1String("Stage 2")) && notes[0].contains(QLatin1String("${HOLD}")),
                 qPrintable(notes[0]));

        LoadProfilePreview w;
        w.setProfile(p);
        QCOMPARE(w.notes(), notes);
    }

    void plottedDataEqualsPolyline()
    {
        LoadProfilePreview w;
        w.setProfile(openProfile());
        QCOMPARE(w.timeUnitSeconds(), 1.0);
        QCOMPARE(graphPoints(w), w.profilePoints());
        QCOMPARE(w.plot()->xAxis->range().upper, 120.0);
        QVERIFY(w.plot()->yAxis->range().upper > 200);
        QVERIFY(w.plot()->xAxis->label().contains(QLatin1String("(s)")));
        QVERIFY(w.plot()->yAxis->label().contains(QLatin1String("req/s")));
        // Boundaries between the three stages, one label per stage, no cap line.
        QCOMPARE(countItems(w.plot(), "QCPItemStraightLine"), 2);
        QCOMPARE(countItems(w.plot(), "QCPItemText"), 3);
    }

    void minutesClosedModelAndCap()
    {
        LoadProfile p;
        p.model = LoadModel::Closed;
        p.stages = {{QStringLiteral("2m"), 40, StageRamp::Linear},
                    {QStringLiteral("8m"), 40, StageRamp::Linear}};
        LoadProfilePreview w;
        w.setProfile(p);
        QCOMPARE(w.timeUnitSeconds(), 60.0);
        QCOMPARE(graphPoints(w), (QList<QPointF>{{0, 0}, {2, 40}, {10, 40}}));
        QVERIFY(w.plot()->yAxis->label().contains(QLatin1String("Virtual users")));
        QVERIFY(w.plot()->xAxis->label().contains(QLatin1String("min")));

        p.model = LoadModel::Open;
        p.rateCap = 30;
        w.setProfile(p);
        QCOMPARE(countItems(w.plot(), "QCPItemStraightLine"), 2); // one boundary + the cap
        bool capLabel = false;
        for (int i = 0; i < w.plot()->itemCount(); ++i) {
            if (auto *t = qobject_cast<QCPItemText *>(w.plot()->item(i)))
                capLabel |= t->text().contains(QLatin1String("rate cap 30"));
        }
        QVERIFY(capLabel);
    }

    void plannerOpenModel()
    {
        CapacityPlanner planner;
        LoadProfile p = openProfile();
        p.stages[1].target = 500;
        p.maxConnections = 32;
        planner.setProfile(p);
        QCOMPARE(planner.loadInput()->value(), 500.0); // prefilled with the peak
        QVERIFY(!planner.thinkInput()->isEnabled());
        planner.latencyInput()->setValue(100);
        QCOMPARE(planner.connectionsText(), QStringLiteral("50"));
        QVERIFY2(planner.warningText().contains(QLatin1String("max_connections is 32")),
                 qPrintable(planner.warningText()));
        QCOMPARE(planner.assessment().throughput, 320.0);

        planner.latencyInput()->setValue(50);
        QCOMPARE(planner.connectionsText(), QStringLiteral("25"));
        QVERIFY2(planner.warningText().isEmpty(), qPrintable(planner.warningText()));

        // A user-entered rate survives a profile edit that keeps the same peak.
        planner.loadInput()->setValue(300);
        p.maxConnections = 40;
        planner.setProfile(p);
        QCOMPARE(planner.loadInput()->value(), 300.0);
        p.stages[1].target = 800;
        planner.setProfile(p);
        QCOMPARE(planner.loadInput()->value(), 800.0);
    }

    void plannerClosedModel()
    {
        LoadProfile p;
        p.model = LoadModel::Closed;
        p.thinkTime = QStringLiteral("800ms");
        p.maxConnections = 64;
        p.stages = {{QStringLiteral("1m"), 50, StageRamp::Linear}};
        CapacityPlanner planner;
        planner.setProfile(p);
        QCOMPARE(planner.loadInput()->value(), 50.0);
        QCOMPARE(planner.thinkInput()->value(), 800.0);
        QVERIFY(planner.thinkInput()->isEnabled());
        planner.latencyInput()->setValue(200);
        QCOMPARE(planner.throughputText(), QStringLiteral("50 req/s"));
        QVERIFY(planner.warningText().isEmpty());
        planner.loadInput()->setValue(100);
        QVERIFY(planner.warningText().contains(QLatin1String("100 virtual users share 64 connections")));
    }

    void screenshots()
    {
        LoadProfile p;
        p.stages = {{QStringLiteral("1m"), 200, StageRamp::Linear},
                    {QStringLiteral("3m"), 200, StageRamp::Linear},
                    {QStringLiteral("1m"), 450, StageRamp::Step},
                    {QStringLiteral("2m"), 450, StageRamp::Linear},
                    {QStringLiteral("1m"), 0, StageRamp::Linear}};
        p.rateCap = 400;
        p.maxConnections = 32;
        QWidget page;
        auto *layout = new QHBoxLayout(&page);
        auto *preview = new LoadProfilePreview(&page);
        auto *planner = new CapacityPlanner(&page);
        layout->addWidget(preview, 3);
        layout->addWidget(planner, 2);
        preview->setProfile(p);
        planner->setProfile(p);
        planner->latencyInput()->setValue(120);
        QVERIFY(!lw::test::screenshot(&page, QStringLiteral("loadprofile-open"), QSize(1180, 460)).isNull());

        LoadProfile closed;
        closed.model = LoadModel::Closed;
        closed.thinkTime = QStringLiteral("1s");
        closed.stages = {{QStringLiteral("30s"), 20, StageRamp::Linear},
                         {QStringLiteral("2m"), 20, StageRamp::Linear},
                         {QStringLiteral("bogus"), 60, StageRamp::Step},
                         {QStringLiteral("30s"), 0, StageRamp::Linear}};
        preview->setProfile(closed);
        planner->setProfile(closed);
        QVERIFY(
            !lw::test::screenshot(&page, QStringLiteral("loadprofile-closed"), QSize(1180, 460)).isNull());
    }
};

QTEST_MAIN(TestLoadProfilePreview)
#include "tst_loadprofilepreview.moc"
