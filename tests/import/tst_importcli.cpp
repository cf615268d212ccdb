// The real `loadwright` executable on recordings: `import-har` and `import-curl` store a journey that
// validates (and holds no recorded secret), `export --format k6` writes a script node can parse, and
// bad input (malformed file, missing file, unknown option) exits 2 with where, leaving the workspace
// untouched.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Result
{
    int exitCode = -1;
    QString out;
    QString err;
};

QString fixture(const char *name)
{
    return QStringLiteral(LW_TEST_DATA_DIR "/data/") + QLatin1String(name);
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestImportCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();

    void harImportValidatesWithoutSecrets();
    void harSuggestionsNeedCorrelate();
    void harKeepAssets();
    void harKeepEntry();
    void harAcceptAndKeepOneByOne();
    void badHarInput_data();
    void badHarInput();
    void curlFromStandardInput();
    void malformedCurlIsRefused();
    void exportK6();
    void exportK6WritesDataFiles();
    void exportUsage_data();
    void exportUsage();

private:
    Result run(const QStringList &args, const QByteArray &input = {});
    QStringList ws() const { return {QStringLiteral("--workspace"), m_ws}; }
    // The stored strategy as JSON text (the latest revision).
    QString shown(const QString &name);
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_ws;
};

void TestImportCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_ws = m_dir->filePath(QStringLiteral("ws.lwdb"));
}

Result TestImportCli::run(const QStringList &args, const QByteArray &input)
{
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(QStringLiteral("HOME"), m_dir->path());
    e.insert(QStringLiteral("XDG_DATA_HOME"), m_dir->filePath(QStringLiteral("data")));
    e.insert(QStringLiteral("USER"), QStringLiteral("tester"));
    for (const char *name : {"LOADWRIGHT_WORKSPACE", "TARGET", "PASSWORD", "API_KEY", "AUTH_TOKEN"})
        e.remove(QLatin1String(name));
    p.setProcessEnvironment(e);
    p.start(QStringLiteral(LW_LOADWRIGHT_BINARY), args);
    Result r;
    if (!p.waitForStarted(30000))
        return r;
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit) {
        qWarning() << "loadwright" << args << "did not finish normally:" << p.errorString();
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QString TestImportCli::shown(const QString &name)
{
    const Result r = run(QStringList{QStringLiteral("show"), name} + ws());
    if (r.exitCode != 0)
        qWarning("%s", qPrintable(r.err));
    return r.out;
}

void TestImportCli::harImportValidatesWithoutSecrets()
{
    Result r =
        run(QStringList{QStringLiteral("import-har"), fixture("chromium-shop.har"), QStringLiteral("--name"),
                        QStringLiteral("Shop journey"), QStringLiteral("--correlate")} +
            ws());
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(QLatin1String("10 requests, 5 kept as steps, 5 left out")), qPrintable(r.out));
    QVERIFY2(r.out.contains(QLatin1String("imported Shop journey as revision 1 (5 steps)")),
             qPrintable(r.out));
    QVERIFY(r.out.contains(QLatin1String("correlation suggestions (3, accepted)")));
    QVERIFY(r.out.contains(QLatin1String("before a run, set PASSWORD")));
    // What was left out is listed with the reason.
    QVERIFY(r.out.contains(QLatin1String("/static/shop.css  -  static asset (style sheet)")));
    QVERIFY(r.out.contains(QLatin1String("third-party host www.google-analytics.com")));
    // Neither the output nor the stored strategy holds a recorded credential.
    for (const char *secret : {"secret-0001", "tok-1-0001", "sid-7932"}) {
        QVERIFY2(!r.out.contains(QLatin1String(secret)), secret);
        QVERIFY2(!r.err.contains(QLatin1String(secret)), secret);
    }

    const QString json = shown(QStringLiteral("Shop journey"));
    QVERIFY(json.startsWith(QLatin1Char('{')));
    for (const char *secret : {"secret-0001", "tok-1-0001", "sid-7932"})
        QVERIFY2(!json.contains(QLatin1String(secret)), secret);
    QVERIFY(!json.contains(QLatin1String("/static/")));
    QVERIFY(!json.contains(QLatin1String("google-analytics")));

    const QJsonObject strategy = QJsonDocument::fromJson(json.toUtf8()).object();
    const QJsonArray steps = strategy.value(QLatin1String("scenarios"))
                                 .toArray()
                                 .at(0)
                                 .toObject()
                                 .value(QLatin1String("steps"))
                                 .toArray();
    QCOMPARE(steps.size(), 5);
    // The login's token is extracted and sent as the bearer of the later requests.
    const QJsonObject login = steps.at(1).toObject();
    QCOMPARE(login.value(QLatin1String("name")).toString(), QStringLiteral("POST /api/login"));
    const QJsonArray extract = login.value(QLatin1String("extract")).toArray();
    QVERIFY(!extract.isEmpty());
    QCOMPARE(extract.at(0).toObject().value(QLatin1String("var")).toString(), QStringLiteral("token"));
    QCOMPARE(extract.at(0).toObject().value(QLatin1String("expression")).toString(),
             QStringLiteral("$.token"));
    QVERIFY(login.value(QLatin1String("body")).toString().contains(QLatin1String("${PASSWORD}")));
    bool bearer = false;
    for (const QJsonValue &h : steps.at(3).toObject().value(QLatin1String("headers")).toArray())
        bearer |= h.toObject().value(QLatin1String("value")).toString() == QLatin1String("Bearer {{token}}");
    QVERIFY(bearer);

    // The stored journey validates on its own, once its secret is supplied (and not before).
    const QString file = m_dir->filePath(QStringLiteral("shop.json"));
    r = run(
        QStringList{QStringLiteral("export"), QStringLiteral("Shop journey"), QStringLiteral("-o"), file} +
        ws());
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = run({QStringLiteral("validate"), file, QStringLiteral("--set"), QStringLiteral("PASSWORD=x")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out));
    r = run({QStringLiteral("validate"), file});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("PASSWORD")), qPrintable(r.err));

    // A second import of the same name is a new revision, as with `import`.
    r = run(QStringList{QStringLiteral("import-har"), fixture("chromium-shop.har"), QStringLiteral("--name"),
                        QStringLiteral("Shop journey")} +
            ws());
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.contains(QLatin1String("imported Shop journey as revision 2")));
}

