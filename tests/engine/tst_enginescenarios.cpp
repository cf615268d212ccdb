// Scenario iterations with the real engine against loadwright-target's demo shop: tokens and cookies
// extracted and used, unique data rows, per-user cookie jars (scope, expiry, redirects), extraction
// failures, check counts that match what the server saw, {{vu}} numbers, and the sample journey over
// HTTP/2 through a local nginx. Loopback only; each run lasts one to four seconds.
#include "enginetestutil.h"

#include "model/strategydata.h"
#include "model/strategyvalidator.h"
#include "run/runspecbuilder.h"

#include <QFile>
#include <QJsonArray>
#include <QMap>
#include <QTcpServer>
#include <QTemporaryDir>

using namespace enginetest;

namespace {

// GET path of the target as JSON.
QJsonObject getJson(int port, const QByteArray &path)
{
    QTcpSocket s;
    s.connectToHost(QStringLiteral("127.0.0.1"), static_cast<quint16>(port));
    if (!s.waitForConnected(2000))
        return {};
    s.write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    QByteArray all;
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 3000 && s.state() != QAbstractSocket::UnconnectedState)
        if (s.waitForReadyRead(100))
            all += s.readAll();
    all += s.readAll();
    const int h = all.indexOf("\r\n\r\n");
    return h >= 0 ? QJsonDocument::fromJson(all.mid(h + 4)).object() : QJsonObject();
}

QString writeUsers(const QTemporaryDir &dir, int good, int bad = 0)
{
    const QString path = dir.filePath(QStringLiteral("users.csv"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write users");
    f.write("username,password\n");
    for (int i = 1; i <= good + bad; ++i)
        f.write(QStringLiteral("user%1,%2\n")
                    .arg(i, 4, 10, QLatin1Char('0'))
                    .arg(i <= good ? QStringLiteral("secret-%1").arg(i, 4, 10, QLatin1Char('0'))
                                   : QStringLiteral("wrong"))
                    .toUtf8());
    return path;
}

QJsonObject step(const QString &name, const QString &method, const QString &url, const QJsonArray &headers,
                 const QString &body, const QJsonArray &extract, const QJsonArray &checks,
                 const QString &onFailure = QStringLiteral("end_iteration"))
{
    return QJsonObject{{QStringLiteral("name"), name},     {QStringLiteral("method"), method},
                       {QStringLiteral("url"), url},       {QStringLiteral("headers"), headers},
                       {QStringLiteral("body"), body},     {QStringLiteral("extract"), extract},
                       {QStringLiteral("checks"), checks}, {QStringLiteral("on_failure"), onFailure}};
}

QJsonObject statusCheck(const QString &name, int status)
{
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("type"), QStringLiteral("status")},
                       {QStringLiteral("status"), QJsonArray{status}}};
}

struct Journey
{
    QString tokenPath = QStringLiteral("$.token");
    QString onFailure = QStringLiteral("end_iteration");
    bool cookies = true;
    QString order = QStringLiteral("unique");
    QString exhausted = QStringLiteral("stop");
    QString base; // scheme://host:port the steps go to; empty: the target itself
};

