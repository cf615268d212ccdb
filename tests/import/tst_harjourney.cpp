// A recorded login journey (tests/import/data/chromium-shop.har) imported, its correlation suggestions
// accepted, run by the real engine against loadwright-target's demo shop: the token and session the
// login answers are extracted and sent on, so every checkout is accepted. The same journey without the
// correlation replays the recorded token, which the shop refuses after the first login. Loopback only; each
// run lasts 2 s.

#include "../engine/enginetestutil.h"
#include "import/harimport.h"
#include "model/strategyvalidator.h"
#include "run/runspecbuilder.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>

using namespace lw;
using namespace lw::import;
using namespace enginetest;

namespace {

ImportResult recorded()
{
    QFile f(QStringLiteral(LW_TEST_DATA_DIR "/data/chromium-shop.har"));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    HarError error;
    const std::optional<ImportResult> r = importHar(f.readAll(), HarOptions(), &error);
    if (!r)
        qWarning("%s", qPrintable(error.message));
    return r.value_or(ImportResult());
}

// Runs the built journey at 2 iterations/s for 2 s against the target; the engine's JSON summary.
QJsonObject runJourney(Strategy s, const enginetest::Target &t, const QHash<QString, QString> &values)
{
    s.load.model = LoadModel::Open;
    s.load.stages = {Stage{QStringLiteral("2s"), 2, StageRamp::Step}};
    Variables vars{values, false};
    vars.values.insert(QStringLiteral("TARGET"), t.url(QString()));
    QList<ValidationIssue> issues;
    const Strategy resolved = resolveVariables(s, vars, &issues);
    if (!issues.isEmpty()) {
        qWarning("%s", qPrintable(issues.first().toString()));
        return {};
    }
    EngineOptions options;
    options.threads = 1;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("spec.json"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return {};
    f.write(QJsonDocument(engineRunSpec(resolved, options)).toJson());
    f.close();
    const RunResult r = runEngine({QStringLiteral("--spec"), path, QStringLiteral("--json")}, 30000);
    if (!r.finished || r.exitCode != 0)
        qWarning("engine: exit %d, stderr: %s", r.exitCode, r.err.constData());
    return r.json();
}

int refused(const QJsonObject &stats, const char *reason)
{
    return stats.value(QStringLiteral("refused")).toObject().value(QLatin1String(reason)).toInt(-1);
}

} // namespace

class TestHarJourney : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void correlatedJourneyChecksOut()
    {
        const ImportResult r = recorded();
        QCOMPARE(r.suggestions.size(), 3);
        const Strategy built = buildStrategy(r, ImportChoices::acceptAll(r));
        QCOMPARE(secretVariablesUsed(r, built), QStringList{QStringLiteral("PASSWORD")});
        enginetest::Target t;
        QVERIFY(t.start({}));
        // The demo shop's password of user0001; the recording's is not in the strategy.
        const QJsonObject summary =
            runJourney(built, t, {{QStringLiteral("PASSWORD"), QStringLiteral("secret-0001")}});
        QVERIFY2(!summary.isEmpty(), "no summary");
        QCOMPARE(summary.value(QStringLiteral("errors")).toInt(), 0);
        const int orders = perRequest(summary, QStringLiteral("POST /api/checkout"))
                               .value(QStringLiteral("completed"))
                               .toInt();
        QVERIFY2(orders >= 3, qPrintable(QString::number(orders)));
        QCOMPARE(
            perRequest(summary, QStringLiteral("POST /api/login")).value(QStringLiteral("completed")).toInt(),
            orders);
        const QJsonObject stats = shopStats(t.port);
        QCOMPARE(stats.value(QStringLiteral("orders")).toInt(), orders);
        QCOMPARE(stats.value(QStringLiteral("logins")).toObject().value(QStringLiteral("user0001")).toInt(),
                 orders);
        for (const char *reason : {"bad_token", "bad_cookie", "bad_session_header", "empty_cart",
                                   "bad_credentials", "unknown_product"})
            QCOMPARE(refused(stats, reason), 0);
    }

    // The control: the recorded token replayed as a fixed value is refused once a newer one is issued.
    void recordedTokenIsRefused()
    {
        const ImportResult r = recorded();
        const Strategy built = buildStrategy(r, ImportChoices());
        QCOMPARE(secretVariablesUsed(r, built),
                 (QStringList{QStringLiteral("AUTH_TOKEN"), QStringLiteral("PASSWORD")}));
        enginetest::Target t;
        QVERIFY(t.start({}));
        const QJsonObject summary =
            runJourney(built, t,
                       {{QStringLiteral("PASSWORD"), QStringLiteral("secret-0001")},
                        {QStringLiteral("AUTH_TOKEN"), QStringLiteral("tok-1-0001")}});
        QVERIFY2(!summary.isEmpty(), "no summary");
        QVERIFY(summary.value(QStringLiteral("errors")).toInt() > 0);
        // The shop numbers its tokens by login: the recorded one is only valid for the first login
        // after a start, every later iteration is refused at the cart and never checks out.
        const QJsonObject stats = shopStats(t.port);
        const int logins =
            stats.value(QStringLiteral("logins")).toObject().value(QStringLiteral("user0001")).toInt();
        const int orders = stats.value(QStringLiteral("orders")).toInt();
        QVERIFY2(logins >= 3, qPrintable(QString::number(logins)));
        QVERIFY2(orders <= 1, qPrintable(QString::number(orders)));
        QCOMPARE(refused(stats, "bad_token") + refused(stats, "bad_cookie"), logins - orders);
        QCOMPARE(perRequest(summary, QStringLiteral("POST /api/checkout"))
                     .value(QStringLiteral("completed"))
                     .toInt(),
                 orders);
    }
};

QTEST_GUILESS_MAIN(TestHarJourney)
#include "tst_harjourney.moc"