void TestImportCli::harSuggestionsNeedCorrelate()
{
    const Result r = run(QStringList{QStringLiteral("import-har"), fixture("firefox-account.har")} + ws());
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(QLatin1String("(3, 0 accepted; accept with --correlate (all) or --accept ID)")),
             qPrintable(r.out));
    QVERIFY(r.out.contains(QLatin1String("HTML hidden input csrf_token")));
    const QString name =
        r.out.section(QStringLiteral("imported "), 1).section(QStringLiteral(" as revision"), 0, 0);
    QVERIFY(!name.isEmpty());
    const QString json = shown(name);
    // Not accepted: no extraction and no {{variable}}; the recorded CSRF value stays as it was sent.
    QVERIFY(!json.contains(QLatin1String("{{")));
    QVERIFY(!json.contains(QLatin1String("\"var\"")));
    QVERIFY(json.contains(QLatin1String("${PASSWORD}")));
    QVERIFY(json.contains(QLatin1String("${API_KEY}")));
}

void TestImportCli::harKeepAssets()
{
    const Result r = run(QStringList{QStringLiteral("import-har"), fixture("chromium-shop.har"),
                                     QStringLiteral("--keep-assets"), QStringLiteral("--keep-host"),
                                     QStringLiteral("fonts.gstatic.com")} +
                         ws());
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    // The style sheet, the script and the font come back; the analytics host and the cached image stay out.
    QVERIFY2(r.out.contains(QLatin1String("10 requests, 8 kept as steps, 2 left out")), qPrintable(r.out));
    QVERIFY(r.out.contains(QLatin1String("served from the browser cache")));
}

void TestImportCli::harKeepEntry()
{
    // Entry 7 is the image the browser took from its cache.
    Result r = run(QStringList{QStringLiteral("import-har"), fixture("chromium-shop.har"),
                               QStringLiteral("--keep-entry"), QStringLiteral("7"), QStringLiteral("--name"),
                               QStringLiteral("With image")} +
                   ws());
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(QLatin1String("10 requests, 6 kept as steps, 4 left out")), qPrintable(r.out));
    QVERIFY(shown(QStringLiteral("With image")).contains(QLatin1String("/static/kettle.png")));

    for (const char *bad : {"10", "x", "-1"}) {
        r = run(QStringList{QStringLiteral("import-har"), fixture("chromium-shop.har"),
                            QStringLiteral("--keep-entry"), QLatin1String(bad), QStringLiteral("--name"),
                            QStringLiteral("Other")} +
                ws());
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QLatin1String("--keep-entry")), qPrintable(r.err));
    }
    QVERIFY(r.err.contains(QLatin1String("expects an entry number")));
    r = run(QStringList{QStringLiteral("strategies"), QStringLiteral("--json")} + ws());
    QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).array().size(), 1);
}