// Login (token from JSON, session from the cookie), catalogue (product id from JSON), cart, checkout.
QJsonObject journeySpec(const Target &t, const QString &users, const Journey &j, const QJsonObject &load)
{
    const QJsonArray auth{QJsonArray{QStringLiteral("Authorization"), QStringLiteral("Bearer {{token}}")}};
    const auto url = [&](const QString &path) {
        return j.base.isEmpty() ? t.url(path) : j.base + path;
    };
    QJsonArray steps{
        step(QStringLiteral("login"), QStringLiteral("POST"), url(QStringLiteral("/api/login")),
             QJsonArray{QJsonArray{QStringLiteral("Content-Type"), QStringLiteral("application/json")}},
             QStringLiteral("{\"user\":\"{{users.username}}\",\"password\":\"{{users.password}}\"}"),
             QJsonArray{QJsonObject{{QStringLiteral("var"), QStringLiteral("token")},
                                    {QStringLiteral("from"), QStringLiteral("json")},
                                    {QStringLiteral("expression"), j.tokenPath}},
                        QJsonObject{{QStringLiteral("var"), QStringLiteral("session")},
                                    {QStringLiteral("from"), QStringLiteral("cookie")},
                                    {QStringLiteral("expression"), QStringLiteral("session")}}},
             QJsonArray{statusCheck(QStringLiteral("logged in"), 200)}, j.onFailure),
        step(QStringLiteral("catalogue"), QStringLiteral("GET"), url(QStringLiteral("/api/catalogue")), {},
             QString(),
             QJsonArray{QJsonObject{{QStringLiteral("var"), QStringLiteral("product")},
                                    {QStringLiteral("from"), QStringLiteral("json")},
                                    {QStringLiteral("expression"), QStringLiteral("/items/0/id")}}},
             QJsonArray{statusCheck(QStringLiteral("listed"), 200)}, j.onFailure),
        step(QStringLiteral("add-to-cart"), QStringLiteral("POST"), url(QStringLiteral("/api/cart/items")),
             auth, QStringLiteral("{\"product_id\":{{product}}}"), {},
             QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("one item")},
                                    {QStringLiteral("type"), QStringLiteral("json_equals")},
                                    {QStringLiteral("path"), QStringLiteral("/count")},
                                    {QStringLiteral("value"), QStringLiteral("1")}}},
             j.onFailure),
        step(QStringLiteral("checkout"), QStringLiteral("POST"), url(QStringLiteral("/api/checkout")),
             QJsonArray{auth[0], QJsonArray{QStringLiteral("X-Session"), QStringLiteral("{{session}}")}},
             QString(), {}, QJsonArray{statusCheck(QStringLiteral("ordered"), 200)}, j.onFailure)};
    QJsonObject spec = load;
    spec.insert(QStringLiteral("scenarios"),
                QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("shop")},
                                       {QStringLiteral("cookies"), j.cookies},
                                       {QStringLiteral("steps"), steps}}});
    spec.insert(QStringLiteral("data"),
                QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("users")},
                                       {QStringLiteral("path"), users},
                                       {QStringLiteral("order"), j.order},
                                       {QStringLiteral("on_exhausted"), j.exhausted}}});
    spec.insert(QStringLiteral("timeout"), QStringLiteral("5s"));
    return spec;
}

QJsonObject openLoad(double rate, const QString &duration)
{
    return QJsonObject{{QStringLiteral("model"), QStringLiteral("open")},
                       {QStringLiteral("rate"), rate},
                       {QStringLiteral("duration"), duration},
                       {QStringLiteral("threads"), 2}};
}

