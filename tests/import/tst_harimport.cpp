// HAR import: Chromium and Firefox recordings (tests/import/data) as journeys. Filtering of assets,
// third-party hosts and cached answers; headers; correlation suggestions (a token from a JSON login
// used as Authorization: Bearer, a CSRF value from an HTML form posted later, a Location header, a
// Set-Cookie value sent in a header); secrets; think times; malformed files refused with where.

#include "import/harimport.h"
#include "model/strategyjson.h"
#include "model/strategyvalidator.h"

#include <QFile>
#include <QtTest>

using namespace lw;
using namespace lw::import;

namespace {

QByteArray fixture(const char *name)
{
    QFile f(QStringLiteral(LW_TEST_DATA_DIR "/data/") + QLatin1String(name));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

ImportResult imported(const char *name, const HarOptions &options = {})
{
    HarError error;
    const std::optional<ImportResult> r = importHar(fixture(name), options, &error);
    if (!r)
        qWarning("%s", qPrintable(error.message));
    return r.value_or(ImportResult());
}

const CorrelationSuggestion *suggestionFor(const ImportResult &r, const QString &value)
{
    for (const CorrelationSuggestion &s : r.suggestions)
        if (s.recordedValue == value)
            return &s;
    return nullptr;
}

const FlaggedSecret *secret(const ImportResult &r, const QString &step, const QString &what)
{
    for (const FlaggedSecret &s : r.secrets)
        if (s.stepName == step && s.what == what)
            return &s;
    return nullptr;
}

QString header(const Step &st, const QString &name)
{
    for (const StepHeader &h : st.headers)
        if (h.name.compare(name, Qt::CaseInsensitive) == 0)
            return h.value;
    return QStringLiteral("<absent>");
}

QStringList stepNames(const Strategy &s)
{
    QStringList names;
    for (const Step &st : s.scenarios.value(0).steps)
        names.append(st.name);
    return names;
}

// Valid with the secret variables supplied, as a run would have them.
QList<ValidationIssue> issuesOf(const Strategy &s, const QStringList &secrets)
{
    Variables vars{{}, false};
    for (const QString &v : secrets)
        vars.values.insert(v, QStringLiteral("x"));
    return validateStrategy(s, vars);
}

} // namespace

class TestHarImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chromiumStepsAndFilters()
    {
        const ImportResult r = imported("chromium-shop.har");
        QCOMPARE(stepNames(r.strategy),
                 (QStringList{QStringLiteral("GET /shop"), QStringLiteral("POST /api/login"),
                              QStringLiteral("GET /api/catalogue"), QStringLiteral("POST /api/cart/items"),
                              QStringLiteral("POST /api/checkout")}));
        QCOMPARE(r.strategy.name, QStringLiteral("Demo shop"));
        QCOMPARE(r.strategy.schemaVersion(), 2);
        QStringList left;
        for (const LeftOutRequest &l : r.leftOut)
            left.append(QStringLiteral("%1 %2").arg(l.entry).arg(l.describe()));
        QCOMPARE(left, (QStringList{QStringLiteral("1 static asset (style sheet)"),
                                    QStringLiteral("2 static asset (script)"),
                                    QStringLiteral("3 third-party host fonts.gstatic.com"),
                                    QStringLiteral("5 third-party host www.google-analytics.com"),
                                    QStringLiteral("7 served from the browser cache")}));

        const QList<Step> &steps = r.strategy.scenarios[0].steps;
        // The site's origin is ${TARGET}; recorded paths follow it.
        QCOMPARE(steps[1].url, QStringLiteral("${TARGET:-http://127.0.0.1:8080}/api/login"));
        // Host, Content-Length, Connection, Accept-Encoding and Cookie are not copied.
        for (const Step &st : steps) {
            for (const char *dropped : {"Host", "Content-Length", "Connection", "Accept-Encoding", "Cookie"})
                QCOMPARE(header(st, QLatin1String(dropped)), QStringLiteral("<absent>"));
        }
        QCOMPARE(header(steps[1], QStringLiteral("Content-Type")), QStringLiteral("application/json"));
        QCOMPARE(header(steps[1], QStringLiteral("Referer")), QStringLiteral("http://127.0.0.1:8080/shop"));
        QCOMPARE(steps[0].checks.size(), 1);
        QCOMPARE(steps[0].checks[0].statuses, QList<int>{200});
        // No think times unless asked for.
        for (const Step &st : steps)
            QCOMPARE(st.thinkTime, QStringLiteral("0s"));
        QVERIFY(issuesOf(r.strategy, secretVariablesUsed(r, r.strategy)).isEmpty());
    }