void TestImportCli::harAcceptAndKeepOneByOne()
{
    // An unknown id is refused before anything is written.
    Result r = run(QStringList{QStringLiteral("import-har"), fixture("chromium-shop.har"),
                               QStringLiteral("--accept"), QStringLiteral("C9")} +
                   ws());
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("--accept C9: not one of C1, C2, C3")), qPrintable(r.err));
    QVERIFY(!QFile::exists(m_ws));
    r = run(QStringList{QStringLiteral("import-har"), fixture("chromium-shop.har"),
                        QStringLiteral("--keep-secret"), QStringLiteral("S1,S99")} +
            ws());
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("--keep-secret S99: not one of S1, S2")), qPrintable(r.err));
    QVERIFY(!QFile::exists(m_ws));

    // Only the product id is correlated; the password is kept on purpose, the token is not.
    r = run(QStringList{QStringLiteral("import-har"), fixture("chromium-shop.har"),
                        QStringLiteral("--accept"), QStringLiteral("c3"), QStringLiteral("--keep-secret"),
                        QStringLiteral("S1"), QStringLiteral("--name"), QStringLiteral("Picked")} +
            ws());
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.contains(QLatin1String("correlation suggestions (3, 1 accepted;")), qPrintable(r.out));
    QVERIFY(r.out.contains(QLatin1String("  C3 + {{items_id}}")));
    QVERIFY(r.out.contains(QLatin1String("  C1   {{token}}")));
    QVERIFY(r.out.contains(QLatin1String("S1  POST /api/login: password field **** - STORED as recorded")));
    QVERIFY(r.out.contains(QLatin1String("before a run, set AUTH_TOKEN (")));
    const QString json = shown(QStringLiteral("Picked"));
    QVERIFY(json.contains(QLatin1String("secret-0001")));
    QVERIFY(json.contains(QLatin1String("{\\\"product_id\\\":{{items_id}}}")));
    QVERIFY(json.contains(QLatin1String("Bearer ${AUTH_TOKEN}")));
    QVERIFY(!json.contains(QLatin1String("tok-1-0001")));
}

void TestImportCli::badHarInput_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("content"); // written to bad.har when not empty
    QTest::addColumn<QString>("message");

    QTest::newRow("syntax") << QStringList{QStringLiteral("bad.har")}
                            << QByteArray(
                                   "{\"log\": {\"version\": \"1.2\",\n \"entries\": [ {\"request\": }]}}")
                            << QStringLiteral("bad.har: line 2, column 27: this is not valid JSON");
    QTest::newRow("missing field")
        << QStringList{QStringLiteral("bad.har")}
        << QByteArray("{\"log\": {\"version\": \"1.2\", \"entries\": [ {\"request\": 5}]}}")
        << QStringLiteral("bad.har: log.entries[0].startedDateTime: missing");
    QTest::newRow("number out of range")
        << QStringList{QStringLiteral("bad.har")} << QByteArray("{\"log\": {\"entries\": [1E99999]}}")
        << QStringLiteral(
               "bad.har: line 1, column 22: this is not valid JSON: the number 1E99999 is out of range");
    QTest::newRow("not a HAR") << QStringList{QStringLiteral("bad.har")} << QByteArray("[1, 2, 3]")
                               << QStringLiteral("bad.har: json: a HAR file is a JSON object with a \"log\"");
    QTest::newRow("no such file") << QStringList{QStringLiteral("nothing-here.har")} << QByteArray()
                                  << QStringLiteral(
                                         "nothing-here.har: cannot read: No such file or directory");
    QTest::newRow("a directory") << QStringList{QStringLiteral(".")} << QByteArray()
                                 << QStringLiteral(".: cannot read: is a directory");
    QTest::newRow("no file") << QStringList() << QByteArray()
                             << QStringLiteral(
                                    "'import-har' needs more arguments: loadwright import-har FILE");
    QTest::newRow("unknown option") << QStringList{fixture("chromium-shop.har"), QStringLiteral("--bogus")}
                                    << QByteArray() << QStringLiteral("unknown option '--bogus'");
}