// Runs the engine on spec (written to dir) and returns its JSON summary.
QJsonObject runSpec(const QTemporaryDir &dir, const QJsonObject &spec)
{
    const QString path = dir.filePath(QStringLiteral("spec.json"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write spec");
    f.write(QJsonDocument(spec).toJson());
    f.close();
    const RunResult r = runEngine({QStringLiteral("--spec"), path, QStringLiteral("--json")}, 30000);
    if (!r.finished || r.exitCode != 0)
        qWarning("engine: exit %d, stderr: %s", r.exitCode, r.err.constData());
    return r.json();
}

QJsonObject scenarioPart(const QJsonObject &summary, const QString &list, const QString &name)
{
    for (const QJsonValue &v : summary.value(QStringLiteral("scenarios")).toObject().value(list).toArray())
        if (v.toObject().value(QStringLiteral("name")).toString() == name)
            return v.toObject();
    return {};
}

int refused(const QJsonObject &stats, const char *reason)
{
    return stats.value(QStringLiteral("refused")).toObject().value(QLatin1String(reason)).toInt(-1);
}

QJsonObject withThink(QJsonObject step, const QString &think)
{
    step.insert(QStringLiteral("think_time"), think);
    return step;
}

// Cookie scope against the shop's preference endpoints: a Path-scoped, a Max-Age=1 and a
// foreign-Domain cookie set after login, then requests inside and outside the path and after expiry.
QJsonObject prefsSpec(const Target &t, const QString &users, const QJsonObject &load,
                      bool viaRedirect = false)
{
    const QJsonArray auth{QJsonArray{QStringLiteral("Authorization"), QStringLiteral("Bearer {{token}}")}};
    const QJsonArray steps{
        step(QStringLiteral("login"), QStringLiteral("POST"), t.url(QStringLiteral("/api/login")),
             QJsonArray{QJsonArray{QStringLiteral("Content-Type"), QStringLiteral("application/json")}},
             QStringLiteral("{\"user\":\"{{users.username}}\",\"password\":\"{{users.password}}\"}"),
             QJsonArray{QJsonObject{{QStringLiteral("var"), QStringLiteral("token")},
                                    {QStringLiteral("from"), QStringLiteral("json")},
                                    {QStringLiteral("expression"), QStringLiteral("/token")}}},
             QJsonArray{statusCheck(QStringLiteral("ok"), 200)}),
        step(QStringLiteral("set-prefs"), QStringLiteral("POST"),
             t.url(viaRedirect ? QStringLiteral("/api/prefs/redirect") : QStringLiteral("/api/prefs")), auth,
             QString(), {}, QJsonArray{statusCheck(QStringLiteral("ok"), 200)}),
        step(QStringLiteral("in-path"), QStringLiteral("GET"), t.url(QStringLiteral("/api/prefs/theme")),
             auth, QString(), {}, QJsonArray{statusCheck(QStringLiteral("ok"), 200)}),
        withThink(step(QStringLiteral("outside-path"), QStringLiteral("GET"),
                       t.url(QStringLiteral("/api/prefs-free")), auth, QString(), {},
                       QJsonArray{statusCheck(QStringLiteral("ok"), 200)}),
                  QStringLiteral("1300ms")),
        step(QStringLiteral("after-expiry"), QStringLiteral("GET"),
             t.url(QStringLiteral("/api/prefs/promo-gone")), auth, QString(), {},
             QJsonArray{statusCheck(QStringLiteral("ok"), 200)})};
    QJsonObject spec = load;
    spec.insert(QStringLiteral("scenarios"),
                QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("prefs")},
                                       {QStringLiteral("steps"), steps}}});
    spec.insert(QStringLiteral("data"),
                QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("users")},
                                       {QStringLiteral("path"), users},
                                       {QStringLiteral("order"), QStringLiteral("sequential")},
                                       {QStringLiteral("on_exhausted"), QStringLiteral("recycle")}}});
    spec.insert(QStringLiteral("timeout"), QStringLiteral("5s"));
    if (viaRedirect)
        spec.insert(QStringLiteral("follow_redirects"), 1);
    return spec;
}

// A private nginx on a free loopback port: TLS with a fresh self-signed certificate, HTTP/2 offered by
// ALPN, every request proxied to a loadwright-target over HTTP/1.1. Its access log records the protocol
// each request came in with. Skips when nginx or openssl is missing.
struct Http2Proxy
{
    QTemporaryDir dir;
    QProcess process;
    int port = 0;
    QString skipReason;