    void keepAssetsHostsAndEntries()
    {
        HarOptions o;
        o.keepAssets = true;
        const ImportResult assets = imported("chromium-shop.har", o);
        QCOMPARE(assets.strategy.scenarios[0].steps.size(), 7); // + style sheet and script
        QCOMPARE(assets.leftOut.size(), 3);

        HarOptions hosts;
        hosts.keepHosts = {QStringLiteral("www.google-analytics.com")};
        hosts.include = {7};
        const ImportResult r = imported("chromium-shop.har", hosts);
        const QStringList names = stepNames(r.strategy);
        QVERIFY2(names.contains(QStringLiteral("POST /g/collect")), qPrintable(names.join(QLatin1Char(','))));
        QVERIFY(names.contains(QStringLiteral("GET /static/kettle.png")));
        // A kept third-party host keeps its literal URL.
        for (const Step &st : r.strategy.scenarios[0].steps)
            if (st.name == QLatin1String("POST /g/collect"))
                QVERIFY(st.url.startsWith(QLatin1String("https://www.google-analytics.com/g/collect?")));
    }

    void tokenFromJsonLoginBecomesBearer()
    {
        const ImportResult r = imported("chromium-shop.har");
        const CorrelationSuggestion *token = suggestionFor(r, QStringLiteral("tok-1-0001"));
        QVERIFY(token);
        QCOMPARE(token->sourceStepName, QStringLiteral("POST /api/login"));
        QCOMPARE(token->extraction.var, QStringLiteral("token"));
        QCOMPARE(lw::toString(token->extraction.from), lw::toString(ExtractFrom::Json));
        QCOMPARE(token->extraction.expression, QStringLiteral("$.token"));
        QCOMPARE(token->uses.size(), 2);
        QCOMPARE(token->uses[0].stepName, QStringLiteral("POST /api/cart/items"));
        QCOMPARE(token->uses[0].place, QStringLiteral("header Authorization"));
        QVERIFY(token->masked); // a token is shown masked
        QVERIFY(!token->shownValue.contains(QLatin1String("0001")));

        // The session cookie sent as X-Session, and the product id from the catalogue.
        const CorrelationSuggestion *session = suggestionFor(r, QStringLiteral("sid-7932"));
        QVERIFY(session);
        QCOMPARE(lw::toString(session->extraction.from), lw::toString(ExtractFrom::Cookie));
        QCOMPARE(session->extraction.expression, QStringLiteral("session"));
        QCOMPARE(session->uses.size(), 1);
        QCOMPARE(session->uses[0].place, QStringLiteral("header X-Session"));
        const CorrelationSuggestion *product = suggestionFor(r, QStringLiteral("1001"));
        QVERIFY(product);
        QCOMPARE(product->extraction.expression, QStringLiteral("$.items[0].id"));
        QCOMPARE(product->extraction.var, QStringLiteral("items_id"));
        // Values the user typed (the user name echoed by the login answer) are not suggested.
        QVERIFY(!suggestionFor(r, QStringLiteral("user0001")));
        QCOMPARE(r.suggestions.size(), 3);

        // Nothing accepted: the recorded token stays out (a secret), replaced by ${AUTH_TOKEN}.
        const QList<Step> &plain = r.strategy.scenarios[0].steps;
        QCOMPARE(header(plain[3], QStringLiteral("Authorization")), QStringLiteral("Bearer ${AUTH_TOKEN}"));
        QVERIFY(plain[1].extract.isEmpty());

        // All accepted: extractions on the login and catalogue steps, variables in the later requests.
        const Strategy built = buildStrategy(r, ImportChoices::acceptAll(r));
        const QList<Step> &steps = built.scenarios[0].steps;
        QCOMPARE(steps[1].extract.size(), 2);
        QCOMPARE(steps[1].extract[0].var, QStringLiteral("token"));
        QCOMPARE(header(steps[3], QStringLiteral("Authorization")), QStringLiteral("Bearer {{token}}"));
        QCOMPARE(header(steps[4], QStringLiteral("Authorization")), QStringLiteral("Bearer {{token}}"));
        QCOMPARE(header(steps[4], QStringLiteral("X-Session")), QStringLiteral("{{session}}"));
        QCOMPARE(steps[3].body, QStringLiteral("{\"product_id\":{{items_id}}}"));
        // The recorded token is nowhere in the strategy, and no longer a variable to set.
        QVERIFY(!toJson(built).contains("tok-1-0001"));
        QCOMPARE(secretVariablesUsed(r, built), QStringList{QStringLiteral("PASSWORD")});
        const QList<ValidationIssue> issues = issuesOf(built, secretVariablesUsed(r, built));
        QVERIFY2(issues.isEmpty(), qPrintable(issues.value(0).toString()));
    }