void TestImportCli::badHarInput()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, content);
    QFETCH(QString, message);
    if (!content.isEmpty()) {
        QFile f(m_dir->filePath(QStringLiteral("bad.har")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    // Relative paths, as a user types them: run in the temporary directory.
    QStringList full{QStringLiteral("import-har")};
    full += args;
    full += ws();
    QDir::setCurrent(m_dir->path());
    const Result r = run(full);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(r.out.isEmpty() || !r.out.contains(QLatin1String("imported ")));
    // Nothing was written: not even the workspace file.
    QVERIFY(!QFile::exists(m_ws));
}

void TestImportCli::curlFromStandardInput()
{
    const QByteArray lines =
        "curl 'http://127.0.0.1:8080/api/login' -H 'Content-Type: application/json' "
        "--data-raw '{\"user\":\"user0001\",\"password\":\"hunter-2222\"}' --compressed\n"
        "curl \"http://127.0.0.1:8080/api/catalogue\" -H \"Authorization: Bearer "
        "abcdef0123456789\" --frobnicate\n";
    // An option not understood stops the import (exit 2, listed with its place, nothing written).
    const Result refused = run(QStringList{QStringLiteral("import-curl"), QStringLiteral("-"),
                                           QStringLiteral("--name"), QStringLiteral("Pasted")} +
                                   ws(),
                               lines);
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains(QLatin1String("line 2, column ")) &&
                 refused.err.contains(QLatin1String("option --frobnicate is not understood")) &&
                 refused.err.contains(QLatin1String("1 option is not understood; nothing was imported")) &&
                 refused.err.contains(QLatin1String("--allow-unknown")),
             qPrintable(refused.err));
    QVERIFY(!refused.out.contains(QLatin1String("imported Pasted")));
    QVERIFY(!QFile::exists(m_ws));
    // With --allow-unknown: imported without it, still said on standard error.
    const Result r =
        run(QStringList{QStringLiteral("import-curl"), QStringLiteral("-"), QStringLiteral("--name"),
                        QStringLiteral("Pasted"), QStringLiteral("--allow-unknown")} +
                ws(),
            lines);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains(QLatin1String("imported without the options that are not understood")),
             qPrintable(r.err));
    QVERIFY2(r.out.contains(QLatin1String("imported Pasted as revision 1 (2 steps)")), qPrintable(r.out));
    // --compressed has no effect (said why), --frobnicate is not understood (said where).
    QVERIFY(r.out.contains(QLatin1String("line 1, column ")));
    QVERIFY(r.out.contains(QLatin1String("--compressed: ")));
    QVERIFY2(r.err.contains(QLatin1String("line 2, column ")) &&
                 r.err.contains(QLatin1String("option --frobnicate is not understood")),
             qPrintable(r.err));
    QVERIFY(r.out.contains(QLatin1String("before a run, set AUTH_TOKEN, PASSWORD")));
    const QString json = shown(QStringLiteral("Pasted"));
    QVERIFY(!json.contains(QLatin1String("hunter-2222")));
    QVERIFY(!json.contains(QLatin1String("abcdef0123456789")));
    QVERIFY(json.contains(QLatin1String("Bearer ${AUTH_TOKEN}")));
    // --help says so.
    const Result help = run({QStringLiteral("import-curl"), QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY2(help.out.contains(QLatin1String("stop the import (exit 2) unless --allow-unknown")) &&
                 help.out.contains(QLatin1String("--allow-unknown")),
             qPrintable(help.out));
}

void TestImportCli::malformedCurlIsRefused()
{
    Result r = run(QStringList{QStringLiteral("import-curl"), QStringLiteral("-")} + ws(),
                   "curl 'http://127.0.0.1:8080/\n");
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("standard input: line 1, column 6: unterminated single quote")),
             qPrintable(r.err));
    QVERIFY(r.err.contains(QLatin1String("nothing was imported")));
    r = run(QStringList{QStringLiteral("import-curl"), QStringLiteral("-")} + ws(),
            "wget http://127.0.0.1/\n");
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("line 1")), qPrintable(r.err));
    QVERIFY(!QFile::exists(m_ws));
}