    bool start(int targetPort)
    {
        const QString nginx = QStringLiteral("/usr/sbin/nginx");
        if (!QFile::exists(nginx)) {
            skipReason = QStringLiteral("nginx is not installed");
            return false;
        }
        const QString d = dir.path();
        QProcess openssl;
        openssl.setStandardOutputFile(QProcess::nullDevice());
        openssl.setStandardErrorFile(QProcess::nullDevice());
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                       QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
                       QStringLiteral("1"), QStringLiteral("-subj"), QStringLiteral("/CN=localhost"),
                       QStringLiteral("-keyout"), d + QStringLiteral("/key.pem"), QStringLiteral("-out"),
                       d + QStringLiteral("/cert.pem")});
        if (!openssl.waitForFinished(30000) || openssl.exitStatus() != QProcess::NormalExit ||
            openssl.exitCode() != 0) {
            skipReason = QStringLiteral("openssl cannot make a test certificate");
            return false;
        }
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        port = probe.serverPort();
        probe.close();
        QFile conf(dir.filePath(QStringLiteral("nginx.conf")));
        if (!conf.open(QIODevice::WriteOnly))
            return false;
        conf.write(
            QStringLiteral("worker_processes 1; daemon off; pid %1/nginx.pid; error_log %1/error.log;\n"
                           "events { worker_connections 1024; }\n"
                           "http { log_format proto '$server_protocol'; access_log %1/access.log proto;\n"
                           "  client_body_temp_path %1; proxy_temp_path %1;\n"
                           "  fastcgi_temp_path %1; uwsgi_temp_path %1; scgi_temp_path %1;\n"
                           "  server { listen 127.0.0.1:%2 ssl http2; ssl_certificate %1/cert.pem;\n"
                           "    ssl_certificate_key %1/key.pem;\n"
                           "    location / { proxy_pass http://127.0.0.1:%3; proxy_http_version 1.1;\n"
                           "      proxy_set_header Connection \"\"; } } }\n")
                .arg(d)
                .arg(port)
                .arg(targetPort)
                .toUtf8());
        conf.close();
        process.start(nginx, {QStringLiteral("-c"), conf.fileName(), QStringLiteral("-p"), d});
        process.waitForStarted();
        QTest::qWait(300);
        if (process.state() != QProcess::Running) {
            skipReason =
                QStringLiteral("nginx did not start: ") + QString::fromUtf8(process.readAllStandardError());
            return false;
        }
        return true;
    }
    int loggedRequests(const QByteArray &protocol)
    {
        QFile log(dir.filePath(QStringLiteral("access.log")));
        if (!log.open(QIODevice::ReadOnly))
            return -1;
        int n = 0;
        for (const QByteArray &line : log.readAll().split('\n'))
            n += line == protocol;
        return n;
    }
    ~Http2Proxy()
    {
        process.terminate();
        process.waitForFinished(3000);
    }
};

} // namespace

class TestEngineScenarios : public QObject
{
    Q_OBJECT
private slots:
    // 60 arrivals, 60 users: every journey completes, each user logs in exactly once, no refusal.
    void tokensAndCookiesExtractedAndUsed()
    {
        Target t;
        QVERIFY(t.start({}));
        QTemporaryDir dir;
        const QJsonObject summary = runSpec(
            dir, journeySpec(t, writeUsers(dir, 60), Journey(), openLoad(40, QStringLiteral("1500ms"))));
        QVERIFY2(!summary.isEmpty(), "no summary");
        QCOMPARE(summary.value(QStringLiteral("errors")).toInt(), 0);
        const QJsonObject it = scenarioPart(summary, QStringLiteral("iterations"), QStringLiteral("shop"));
        QCOMPARE(it.value(QStringLiteral("started")).toInt(), 60);
        QCOMPARE(it.value(QStringLiteral("completed")).toInt(), 60);
        QCOMPARE(perRequest(summary, QStringLiteral("checkout")).value(QStringLiteral("completed")).toInt(),
                 60);
        const QJsonObject check =
            scenarioPart(summary, QStringLiteral("checks"), QStringLiteral("checkout/ordered"));
        QCOMPARE(check.value(QStringLiteral("passes")).toInt(), 60);
        QCOMPARE(check.value(QStringLiteral("fails")).toInt(), 0);
        const QJsonObject stats = getJson(t.port, "/__stats");
        QCOMPARE(stats.value(QStringLiteral("orders")).toInt(), 60);
        const QJsonObject logins = stats.value(QStringLiteral("logins")).toObject();
        QCOMPARE(logins.size(), 60);
        for (auto i = logins.begin(); i != logins.end(); ++i)
            QCOMPARE(i.value().toInt(), 1);
        for (const char *reason :
             {"bad_token", "bad_cookie", "bad_session_header", "empty_cart", "bad_credentials"})
            QCOMPARE(refused(stats, reason), 0);
    }

