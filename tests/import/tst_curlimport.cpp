// curl import: command lines as browsers copy them (bash '...', $'...', "...", backslash-newline;
// Windows cmd ^ escapes and "..." with "" inside), the options that map to a step, the ones listed
// as without effect or unknown, secrets, and malformed lines refused with line and column.

#include "import/curlimport.h"
#include "model/strategyvalidator.h"

#include <QtTest>

using namespace lw;
using namespace lw::import;

Q_DECLARE_METATYPE(lw::import::ShellDialect)

namespace {

QString headersText(const Step &st)
{
    QStringList out;
    for (const StepHeader &h : st.headers)
        out.append(h.name + QStringLiteral(": ") + h.value);
    return out.join(QLatin1Char('|'));
}

} // namespace

class TestCurlImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void quotingStyles_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<ShellDialect>("dialect");
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("headers");
        QTest::addColumn<QString>("body");

        QTest::newRow("chromium bash")
            << QStringLiteral("curl 'http://127.0.0.1:8080/api/login' \\\n"
                              "  -H 'Accept: application/json' \\\n"
                              "  -H 'Content-Type: application/json' \\\n"
                              "  --data-raw '{\"user\":\"user0001\",\"remember\":true}'\n")
            << ShellDialect::Auto << QStringLiteral("POST")
            << QStringLiteral("${TARGET:-http://127.0.0.1:8080}/api/login")
            << QStringLiteral("Accept: application/json|Content-Type: application/json")
            << QStringLiteral("{\"user\":\"user0001\",\"remember\":true}");
        QTest::newRow("bash ansi-c")
            << QStringLiteral("curl 'http://127.0.0.1:8080/api/notes' -H 'content-type: text/plain' "
                              "--data-raw $'line one\\nit\\'s \\u00e9t\\u00e9\\x21 \\\\o/'")
            << ShellDialect::Auto << QStringLiteral("POST")
            << QStringLiteral("${TARGET:-http://127.0.0.1:8080}/api/notes")
            << QStringLiteral("content-type: text/plain")
            << QStringLiteral("line one\nit's \u00e9t\u00e9! \\o/");
        QTest::newRow("bash double quotes")
            << QStringLiteral("curl -X PUT \"http://127.0.0.1:8080/api/items/7\" "
                              "-H \"X-Note: say \\\"hi\\\" for \\$5\" --data-binary \"a b\"")
            << ShellDialect::Auto << QStringLiteral("PUT")
            << QStringLiteral("${TARGET:-http://127.0.0.1:8080}/api/items/7")
            << QStringLiteral("X-Note: say \"hi\" for $5|Content-Type: application/x-www-form-urlencoded")
            << QStringLiteral("a b");
        QTest::newRow("bash unquoted escapes")
            << QStringLiteral("curl http://127.0.0.1:8080/a\\&b -H X-A:\\ 1  # a comment\n")
            << ShellDialect::Auto << QStringLiteral("GET")
            << QStringLiteral("${TARGET:-http://127.0.0.1:8080}/a&b") << QStringLiteral("X-A: 1")
            << QString();
        QTest::newRow("chromium cmd")
            << QStringLiteral(
                   "curl ^\"http://127.0.0.1:8080/api/cart/items?x=1^&y=50%^25^\" ^\n"
                   "  -H ^\"Content-Type: application/json^\" ^\n"
                   "  --data-raw ^\"^{^\\^\"product_id^\\^\":1001,^\\^\"note^\\^\":^\\^\"a^|b^\\^\"^}^\"\r\n")
            << ShellDialect::Auto << QStringLiteral("POST")
            << QStringLiteral("${TARGET:-http://127.0.0.1:8080}/api/cart/items?x=1&y=50%25")
            << QStringLiteral("Content-Type: application/json")
            << QStringLiteral("{\"product_id\":1001,\"note\":\"a|b\"}");
        QTest::newRow("chromium cmd newline in data")
            << QStringLiteral("curl ^\"http://127.0.0.1:8080/n^\" --data-raw ^\"one^\n\ntwo^\"")
            << ShellDialect::Auto << QStringLiteral("POST")
            << QStringLiteral("${TARGET:-http://127.0.0.1:8080}/n")
            << QStringLiteral("Content-Type: application/x-www-form-urlencoded")
            << QStringLiteral("one\ntwo");
        QTest::newRow("windows double quotes")
            << QStringLiteral(
                   "curl \"http://127.0.0.1:8080/api/search?q=50\"%\"25\" -H \"X-Note: say \"\"hi\"\"\" "
                   "--data-raw \"a=1\"")
            << ShellDialect::Cmd << QStringLiteral("POST")
            << QStringLiteral("${TARGET:-http://127.0.0.1:8080}/api/search?q=50%25")
            << QStringLiteral("X-Note: say \"hi\"|Content-Type: application/x-www-form-urlencoded")
            << QStringLiteral("a=1");
        QTest::newRow("windows backslashes")
            << QStringLiteral(
                   "curl.exe \"http://127.0.0.1:8080/p\" -H \"X-Path: C:\\dir\\\\\" -d \"\\\"q\\\"\"")
            << ShellDialect::Auto << QStringLiteral("POST")
            << QStringLiteral("${TARGET:-http://127.0.0.1:8080}/p")
            << QStringLiteral("X-Path: C:\\dir\\|Content-Type: application/x-www-form-urlencoded")
            << QStringLiteral("\"q\"");
        QTest::newRow("options")
            << QStringLiteral("curl -sSL -X POST -A 'LoadBot/1' -e 'http://127.0.0.1:8080/' -G -d 'q=tea' "
                              "-d page=2 --compressed -k 'http://127.0.0.1:8080/search'")
            << ShellDialect::Auto << QStringLiteral("POST")
            << QStringLiteral("${TARGET:-http://127.0.0.1:8080}/search?q=tea&page=2")
            << QStringLiteral("User-Agent: LoadBot/1|Referer: http://127.0.0.1:8080/") << QString();
        QTest::newRow("json") << QStringLiteral("curl --json '{\"a\":1}' --url http://127.0.0.1:8080/api")
                              << ShellDialect::Auto << QStringLiteral("POST")
                              << QStringLiteral("${TARGET:-http://127.0.0.1:8080}/api")
                              << QStringLiteral("Content-Type: application/json|Accept: application/json")
                              << QStringLiteral("{\"a\":1}");
        QTest::newRow("data-urlencode")
            << QStringLiteral("curl 127.0.0.1:8080/f --data-urlencode 'q=tea & cake' --data-urlencode plain")
            << ShellDialect::Auto << QStringLiteral("POST")
            << QStringLiteral("${TARGET:-http://127.0.0.1:8080}/f")
            << QStringLiteral("Content-Type: application/x-www-form-urlencoded")
            << QStringLiteral("q=tea%20%26%20cake&plain");
        QTest::newRow("head and attached values")
            << QStringLiteral("curl -I -HX-Id:\\ 42 http://127.0.0.1:8080/") << ShellDialect::Auto
            << QStringLiteral("HEAD") << QStringLiteral("${TARGET:-http://127.0.0.1:8080}/")
            << QStringLiteral("X-Id: 42") << QString();
        QTest::newRow("dropped headers")
            << QStringLiteral(
                   "curl http://127.0.0.1:8080/ -H 'Accept-Encoding: gzip' -H 'Host: x' -H 'X-Empty;'")
            << ShellDialect::Auto << QStringLiteral("GET")
            << QStringLiteral("${TARGET:-http://127.0.0.1:8080}/") << QStringLiteral("X-Empty: ")
            << QString();
    }
    void quotingStyles()
    {
        QFETCH(QString, text);
        QFETCH(ShellDialect, dialect);
        CurlOptions o;
        o.dialect = dialect;
        CurlError error;
        const auto r = importCurl(text, o, &error);
        QVERIFY2(r, qPrintable(error.message));
        QCOMPARE(r->draft.scenarios.size(), 1);
        QCOMPARE(r->draft.scenarios[0].steps.size(), 1);
        const Step &st = r->draft.scenarios[0].steps[0];
        QTEST(st.method, "method");
        QTEST(st.url, "url");
        QTEST(headersText(st), "headers");
        QTEST(st.body, "body");
        QVERIFY(r->unknownOptions.isEmpty());
        const Variables vars{{}, false};
        const QList<ValidationIssue> issues = validateStrategy(r->strategy, vars);
        QVERIFY2(issues.isEmpty(), qPrintable(issues.value(0).toString()));
    }

    void severalCommandsAreSteps()
    {
        const QString text = QStringLiteral(
            "curl 'http://127.0.0.1:8080/api/catalogue' -H 'Accept: application/json' ;\n"
            "curl 'http://127.0.0.1:8080/api/catalogue' ;\n"
            "curl 'https://api.example.test/v1/ping' -X DELETE && curl http://127.0.0.1:8080/done\n");
        CurlError error;
        const auto r = importCurl(text, CurlOptions(), &error);
        QVERIFY2(r, qPrintable(error.message));
        QStringList names;
        for (const Step &st : r->strategy.scenarios[0].steps)
            names.append(st.name + QLatin1Char(' ') + st.url);
        QCOMPARE(names,
                 (QStringList{
                     QStringLiteral("GET /api/catalogue ${TARGET:-http://127.0.0.1:8080}/api/catalogue"),
                     QStringLiteral("GET /api/catalogue (2) ${TARGET:-http://127.0.0.1:8080}/api/catalogue"),
                     QStringLiteral("DELETE /v1/ping https://api.example.test/v1/ping"),
                     QStringLiteral("GET /done ${TARGET:-http://127.0.0.1:8080}/done")}));
        QCOMPARE(r->strategy.name, QStringLiteral("Imported requests"));
    }

    void optionsWithoutEffectAndUnknownAreListed()
    {
        const QString text =
            QStringLiteral("curl -sS --compressed -k \\\n  --frobnicate -Z 'http://127.0.0.1:8080/'");
        CurlError error;
        const auto r = importCurl(text, CurlOptions(), &error);
        QVERIFY2(r, qPrintable(error.message));
        QStringList unknown;
        for (const CurlOptionNote &n : r->unknownOptions)
            unknown.append(QStringLiteral("%1:%2 %3").arg(n.line).arg(n.column).arg(n.option));
        QCOMPARE(unknown, (QStringList{QStringLiteral("2:3 --frobnicate"), QStringLiteral("2:16 -Z")}));
        QStringList ignored;
        for (const CurlOptionNote &n : r->ignoredOptions)
            ignored.append(n.option);
        QCOMPARE(ignored, (QStringList{QStringLiteral("-sS"), QStringLiteral("-sS"),
                                       QStringLiteral("--compressed"), QStringLiteral("-k")}));
        for (const CurlOptionNote &n : r->ignoredOptions)
            QVERIFY(!n.note.isEmpty());
        QVERIFY(r->notes.join(QLatin1Char('\n'))
                    .contains(QLatin1String("option --frobnicate is not understood")));
    }

    void credentialsAreVariables()
    {
        const QString text =
            QStringLiteral("curl -u 'ada:pw' -b 'sid=abc123; theme=dark' -H 'X-Api-Key: k-9f8e7d6c5b4a' "
                           "'http://127.0.0.1:8080/api/me?access_token=zzz999&page=1' --data-raw "
                           "'client_secret=s3cr3t&x=1'");
        CurlError error;
        const auto r = importCurl(text, CurlOptions(), &error);
        QVERIFY2(r, qPrintable(error.message));
        QStringList flagged;
        for (const FlaggedSecret &s : r->secrets)
            flagged.append(s.what + QStringLiteral(" -> ") + s.variable);
        QCOMPARE(flagged, (QStringList{QStringLiteral("Authorization header -> BASIC_AUTH"),
                                       QStringLiteral("Cookie header -> COOKIE"),
                                       QStringLiteral("X-Api-Key header -> X_API_KEY"),
                                       QStringLiteral("access_token in the query -> ACCESS_TOKEN"),
                                       QStringLiteral("client_secret form field -> CLIENT_SECRET")}));
        const Step &st = r->strategy.scenarios[0].steps[0];
        QCOMPARE(headersText(st), QStringLiteral("Authorization: Basic ${BASIC_AUTH}|Cookie: ${COOKIE}|"
                                                 "X-Api-Key: ${X_API_KEY}|"
                                                 "Content-Type: application/x-www-form-urlencoded"));
        QCOMPARE(st.url, QStringLiteral(
                             "${TARGET:-http://127.0.0.1:8080}/api/me?access_token=${ACCESS_TOKEN}&page=1"));
        QCOMPARE(st.body, QStringLiteral("client_secret=${CLIENT_SECRET}&x=1"));
        // The draft has what was recorded (base64 of ada:pw); kept on purpose it is stored.
        ImportChoices keep;
        keep.keptSecrets = {r->secrets[0].id};
        QCOMPARE(buildStrategy(*r, keep).scenarios[0].steps[0].headers[0].value,
                 QStringLiteral("Basic YWRhOnB3"));
    }

    void malformedLinesAreRefusedWithWhere_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("unterminated single quote")
            << QStringLiteral("curl 'http://127.0.0.1:8080/")
            << QStringLiteral("line 1, column 6: unterminated single quote");
        QTest::newRow("unterminated double quote")
            << QStringLiteral("curl http://127.0.0.1:8080/ \\\n  -H \"Accept: */*")
            << QStringLiteral("line 2, column 6: unterminated double quote");
        QTest::newRow("unterminated ansi-c")
            << QStringLiteral("curl http://a/ -d $'abc")
            << QStringLiteral("line 1, column 19: unterminated $'...' quote");
        QTest::newRow("cmd unterminated")
            << QStringLiteral("curl -H ^\"A: b^\" ^\n  ^\"http://127.0.0.1:8080/")
            << QStringLiteral("line 2, column 4: unterminated double quote");
        QTest::newRow("no url") << QStringLiteral("\n  curl -H 'Accept: */*'")
                                << QStringLiteral("line 2, column 3: this curl command has no URL");
        QTest::newRow("not curl") << QStringLiteral("curl http://a/\nwget http://b/")
                                  << QStringLiteral(
                                         "line 2, column 1: expected a curl command, found 'wget'");
        QTest::newRow("missing value")
            << QStringLiteral("curl http://a/ -H") << QStringLiteral("line 1, column 16: -H needs a value");
        QTest::newRow("data from a file") << QStringLiteral("curl http://a/ -d @body.json")
                                          << QStringLiteral("line 1, column 16: -d @body.json reads a file");
        QTest::newRow("bad header") << QStringLiteral("curl http://a/ -H 'no colon'")
                                    << QStringLiteral(
                                           "line 1, column 16: -H 'no colon' is not a 'Name: value' header");
        QTest::newRow("not http") << QStringLiteral("curl ftp://a/x")
                                  << QStringLiteral("line 1, column 1: 'ftp://a/x' is not an http");
        QTest::newRow("empty") << QStringLiteral("  \n# nothing\n")
                               << QStringLiteral("line 1, column 1: no curl command found");
    }
    void malformedLinesAreRefusedWithWhere()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        CurlError error;
        QVERIFY(!importCurl(text, CurlOptions(), &error));
        QVERIFY2(error.message.startsWith(message), qPrintable(error.message));
        QVERIFY(error.line > 0 && error.column > 0);
    }
};

QTEST_GUILESS_MAIN(TestCurlImport)
#include "tst_curlimport.moc"
