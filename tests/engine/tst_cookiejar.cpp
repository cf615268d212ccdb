// The virtual user's cookie jar against RFC 6265 section 5: domain (host-only and domain cookies,
// refused domains), default-path and path-match, expiry (Max-Age over Expires, the cookie date
// formats), Secure, sending order, and reuse of a cleared jar.
#include "engine/cookiejar.h"

#include <QTest>

#include <set>

using namespace lw::engine;

namespace {

constexpr int64_t kNow = 1'800'000'000'000; // 15 Jan 2027, the jar's "now" in these tests

// "http://host/path?q" -> origin (views into url, which must outlive it).
CookieOrigin originOf(const std::string &url)
{
    const size_t scheme = url.find("://");
    const size_t hostStart = scheme + 3;
    const size_t path = url.find('/', hostStart);
    std::string_view host(url.data() + hostStart,
                          (path == std::string::npos ? url.size() : path) - hostStart);
    const size_t colon = host.rfind(':');
    if (colon != std::string_view::npos && host.front() != '[')
        host = host.substr(0, colon);
    return CookieOrigin{host,
                        path == std::string::npos ? std::string_view("/")
                                                  : requestPathOf(std::string_view(url).substr(path)),
                        url.compare(0, 8, "https://") == 0};
}

std::string send(CookieJar &jar, const std::string &url, int64_t at = kNow)
{
    std::string out;
    jar.appendValue(out, originOf(url), at);
    return out;
}

} // namespace