    // 25 unique rows for 60 arrivals with on_exhausted stop: 25 logins, one per user, never twice.
    void uniqueRowsNeverUsedTwice()
    {
        Target t;
        QVERIFY(t.start({}));
        QTemporaryDir dir;
        const QJsonObject summary = runSpec(
            dir, journeySpec(t, writeUsers(dir, 25), Journey(), openLoad(40, QStringLiteral("1500ms"))));
        QVERIFY(!summary.isEmpty());
        const QJsonObject stats = getJson(t.port, "/__stats");
        const QJsonObject logins = stats.value(QStringLiteral("logins")).toObject();
        QCOMPARE(logins.size(), 25);
        for (auto i = logins.begin(); i != logins.end(); ++i)
            QCOMPARE(i.value().toInt(), 1);
        QCOMPARE(summary.value(QStringLiteral("errors")).toInt(), 0);
        QVERIFY(QJsonDocument(summary.value(QStringLiteral("warnings")).toArray())
                    .toJson()
                    .contains("no unused row"));
    }

    // Closed model, 8 users at once: the server binds each token to its session cookie, so a jar shared
    // between users would be refused; without a jar every cart request is refused for the cookie.
    void cookiesKeptPerUser_data()
    {
        QTest::addColumn<bool>("cookies");
        QTest::newRow("jar on") << true;
        QTest::newRow("jar off") << false;
    }
    void cookiesKeptPerUser()
    {
        QFETCH(bool, cookies);
        Target t;
        QVERIFY(t.start({}));
        QTemporaryDir dir;
        Journey j;
        j.cookies = cookies;
        j.order = QStringLiteral("sequential");
        j.exhausted = QStringLiteral("recycle");
        const QJsonObject load{{QStringLiteral("model"), QStringLiteral("closed")},
                               {QStringLiteral("vus"), 8},
                               {QStringLiteral("duration"), QStringLiteral("1500ms")},
                               {QStringLiteral("threads"), 2}};
        const QJsonObject summary = runSpec(dir, journeySpec(t, writeUsers(dir, 50), j, load));
        QVERIFY(!summary.isEmpty());
        const QJsonObject stats = getJson(t.port, "/__stats");
        const QJsonObject cart = perRequest(summary, QStringLiteral("add-to-cart"));
        QVERIFY(cart.value(QStringLiteral("completed")).toInt() > 8);
        if (cookies) {
            QCOMPARE(refused(stats, "bad_cookie"), 0);
            QCOMPARE(summary.value(QStringLiteral("errors")).toInt(), 0);
        } else {
            QCOMPARE(refused(stats, "bad_cookie"), cart.value(QStringLiteral("completed")).toInt());
            QCOMPARE(cart.value(QStringLiteral("errors")).toInt(),
                     cart.value(QStringLiteral("completed")).toInt());
            QCOMPARE(perRequest(summary, QStringLiteral("checkout")).value(QStringLiteral("sent")).toInt(),
                     0);
        }
    }

