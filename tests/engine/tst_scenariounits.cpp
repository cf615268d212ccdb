// Scenario building blocks of the engine: templates (literal segments and slots), data tables (CSV
// and JSON lines), JSON pointer / JSONPath, extractions, checks and the header block split (the cookie jar
// has its own suite).
#include "engine/datatable.h"
#include "engine/http2session.h"
#include "engine/scenarioplan.h"
#include "engine/scenariostep.h"
#include "engine/scenariotemplate.h"

#include <QTest>

using namespace lw::engine;

class TestScenarioUnits : public QObject
{
    Q_OBJECT
private slots:
    void templateRendersSlots()
    {
        Template t;
        std::string error;
        QVERIFY(t.parse("/u/{{ users.id }}?v={{vu}}&i={{iteration}}&t={{token}}&r={{randomInt(5,5)}} \\{{x}}",
                        error));
        QCOMPARE(t.references().size(), size_t(5));
        const std::vector<std::string> values{"abc", "42"};
        QVERIFY(
            t.bind([](const std::string &n) { return n == "token"      ? 0
                                                     : n == "users.id" ? 1
                                                                       : -1; }, error));
        uint64_t rng = 7;
        RenderContext ctx{&values, 3, 9, &rng, 0};
        std::string out;
        t.render(out, ctx);
        QCOMPARE(out, std::string("/u/42?v=3&i=9&t=abc&r=5 {{x}}"));
        QVERIFY(Template().parse("plain {text}", error));
    }

    void templateUuidAndNow()
    {
        Template t;
        std::string error;
        QVERIFY(t.parse("{{uuid}}|{{now}}", error));
        uint64_t rng = 99;
        RenderContext ctx{nullptr, 1, 1, &rng, 1700000000123};
        std::string out;
        t.render(out, ctx);
        QCOMPARE(out.size(), size_t(36 + 1 + 13));
        QCOMPARE(out[14], '4'); // version 4
        QVERIFY(QByteArray("89ab").contains(out[19]));
        QVERIFY(out.substr(37) == "1700000000123");
    }