class TestCookieJar : public QObject
{
    Q_OBJECT
private slots:
    // Each row: Set-Cookie lines received ("URL | Set-Cookie value", at kNow), then a request to URL
    // at kNow + atMs, and the Cookie value it carries.
    void scope_data()
    {
        QTest::addColumn<QStringList>("received");
        QTest::addColumn<QString>("request");
        QTest::addColumn<qint64>("atMs");
        QTest::addColumn<QString>("expected");
        auto row = [](const char *name, std::initializer_list<const char *> lines, const char *request,
                      const char *expected, qint64 at = 0) {
            QStringList received;
            for (const char *l : lines)
                received << QString::fromLatin1(l);
            QTest::newRow(name) << received << QString::fromLatin1(request) << at
                                << QString::fromLatin1(expected);
        };
        // Domain.
        row("host-only to its host", {"http://shop.test/ | a=1"}, "http://shop.test/", "a=1");
        row("host-only not to a subdomain", {"http://shop.test/ | a=1"}, "http://api.shop.test/", "");
        row("host-only not to the parent", {"http://api.shop.test/ | a=1"}, "http://shop.test/", "");
        row("domain cookie to a subdomain", {"http://www.shop.test/ | a=1; Domain=shop.test"},
            "http://api.shop.test/x", "a=1");
        row("domain cookie to the domain itself", {"http://www.shop.test/ | a=1; Domain=shop.test"},
            "http://shop.test/", "a=1");
        row("leading dot ignored", {"http://www.shop.test/ | a=1; Domain=.SHOP.test"},
            "http://api.shop.test/", "a=1");
        row("foreign domain refused", {"http://shop.test/ | a=1; Domain=other.test"}, "http://other.test/",
            "");
        row("foreign domain not kept for the host", {"http://shop.test/ | a=1; Domain=other.test"},
            "http://shop.test/", "");
        row("suffix without a dot refused", {"http://shop.test/ | a=1; Domain=hop.test"}, "http://hop.test/",
            "");
        row("subdomain of the host refused", {"http://shop.test/ | a=1; Domain=api.shop.test"},
            "http://api.shop.test/", "");
        row("IP host: its own address", {"http://127.0.0.1:8080/ | a=1; Domain=127.0.0.1"},
            "http://127.0.0.1:9090/", "a=1");
        row("IP host: no suffix match", {"http://127.0.0.1/ | a=1; Domain=0.0.1"}, "http://127.0.0.1/", "");
        row("empty Domain is host-only", {"http://shop.test/ | a=1; Domain="}, "http://api.shop.test/", "");
        // Path.
        row("default path: directory of the request", {"http://h.test/a/b/c | a=1"}, "http://h.test/a/b/d",
            "a=1");
        row("default path: not above it", {"http://h.test/a/b/c | a=1"}, "http://h.test/a", "");
        row("default path: no prefix without a slash", {"http://h.test/a/b/c | a=1"}, "http://h.test/a/bc",
            "");
        row("default path of a top-level path is /", {"http://h.test/login | a=1"}, "http://h.test/cart/x",
            "a=1");
        row("default path ignores the query", {"http://h.test/a/b?x=/y/z | a=1"}, "http://h.test/a/q", "a=1");
        row("Path: the path itself", {"http://h.test/ | a=1; Path=/cart"}, "http://h.test/cart", "a=1");
        row("Path: below it", {"http://h.test/ | a=1; Path=/cart"}, "http://h.test/cart/items?n=1", "a=1");
        row("Path: not a longer name", {"http://h.test/ | a=1; Path=/cart"}, "http://h.test/cartx", "");
        row("Path: not above it", {"http://h.test/ | a=1; Path=/cart"}, "http://h.test/", "");
        row("Path with a trailing slash", {"http://h.test/ | a=1; Path=/cart/"}, "http://h.test/cart/x",
            "a=1");
        row("Path not starting with / is the default", {"http://h.test/a/b | a=1; Path=cart"},
            "http://h.test/a/z", "a=1");
        // Order: longer paths first, then earlier creation; a replaced cookie keeps its place.
        row("longer paths first",
            {"http://h.test/ | a=1; Path=/", "http://h.test/ | b=2; Path=/x/y",
             "http://h.test/ | c=3; Path=/x"},
            "http://h.test/x/y/z", "b=2; c=3; a=1");
        row("then older first", {"http://h.test/ | z=1", "http://h.test/ | a=2"}, "http://h.test/",
            "z=1; a=2");
        row("a replaced cookie keeps its creation",
            {"http://h.test/ | z=1", "http://h.test/ | a=2", "http://h.test/ | z=3"}, "http://h.test/",
            "z=3; a=2");
        row("same name, two paths", {"http://h.test/ | a=1; Path=/", "http://h.test/ | a=2; Path=/x"},
            "http://h.test/x", "a=2; a=1");
        row("same name, host-only and domain",
            {"http://www.h.test/ | a=1", "http://www.h.test/ | a=2; Domain=h.test"}, "http://www.h.test/",
            "a=1; a=2");
        // Expiry.
        row("Max-Age: before it ends", {"http://h.test/ | a=1; Max-Age=2"}, "http://h.test/", "a=1", 1999);
        row("Max-Age: after it ends", {"http://h.test/ | a=1; Max-Age=2"}, "http://h.test/", "", 2001);
        row("Max-Age=0 removes", {"http://h.test/ | a=1", "http://h.test/ | a=2; Max-Age=0"},
            "http://h.test/", "");
        row("negative Max-Age removes", {"http://h.test/ | a=1", "http://h.test/ | a=; Max-Age=-5"},
            "http://h.test/", "");
        row("removal needs the same path",
            {"http://h.test/ | a=1; Path=/", "http://h.test/ | a=; Max-Age=0; Path=/x"}, "http://h.test/x",
            "a=1");
        row("malformed Max-Age ignored", {"http://h.test/ | a=1; Max-Age=1a"}, "http://h.test/", "a=1",
            86400000);
        row("Max-Age wins over a past Expires",
            {"http://h.test/ | a=1; Max-Age=60; Expires=Sun, 06 Nov 1994 08:49:37 GMT"}, "http://h.test/",
            "a=1");
        row("Max-Age wins whatever the order",
            {"http://h.test/ | a=1; Expires=Wed, 09 Jun 2100 10:18:14 GMT; Max-Age=0"}, "http://h.test/", "");
        row("Expires in the future", {"http://h.test/ | a=1; Expires=Wed, 09 Jun 2100 10:18:14 GMT"},
            "http://h.test/", "a=1");
        row("Expires in the past removes",
            {"http://h.test/ | a=1", "http://h.test/ | a=2; Expires=Sun, 06 Nov 1994 08:49:37 GMT"},
            "http://h.test/", "");
        row("Expires, RFC 850 form",
            {"http://h.test/ | a=1", "http://h.test/ | a=2; expires=Sunday, 06-Nov-94 08:49:37 GMT"},
            "http://h.test/", "");
        row("Expires, asctime form", {"http://h.test/ | a=1; Expires=Wed Jun  9 10:18:14 2100"},
            "http://h.test/", "a=1");
        row("Expires reached", {"http://h.test/ | a=1; Expires=Fri, 15 Jan 2027 08:00:01 GMT"},
            "http://h.test/", "", 2000);
        row("malformed Expires ignored", {"http://h.test/ | a=1; Expires=tomorrow"}, "http://h.test/", "a=1");
        // Secure and HttpOnly.
        row("Secure over https", {"https://h.test/ | a=1; Secure"}, "https://h.test/", "a=1");
        row("Secure not over http", {"https://h.test/ | a=1; Secure"}, "http://h.test/", "");
        row("HttpOnly is sent over HTTP", {"http://h.test/ | a=1; HttpOnly"}, "http://h.test/", "a=1");
        // Syntax.
        row("no '=' ignored", {"http://h.test/ | a"}, "http://h.test/", "");
        row("empty name ignored", {"http://h.test/ | =x"}, "http://h.test/", "");
        row("empty value kept", {"http://h.test/ | a="}, "http://h.test/", "a=");
        row("whitespace trimmed, attributes any case",
            {"http://h.test/ |  a = 1 ;  pATh = /x ; SECURE ; httponly"}, "https://h.test/x", "a=1");
        row("value with '='", {"http://h.test/ | t=a=b==; Path=/"}, "http://h.test/", "t=a=b==");
    }