    // A wrong JSON path: every login is an `extract` error; end_iteration sends nothing after it,
    // continue goes on and the server refuses the missing token.
    void brokenExtraction_data()
    {
        QTest::addColumn<QString>("onFailure");
        QTest::newRow("end_iteration") << QStringLiteral("end_iteration");
        QTest::newRow("continue") << QStringLiteral("continue");
    }
    void brokenExtraction()
    {
        QFETCH(QString, onFailure);
        Target t;
        QVERIFY(t.start({}));
        QTemporaryDir dir;
        Journey j;
        j.tokenPath = QStringLiteral("/tokn");
        j.onFailure = onFailure;
        const QJsonObject summary =
            runSpec(dir, journeySpec(t, writeUsers(dir, 30), j, openLoad(30, QStringLiteral("1s"))));
        QVERIFY(!summary.isEmpty());
        const int logins =
            perRequest(summary, QStringLiteral("login")).value(QStringLiteral("completed")).toInt();
        QCOMPARE(logins, 30);
        QCOMPARE(summary.value(QStringLiteral("errors_by_class"))
                     .toObject()
                     .value(QStringLiteral("extract"))
                     .toInt(),
                 30);
        const QJsonObject it = scenarioPart(summary, QStringLiteral("iterations"), QStringLiteral("shop"));
        const QJsonObject stats = getJson(t.port, "/__stats");
        if (onFailure == QLatin1String("end_iteration")) {
            QCOMPARE(it.value(QStringLiteral("completed")).toInt(), 0);
            QCOMPARE(it.value(QStringLiteral("failed")).toInt(), 30);
            QCOMPARE(perRequest(summary, QStringLiteral("catalogue")).value(QStringLiteral("sent")).toInt(),
                     0);
            QCOMPARE(refused(stats, "bad_token"), 0);
        } else {
            // Every step is sent (the iteration runs to its end): the catalogue passes, cart and
            // checkout are refused for the missing token.
            QCOMPARE(it.value(QStringLiteral("completed")).toInt(), 30);
            QCOMPARE(it.value(QStringLiteral("failed")).toInt(), 0);
            QCOMPARE(
                perRequest(summary, QStringLiteral("catalogue")).value(QStringLiteral("completed")).toInt(),
                30);
            QCOMPARE(
                perRequest(summary, QStringLiteral("checkout")).value(QStringLiteral("completed")).toInt(),
                30);
            QCOMPARE(refused(stats, "bad_token"), 60);
        }
    }

    // Some users have a wrong password: the login check's passes and fails are what the server counted.
    void checkCountsMatchTheServer()
    {
        Target t;
        QVERIFY(t.start({}));
        QTemporaryDir dir;
        Journey j;
        const QJsonObject summary =
            runSpec(dir, journeySpec(t, writeUsers(dir, 20, 12), j, openLoad(40, QStringLiteral("1s"))));
        QVERIFY(!summary.isEmpty());
        const QJsonObject stats = getJson(t.port, "/__stats");
        const QJsonObject check =
            scenarioPart(summary, QStringLiteral("checks"), QStringLiteral("login/logged in"));
        int logins = 0;
        const QJsonObject byUser = stats.value(QStringLiteral("logins")).toObject();
        for (auto i = byUser.begin(); i != byUser.end(); ++i)
            logins += i.value().toInt();
        QCOMPARE(check.value(QStringLiteral("passes")).toInt(), logins);
        QCOMPARE(check.value(QStringLiteral("fails")).toInt(), refused(stats, "bad_credentials"));
        QCOMPARE(logins, 20);
        QCOMPARE(refused(stats, "bad_credentials"), 12);
        QCOMPARE(stats.value(QStringLiteral("orders")).toInt(), 20);
    }
    // The jar keeps each cookie's scope: the Path-scoped cookie is sent inside its path only, the
    // Max-Age=1 cookie is gone after its second, the foreign-Domain cookie is never stored, and each
    // user's cookies carry its own session (the server refuses anything else, with the reason). Via
    // redirect: the cookies come with a 303 whose target wants them (and the step's rendered token).
    void cookiesScopedAndExpiredPerUser_data()
    {
        QTest::addColumn<bool>("viaRedirect");
        QTest::newRow("direct") << false;
        QTest::newRow("set by a redirect") << true;
    }
    void cookiesScopedAndExpiredPerUser()
    {
        QFETCH(bool, viaRedirect);
        Target t;
        QVERIFY(t.start({}));
        QTemporaryDir dir;
        const QJsonObject load{{QStringLiteral("model"), QStringLiteral("closed")},
                               {QStringLiteral("vus"), 6},
                               {QStringLiteral("duration"), QStringLiteral("3s")},
                               {QStringLiteral("threads"), 2}};
        const QJsonObject summary = runSpec(dir, prefsSpec(t, writeUsers(dir, 50), load, viaRedirect));
        QVERIFY(!summary.isEmpty());
        const QJsonObject stats = getJson(t.port, "/__stats");
        for (const char *reason : {"bad_token", "bad_cookie", "prefs_foreign_domain_sent",
                                   "prefs_theme_missing", "prefs_theme_foreign", "prefs_promo_missing",
                                   "prefs_theme_outside_path", "prefs_promo_not_expired"})
            QVERIFY2(refused(stats, reason) == 0, reason);
        QCOMPARE(summary.value(QStringLiteral("errors")).toInt(), 0);
        // 6 users, each through at least one whole iteration (1.3 s of think time in it).
        const int completed = scenarioPart(summary, QStringLiteral("iterations"), QStringLiteral("prefs"))
                                  .value(QStringLiteral("completed"))
                                  .toInt();
        QVERIFY2(completed >= 6, qPrintable(QString::number(completed)));
        QCOMPARE(
            perRequest(summary, QStringLiteral("after-expiry")).value(QStringLiteral("completed")).toInt(),
            completed);
        QCOMPARE(scenarioPart(summary, QStringLiteral("checks"), QStringLiteral("after-expiry/ok"))
                     .value(QStringLiteral("passes"))
                     .toInt(),
                 completed);
    }

