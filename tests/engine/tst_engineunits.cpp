// Units of the engine's hot path: HTTP/1.1 response parsing, the open-model schedule, URLs,
// the allow-list, durations, the run spec and the command line.
#include "engine/allowlist.h"
#include "engine/cli.h"
#include "engine/http1parser.h"
#include "engine/rateprofile.h"
#include "engine/runspec.h"
#include "engine/url.h"

#include <QTest>
#include <arpa/inet.h>
#include <cmath>
#include <netinet/in.h>
#include <nlohmann/json.hpp>

using namespace lw::engine;

namespace {
// Feeds text in pieces of `step` bytes; returns the final result and the bytes used by the response.
Http1Parser::Result feedAll(Http1Parser &p, const std::string &text, size_t step, size_t *usedTotal = nullptr)
{
    size_t off = 0;
    Http1Parser::Result r = Http1Parser::Result::NeedMore;
    while (off < text.size()) {
        const size_t n = std::min(step, text.size() - off);
        size_t used = 0;
        r = p.feed(text.data() + off, n, used);
        off += used;
        if (r != Http1Parser::Result::NeedMore)
            break;
    }
    if (usedTotal)
        *usedTotal = off;
    return r;
}

sockaddr_in v4(const char *ip)
{
    sockaddr_in a{};
    a.sin_family = AF_INET;
    inet_pton(AF_INET, ip, &a.sin_addr);
    return a;
}
} // namespace

class TestEngineUnits : public QObject
{
    Q_OBJECT
private slots:
    void parser_data();
    void parser();
    void parserGarbageFailsFast();
    void parserHugeBodyUsesNoMemory();
    void parserLeavesPipelinedBytes();
    void parserHeadersTooLarge();
    void parserEofDelimited();
    void parserSurvivesMutatedInput();
    void rateProfileConstant();
    void rateProfileRampArrivals();
    void rateProfileCapAndRescale();
    void urls();
    void allowList();
    void durations();
    void runSpecJson();
    void commandLine();
};