    void scope()
    {
        QFETCH(QStringList, received);
        QFETCH(QString, request);
        QFETCH(qint64, atMs);
        QFETCH(QString, expected);
        CookieJar jar;
        for (const QString &r : received) {
            const qsizetype bar = r.indexOf(QLatin1String(" | "));
            const std::string url = r.left(bar).toStdString();
            const std::string line = r.mid(bar + 3).toStdString();
            jar.set(line, originOf(url), kNow);
        }
        QCOMPARE(QString::fromStdString(send(jar, request.toStdString(), kNow + atMs)), expected);
    }

    void refusalsSayWhy()
    {
        CookieJar jar;
        std::string why;
        const std::string url = "http://shop.test/";
        QVERIFY(!jar.set("a=1; Domain=other.test", originOf(url), kNow, &why));
        QVERIFY2(why.find("Domain") != std::string::npos, why.c_str());
        QVERIFY(!jar.set("novalue", originOf(url), kNow, &why));
        QCOMPARE(jar.size(), size_t(0));
    }

    void attributesKept()
    {
        CookieJar jar;
        const std::string url = "https://www.shop.test/cart/items";
        QVERIFY(
            jar.set("s=1; Domain=shop.test; Path=/cart; Max-Age=10; Secure; HttpOnly", originOf(url), kNow));
        QVERIFY(jar.set("h=2", originOf(url), kNow));
        QCOMPARE(jar.size(), size_t(2));
        const Cookie &s = jar.at(0);
        QCOMPARE(s.name, std::string("s"));
        QCOMPARE(s.domain, std::string("shop.test"));
        QVERIFY(!s.hostOnly);
        QCOMPARE(s.path, std::string("/cart"));
        QCOMPARE(s.expiresMs, kNow + 10'000);
        QVERIFY(s.secure && s.httpOnly);
        const Cookie &h = jar.at(1);
        QCOMPARE(h.domain, std::string("www.shop.test"));
        QVERIFY(h.hostOnly);
        QCOMPARE(h.path, std::string("/cart"));
        QCOMPARE(h.expiresMs, Cookie::kSession);
        QVERIFY(!h.secure && !h.httpOnly);
    }

    void expiredDroppedWhenSending()
    {
        CookieJar jar;
        const std::string url = "http://h.test/";
        jar.set("a=1; Max-Age=1", originOf(url), kNow);
        jar.set("b=2", originOf(url), kNow);
        std::string wire;
        jar.appendHeader(wire, originOf(url), kNow + 5000);
        QCOMPARE(wire, std::string("Cookie: b=2\r\n"));
        QCOMPARE(jar.size(), size_t(1)); // not kept either
        wire.clear();
        jar.appendHeader(wire, originOf("http://other.test/"), kNow);
        QCOMPARE(wire, std::string()); // no header when nothing matches
    }

    void clearedJarReusesItsSlots()
    {
        CookieJar jar;
        const std::string url = "http://h.test/a/b";
        const std::string longValue(200, 'v');
        std::set<const char *> buffers;
        for (int round = 0; round < 3; ++round) {
            jar.clear();
            QCOMPARE(jar.size(), size_t(0));
            QCOMPARE(send(jar, url), std::string());
            QVERIFY(jar.set("session=" + longValue + "; Path=/", originOf(url), kNow));
            QVERIFY(jar.set("cart=" + longValue, originOf(url), kNow));
            QCOMPARE(send(jar, url), "cart=" + longValue + "; session=" + longValue);
            // The strings of cleared cookies keep their buffers: the next iteration writes into them.
            const std::set<const char *> now{jar.at(0).value.data(), jar.at(1).value.data()};
            if (round > 0)
                QCOMPARE(now, buffers);
            buffers = now;
        }
    }

    void cookieDates_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<qint64>("seconds"); // -1: not a date
        QTest::newRow("RFC 1123") << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT") << qint64(784111777);
        QTest::newRow("RFC 850") << QByteArray("Sunday, 06-Nov-94 08:49:37 GMT") << qint64(784111777);
        QTest::newRow("asctime") << QByteArray("Sun Nov  6 08:49:37 1994") << qint64(784111777);
        QTest::newRow("no weekday, lower case") << QByteArray("06 nov 1994 08:49:37") << qint64(784111777);
        QTest::newRow("2100") << QByteArray("Wed, 09 Jun 2100 10:18:14 GMT") << qint64(4116219494);
        QTest::newRow("leap day") << QByteArray("Tue, 29 Feb 2000 00:00:00 GMT") << qint64(951782400);
        QTest::newRow("two-digit 69 is 2069") << QByteArray("31 Dec 69 23:59:59") << qint64(3155759999);
        QTest::newRow("two-digit 70 is 1970") << QByteArray("01 Jan 70 00:00:00") << qint64(0);
        QTest::newRow("1601") << QByteArray("01 Jan 1601 00:00:00") << qint64(-11644473600);
        QTest::newRow("before 1601") << QByteArray("01 Jan 1600 00:00:00") << qint64(-1);
        QTest::newRow("no time") << QByteArray("Sun, 06 Nov 1994") << qint64(-1);
        QTest::newRow("no month") << QByteArray("06 1994 08:49:37") << qint64(-1);
        QTest::newRow("hour 24") << QByteArray("06 Nov 1994 24:00:00") << qint64(-1);
        QTest::newRow("31 Feb") << QByteArray("31 Feb 1994 08:00:00") << qint64(-1);
        QTest::newRow("29 Feb of a common year") << QByteArray("29 Feb 1900 08:00:00") << qint64(-1);
        QTest::newRow("three-digit day") << QByteArray("006 Nov 1994 08:49:37") << qint64(-1);
        QTest::newRow("empty") << QByteArray("") << qint64(-1);
    }