    void templateErrors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("error");
        QTest::newRow("unclosed") << "a {{b"
                                  << "offset 2: \"{{\" without a closing \"}}\"";
        QTest::newRow("empty") << "{{ }}"
                               << "offset 0: empty reference {{}}";
        QTest::newRow("bad name") << "{{9x}}"
                                  << "offset 0: \"9x\" is not a variable name";
        QTest::newRow("bad random") << "{{randomInt(1)}}"
                                    << "offset 0: randomInt needs two whole numbers";
        QTest::newRow("random order") << "{{randomInt(3,1)}}"
                                      << "offset 0: randomInt(3,1): low is greater than high";
    }
    void templateErrors()
    {
        QFETCH(QString, text);
        QFETCH(QString, error);
        Template t;
        std::string why;
        QVERIFY(!t.parse(text.toStdString(), why));
        QVERIFY2(QString::fromStdString(why).startsWith(error), why.c_str());
    }

    void csvTable()
    {
        DataTable t;
        std::string error;
        int line = 0;
        QVERIFY(t.parse("\xEF\xBB\xBFname,note\r\nann,\"a, \"\"quoted\"\"\nline\"\r\nbob,\n\n",
                        DataFormat::Csv, error, line));
        QCOMPARE(t.rowCount(), size_t(2));
        QCOMPARE(t.columns(), (std::vector<std::string>{"name", "note"}));
        QCOMPARE(std::string(t.value(0, 1)), std::string("a, \"quoted\"\nline"));
        QCOMPARE(std::string(t.value(1, 0)), std::string("bob"));
        QCOMPARE(std::string(t.value(1, 1)), std::string());
        QVERIFY(!t.parse("a,b\n1,2\n\"x\ny\",2,3\n", DataFormat::Csv, error, line));
        QCOMPARE(line, 3);
        QCOMPARE(error, std::string("3 fields, the header has 2"));
        QVERIFY(!t.parse("a,b\n", DataFormat::Csv, error, line));
        QCOMPARE(error, std::string("the file has no data row"));
        QVERIFY(!t.parse("a,a\n1,2\n", DataFormat::Csv, error, line));
        QCOMPARE(line, 1);
    }

    void jsonPaths_data()
    {
        QTest::addColumn<QString>("expr");
        QTest::addColumn<QString>("value"); // "" = missing
        QTest::newRow("pointer") << "/items/1/id"
                                 << "7";
        QTest::newRow("jsonpath") << "$.items[1].id"
                                  << "7";
        QTest::newRow("quoted") << "$['a b'].c"
                                << "x";
        QTest::newRow("object text") << "$.items[0]"
                                     << "{\"id\":5}";
        QTest::newRow("missing") << "/items/9/id"
                                 << "";
        QTest::newRow("escaped") << "/we~1ird"
                                 << "y";
    }
    void jsonPaths()
    {
        QFETCH(QString, expr);
        QFETCH(QString, value);
        Extraction x;
        x.kind = ExtractKind::Json;
        x.expression = expr.toStdString();
        std::string error;
        QVERIFY2(x.compile(error), error.c_str());
        const std::string body = R"({"items":[{"id":5},{"id":7}],"a b":{"c":"x"},"we/ird":"y"})";
        ResponseView r;
        r.body = body;
        LazyJson json(r.body);
        std::string out;
        QCOMPARE(x.apply(r, json, out), !value.isEmpty());
        QCOMPARE(QString::fromStdString(out), value);
    }

    void regexHeaderCookie()
    {
        const std::vector<std::pair<std::string, std::string>> headers{
            {"Content-Type", "application/json"},
            {"Set-Cookie", "a=1; Path=/"},
            {"set-cookie", "sid=\"s-9\"; HttpOnly"}};
        ResponseView r;
        r.status = 201;
        r.body = "order id=4711 done";
        r.headers = &headers;
        r.latencyNs = 2'000'000;
        LazyJson json(r.body);
        std::string out, error;
        Extraction re;
        re.kind = ExtractKind::Regex;
        re.expression = "id=(\\d+)";
        QVERIFY(re.compile(error));
        QVERIFY(re.apply(r, json, out));
        QCOMPARE(out, std::string("4711"));
        Extraction h;
        h.kind = ExtractKind::Header;
        h.expression = "content-type";
        QVERIFY(h.compile(error) && h.apply(r, json, out));
        QCOMPARE(out, std::string("application/json"));
        Extraction c;
        c.kind = ExtractKind::Cookie;
        c.expression = "sid";
        QVERIFY(c.compile(error) && c.apply(r, json, out));
        QCOMPARE(out, std::string("s-9"));
        c.expression = "nope";
        QVERIFY(!c.apply(r, json, out));

        Check status;
        status.kind = CheckKind::Status;
        status.min = 200;
        status.max = 299;
        QVERIFY(status.compile(error) && status.passes(r, json));
        Check fast;
        fast.kind = CheckKind::ResponseTime;
        fast.underNs = 1'000'000;
        QVERIFY(fast.compile(error) && !fast.passes(r, json));
        Check matches;
        matches.kind = CheckKind::BodyMatches;
        matches.text = "id=\\d{4}";
        QVERIFY(matches.compile(error) && matches.passes(r, json));
        Check bad;
        bad.kind = CheckKind::BodyMatches;
        bad.text = "(";
        QVERIFY(!bad.compile(error));
    }

    void headersSplit()
    {
        std::vector<std::pair<std::string, std::string>> headers;
        splitHeaders("HTTP/1.1 200 OK\r\nSet-Cookie: a=1; Path=/\r\nX:  y \r\nSet-Cookie: b=2\r\n\r\n",
                     headers);
        QCOMPARE(headers.size(), size_t(3));
        QCOMPARE(headers[1].first, std::string("X"));
        QCOMPARE(headers[1].second, std::string("y"));
        QCOMPARE(headers[2].second, std::string("b=2"));
    }

    // A rendered step as HTTP/1.1 bytes becomes the same request in HTTP/2 form; slots are reused.
    void http2FromRenderedWire()
    {
        Http2Request h2;
        std::string body;
        QVERIFY(
            http2FromWire("POST /api/cart/items?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8443\r\nUser-Agent: lw\r\n"
                          "Authorization: Bearer t-1\r\nConnection: keep-alive\r\nCookie: session=s1\r\n"
                          "Content-Length: 16\r\n\r\n{\"product_id\":1}",
                          true, h2, body));
        const std::vector<std::pair<std::string, std::string>> expected{{":method", "POST"},
                                                                        {":scheme", "https"},
                                                                        {":authority", "127.0.0.1:8443"},
                                                                        {":path", "/api/cart/items?x=1"},
                                                                        {"user-agent", "lw"},
                                                                        {"authorization", "Bearer t-1"},
                                                                        {"cookie", "session=s1"},
                                                                        {"content-length", "16"}};
        QCOMPARE(h2.count, expected.size());
        for (size_t i = 0; i < expected.size(); ++i)
            QCOMPARE(h2.headers[i], expected[i]);
        QCOMPARE(body, std::string("{\"product_id\":1}"));
        QCOMPARE(h2.body, &body);
        // A shorter request next: fewer headers in use, the spare slots stay.
        QVERIFY(http2FromWire("GET / HTTP/1.1\r\nHost: h\r\n\r\n", false, h2, body));
        QCOMPARE(h2.count, size_t(4));
        QCOMPARE(h2.headers[1].second, std::string("http"));
        QCOMPARE(h2.headers[2].second, std::string("h"));
        QVERIFY(h2.headers.size() >= expected.size());
        QVERIFY(body.empty());
        QVERIFY(!http2FromWire("garbage", true, h2, body));
        QVERIFY(!http2FromWire("GET / HTTP/1.1\r\nX: y\r\n\r\n", true, h2, body)); // no Host
    }
};

QTEST_GUILESS_MAIN(TestScenarioUnits)
#include "tst_scenariounits.moc"