void TestEngineUnits::parser_data()
{
    QTest::addColumn<QByteArray>("response");
    QTest::addColumn<bool>("head");
    QTest::addColumn<int>("result"); // 1 complete, 2 error
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("body");
    QTest::addColumn<bool>("keepAlive");

    QTest::newRow("content-length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")
                                    << false << 1 << 200 << 5 << true;
    QTest::newRow("zero length") << QByteArray("HTTP/1.1 204 No Content\r\n\r\n") << false << 1 << 204 << 0
                                 << true;
    QTest::newRow("chunked")
        << QByteArray(
               "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1;ext=1\r\n!\r\n0\r\n\r\n")
        << false << 1 << 200 << 6 << true;
    QTest::newRow("chunked trailers") << QByteArray("HTTP/1.1 200 OK\r\ntransfer-encoding: gzip, "
                                                    "chunked\r\n\r\nA\r\n0123456789\r\n0\r\nX-T: 1\r\n\r\n")
                                      << false << 1 << 200 << 10 << true;
    QTest::newRow("HEAD ignores length")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 999\r\n\r\n") << true << 1 << 200 << 0 << true;
    QTest::newRow("304 has no body") << QByteArray("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n")
                                     << false << 1 << 304 << 0 << true;
    QTest::newRow("100 continue skipped")
        << QByteArray("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok")
        << false << 1 << 201 << 2 << true;
    QTest::newRow("connection close")
        << QByteArray("HTTP/1.1 500 Oops\r\nConnection: close\r\nContent-Length: 1\r\n\r\nx") << false << 1
        << 500 << 1 << false;
    QTest::newRow("http/1.0 default close")
        << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nx") << false << 1 << 200 << 1 << false;
    QTest::newRow("http/1.0 keep-alive")
        << QByteArray("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 1\r\n\r\nx") << false << 1
        << 200 << 1 << true;
    QTest::newRow("bare LF lines") << QByteArray("HTTP/1.1 200 OK\nContent-Length: 2\n\nok") << false << 1
                                   << 200 << 2 << true;
    QTest::newRow("no reason phrase")
        << QByteArray("HTTP/1.1 404\r\nContent-Length: 0\r\n\r\n") << false << 1 << 404 << 0 << true;
    QTest::newRow("bad content-length")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 12a\r\n\r\n") << false << 2 << 200 << 0 << true;
    QTest::newRow("conflicting lengths")
        << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxx") << false << 2
        << 200 << 0 << true;
    QTest::newRow("bad chunk size") << QByteArray(
                                           "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                                    << false << 2 << 200 << 0 << true;
    QTest::newRow("chunk without CRLF")
        << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabX") << false << 2 << 200
        << 0 << true;
    QTest::newRow("bad status") << QByteArray("HTTP/1.1 2x0 OK\r\n\r\n") << false << 2 << 0 << 0 << true;
    QTest::newRow("101 unexpected") << QByteArray("HTTP/1.1 101 Switching\r\n\r\n") << false << 2 << 101 << 0
                                    << true;
}

void TestEngineUnits::parser()
{
    QFETCH(QByteArray, response);
    QFETCH(bool, head);
    QFETCH(int, result);
    QFETCH(int, status);
    QFETCH(int, body);
    QFETCH(bool, keepAlive);
    const std::string text = response.toStdString();
    // Every split of the input must give the same answer: the parser keeps no position assumptions.
    for (size_t step : {size_t(1), size_t(2), size_t(7), text.size()}) {
        Http1Parser p;
        p.reset(head);
        const Http1Parser::Result r = feedAll(p, text, step);
        QCOMPARE(static_cast<int>(r), result);
        if (result == 1) {
            QCOMPARE(p.status(), status);
            QCOMPARE(p.bodyBytes(), static_cast<uint64_t>(body));
            QCOMPARE(p.keepAlive(), keepAlive);
        } else {
            QVERIFY(std::string(p.error()).size() > 0);
        }
    }
}

void TestEngineUnits::parserGarbageFailsFast()
{
    Http1Parser p;
    p.reset(false);
    size_t used = 0;
    QCOMPARE(p.feed("GARBAGE", 7, used), Http1Parser::Result::Error);
    QCOMPARE(std::string(p.error()), std::string("response does not start with HTTP/"));
    p.reset(false);
    QCOMPARE(p.feed("\x16\x03\x01", 3, used), Http1Parser::Result::Error); // a TLS record on a plain socket
}

void TestEngineUnits::parserHugeBodyUsesNoMemory()
{
    Http1Parser p;
    p.reset(false);
    const std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 10000000000\r\n\r\n";
    size_t used = 0;
    QCOMPARE(p.feed(head.data(), head.size(), used), Http1Parser::Result::NeedMore);
    std::string block(1 << 20, 'x');
    Http1Parser::Result r = Http1Parser::Result::NeedMore;
    for (int i = 0; i < 9536 && r == Http1Parser::Result::NeedMore; ++i) // 9536 MiB
        r = p.feed(block.data(), block.size(), used);
    QCOMPARE(r, Http1Parser::Result::NeedMore);
    QCOMPARE(p.bodyBytes(), uint64_t(9536) << 20);
    // A chunked body announcing an absurd size is refused.
    p.reset(false);
    const std::string chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n";
    QCOMPARE(p.feed(chunked.data(), chunked.size(), used), Http1Parser::Result::Error);
}

void TestEngineUnits::parserLeavesPipelinedBytes()
{
    Http1Parser p;
    p.reset(false);
    const std::string two = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n";
    size_t used = 0;
    QCOMPARE(p.feed(two.data(), two.size(), used), Http1Parser::Result::Complete);
    QCOMPARE(used, size_t(40));
}

void TestEngineUnits::parserHeadersTooLarge()
{
    Http1Parser p;
    p.reset(false);
    std::string text = "HTTP/1.1 200 OK\r\n";
    for (int i = 0; i < 2000; ++i)
        text += "X-Filler-" + std::to_string(i) + ": aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n";
    QCOMPARE(feedAll(p, text, 4096), Http1Parser::Result::Error);
    QCOMPARE(std::string(p.error()), std::string("response headers too large"));
}

void TestEngineUnits::parserEofDelimited()
{
    Http1Parser p;
    p.reset(false);
    const std::string text = "HTTP/1.1 200 OK\r\nServer: x\r\n\r\nbody until close";
    size_t used = 0;
    QCOMPARE(p.feed(text.data(), text.size(), used), Http1Parser::Result::NeedMore);
    QCOMPARE(p.finishOnEof(), Http1Parser::Result::Complete);
    QCOMPARE(p.bodyBytes(), uint64_t(16));
    QVERIFY(!p.keepAlive());
    // EOF in the middle of a sized body is a protocol error.
    p.reset(false);
    const std::string cut = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort";
    QCOMPARE(p.feed(cut.data(), cut.size(), used), Http1Parser::Result::NeedMore);
    QCOMPARE(p.finishOnEof(), Http1Parser::Result::Error);
    QCOMPARE(std::string(p.error()), std::string("connection closed mid-response"));
    p.reset(false);
    QCOMPARE(p.finishOnEof(), Http1Parser::Result::Error);
    QVERIFY(!p.started());
}

void TestEngineUnits::parserSurvivesMutatedInput()
{
    // Byte mutations of valid responses, fed in random splits: any answer is fine, never a crash, and a
    // Complete response never claims more bytes than it was given.
    const std::string seeds[] = {
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
        "HTTP/1.0 302 Found\r\nLocation: /x\r\nConnection: keep-alive\r\nContent-Length: 0\r\n\r\n",
    };
    uint64_t rng = 12345;
    auto next = [&rng] {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        return rng;
    };
    int completes = 0, errors = 0;
    for (int round = 0; round < 20000; ++round) {
        std::string text = seeds[round % 3];
        const int mutations = 1 + static_cast<int>(next() % 4);
        for (int m = 0; m < mutations; ++m)
            text[next() % text.size()] = static_cast<char>(next() & 0xff);
        Http1Parser p;
        p.reset(false, true);
        size_t used = 0;
        const Http1Parser::Result r = feedAll(p, text, 1 + next() % 8, &used);
        QVERIFY(used <= text.size());
        completes += r == Http1Parser::Result::Complete;
        errors += r == Http1Parser::Result::Error;
        if (r == Http1Parser::Result::NeedMore)
            p.finishOnEof();
    }
    QVERIFY(completes > 0 && errors > 0);
}

void TestEngineUnits::rateProfileConstant()
{
    RunSpec spec;
    spec.stages = {StageSpec{10'000'000'000, 100, true}};
    RateProfile p(spec, 1.0);
    QCOMPARE(p.endNs(), int64_t(10'000'000'000));
    // 100/s: arrival n at n * 10 ms.
    QCOMPARE(p.timeOfArrival(0), int64_t(0));
    QCOMPARE(p.timeOfArrival(1), int64_t(10'000'000));
    QCOMPARE(p.timeOfArrival(250), int64_t(2'500'000'000));
    QCOMPARE(p.cumulativeAt(10'000'000'000), 1000.0);
    QVERIFY(p.timeOfArrival(1001) > p.endNs());
    // A worker's share halves the rate.
    RateProfile half(spec, 0.5);
    QCOMPARE(half.timeOfArrival(1), int64_t(20'000'000));
}

void TestEngineUnits::rateProfileRampArrivals()
{
    RunSpec spec;
    spec.startLevel = 0;
    spec.stages = {StageSpec{10'000'000'000, 100, false}, StageSpec{5'000'000'000, 100, false},
                   StageSpec{5'000'000'000, 0, false}};
    RateProfile p(spec, 1.0);
    // Area: ramp 0->100 over 10 s = 500, hold 5 s = 500, ramp down 5 s = 250.
    QCOMPARE(p.cumulativeAt(p.endNs()), 1250.0);
    QCOMPARE(p.levelAt(5'000'000'000), 50.0);
    // On the ramp r(t) = 10 t, arrivals N(t) = 5 t^2: the 125th at 5 s, the 500th at 10 s.
    QVERIFY(std::llabs(p.timeOfArrival(125) - 5'000'000'000) < 1000);
    QVERIFY(std::llabs(p.timeOfArrival(500) - 10'000'000'000) < 1000);
    QVERIFY(std::llabs(p.timeOfArrival(750) - 12'500'000'000) < 1000);
    // Ramp down: N = 1000 + 100 t - 10 t^2 ; 1160 at t = 2 s.
    QVERIFY(std::llabs(p.timeOfArrival(1160) - 17'000'000'000) < 1000);
    // Arrival times never go backwards.
    int64_t prev = -1;
    for (int n = 0; n <= 1250; ++n) {
        const int64_t t = p.timeOfArrival(n);
        QVERIFY(t >= prev);
        prev = t;
    }
}

void TestEngineUnits::rateProfileCapAndRescale()
{
    RunSpec spec;
    spec.stages = {StageSpec{10'000'000'000, 200, false}}; // ramp 0 -> 200
    RateProfile capped(spec, 1.0, 1.0, 100);
    // Ramp to 100 in 5 s (area 250), then capped at 100 for 5 s (500).
    QVERIFY(std::fabs(capped.cumulativeAt(capped.endNs()) - 750.0) < 1e-6);
    QCOMPARE(capped.levelAt(9'000'000'000), 100.0);

    RunSpec flat;
    flat.stages = {StageSpec{10'000'000'000, 100, true}};
    RateProfile p(flat, 1.0);
    p.rescale(5'000'000'000, 2.0);
    QCOMPARE(p.cumulativeAt(5'000'000'000), 500.0);
    QCOMPARE(p.cumulativeAt(10'000'000'000), 1500.0);
    p.overrideConstant(6'000'000'000, 10);
    QCOMPARE(p.levelAt(7'000'000'000), 10.0);
    QCOMPARE(p.cumulativeAt(10'000'000'000), 700.0 + 40.0);
}

void TestEngineUnits::urls()
{
    Url u;
    std::string error;
    QVERIFY(parseUrl("http://127.0.0.1:8080/a/b?x=1#frag", u, error));
    QCOMPARE(u.host, std::string("127.0.0.1"));
    QCOMPARE(int(u.port), 8080);
    QCOMPARE(u.target, std::string("/a/b?x=1"));
    QCOMPARE(u.authority(), std::string("127.0.0.1:8080"));
    QVERIFY(parseUrl("HTTPS://LocalHost", u, error));
    QVERIFY(u.tls && u.port == 443 && u.target == "/" && u.host == "localhost" &&
            u.authority() == "localhost");
    QVERIFY(parseUrl("http://[::1]:81/x", u, error));
    QCOMPARE(u.host, std::string("::1"));
    QCOMPARE(u.authority(), std::string("[::1]:81"));
    for (const char *bad : {"ftp://x/", "127.0.0.1:80", "http://", "http://h:0/", "http://h:70000/",
                            "http://h:/", "http://a b/", "http://h/a b", "http://user@h/", "http://[::1/"}) {
        error.clear();
        QVERIFY2(!parseUrl(bad, u, error), bad);
        QVERIFY(error.find("invalid URL") == 0);
    }
    Url base, next;
    QVERIFY(parseUrl("http://h:8080/dir/page?q", base, error));
    QVERIFY(resolveLocation(base, "/abs", next, error) && next.target == "/abs" && next.port == 8080);
    QVERIFY(resolveLocation(base, "rel", next, error) && next.target == "/dir/rel");
    QVERIFY(resolveLocation(base, "//other/x", next, error) && next.host == "other" && next.port == 80);
    QVERIFY(resolveLocation(base, "https://s/y", next, error) && next.tls);
}

void TestEngineUnits::allowList()
{
    AllowList a;
    sockaddr_in lo = v4("127.0.0.1"), lo2 = v4("127.9.8.7"), priv = v4("10.255.255.1"),
                pub = v4("93.184.216.34");
    QVERIFY(a.allowsAddress(reinterpret_cast<sockaddr *>(&lo)));
    QVERIFY(a.allowsAddress(reinterpret_cast<sockaddr *>(&lo2)));
    QVERIFY(!a.allowsAddress(reinterpret_cast<sockaddr *>(&priv)));
    QVERIFY(!a.allowsName("example.com"));
    sockaddr_in6 six{};
    six.sin6_family = AF_INET6;
    inet_pton(AF_INET6, "::1", &six.sin6_addr);
    QVERIFY(a.allowsAddress(reinterpret_cast<sockaddr *>(&six)));
    inet_pton(AF_INET6, "::ffff:127.0.0.1", &six.sin6_addr); // v4-mapped loopback
    QVERIFY(a.allowsAddress(reinterpret_cast<sockaddr *>(&six)));
    inet_pton(AF_INET6, "fe80::1", &six.sin6_addr);
    QVERIFY(!a.allowsAddress(reinterpret_cast<sockaddr *>(&six)));

    std::string error;
    QVERIFY(a.add("10.0.0.0/8", error));
    QVERIFY(a.allowsAddress(reinterpret_cast<sockaddr *>(&priv)));
    QVERIFY(!a.allowsAddress(reinterpret_cast<sockaddr *>(&pub)));
    QVERIFY(a.add("*.test", error));
    QVERIFY(a.allowsName("api.Test") && !a.allowsName("test") && !a.allowsName("api.test.evil"));
    QVERIFY(a.add("fd00::/8", error));
    inet_pton(AF_INET6, "fd12::5", &six.sin6_addr);
    QVERIFY(a.allowsAddress(reinterpret_cast<sockaddr *>(&six)));
    for (const char *bad : {"10.0.0.0/33", "::/129", "host/8", "bad host", "", "1.2.3.4/x"}) {
        error.clear();
        QVERIFY2(!a.add(bad, error), bad);
        QVERIFY(!error.empty());
    }
}

void TestEngineUnits::durations()
{
    int64_t ns = 0;
    std::string error;
    QVERIFY(parseDuration("250us", ns, error) && ns == 250'000);
    QVERIFY(parseDuration("1.5s", ns, error) && ns == 1'500'000'000);
    QVERIFY(parseDuration("1h30m", ns, error) && ns == 5'400'000'000'000);
    QVERIFY(parseDuration("2", ns, error) && ns == 2'000'000'000);
    for (const char *bad : {"", "abc", "5x", "-1s", "1s5"}) {
        error.clear();
        QVERIFY2(!parseDuration(bad, ns, error), bad);
        QVERIFY(error.find("invalid duration") == 0);
    }
}

void TestEngineUnits::runSpecJson()
{
    RunSpec spec;
    std::string error;
    const auto ok = nlohmann::json::parse(R"({
        "requests": [{"name": "home", "url": "http://127.0.0.1:1/", "weight": 3},
                     {"method": "POST", "url": "http://127.0.0.1:1/api", "headers": {"X-A": "1"}, "body": "{}"}],
        "model": "open", "stages": [{"duration": "2s", "target": 50}, {"duration": 1, "target": 10, "ramp": "step"}],
        "timeout": "2s", "interval": "500ms", "allow": ["10.1.0.0/16"], "rate_cap": 40,
        "max_connections": 32, "think_time": {"min": "1ms", "max": "5ms"}})");
    QVERIFY2(runSpecFromJson(ok, spec, error), error.c_str());
    QCOMPARE(spec.requests.size(), size_t(2));
    QCOMPARE(spec.requests[1].name, std::string("POST /api"));
    QCOMPARE(spec.stages.size(), size_t(2));
    QVERIFY(spec.stages[1].step && !spec.stages[0].step);
    QCOMPARE(spec.totalDurationNs(), int64_t(3'000'000'000));
    QCOMPARE(spec.intervalNs, int64_t(500'000'000));
    QCOMPARE(spec.rateCap, 40.0);
    QCOMPARE(spec.maxQueue, 128);
    QCOMPARE(spec.gracefulStopNs, spec.timeoutNs);

    struct Bad
    {
        const char *json;
        const char *mentions;
    } bads[] = {
        {R"({"requests": []})", "'rate'"},
        {R"({"model": "open"})", "requests"},
        {R"({"requests": [{"url": "nope"}], "rate": 1, "duration": "1s"})", "invalid URL"},
        {R"({"requests": [{"url": "http://127.0.0.1/"}], "rate": 1})", "duration"},
        {R"({"requests": [{"url": "http://127.0.0.1/"}], "model": "weird", "rate": 1, "duration": "1s"})",
         "model"},
        {R"({"requests": [{"url": "http://127.0.0.1/"}], "rate": 1, "duration": "1s", "timeout": "soon"})",
         "timeout"},
        {R"({"requests": [{"url": "http://127.0.0.1/", "name": "a"}, {"url": "http://127.0.0.1/", "name": "a"}], "rate": 1, "duration": "1s"})",
         "unique"},
        {R"({"requests": [{"url": "http://127.0.0.1/", "headers": {"Bad Name": "x"}}], "rate": 1, "duration": "1s"})",
         "header"},
        {R"({"requests": [{"url": "http://127.0.0.1/"}], "rate": 1, "duration": "1s", "allow": ["300.1.1.1/40"]})",
         "allow"},
        {R"({"requests": [{"url": "http://127.0.0.1/"}], "rate": -5, "duration": "1s"})", "rate"},
        {R"({"requests": [{"url": "http://127.0.0.1/"}], "stages": [{"duration": "1s"}]})", "stages[0]"},
    };
    for (const Bad &b : bads) {
        error.clear();
        QVERIFY2(!runSpecFromJson(nlohmann::json::parse(b.json), spec, error), b.json);
        QVERIFY2(error.find(b.mentions) != std::string::npos, (std::string(b.json) + " -> " + error).c_str());
    }
}

void TestEngineUnits::commandLine()
{
    CliOptions o;
    std::string error;
    QVERIFY(parseCommandLine({"--url", "http://127.0.0.1:9/", "--rate", "100", "--duration", "2s", "--header",
                              "X-K: v", "--allow", "10.0.0.0/8", "--json", "--timeout=1s"},
                             o, error));
    QVERIFY(o.json);
    QCOMPARE(o.spec.model, LoadModelKind::Open);
    QCOMPARE(o.spec.stages.front().target, 100.0);
    QCOMPARE(o.spec.requests.front().headers.front().second, std::string("v"));
    QCOMPARE(o.spec.timeoutNs, int64_t(1'000'000'000));
    QVERIFY(parseCommandLine({"--url", "http://127.0.0.1:9/", "--connections", "8", "--duration", "1s"}, o,
                             error));
    QCOMPARE(o.spec.model, LoadModelKind::Closed);
    QCOMPARE(o.spec.maxConnections, 8);
    struct Bad
    {
        std::vector<std::string> args;
        const char *mentions;
    } bads[] = {
        {{"--rate", "1", "--duration", "1s"}, "--url"},
        {{"--url", "http://127.0.0.1/", "--duration", "1s"}, "--rate"},
        {{"--url", "http://127.0.0.1/", "--rate", "1"}, "--duration"},
        {{"--url", "http://127.0.0.1/", "--rate", "fast", "--duration", "1s"}, "--rate"},
        {{"--url", "http://127.0.0.1/", "--rate", "1", "--duration", "forever"}, "--duration"},
        {{"--url", "http://127.0.0.1/", "--rate", "1", "--duration", "1s", "--bogus"},
         "unknown option '--bogus'"},
        {{"--url", "http://127.0.0.1/", "--rate", "1", "--duration", "1s", "--header", "novalue"},
         "--header"},
        {{"--url", "http://127.0.0.1/", "--rate", "1", "--duration", "1s", "--allow", "1.2.3.4/99"},
         "--allow"},
        {{"--url", "mailto:x", "--rate", "1", "--duration", "1s"}, "invalid URL"},
        {{"--url"}, "needs a value"},
    };
    for (const Bad &b : bads) {
        error.clear();
        QVERIFY(!parseCommandLine(b.args, o, error));
        QVERIFY2(error.find(b.mentions) != std::string::npos, error.c_str());
    }
    QVERIFY(usageText().find("--hlog") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestEngineUnits)
#include "tst_engineunits.moc"