    void cookieDates()
    {
        QFETCH(QByteArray, text);
        QFETCH(qint64, seconds);
        int64_t ms = 0;
        const bool ok = parseCookieDate(std::string_view(text.constData(), size_t(text.size())), ms);
        QCOMPARE(ok, seconds != -1);
        if (ok)
            QCOMPARE(ms, seconds * 1000);
    }

    void matchingRules()
    {
        QVERIFY(cookieDomainMatches("a.b.test", "b.test"));
        QVERIFY(!cookieDomainMatches("ab.test", "b.test"));
        QVERIFY(!cookieDomainMatches("b.test", "a.b.test"));
        QVERIFY(!cookieDomainMatches("::1", ":1"));
        QVERIFY(cookiePathMatches("/a/b", "/a"));
        QVERIFY(cookiePathMatches("/a/", "/a/"));
        QVERIFY(!cookiePathMatches("/ab", "/a"));
        QCOMPARE(cookieDefaultPath("/a/b/c"), std::string_view("/a/b"));
        QCOMPARE(cookieDefaultPath("/a"), std::string_view("/"));
        QCOMPARE(cookieDefaultPath("x"), std::string_view("/"));
        QCOMPARE(requestPathOf("GET /a/b?x=1 HTTP/1.1\r\nHost: h\r\n"), std::string_view("/a/b"));
        QCOMPARE(requestPathOf("/a#frag"), std::string_view("/a"));
    }
};

QTEST_GUILESS_MAIN(TestCookieJar)
#include "tst_cookiejar.moc"