    void suggestionsAreAcceptedOneByOne()
    {
        const ImportResult r = imported("chromium-shop.har");
        ImportChoices only;
        only.acceptedSuggestions = {suggestionFor(r, QStringLiteral("1001"))->id};
        const Strategy built = buildStrategy(r, only);
        const QList<Step> &steps = built.scenarios[0].steps;
        QCOMPARE(steps[3].body, QStringLiteral("{\"product_id\":{{items_id}}}"));
        QCOMPARE(header(steps[3], QStringLiteral("Authorization")), QStringLiteral("Bearer ${AUTH_TOKEN}"));
        QCOMPARE(header(steps[4], QStringLiteral("X-Session")), QStringLiteral("sid-7932"));
        QCOMPARE(steps[2].extract.size(), 1);
        QVERIFY(steps[1].extract.isEmpty());
    }

    void secretsAreFlaggedAndNotStored()
    {
        const ImportResult r = imported("chromium-shop.har");
        const FlaggedSecret *password =
            secret(r, QStringLiteral("POST /api/login"), QStringLiteral("password field"));
        QVERIFY(password);
        QCOMPARE(password->variable, QStringLiteral("PASSWORD"));
        QCOMPARE(password->shownValue, QStringLiteral("****"));
        const FlaggedSecret *bearer =
            secret(r, QStringLiteral("POST /api/cart/items"), QStringLiteral("Authorization header"));
        QVERIFY(bearer);
        QCOMPARE(bearer->variable, QStringLiteral("AUTH_TOKEN"));
        // The same token in the next step shares the variable.
        QCOMPARE(
            secret(r, QStringLiteral("POST /api/checkout"), QStringLiteral("Authorization header"))->variable,
            QStringLiteral("AUTH_TOKEN"));
        const FlaggedSecret *cookie =
            secret(r, QStringLiteral("GET /api/catalogue"), QStringLiteral("Cookie header"));
        QVERIFY(cookie);
        QVERIFY(cookie->variable.isEmpty()); // left to the cookie jar

        const QByteArray json = toJson(r.strategy);
        for (const char *recorded : {"secret-0001", "tok-1-0001", "session=sid-7932"})
            QVERIFY2(!json.contains(recorded), recorded);
        QVERIFY(json.contains("\\\"password\\\":\\\"${PASSWORD}\\\""));

        // Kept on purpose: stored as recorded.
        ImportChoices keep;
        keep.keptSecrets = {password->id, cookie->id};
        const Strategy kept = buildStrategy(r, keep);
        QVERIFY(kept.scenarios[0].steps[1].body.contains(QLatin1String("secret-0001")));
        QCOMPARE(header(kept.scenarios[0].steps[2], QStringLiteral("Cookie")),
                 QStringLiteral("session=sid-7932"));
        QCOMPARE(header(kept.scenarios[0].steps[3], QStringLiteral("Cookie")), QStringLiteral("<absent>"));
    }