    // {{vu}} is the number of the virtual user running the iteration: 1..N for N connection slots
    // (open model) or N users (closed model), never 0, split over the workers without overlap. Each
    // iteration logs in as user000{{vu}}; the server counts logins per user.
    void vuNumbersAreOneToN_data()
    {
        QTest::addColumn<QString>("model");
        QTest::newRow("open") << QStringLiteral("open");
        QTest::newRow("closed") << QStringLiteral("closed");
    }
    void vuNumbersAreOneToN()
    {
        QFETCH(QString, model);
        Target t;
        QVERIFY(t.start({}));
        QTemporaryDir dir;
        QJsonObject spec{{QStringLiteral("model"), model},
                         {QStringLiteral("duration"), QStringLiteral("1s")},
                         {QStringLiteral("threads"), 2},
                         {QStringLiteral("timeout"), QStringLiteral("5s")}};
        if (model == QLatin1String("open")) {
            spec.insert(QStringLiteral("rate"), 100); // more than 3 slots can carry
            spec.insert(QStringLiteral("max_connections"), 3);
        } else {
            spec.insert(QStringLiteral("vus"), 3);
        }
        // Each iteration holds its slot for 100 ms of think time, so every slot is busy at once.
        const QJsonArray steps{
            withThink(step(QStringLiteral("login"), QStringLiteral("POST"),
                           t.url(QStringLiteral("/api/login")), {},
                           QStringLiteral("{\"user\":\"user000{{vu}}\",\"password\":\"secret-000{{vu}}\"}"),
                           {}, QJsonArray{statusCheck(QStringLiteral("ok"), 200)}),
                      QStringLiteral("100ms")),
            step(QStringLiteral("browse"), QStringLiteral("GET"), t.url(QStringLiteral("/api/catalogue")), {},
                 QString(), {}, QJsonArray{statusCheck(QStringLiteral("ok"), 200)})};
        spec.insert(QStringLiteral("scenarios"),
                    QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("vu")},
                                           {QStringLiteral("steps"), steps}}});
        const QJsonObject summary = runSpec(dir, spec);
        QVERIFY(!summary.isEmpty());
        const QJsonObject stats = getJson(t.port, "/__stats");
        QCOMPARE(refused(stats, "bad_credentials"), 0); // no {{vu}} of 0 or above 9
        const QJsonObject logins = stats.value(QStringLiteral("logins")).toObject();
        QCOMPARE(logins.keys(), (QStringList{QStringLiteral("user0001"), QStringLiteral("user0002"),
                                             QStringLiteral("user0003")}));
        int total = 0;
        for (auto i = logins.begin(); i != logins.end(); ++i)
            total += i.value().toInt();
        QCOMPARE(total,
                 perRequest(summary, QStringLiteral("login")).value(QStringLiteral("completed")).toInt());
        QCOMPARE(summary.value(QStringLiteral("errors")).toInt(), 0);
    }

    // The sample journey resources/strategies/journey-checkout.json (mapped to a run spec as the run
    // controller maps it) over HTTP/2 (TLS with ALPN h2, through nginx to the target) and over
    // HTTP/1.1 through the same proxy: zero errors, every request on the protocol asked for, and the
    // same iterations and check counts.
    void sampleJourneyOverHttp2()
    {
        Target t;
        QVERIFY(t.start({}));
        Http2Proxy proxy;
        if (!proxy.start(t.port))
            QSKIP(qPrintable(proxy.skipReason));
        const QString samples = QStringLiteral(LW_SOURCE_DIR "/resources/strategies");
        lw::Variables vars;
        vars.useEnvironment = false;
        vars.values.insert(QStringLiteral("TARGET"), QStringLiteral("https://127.0.0.1:%1").arg(proxy.port));
        const lw::ParseResult parsed =
            lw::loadStrategyFile(samples + QStringLiteral("/journey-checkout.json"), vars);
        QVERIFY(parsed.strategy);
        QList<lw::ValidationIssue> issues;
        lw::Strategy journey = lw::resolveVariables(*parsed.strategy, vars, &issues);
        journey.load.stages = {lw::Stage{QStringLiteral("1s"), 20, lw::StageRamp::Step}}; // 20 arrivals
        lw::EngineOptions options;
        options.dataPaths.insert(QStringLiteral("users"), samples + QStringLiteral("/journey-users.csv"));
        options.threads = 2;
        const int steps = int(journey.scenarios.value(0).steps.size());
        QVERIFY(steps >= 4);

        QTemporaryDir dir;
        QMap<QString, QJsonObject> checksBy;
        for (const bool h2 : {true, false}) {
            QJsonObject spec = lw::engineRunSpec(journey, options);
            spec.insert(QStringLiteral("tls_verify"), false);
            spec.insert(QStringLiteral("http2"), h2);
            const QJsonObject summary = runSpec(dir, spec);
            QVERIFY(!summary.isEmpty());
            QCOMPARE(summary.value(QStringLiteral("errors")).toInt(), 0);
            const QJsonObject it =
                scenarioPart(summary, QStringLiteral("iterations"), QStringLiteral("checkout"));
            QCOMPARE(it.value(QStringLiteral("started")).toInt(), 20);
            QCOMPARE(it.value(QStringLiteral("completed")).toInt(), 20);
            QJsonObject checks;
            for (const QJsonValue &v : summary.value(QStringLiteral("scenarios"))
                                           .toObject()
                                           .value(QStringLiteral("checks"))
                                           .toArray()) {
                const QJsonObject c = v.toObject();
                QCOMPARE(c.value(QStringLiteral("fails")).toInt(), 0);
                checks.insert(
                    c.value(QStringLiteral("name")).toString(),
                    QJsonArray{c.value(QStringLiteral("passes")), c.value(QStringLiteral("fails"))});
            }
            QVERIFY(checks.size() >= 4);
            checksBy.insert(h2 ? QStringLiteral("h2") : QStringLiteral("h1"), checks);
            QTest::qWait(100);
            QCOMPARE(proxy.loggedRequests(h2 ? "HTTP/2.0" : "HTTP/1.1"), steps * 20);
        }
        QCOMPARE(checksBy.value(QStringLiteral("h2")), checksBy.value(QStringLiteral("h1")));
        const QJsonObject stats = getJson(t.port, "/__stats");
        QCOMPARE(stats.value(QStringLiteral("orders")).toInt(), 40);
        for (const char *reason :
             {"bad_token", "bad_cookie", "bad_session_header", "empty_cart", "bad_credentials"})
            QVERIFY2(refused(stats, reason) == 0, reason);
    }
};

QTEST_GUILESS_MAIN(TestEngineScenarios)
#include "tst_enginescenarios.moc"
