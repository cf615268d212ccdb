// The pre-run dialog names the Locust engine, its workers and the open-model approximation for a
// strategy that runs on Locust, and says nothing more for the built-in engine.
#include "../ui/widgettestutil.h"
#include "live/prerundialog.h"

#include <QLabel>
#include <QTest>

using namespace lw;
using namespace lw::ui;

namespace {

PreRunInfo infoFor(const EngineChoice &engine)
{
    PreRunInfo info;
    info.strategy.name = QStringLiteral("Catalogue API load");
    Target a;
    a.name = QStringLiteral("list-items");
    a.url = QStringLiteral("http://127.0.0.1:8080/api/items");
    info.strategy.targets = {a};
    info.strategy.load.stages = {{QStringLiteral("80s"), 200, StageRamp::Linear}};
    info.strategy.engine = engine;
    info.strategyId = 1;
    info.revision = 1;
    info.user = QStringLiteral("tester");
    info.gate = {true, QStringLiteral("no sign-off required (safety level low)")};
    info.window = {true, QStringLiteral("no testing windows: any time"), std::nullopt, std::nullopt};
    return info;
}

QString allLabelText(const QWidget &w)
{
    QString text;
    for (const QLabel *l : w.findChildren<QLabel *>())
        text += l->text() + QLatin1Char('\n');
    return text;
}

} // namespace

class TestLocustPreRun : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { lw::test::applyWorkbenchTheme(); }

    void dialogNamesTheEngine_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("workers");
        QTest::addColumn<QString>("expected");
        QTest::newRow("built-in") << QStringLiteral("builtin") << 1 << QString();
        QTest::newRow("locust, one worker")
            << QStringLiteral("locust") << 1 << QStringLiteral("Engine: Locust, 1 worker (");
        QTest::newRow("locust, three workers")
            << QStringLiteral("locust") << 3
            << QStringLiteral("Engine: Locust, 3 workers (open model approximated");
    }
    void dialogNamesTheEngine()
    {
        QFETCH(QString, kind);
        QFETCH(int, workers);
        QFETCH(QString, expected);
        EngineChoice engine;
        engine.kind = kind;
        engine.workers = workers;
        PreRunDialog dlg(infoFor(engine));
        const QString text = allLabelText(dlg);
        if (expected.isEmpty())
            QVERIFY(!text.contains(QStringLiteral("Engine:")));
        else
            QVERIFY2(text.contains(expected), qPrintable(text));
        const QByteArray shot = qgetenv("LW_LOCUST_PRERUN_PNG");
        if (!shot.isEmpty() && workers == 3) {
            dlg.resize(700, 560);
            dlg.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dlg));
            QVERIFY(dlg.grab().save(QString::fromLocal8Bit(shot)));
        }
    }

    void dialogSaysWhereTheWorkersRun()
    {
        EngineChoice engine;
        engine.kind = QStringLiteral("locust");
        engine.workers = 1;
        engine.externalWorkers = 1;
        engine.remoteWorkers = {RemoteWorker{QStringLiteral("loadgen-1"), RemoteWorker::defaultCommand()}};
        engine.masterHost = QStringLiteral("10.0.0.5");
        engine.masterPort = 5557;
        PreRunDialog dlg(infoFor(engine));
        const QString text = allLabelText(dlg);
        QVERIFY2(text.contains(QStringLiteral("Engine: Locust, 3 workers")), qPrintable(text));
        QVERIFY2(
            text.contains(QStringLiteral("Workers: 1 on this machine, 1 on loadgen-1, 1 started by hand. "
                                         "The master listens on 10.0.0.5, 5557")),
            qPrintable(text));
    }
};

QTEST_MAIN(TestLocustPreRun)
#include "tst_locustprerun.moc"