    void firefoxFormWithCsrfAndRedirect()
    {
        const ImportResult r = imported("firefox-account.har");
        QCOMPARE(stepNames(r.strategy),
                 (QStringList{QStringLiteral("GET /account/login"), QStringLiteral("POST /account/login"),
                              QStringLiteral("GET /account/orders/58213"),
                              QStringLiteral("POST /account/address")}));
        QCOMPARE(r.strategy.name, QStringLiteral("Sign in - Example Shop"));
        QStringList left;
        for (const LeftOutRequest &l : r.leftOut)
            left.append(l.describe());
        QCOMPARE(left, (QStringList{QStringLiteral("third-party host cdn.example.net"),
                                    QStringLiteral("static asset (image)")}));
        const QList<Step> &steps = r.draft.scenarios[0].steps;
        // Firefox's postData.params become the form body; TE: trailers and HTTP/2's Host are dropped.
        QVERIFY(
            steps[1].body.startsWith(QLatin1String("csrf_token=9f8e7d6c5b4a39281706f5e4d3c2b1a0&email=")));
        QCOMPARE(header(steps[0], QStringLiteral("TE")), QStringLiteral("<absent>"));
        QCOMPARE(steps[0].url, QStringLiteral("${TARGET:-https://shop.example.test}/account/login"));

        // The CSRF value of the login form, from its hidden input, into the posted form.
        const CorrelationSuggestion *csrf =
            suggestionFor(r, QStringLiteral("9f8e7d6c5b4a39281706f5e4d3c2b1a0"));
        QVERIFY(csrf);
        QCOMPARE(lw::toString(csrf->extraction.from), lw::toString(ExtractFrom::Regex));
        QCOMPARE(csrf->how, QStringLiteral("HTML hidden input csrf_token"));
        QCOMPARE(csrf->extraction.var, QStringLiteral("csrf_token"));
        QCOMPARE(csrf->uses.size(), 1);
        QCOMPARE(csrf->uses[0].place, QStringLiteral("body"));
        // The second form's token, a different value, gets its own variable.
        const CorrelationSuggestion *csrf2 =
            suggestionFor(r, QStringLiteral("3c2b1a09f8e7d6c5b4a3928170f6e5d4"));
        QVERIFY(csrf2);
        QCOMPARE(csrf2->extraction.var, QStringLiteral("csrf_token_2"));
        QCOMPARE(csrf2->sourceStepName, QStringLiteral("GET /account/orders/58213"));
        // The redirect's Location is the next URL's path.
        const CorrelationSuggestion *location = suggestionFor(r, QStringLiteral("/account/orders/58213"));
        QVERIFY(location);
        QCOMPARE(lw::toString(location->extraction.from), lw::toString(ExtractFrom::Header));
        QCOMPARE(location->extraction.expression, QStringLiteral("location"));
        // A cookie only sent back as a cookie is the jar's business, not a suggestion.
        QVERIFY(!suggestionFor(r, QStringLiteral("Wm4kS2r7Yc1d")));

        const Strategy built = buildStrategy(r, ImportChoices::acceptAll(r));
        const QList<Step> &b = built.scenarios[0].steps;
        QVERIFY2(b[1].body.startsWith(QLatin1String("csrf_token={{csrf_token}}&email=")),
                 qPrintable(b[1].body));
        QVERIFY(b[1].body.endsWith(QLatin1String("&password=${PASSWORD}")));
        // A password is shown without any of its characters, however long (a header shows its scheme).
        const FlaggedSecret *password =
            secret(r, QStringLiteral("POST /account/login"), QStringLiteral("password form field"));
        QVERIFY(password);
        QVERIFY(password->recordedValue.size() >= 12);
        QCOMPARE(password->shownValue, QStringLiteral("****"));
        const FlaggedSecret *key =
            secret(r, QStringLiteral("GET /account/orders/58213"), QStringLiteral("api_key in the query"));
        QVERIFY(key);
        QCOMPARE(key->shownValue, QStringLiteral("****"));
        QCOMPARE(b[3].body, QStringLiteral("csrf_token={{csrf_token_2}}&street=1+Analytical+Engine+Way"));
        QCOMPARE(
            b[2].url,
            QStringLiteral("${TARGET:-https://shop.example.test}{{location}}?view=full&api_key=${API_KEY}"));
        QCOMPARE(b[0].extract.value(0).expression,
                 QStringLiteral("name=\"csrf_token\"[^>]*?value=\"([^\"]*)\""));
        QCOMPARE(b[2].extract.value(0).expression,
                 QStringLiteral("value=\"([^\"]*)\"[^>]*?name=\"csrf_token\""));
        QCOMPARE(secretVariablesUsed(r, built),
                 (QStringList{QStringLiteral("API_KEY"), QStringLiteral("PASSWORD")}));
        const QList<ValidationIssue> issues = issuesOf(built, secretVariablesUsed(r, built));
        QVERIFY2(issues.isEmpty(), qPrintable(issues.value(0).toString()));
    }

    void thinkTimesFromRecordedGaps()
    {
        HarOptions o;
        o.thinkTimes = true;
        const ImportResult r = imported("firefox-account.har", o);
        QStringList think;
        for (const Step &st : r.strategy.scenarios[0].steps)
            think.append(st.thinkTime);
        // 4212 ms -> 4s, 15 ms -> 0 (the browser following a redirect), 6508 ms -> 6.5s, last step 0.
        QCOMPARE(think, (QStringList{QStringLiteral("4s"), QStringLiteral("0s"), QStringLiteral("6.5s"),
                                     QStringLiteral("0s")}));
    }

    void thinkTimeRounding_data()
    {
        QTest::addColumn<double>("gap");
        QTest::addColumn<qint64>("ms");
        QTest::newRow("browser at work") << 150.0 << qint64(0);
        QTest::newRow("negative") << -20.0 << qint64(0);
        QTest::newRow("short") << 740.0 << qint64(700);
        QTest::newRow("seconds") << 3260.0 << qint64(3500);
        QTest::newRow("long") << 12400.0 << qint64(12000);
    }
    void thinkTimeRounding()
    {
        QFETCH(double, gap);
        QFETCH(qint64, ms);
        QCOMPARE(roundedThinkTimeMs(gap), ms);
    }