void TestImportCli::exportK6()
{
    Result r =
        run(QStringList{QStringLiteral("import-har"), fixture("chromium-shop.har"), QStringLiteral("--name"),
                        QStringLiteral("Shop"), QStringLiteral("--correlate")} +
            ws());
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString script = m_dir->filePath(QStringLiteral("shop.js"));
    r = run(QStringList{QStringLiteral("export"), QStringLiteral("Shop"), QStringLiteral("--format"),
                        QStringLiteral("k6"), QStringLiteral("-o"), script} +
            ws());
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY2(r.out.startsWith(QStringLiteral("exported Shop revision 1 as a k6 script to %1\n").arg(script)),
             qPrintable(r.out));
    QVERIFY(r.out.contains(QLatin1String("not translated:\n")));
    const QString text = QString::fromUtf8(readAll(script));
    // The structure k6 needs: its modules, options and a default function; the journey's requests in
    // order, the token extracted from the login and sent as the bearer; no recorded secret.
    for (const char *part :
         {"import http from 'k6/http';", "export const options = {", "export default function () {",
          "\"POST\", env(\"TARGET\", \"http://127.0.0.1:8080\") + \"/api/login\"", "jsonAt(res, [\"token\"])",
          "\"Authorization\": \"Bearer \" + v[\"token\"]", "env(\"PASSWORD\")"})
        QVERIFY2(text.contains(QLatin1String(part)), part);
    QVERIFY(text.indexOf(QLatin1String("/api/login")) < text.indexOf(QLatin1String("/api/checkout")));
    for (const char *secret : {"secret-0001", "tok-1-0001", "sid-7932"})
        QVERIFY2(!text.contains(QLatin1String(secret)), secret);

    // node reads the script as an ES module (k6 itself is not installable here).
    const QString node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node.isEmpty())
        QSKIP("node is not installed: the script's syntax was not checked");
    const QString mjs = m_dir->filePath(QStringLiteral("shop.mjs"));
    QVERIFY(QFile::copy(script, mjs));
    QProcess check;
    check.start(node, {QStringLiteral("--check"), mjs});
    QVERIFY(check.waitForFinished(30000));
    QVERIFY2(check.exitCode() == 0, check.readAllStandardError().constData());
}

// A journey with a data file: the script opens it beside itself, and the file is written there with
// the rows stored in the workspace.
void TestImportCli::exportK6WritesDataFiles()
{
    const QString sample = QStringLiteral(LW_SOURCE_DIR "/resources/strategies/journey-checkout.json");
    Result r = run(QStringList{QStringLiteral("import"), sample} + ws());
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString out = m_dir->filePath(QStringLiteral("k6"));
    QVERIFY(QDir().mkpath(out));
    const QString script = out + QStringLiteral("/checkout.js");
    r = run(QStringList{QStringLiteral("export"), QStringLiteral("Checkout journey"),
                        QStringLiteral("--format"), QStringLiteral("K6"), QStringLiteral("-o"), script} +
            ws());
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    const QString csv = out + QStringLiteral("/journey-users.csv");
    QVERIFY2(r.out.contains(QStringLiteral("wrote the data file %1\n").arg(csv)), qPrintable(r.out));
    QCOMPARE(readAll(csv), readAll(QStringLiteral(LW_SOURCE_DIR "/resources/strategies/journey-users.csv")));
    QVERIFY(readAll(script).contains("open(\"./journey-users.csv\")"));
    QVERIFY(r.out.contains(QLatin1String("Data rows: ")));
}

void TestImportCli::exportUsage_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown format") << QStringList{QStringLiteral("--format"), QStringLiteral("yaml"),
                                                   QStringLiteral("-o"), QStringLiteral("x.js")}
                                    << QStringLiteral(
                                           "'export' writes --format json (the default) or k6, not 'yaml'");
    QTest::newRow("no output") << QStringList{QStringLiteral("--format"), QStringLiteral("k6")}
                               << QStringLiteral("'export' needs -o FILE");
    QTest::newRow("bad revision") << QStringList{QStringLiteral("--format"),   QStringLiteral("k6"),
                                                 QStringLiteral("-o"),         QStringLiteral("x.js"),
                                                 QStringLiteral("--revision"), QStringLiteral("7")}
                                  << QStringLiteral("has no revision 7");
}

void TestImportCli::exportUsage()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    Result r = run(QStringList{QStringLiteral("import-har"), fixture("chromium-shop.har"),
                               QStringLiteral("--name"), QStringLiteral("Shop")} +
                   ws());
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QDir::setCurrent(m_dir->path());
    r = run(QStringList{QStringLiteral("export"), QStringLiteral("Shop")} + args + ws());
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(!QFile::exists(m_dir->filePath(QStringLiteral("x.js"))));
}

QTEST_GUILESS_MAIN(TestImportCli)
#include "tst_importcli.moc"
