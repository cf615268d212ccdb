// The notification core against real parts: plugins loaded from disk (good, broken, wrong version),
// routing, the outbox in a real workspace file delivered by the worker with retries, leases and a
// restart, and events raised by a run's notifier.

#include "notifytestutil.h"
#include "services/openworkspace.h"

#include "audit/auditlog.h"
#include "notify/deliveryworker.h"
#include "notify/events.h"
#include "notify/outbox.h"
#include "notify/pluginregistry.h"
#include "notify/routing.h"
#include "notify/runnotifier.h"

#include <QSignalSpy>
#include <QtTest>

using namespace lw;
using namespace lw::notify;

class TestNotifyCore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_tmp;
    QString m_pluginDir;
    std::shared_ptr<PluginRegistry> m_registry;

    std::unique_ptr<Workspace> newWorkspace(const QString &name)
    {
        QString error;
        auto ws = lw::openWorkspace(m_tmp.filePath(name), &error);
        if (!ws)
            qWarning("%s", qPrintable(error));
        return ws;
    }
    QSqlDatabase db(const Workspace &ws) { return QSqlDatabase::database(ws.connectionName(), false); }
    Channel sinkChannel(const QString &name, const QString &file, const QVariantMap &extra = {})
    {
        Channel c;
        c.name = name;
        c.plugin = QStringLiteral("testsink");
        c.config = extra;
        c.config.insert(QStringLiteral("file"), file);
        return c;
    }
    Notification event(const QString &id, const QString &name,
                       const QString &severity = QStringLiteral("info"))
    {
        return makeNotification(id, name, severity, QStringLiteral("/x/ws.lwdb"),
                                QStringLiteral("title ") + id, QStringLiteral("text"),
                                {{QStringLiteral("n"), id}});
    }
    DeliveryOptions fastOptions(const Workspace &ws)
    {
        DeliveryOptions o;
        o.workspacePath = ws.path();
        o.backoffBaseMs = 20;
        o.backoffCapMs = 50;
        o.timeoutMs = 3000;
        return o;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        m_pluginDir = m_tmp.filePath(QStringLiteral("plugins"));
        QVERIFY(test::fillPluginDir(m_pluginDir));
        m_registry = std::make_shared<PluginRegistry>();
        // The same plugin a second time (its build directory): listed as a duplicate.
        m_registry->load(
            {m_pluginDir, QStringLiteral(LW_TESTSINK_DIR), m_tmp.filePath(QStringLiteral("missing"))});
    }

    void registryLoadsGoodAndReportsBroken()
    {
        const PluginInfo *sink = m_registry->find(QStringLiteral("testsink"));
        QVERIFY(sink);
        QCOMPARE(sink->version, QStringLiteral("1.0"));
        QVERIFY(sink->file.startsWith(m_pluginDir));
        QCOMPARE(sink->fields.size(), 7);
        QMap<QString, QString> failed;
        for (const PluginInfo &p : m_registry->plugins()) {
            if (!p.loaded)
                failed.insert(QFileInfo(p.file).fileName() + QLatin1Char('@') +
                                  QFileInfo(p.file).dir().dirName(),
                              p.error);
        }
        QCOMPARE(failed.size(), 4);
        QVERIFY2(failed.value(QStringLiteral("liblw_testsink_v2.so@plugins"))
                     .contains(QStringLiteral("interface 2")),
                 qPrintable(failed.value(QStringLiteral("liblw_testsink_v2.so@plugins"))));
        QVERIFY(failed.value(QStringLiteral("libnotaplugin.so@plugins"))
                    .startsWith(QStringLiteral("not a Qt plugin")));
        QVERIFY(
            failed.value(QStringLiteral("libtext.so@plugins")).startsWith(QStringLiteral("not a Qt plugin")));
        QVERIFY(failed.value(QStringLiteral("liblw_testsink.so@testsink"))
                    .contains(QStringLiteral("already loaded")));
        QCOMPARE(m_registry->loadedNames(), QStringList{QStringLiteral("testsink")});
        QVERIFY(
            m_registry->missingMessage(QStringLiteral("nope")).contains(QStringLiteral("loaded: testsink")));
    }

    void patterns_data()
    {
        QTest::addColumn<QString>("patterns");
        QTest::addColumn<QString>("event");
        QTest::addColumn<bool>("matches");
        QTest::newRow("star") << "*"
                              << "run.started" << true;
        QTest::newRow("prefix") << "run.*"
                                << "run.failed" << true;
        QTest::newRow("prefix other") << "run.*"
                                      << "safety.limit_crossed" << false;
        QTest::newRow("list") << "run.passed, safety.*"
                              << "safety.limit_crossed" << true;
        QTest::newRow("exact") << "run.passed"
                               << "run.passed" << true;
        QTest::newRow("not a prefix of a word") << "run.*"
                                                << "runner.x" << false;
    }
    void patterns()
    {
        QFETCH(QString, patterns);
        QFETCH(QString, event);
        QFETCH(bool, matches);
        QCOMPARE(eventMatches(patterns, event), matches);
    }

    void routingPicksChannels()
    {
        Channel all = sinkChannel(QStringLiteral("all"), {});
        Channel critical = sinkChannel(QStringLiteral("crit"), {});
        critical.minSeverity = QStringLiteral("critical");
        Channel runs = sinkChannel(QStringLiteral("runs"), {});
        runs.events = QStringLiteral("run.*");
        Channel oncall = sinkChannel(QStringLiteral("oncall"), {});
        oncall.events = QStringLiteral("approval.*"); // the strategy's route still reaches it
        Channel off = sinkChannel(QStringLiteral("off"), {});
        off.enabled = false;
        const QList<Channel> channels{all, critical, runs, oncall, off};
        const QList<NotificationRoute> routes{
            {QStringLiteral("safety.*"), QStringLiteral("oncall"), AlertSeverity::Warning},
            {QStringLiteral("*"), QStringLiteral("unknown"), AlertSeverity::Info},
            {QStringLiteral("*"), QStringLiteral("off"), AlertSeverity::Info}};
        QCOMPARE(routeChannels(channels, routes, QStringLiteral("run.started"), QStringLiteral("info")),
                 (QStringList{QStringLiteral("all"), QStringLiteral("runs")}));
        QCOMPARE(
            routeChannels(channels, routes, QStringLiteral("safety.limit_crossed"), QStringLiteral("info")),
            (QStringList{QStringLiteral("all")}));
        QCOMPARE(routeChannels(channels, routes, QStringLiteral("safety.limit_crossed"),
                               QStringLiteral("warning")),
                 (QStringList{QStringLiteral("all"), QStringLiteral("oncall")}));
        QCOMPARE(routeChannels(channels, routes, QStringLiteral("run.stopped_by_safety"),
                               QStringLiteral("critical")),
                 (QStringList{QStringLiteral("all"), QStringLiteral("crit"), QStringLiteral("runs")}));
        QVERIFY(!checkPatterns(QStringLiteral("run*")).isEmpty());
        QVERIFY(checkPatterns(QStringLiteral("run.*, safety.limit_crossed")).isEmpty());
    }

    void channelsAreAudited()
    {
        auto ws = newWorkspace(QStringLiteral("audit.lwdb"));
        QVERIFY(ws);
        QString error;
        Channel c = sinkChannel(QStringLiteral("team"), m_tmp.filePath(QStringLiteral("a.jsonl")));
        c.secretFields = {QStringLiteral("token")};
        QVERIFY2(saveChannel(db(*ws), ws->path(), c, QStringLiteral("ann"), &error), qPrintable(error));
        c.config.insert(QStringLiteral("token"), QStringLiteral("x"));
        QVERIFY(!saveChannel(db(*ws), ws->path(), c, QStringLiteral("ann"), &error)); // a secret in the file
        QVERIFY(error.contains(QStringLiteral("secret")));
        QVERIFY(enqueue(db(*ws), ws->path(), event(QStringLiteral("e1"), QStringLiteral("run.started")), {},
                        &error) == 1);
        QVERIFY(removeChannel(db(*ws), ws->path(), QStringLiteral("team"), QStringLiteral("ann"), &error));
        QVERIFY(!removeChannel(db(*ws), ws->path(), QStringLiteral("team"), QStringLiteral("ann"), &error));
        QCOMPARE(test::countRows(*ws, QStringLiteral("SELECT count(*) FROM outbox WHERE state = 'failed' AND "
                                                     "last_error = 'channel removed'")),
                 1);
        QStringList actions;
        for (const audit::AuditEntry &e : audit::auditEntries(db(*ws), &error))
            actions << e.action;
        QCOMPARE(actions, (QStringList{QStringLiteral("channel.add"), QStringLiteral("channel.remove")}));
        QVERIFY(audit::verifyAudit(db(*ws)).intact);
    }

    void retriesThenDelivers()
    {
        auto ws = newWorkspace(QStringLiteral("retry.lwdb"));
        const QString out = m_tmp.filePath(QStringLiteral("retry.jsonl"));
        QString error;
        QVERIFY2(saveChannel(db(*ws), ws->path(),
                             sinkChannel(QStringLiteral("sink"), out, {{QStringLiteral("retries"), 2}}),
                             QStringLiteral("ann"), &error),
                 qPrintable(error));
        QCOMPARE(enqueue(db(*ws), ws->path(), event(QStringLiteral("r1"), QStringLiteral("run.passed")), {},
                         &error),
                 1);
        // The same event raised again adds nothing.
        QCOMPARE(enqueue(db(*ws), ws->path(), event(QStringLiteral("r1"), QStringLiteral("run.passed")), {},
                         &error),
                 0);

        DeliveryWorker worker(fastOptions(*ws), m_registry);
        QSignalSpy attempts(&worker, &DeliveryWorker::attempted);
        QTRY_VERIFY_WITH_TIMEOUT((worker.deliverDue(), test::sinkLines(out).size() == 1), 5000);
        QCOMPARE(attempts.size(), 3);
        const QList<OutboxRow> rows = recentRows(db(*ws), 10, &error);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().state, QStringLiteral("sent"));
        QCOMPARE(rows.first().attempts, 3);
        QStringList outcomes;
        for (const DeliveryLogEntry &e : deliveryLog(db(*ws), rows.first().id, &error))
            outcomes << e.outcome;
        QCOMPARE(outcomes, (QStringList{QStringLiteral("retrying"), QStringLiteral("retrying"),
                                        QStringLiteral("sent")}));
        const QJsonObject line = test::sinkLines(out).first();
        QCOMPARE(line.value(QStringLiteral("id")).toString(), QStringLiteral("r1"));
        QCOMPARE(line.value(QStringLiteral("attempt")).toInt(), 3);
        QCOMPARE(line.value(QStringLiteral("data")).toObject().value(QStringLiteral("n")).toString(),
                 QStringLiteral("r1"));
    }

    void givesUpAfterMaxAttemptsAndFailsPermanentErrorsAtOnce()
    {
        auto ws = newWorkspace(QStringLiteral("giveup.lwdb"));
        QString error;
        QVERIFY2(saveChannel(db(*ws), ws->path(),
                             sinkChannel(QStringLiteral("flaky"), m_tmp.filePath(QStringLiteral("g.jsonl")),
                                         {{QStringLiteral("retries"), 100}}),
                             QStringLiteral("ann"), &error),
                 qPrintable(error));
        QVERIFY2(saveChannel(db(*ws), ws->path(),
                             sinkChannel(QStringLiteral("broken"), m_tmp.filePath(QStringLiteral("g.jsonl")),
                                         {{QStringLiteral("fail"), true}}),
                             QStringLiteral("ann"), &error),
                 qPrintable(error));
        QCOMPARE(enqueue(db(*ws), ws->path(), event(QStringLiteral("g1"), QStringLiteral("run.failed")), {},
                         &error),
                 2);
        DeliveryOptions o = fastOptions(*ws);
        o.maxAttempts = 3;
        DeliveryWorker worker(o, m_registry);
        QTRY_VERIFY_WITH_TIMEOUT(
            (worker.deliverDue(),
             test::countRows(*ws, QStringLiteral("SELECT count(*) FROM outbox WHERE state = 'failed'")) == 2),
            5000);
        QCOMPARE(test::countRows(*ws, QStringLiteral("SELECT attempts FROM outbox WHERE channel = 'flaky'")),
                 3);
        QCOMPARE(test::countRows(*ws, QStringLiteral("SELECT attempts FROM outbox WHERE channel = 'broken'")),
                 1);
        QCOMPARE(test::countRows(*ws, QStringLiteral("SELECT count(*) FROM outbox WHERE last_error LIKE "
                                                     "'%gave up after 3 attempts%'")),
                 1);
        QCOMPARE(test::countRows(*ws, QStringLiteral("SELECT count(*) FROM delivery_log")), 4);
    }

    void receiverDownThenUpAcrossRestart()
    {
        auto ws = newWorkspace(QStringLiteral("down.lwdb"));
        const QString out = m_tmp.filePath(QStringLiteral("down.jsonl"));
        const QString down = m_tmp.filePath(QStringLiteral("receiver-down"));
        QVERIFY(QFile(down).open(QIODevice::WriteOnly));
        QString error;
        QVERIFY2(saveChannel(db(*ws), ws->path(),
                             sinkChannel(QStringLiteral("sink"), out, {{QStringLiteral("down_file"), down}}),
                             QStringLiteral("ann"), &error),
                 qPrintable(error));
        for (int i = 1; i <= 3; ++i)
            QCOMPARE(enqueue(db(*ws), ws->path(),
                             event(QStringLiteral("d%1").arg(i), QStringLiteral("run.started")), {}, &error),
                     1);
        {
            // The first "process": the receiver is down the whole time; then the worker goes away.
            auto first = std::make_unique<DeliveryWorker>(fastOptions(*ws), m_registry);
            QTRY_VERIFY_WITH_TIMEOUT(
                (first->deliverDue(),
                 test::countRows(*ws, QStringLiteral("SELECT min(attempts) FROM outbox")) >= 2),
                5000);
            QCOMPARE(
                test::countRows(*ws, QStringLiteral("SELECT count(*) FROM outbox WHERE state = 'retrying'")),
                3);
            QVERIFY(test::sinkLines(out).isEmpty());
        }
        // A row leased by a worker that died mid-attempt is picked up once its lease runs out.
        QVERIFY(claimDue(db(*ws), ws->path(), QStringLiteral("dead-worker"),
                         QDateTime::currentMSecsSinceEpoch() + 1000, 500, 1, &error)
                    .size() == 1);
        QVERIFY(QFile::remove(down));
        // The second "process" with its own connection and thread.
        DeliveryService service(fastOptions(*ws), m_registry);
        QSignalSpy attempts(&service, &DeliveryService::attempted);
        service.start();
        QTRY_COMPARE_WITH_TIMEOUT(
            test::countRows(*ws, QStringLiteral("SELECT count(*) FROM outbox WHERE state = 'sent'")), 3,
            10000);
        service.stop();
        QStringList ids;
        for (const QJsonObject &o : test::sinkLines(out))
            ids << o.value(QStringLiteral("id")).toString();
        ids.sort();
        QCOMPARE(ids, (QStringList{QStringLiteral("d1"), QStringLiteral("d2"), QStringLiteral("d3")}));
        QTRY_VERIFY(attempts.size() >= 3); // queued from the worker thread
    }

    void twoWorkersNeverSendARowTwice()
    {
        auto ws = newWorkspace(QStringLiteral("two.lwdb"));
        const QString out = m_tmp.filePath(QStringLiteral("two.jsonl"));
        QString error;
        QVERIFY2(saveChannel(db(*ws), ws->path(),
                             sinkChannel(QStringLiteral("sink"), out, {{QStringLiteral("sleep_ms"), 20}}),
                             QStringLiteral("ann"), &error),
                 qPrintable(error));
        for (int i = 0; i < 30; ++i)
            enqueue(db(*ws), ws->path(), event(QStringLiteral("t%1").arg(i), QStringLiteral("run.started")),
                    {}, &error);
        DeliveryService a(fastOptions(*ws), m_registry);
        DeliveryService b(fastOptions(*ws), m_registry);
        a.start();
        b.start();
        QTRY_COMPARE_WITH_TIMEOUT(
            test::countRows(*ws, QStringLiteral("SELECT count(*) FROM outbox WHERE state = 'sent'")), 30,
            15000);
        a.stop();
        b.stop();
        QStringList ids;
        for (const QJsonObject &o : test::sinkLines(out))
            ids << o.value(QStringLiteral("id")).toString();
        QCOMPARE(ids.size(), 30);
        ids.removeDuplicates();
        QCOMPARE(ids.size(), 30);
    }

    void runNotifierRaisesRoutedEvents()
    {
        auto ws = newWorkspace(QStringLiteral("run.lwdb"));
        QString error;
        Channel team = sinkChannel(QStringLiteral("team"), m_tmp.filePath(QStringLiteral("team.jsonl")));
        team.events = QStringLiteral("run.*");
        Channel oncall =
            sinkChannel(QStringLiteral("oncall"), m_tmp.filePath(QStringLiteral("oncall.jsonl")));
        oncall.events = QStringLiteral("nothing.by.itself");
        QVERIFY2(saveChannel(db(*ws), ws->path(), team, QStringLiteral("ann"), &error), qPrintable(error));
        QVERIFY2(saveChannel(db(*ws), ws->path(), oncall, QStringLiteral("ann"), &error), qPrintable(error));
        RunNotifier notifier(
            ws->connectionName(), ws->path(), 7, QStringLiteral("checkout"), 3,
            {{QStringLiteral("safety.*"), QStringLiteral("oncall"), AlertSeverity::Warning},
             {QStringLiteral("run.stopped_by_safety"), QStringLiteral("oncall"), AlertSeverity::Info}});
        const auto raise = [&](const QString &kind, AlertSeverity sev, const QJsonObject &data, qint64 at) {
            RunEvent e;
            e.kind = kind;
            e.severity = sev;
            e.atMs = at;
            e.message = kind;
            e.data = data;
            QVERIFY(notifier.onRunEvent(e, std::nullopt, &error));
        };
        raise(QStringLiteral("state"), AlertSeverity::Info,
              {{QStringLiteral("status"), QStringLiteral("checking")}}, 1);
        raise(QStringLiteral("state"), AlertSeverity::Info,
              {{QStringLiteral("status"), QStringLiteral("running")}}, 2);
        raise(QStringLiteral("engine"), AlertSeverity::Info, {}, 3);
        raise(QStringLiteral("limit.crossed"), AlertSeverity::Warning,
              {{QStringLiteral("name"), QStringLiteral("p99")}}, 4);
        raise(QStringLiteral("action"), AlertSeverity::Warning,
              {{QStringLiteral("action"), QStringLiteral("throttle")}, {QStringLiteral("scale"), 0.5}}, 41);
        raise(QStringLiteral("action"), AlertSeverity::Critical,
              {{QStringLiteral("action"), QStringLiteral("stop")}},
              42); // a stop is told by run.stopped_by_safety
        raise(QStringLiteral("rollback.step"), AlertSeverity::Info, {}, 5);
        raise(QStringLiteral("state"), AlertSeverity::Warning,
              {{QStringLiteral("status"), QStringLiteral("stopped_by_safety")}}, 6);
        raise(QStringLiteral("state"), AlertSeverity::Warning,
              {{QStringLiteral("status"), QStringLiteral("stopped_by_safety")}}, 7); // a retried final write
        QSqlQuery q(db(*ws));
        QVERIFY(q.exec(QStringLiteral("SELECT channel, event, severity, event_id FROM outbox ORDER BY id")));
        QStringList rows;
        const QString prefix = runEventPrefix(workspaceIdOf(db(*ws)), 7);
        while (q.next()) {
            rows << q.value(0).toString() + QLatin1Char(' ') + q.value(1).toString() + QLatin1Char(' ') +
                        q.value(2).toString();
            QVERIFY(q.value(3).toString().startsWith(prefix));
        }
        QCOMPARE(rows, (QStringList{QStringLiteral("team run.started info"),
                                    QStringLiteral("oncall safety.limit_crossed warning"),
                                    QStringLiteral("oncall safety.throttled warning"),
                                    QStringLiteral("team run.stopped_by_safety critical"),
                                    QStringLiteral("oncall run.stopped_by_safety critical")}));
        QCOMPARE(undeliveredCount(db(*ws), prefix, &error), 5);
        QCOMPARE(undeliveredCount(db(*ws), runEventPrefix(workspaceIdOf(db(*ws)), 8), &error), 0);
    }

    void backoffIsBoundedWithJitter()
    {
        qint64 maxSeen = 0;
        for (int i = 0; i < 200; ++i) {
            const qint64 d = backoffDelayMs(4, 2000, 5000);
            QVERIFY(d >= 0 && d <= 5000);
            maxSeen = std::max(maxSeen, d);
        }
        QVERIFY(maxSeen > 2000); // jitter spreads over the whole window
        for (int i = 0; i < 50; ++i)
            QVERIFY(backoffDelayMs(1, 2000, 300000) <= 2000);
        QVERIFY(backoffDelayMs(40, 2000, 300000) <= 300000);
    }
};

QTEST_GUILESS_MAIN(TestNotifyCore)
#include "tst_notifycore.moc"