    void malformedHarIsRefusedWithWhere_data()
    {
        QTest::addColumn<QByteArray>("har");
        QTest::addColumn<QString>("message");
        QTest::newRow("syntax") << QByteArray("{\n  \"log\": {\n    \"entries\": [,]\n  }\n}")
                                << QStringLiteral("line 3, column 17: this is not valid JSON");
        QTest::newRow("not an object")
            << QByteArray("[]") << QStringLiteral("json: a HAR file is a JSON object");
        QTest::newRow("no log") << QByteArray("{}") << QStringLiteral("log: missing");
        QTest::newRow("no url")
            << QByteArray(
                   "{\"log\":{\"entries\":[{\"startedDateTime\":\"2026-12-01T09:30:00.000Z\",\"request\":"
                   "{\"method\":\"GET\"},\"response\":{\"status\":200}}]}}")
            << QStringLiteral("log.entries[0].request.url: missing");
        QTest::newRow("bad header")
            << QByteArray(
                   "{\"log\":{\"entries\":[{\"startedDateTime\":\"2026-12-01T09:30:00.000Z\",\"request\":"
                   "{\"method\":\"GET\",\"url\":\"http://a/\",\"headers\":[{\"name\":\"A\",\"value\":3}]},"
                   "\"response\":{\"status\":200}}]}}")
            << QStringLiteral("log.entries[0].request.headers[0].value: must be a string");
        QTest::newRow("bad date")
            << QByteArray("{\"log\":{\"entries\":[{\"startedDateTime\":\"yesterday\",\"request\":{\"method\":"
                          "\"GET\","
                          "\"url\":\"http://a/\"},\"response\":{\"status\":200}}]}}")
            << QStringLiteral("log.entries[0].startedDateTime: \"yesterday\" is not an ISO 8601 date");
        QTest::newRow("bad base64")
            << QByteArray(
                   "{\"log\":{\"entries\":[{\"startedDateTime\":\"2026-12-01T09:30:00.000Z\",\"request\":"
                   "{\"method\":\"GET\",\"url\":\"http://a/\"},\"response\":{\"status\":200,\"content\":"
                   "{\"text\":\"%%%\",\"encoding\":\"base64\"}}}]}}")
            << QStringLiteral("log.entries[0].response.content.text: is not valid base64");
        // Found by har_fuzzer: a number too large for a double threw past the JSON error handling.
        QTest::newRow("number out of range")
            << QByteArray("{\"log\": {\"version\": \"1.2\",\n  \"entries\": [], \"x\": 1E99999}}")
            << QStringLiteral(
                   "line 2, column 23: this is not valid JSON: the number 1E99999 is out of range");
        QTest::newRow("empty") << QByteArray("{\"log\":{\"entries\":[]}}")
                               << QStringLiteral("log.entries: the recording has no request");
    }
    void malformedHarIsRefusedWithWhere()
    {
        QFETCH(QByteArray, har);
        QFETCH(QString, message);
        HarError error;
        QVERIFY(!importHar(har, HarOptions(), &error));
        QVERIFY2(error.message.startsWith(message), qPrintable(error.message));
    }

    void recordedTemplatesStayLiteral()
    {
        // A recorded "${" or "{{" must not become a variable.
        const QByteArray har =
            "{\"log\":{\"entries\":[{\"startedDateTime\":\"2026-12-01T09:30:00.000Z\",\"_resourceType\":"
            "\"document\","
            "\"request\":{\"method\":\"POST\",\"url\":\"http://127.0.0.1:8080/t\",\"headers\":[{\"name\":"
            "\"X-T\",\"value\":\"${HOME}{{y}}\"}],\"postData\":"
            "{\"mimeType\":\"text/plain\",\"text\":\"{{x}} and ${Y}\"}},\"response\":{\"status\":200}}]}}";
        HarError error;
        const auto r = importHar(har, HarOptions(), &error);
        QVERIFY2(r, qPrintable(error.message));
        const Step &st = r->strategy.scenarios[0].steps[0];
        QCOMPARE(st.url, QStringLiteral("${TARGET:-http://127.0.0.1:8080}/t"));
        QCOMPARE(st.headers.value(0).value, QStringLiteral("$${HOME}\\{{y}}"));
        QCOMPARE(st.body, QStringLiteral("\\{{x}} and $${Y}"));
        const QList<ValidationIssue> issues = issuesOf(r->strategy, {});
        QVERIFY2(issues.isEmpty(), qPrintable(issues.value(0).toString()));
    }
};

QTEST_GUILESS_MAIN(TestHarImport)
#include "tst_harimport.moc"
