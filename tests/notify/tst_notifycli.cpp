// Notifications through the real `loadwright` binary: plugins loaded from disk (broken files listed,
// not fatal), channels with their secret in a real gnome-keyring (never in the workspace file),
// refusal without a keychain, events of real runs against loadwright-target delivered by the run's
// worker, a slow receiver that does not slow the run, and a run killed mid-way whose events are
// delivered by the next start.

#include "../run/tst_runcontrollerutil.h"
#include "keyringsession.h"
#include "notifytestutil.h"
#include "services/openworkspace.h"

#include "notify/deliveryworker.h"
#include "notify/events.h"
#include "notify/outbox.h"
#include "notify/pluginregistry.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QProcess>

#include <csignal>

using namespace runtest;

namespace {

struct Result
{
    int exitCode = -1;
    QByteArray out;
    QString err;
    qint64 ms = 0;
};

} // namespace

class TestNotifyCli : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_plugins;
    QProcessEnvironment m_env;

    QProcessEnvironment env() const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment(); // the keyring session, if any
        for (const QString &k : m_env.keys())
            e.insert(k, m_env.value(k));
        return e;
    }
    Result cli(const QString &ws, const QStringList &args, const QProcessEnvironment &environment)
    {
        QProcess p;
        p.setProcessEnvironment(environment);
        QElapsedTimer clock;
        clock.start();
        p.start(loadwrightBinary(), args + QStringList{QStringLiteral("--workspace"), ws});
        Result r;
        if (!p.waitForStarted(5000) || !p.waitForFinished(kGenerous))
            return r;
        r.ms = clock.elapsed();
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = p.readAllStandardOutput();
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }
    Result cli(const QString &ws, const QStringList &args) { return cli(ws, args, env()); }
    QStringList runArgs(const QString &file, const QString &wait)
    {
        return {QStringLiteral("run"),           file,
                QStringLiteral("--engine"),      enginetest::engineBinary(),
                QStringLiteral("--as"),          QStringLiteral("ci"),
                QStringLiteral("--notify-wait"), wait};
    }
    QString strategyFile(const QString &name, const QString &url, const QString &duration)
    {
        Plan plan;
        plan.name = name;
        plan.url = url;
        plan.rate = 20;
        plan.duration = duration;
        const QString path = m_dir.filePath(name + QStringLiteral(".json"));
        QFile f(path);
        const QByteArray json = strategyJson(plan);
        return f.open(QIODevice::WriteOnly) && f.write(json) == json.size() ? path : QString();
    }
    QString ws(const QString &name) const { return m_dir.filePath(name + QStringLiteral(".lwdb")); }
    QString workspaceId(const QString &path)
    {
        QString error;
        auto w = lw::openWorkspace(path, &error);
        return w ? lw::notify::workspaceIdOf(QSqlDatabase::database(w->connectionName(), false)) : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_plugins = m_dir.filePath(QStringLiteral("plugins"));
        QVERIFY(lw::test::fillPluginDir(m_plugins));
        m_env.insert(QStringLiteral("LOADWRIGHT_PLUGIN_PATH"), m_plugins);
        m_env.insert(QStringLiteral("LOADWRIGHT_NOTIFY_POLL_MS"), QStringLiteral("100"));
        m_env.insert(QStringLiteral("LOADWRIGHT_NOTIFY_RETRY_BASE_MS"), QStringLiteral("100"));
        m_env.insert(QStringLiteral("LOADWRIGHT_NOTIFY_RETRY_CAP_MS"), QStringLiteral("400"));
        m_env.insert(QStringLiteral("LOADWRIGHT_NOTIFY_TIMEOUT_MS"), QStringLiteral("8000"));
        m_env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
    }

    void pluginsListsLoadedAndFailed()
    {
        const Result r =
            cli(ws(QStringLiteral("plugins")), {QStringLiteral("plugins"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonArray list =
            QJsonDocument::fromJson(r.out).object().value(QStringLiteral("plugins")).toArray();
        QMap<QString, QJsonObject> byFile;
        for (const QJsonValue &v : list) {
            const QJsonObject o = v.toObject();
            if (o.value(QStringLiteral("file")).toString().startsWith(m_plugins))
                byFile.insert(QFileInfo(o.value(QStringLiteral("file")).toString()).fileName(), o);
        }
        QCOMPARE(byFile.size(), 4);
        QVERIFY(byFile.value(QStringLiteral("liblw_testsink.so")).value(QStringLiteral("loaded")).toBool());
        QCOMPARE(byFile.value(QStringLiteral("liblw_testsink.so"))
                     .value(QStringLiteral("fields"))
                     .toArray()
                     .size(),
                 7);
        for (const char *broken : {"liblw_testsink_v2.so", "libnotaplugin.so", "libtext.so"}) {
            const QJsonObject o = byFile.value(QLatin1String(broken));
            QVERIFY2(!o.value(QStringLiteral("loaded")).toBool(true), broken);
            QVERIFY2(!o.value(QStringLiteral("error")).toString().isEmpty(), broken);
        }
        const Result text = cli(ws(QStringLiteral("plugins")), {QStringLiteral("plugins")});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.contains("testsink"));
        QVERIFY(text.out.contains("failed"));
        QVERIFY(text.out.contains("interface 2"));
    }

    void channelSecretLivesInTheKeychainOnly()
    {
        lw::test::KeyringSession keyring;
        QVERIFY2(keyring.ready(), qPrintable(keyring.error()));
        const QString path = ws(QStringLiteral("secrets"));
        const QString out = m_dir.filePath(QStringLiteral("secrets.jsonl"));
        const QString secret = QStringLiteral("tok-7f3a9c-Very-Secret-Value");
        Result r = cli(path, {QStringLiteral("channels"), QStringLiteral("add"), QStringLiteral("team"),
                              QStringLiteral("--plugin"), QStringLiteral("testsink"), QStringLiteral("--set"),
                              QStringLiteral("file=") + out, QStringLiteral("--set"),
                              QStringLiteral("token=") + secret, QStringLiteral("--events"),
                              QStringLiteral("run.*,test"), QStringLiteral("--as"), QStringLiteral("ann")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("added channel team"));

        r = cli(path, {QStringLiteral("channels"), QStringLiteral("list")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("token=(in the keychain)"), r.out.constData());
        QVERIFY(!r.out.contains(secret.toUtf8()));
        r = cli(path, {QStringLiteral("channels"), QStringLiteral("list"), QStringLiteral("--json")});
        const QJsonObject channel = QJsonDocument::fromJson(r.out).array().first().toObject();
        QCOMPARE(channel.value(QStringLiteral("events")).toString(), QStringLiteral("run.*,test"));
        QCOMPARE(channel.value(QStringLiteral("secret_fields")).toArray().first().toString(),
                 QStringLiteral("token"));

        r = cli(path, {QStringLiteral("channels"), QStringLiteral("test"), QStringLiteral("team")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err + QString::fromUtf8(r.out)));
        QVERIFY(r.out.contains("delivered to team"));
        const QList<QJsonObject> lines = lw::test::sinkLines(out);
        QCOMPARE(lines.size(), 1);
        QCOMPARE(lines.first().value(QStringLiteral("event")).toString(), QStringLiteral("test"));
        QCOMPARE(lines.first().value(QStringLiteral("token_sha256")).toString(),
                 QString::fromLatin1(
                     QCryptographicHash::hash(secret.toUtf8(), QCryptographicHash::Sha256).toHex()));

        // In the real keyring (QtKeychain: server = service, user = key) and nowhere in the workspace's
        // bytes.
        const QString key = workspaceId(path) + QStringLiteral("/team/token");
        QProcess lookup;
        lookup.start(QStringLiteral("secret-tool"),
                     {QStringLiteral("lookup"), QStringLiteral("server"), QStringLiteral("loadwright"),
                      QStringLiteral("user"), key});
        QVERIFY(lookup.waitForFinished(10000));
        QCOMPARE(QString::fromUtf8(lookup.readAllStandardOutput()).trimmed(), secret);
        for (const QString &file : QStringList{path, path + QStringLiteral("-wal")}) {
            QFile f(file);
            if (f.open(QIODevice::ReadOnly))
                QVERIFY2(!f.readAll().contains(secret.toUtf8()), qPrintable(file));
        }
        r = cli(path, {QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--json")});
        QVERIFY(r.out.contains("channel.add"));
        QVERIFY(!r.out.contains(secret.toUtf8()));

        // The delivery worker reads the secret from the keychain in its own thread.
        {
            QString error;
            auto w = lw::openWorkspace(path, &error);
            QVERIFY2(w, qPrintable(error));
            const lw::notify::Notification n = lw::notify::makeNotification(
                QStringLiteral("secret-1"), QStringLiteral("run.passed"), QStringLiteral("info"), path,
                QStringLiteral("t"), QStringLiteral("x"), {});
            QCOMPARE(
                lw::notify::enqueue(QSqlDatabase::database(w->connectionName(), false), path, n, {}, &error),
                1);
            auto registry = std::make_shared<lw::notify::PluginRegistry>();
            registry->load({m_plugins});
            lw::notify::DeliveryService service(lw::notify::DeliveryOptions::fromEnvironment(path), registry);
            service.start();
            QTRY_COMPARE_WITH_TIMEOUT(lw::test::sinkLines(out).size(), 2, 15000);
            QCOMPARE(lw::test::sinkLines(out).last().value(QStringLiteral("token_sha256")).toString(),
                     lines.first().value(QStringLiteral("token_sha256")).toString());
        }
        r = cli(path, {QStringLiteral("channels"), QStringLiteral("remove"), QStringLiteral("team")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        lookup.start(QStringLiteral("secret-tool"),
                     {QStringLiteral("lookup"), QStringLiteral("server"), QStringLiteral("loadwright"),
                      QStringLiteral("user"), key});
        QVERIFY(lookup.waitForFinished(10000));
        QVERIFY(lookup.readAllStandardOutput().isEmpty());
    }

    void noKeychainRefusesTheSecret()
    {
        QProcessEnvironment e = env();
        e.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                 QStringLiteral("unix:path=") + m_dir.filePath(QStringLiteral("no-bus")));
        const QString path = ws(QStringLiteral("nokeychain"));
        const QString out = m_dir.filePath(QStringLiteral("nokeychain.jsonl"));
        Result r =
            cli(path,
                {QStringLiteral("channels"), QStringLiteral("add"), QStringLiteral("team"),
                 QStringLiteral("--plugin"), QStringLiteral("testsink"), QStringLiteral("--set"),
                 QStringLiteral("file=") + out, QStringLiteral("--set"), QStringLiteral("token=abc123")},
                e);
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains(QStringLiteral("no system keychain is reachable")), qPrintable(r.err));
        QVERIFY(r.err.contains(QStringLiteral("was not saved")));
        r = cli(path, {QStringLiteral("channels"), QStringLiteral("list"), QStringLiteral("--json")}, e);
        QCOMPARE(QJsonDocument::fromJson(r.out).array().size(), 0);
        // Without a secret the channel needs no keychain.
        r = cli(path,
                {QStringLiteral("channels"), QStringLiteral("add"), QStringLiteral("team"),
                 QStringLiteral("--plugin"), QStringLiteral("testsink"), QStringLiteral("--set"),
                 QStringLiteral("file=") + out},
                e);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    }

    void badInputIsReported()
    {
        const QString path = ws(QStringLiteral("bad"));
        Result r = cli(path, {QStringLiteral("channels"), QStringLiteral("add"), QStringLiteral("x"),
                              QStringLiteral("--plugin"), QStringLiteral("nosuch")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("no plugin named 'nosuch'")), qPrintable(r.err));
        r = cli(path, {QStringLiteral("channels"), QStringLiteral("add"), QStringLiteral("x"),
                       QStringLiteral("--plugin"), QStringLiteral("testsink"), QStringLiteral("--set"),
                       QStringLiteral("colour=red")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("has the fields file, down_file")), qPrintable(r.err));
        r = cli(path, {QStringLiteral("channels"), QStringLiteral("add"), QStringLiteral("x"),
                       QStringLiteral("--plugin"), QStringLiteral("testsink")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("needs file")), qPrintable(r.err));
        r = cli(path,
                {QStringLiteral("channels"), QStringLiteral("add"), QStringLiteral("x"),
                 QStringLiteral("--plugin"), QStringLiteral("testsink"), QStringLiteral("--set"),
                 QStringLiteral("file=/tmp/x"), QStringLiteral("--min-severity"), QStringLiteral("loud")});
        QCOMPARE(r.exitCode, 2);
        r = cli(path, {QStringLiteral("channels"), QStringLiteral("test"), QStringLiteral("nope")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.contains("no channel named 'nope'"));
    }

    void runEventsAreDeliveredAndASlowReceiverDoesNotSlowTheRun()
    {
        enginetest::Target target;
        QVERIFY(target.start({}));
        // Baseline: no channel.
        const QString file = strategyFile(QStringLiteral("notify-run"), target.url(), QStringLiteral("2s"));
        const Result base = cli(ws(QStringLiteral("base")), runArgs(file, QStringLiteral("0")));
        QVERIFY2(base.exitCode == 0, qPrintable(base.err));

        // A receiver taking 5 s per notification: the run takes as long as without it.
        const QString slowWs = ws(QStringLiteral("slow"));
        const QString slowOut = m_dir.filePath(QStringLiteral("slow.jsonl"));
        Result r = cli(slowWs, {QStringLiteral("channels"), QStringLiteral("add"), QStringLiteral("slow"),
                                QStringLiteral("--plugin"), QStringLiteral("testsink"),
                                QStringLiteral("--set"), QStringLiteral("file=") + slowOut,
                                QStringLiteral("--set"), QStringLiteral("sleep_ms=5000")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const Result slow = cli(slowWs, runArgs(file, QStringLiteral("0")));
        QVERIFY2(slow.exitCode == 0, qPrintable(slow.err));
        qInfo("run without channels %lld ms, with a 5 s receiver %lld ms", base.ms, slow.ms);
        QVERIFY2(slow.ms < base.ms + 2500,
                 qPrintable(QStringLiteral("%1 vs %2 ms").arg(slow.ms).arg(base.ms)));
        QVERIFY2(slow.err.contains(QStringLiteral("not delivered yet")), qPrintable(slow.err));

        // A receiver that answers: the run waits for its deliveries, exactly its events arrive.
        const QString fastWs = ws(QStringLiteral("fast"));
        const QString fastOut = m_dir.filePath(QStringLiteral("fast.jsonl"));
        const QString otherOut = m_dir.filePath(QStringLiteral("other.jsonl"));
        r = cli(fastWs,
                {QStringLiteral("channels"), QStringLiteral("add"), QStringLiteral("team"),
                 QStringLiteral("--plugin"), QStringLiteral("testsink"), QStringLiteral("--set"),
                 QStringLiteral("file=") + fastOut, QStringLiteral("--events"), QStringLiteral("run.*")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = cli(fastWs, {QStringLiteral("channels"), QStringLiteral("add"), QStringLiteral("pager"),
                         QStringLiteral("--plugin"), QStringLiteral("testsink"), QStringLiteral("--set"),
                         QStringLiteral("file=") + otherOut, QStringLiteral("--min-severity"),
                         QStringLiteral("critical")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const Result fast = cli(fastWs, runArgs(file, QStringLiteral("20")));
        QVERIFY2(fast.exitCode == 0, qPrintable(fast.err));
        QCOMPARE(lw::test::sinkEvents(fastOut),
                 (QStringList{QStringLiteral("run.started"), QStringLiteral("run.passed")}));
        QVERIFY(lw::test::sinkEvents(otherOut).isEmpty()); // nothing critical happened
        const QJsonObject passed = lw::test::sinkLines(fastOut).last();
        QVERIFY(passed.value(QStringLiteral("title"))
                    .toString()
                    .contains(QStringLiteral("of notify-run passed")));
        const QJsonObject data = passed.value(QStringLiteral("data")).toObject();
        QVERIFY(data.value(QStringLiteral("requests")).toInt() > 20);
        QCOMPARE(data.value(QStringLiteral("error_rate_percent")).toDouble(), 0.0);
        QVERIFY(data.value(QStringLiteral("p99_ms")).toDouble() > 0);
        QCOMPARE(data.value(QStringLiteral("status")).toString(), QStringLiteral("passed"));
        QCOMPARE(passed.value(QStringLiteral("workspace")).toString(), QStringLiteral("fast.lwdb"));
    }

    void approvalEventsAreRaised()
    {
        const QString path = ws(QStringLiteral("approvals"));
        const QString out = m_dir.filePath(QStringLiteral("approvals.jsonl"));
        QProcessEnvironment e = env();
        e.insert(QStringLiteral("LOADWRIGHT_KEY_DIR"), m_dir.filePath(QStringLiteral("keys")));
        const auto as = [&](const QString &user, QStringList args) {
            return cli(path, args << QStringLiteral("--as") << user, e);
        };
        QCOMPARE(as(QStringLiteral("alice"),
                    {QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("alice"),
                     QStringLiteral("--role"), QStringLiteral("engineer")})
                     .exitCode,
                 0);
        QCOMPARE(as(QStringLiteral("alice"),
                    {QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("bob"),
                     QStringLiteral("--role"), QStringLiteral("approver")})
                     .exitCode,
                 0);
        Result r =
            as(QStringLiteral("alice"),
               {QStringLiteral("channels"), QStringLiteral("add"), QStringLiteral("approvers"),
                QStringLiteral("--plugin"), QStringLiteral("testsink"), QStringLiteral("--set"),
                QStringLiteral("file=") + out, QStringLiteral("--events"), QStringLiteral("approval.*")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        Plan plan;
        plan.name = QStringLiteral("needs-signoff");
        plan.url = QStringLiteral("http://127.0.0.1:9/");
        plan.safetyLevel = QStringLiteral("medium"); // one approval
        const QString file = m_dir.filePath(QStringLiteral("needs-signoff.json"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(strategyJson(plan)) > 0);
        f.close();
        r = as(QStringLiteral("alice"), {QStringLiteral("import"), file});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = as(QStringLiteral("bob"), {QStringLiteral("approve"), plan.name});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = as(QStringLiteral("bob"), {QStringLiteral("reject"), plan.name, QStringLiteral("--comment"),
                                       QStringLiteral("not this week")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = as(QStringLiteral("bob"), {QStringLiteral("approve"), plan.name});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        // Months later the approval has expired: found when a run asks the gate (refused, exit 4).
        e.insert(QStringLiteral("LOADWRIGHT_NOW"),
                 QDateTime::currentDateTimeUtc().addDays(400).toString(Qt::ISODateWithMs));
        for (int i = 0; i < 2; ++i) { // found twice, raised once
            r = as(QStringLiteral("alice"), runArgs(plan.name, QStringLiteral("5")));
            QVERIFY2(r.exitCode == 4, qPrintable(r.err));
        }
        // Whatever the refused runs' workers left is delivered by the next worker (here, in-process).
        {
            auto registry = std::make_shared<lw::notify::PluginRegistry>();
            registry->load({m_plugins});
            lw::notify::DeliveryOptions options;
            options.workspacePath = path;
            lw::notify::DeliveryWorker worker(options, registry);
            QTRY_VERIFY_WITH_TIMEOUT((worker.deliverDue(), lw::test::sinkEvents(out).size() >= 5), 15000);
        }
        QStringList events = lw::test::sinkEvents(out);
        events.sort();
        QCOMPARE(events, (QStringList{QStringLiteral("approval.expired"), QStringLiteral("approval.granted"),
                                      QStringLiteral("approval.granted"), QStringLiteral("approval.rejected"),
                                      QStringLiteral("approval.requested")}));
        for (const QJsonObject &o : lw::test::sinkLines(out)) {
            if (o.value(QStringLiteral("event")).toString() == QLatin1String("approval.rejected"))
                QCOMPARE(o.value(QStringLiteral("text")).toString(), QStringLiteral("not this week"));
        }
    }

    void strategyRoutesAndSeverityPickChannelsInRealRuns()
    {
        enginetest::Target target;
        QVERIFY(target.start({QStringLiteral("--error-rate"), QStringLiteral("0.5")}));
        const QString path = ws(QStringLiteral("routes"));
        const QString team = m_dir.filePath(QStringLiteral("routes-team.jsonl"));
        const QString oncall = m_dir.filePath(QStringLiteral("routes-oncall.jsonl"));
        // team hears run.* at any severity; oncall only what the strategy routes to it.
        Result r =
            cli(path, {QStringLiteral("channels"), QStringLiteral("add"), QStringLiteral("team"),
                       QStringLiteral("--plugin"), QStringLiteral("testsink"), QStringLiteral("--set"),
                       QStringLiteral("file=") + team, QStringLiteral("--events"), QStringLiteral("run.*")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = cli(path,
                {QStringLiteral("channels"), QStringLiteral("add"), QStringLiteral("oncall"),
                 QStringLiteral("--plugin"), QStringLiteral("testsink"), QStringLiteral("--set"),
                 QStringLiteral("file=") + oncall, QStringLiteral("--events"), QStringLiteral("nothing")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        Plan plan;
        plan.name = QStringLiteral("routed");
        plan.url = target.url();
        plan.rate = 50;
        plan.duration = QStringLiteral("20s");
        plan.limits = {limit(QStringLiteral("errors"), QStringLiteral("error_rate"), 5, QStringLiteral("1s"),
                             QStringLiteral("stop"))};
        QJsonObject doc = QJsonDocument::fromJson(strategyJson(plan)).object();
        doc.insert(QStringLiteral("notifications"),
                   QJsonArray{QJsonObject{{QStringLiteral("event"), QStringLiteral("safety.*")},
                                          {QStringLiteral("channel"), QStringLiteral("oncall")},
                                          {QStringLiteral("min_severity"), QStringLiteral("warning")}},
                              QJsonObject{{QStringLiteral("event"), QStringLiteral("run.*")},
                                          {QStringLiteral("channel"), QStringLiteral("oncall")},
                                          {QStringLiteral("min_severity"), QStringLiteral("critical")}}});
        const QString file = m_dir.filePath(QStringLiteral("routed.json"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(QJsonDocument(doc).toJson()) > 0);
        f.close();
        r = cli(path, runArgs(file, QStringLiteral("20")));
        QCOMPARE(r.exitCode, 3); // stopped by safety
        QCOMPARE(lw::test::sinkEvents(team),
                 (QStringList{QStringLiteral("run.started"), QStringLiteral("run.stopped_by_safety")}));
        QStringList got = lw::test::sinkEvents(oncall);
        QVERIFY2(got.removeAll(QStringLiteral("safety.limit_crossed")) >= 1,
                 qPrintable(got.join(QLatin1Char(','))));
        QCOMPARE(got, QStringList{QStringLiteral("run.stopped_by_safety")}); // info run.started not routed
        QCOMPARE(lw::test::sinkLines(oncall).last().value(QStringLiteral("severity")).toString(),
                 QStringLiteral("critical"));
    }

    void aKilledRunsEventsArriveAfterTheNextStart()
    {
        enginetest::Target target;
        QVERIFY(target.start({}));
        const QString path = ws(QStringLiteral("killed"));
        const QString out = m_dir.filePath(QStringLiteral("killed.jsonl"));
        const QString down = m_dir.filePath(QStringLiteral("receiver-down"));
        QVERIFY(QFile(down).open(QIODevice::WriteOnly));
        Result r = cli(path, {QStringLiteral("channels"), QStringLiteral("add"), QStringLiteral("team"),
                              QStringLiteral("--plugin"), QStringLiteral("testsink"), QStringLiteral("--set"),
                              QStringLiteral("file=") + out, QStringLiteral("--set"),
                              QStringLiteral("down_file=") + down});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));

        // The first run: the receiver is down; the process is killed while the run is live.
        QProcess first;
        first.setProcessEnvironment(env());
        first.start(loadwrightBinary(),
                    runArgs(strategyFile(QStringLiteral("long-run"), target.url(), QStringLiteral("30s")),
                            QStringLiteral("5")) +
                        QStringList{QStringLiteral("--workspace"), path});
        QVERIFY(first.waitForStarted(5000));
        // Killed once run.started was tried (and refused) at least twice: the run is live then.
        const auto attemptedTwice = [&] {
            QString e;
            auto w = lw::openWorkspace(path, &e);
            return w && lw::test::countRows(*w, QStringLiteral("SELECT count(*) FROM outbox WHERE event = "
                                                               "'run.started' AND attempts >= 2")) == 1;
        };
        QTRY_VERIFY_WITH_TIMEOUT(attemptedTwice(), 20000);
        ::kill(pid_t(first.processId()), SIGKILL);
        QVERIFY(first.waitForFinished(5000));
        QVERIFY(lw::test::sinkLines(out).isEmpty());

        // The receiver comes back; the next run's start delivers what was left, and its own events.
        QVERIFY(QFile::remove(down));
        const Result second =
            cli(path, runArgs(strategyFile(QStringLiteral("short-run"), target.url(), QStringLiteral("2s")),
                              QStringLiteral("20")));
        QVERIFY2(second.exitCode == 0, qPrintable(second.err));
        QVERIFY(second.err.contains(QStringLiteral("marked interrupted")));
        QStringList got;
        for (const QJsonObject &o : lw::test::sinkLines(out))
            got << o.value(QStringLiteral("title")).toString().section(QLatin1Char(' '), 0, 1) +
                       QLatin1Char(' ') + o.value(QStringLiteral("event")).toString();
        got.sort();
        QCOMPARE(got,
                 (QStringList{QStringLiteral("Run 1 run.interrupted"), QStringLiteral("Run 1 run.started"),
                              QStringLiteral("Run 2 run.passed"), QStringLiteral("Run 2 run.started")}));
    }
};

QTEST_GUILESS_MAIN(TestNotifyCli)
#include "tst_notifycli.moc"
