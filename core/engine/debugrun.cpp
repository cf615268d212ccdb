#include "engine/debugrun.h"

#include "engine/clock.h"
#include "engine/http1parser.h"
#include "engine/tlscontext.h"

#include <nlohmann/json.hpp>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace lw::engine {

namespace {

using json = nlohmann::json;
using Headers = std::vector<std::pair<std::string, std::string>>;

int64_t wallClockMs()
{
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return int64_t(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

// A cookie's scope and lifetime (its value stays in "cookies", where secrets are masked).
json cookieAttributes(const Cookie &c)
{
    return json{{"name", c.name},
                {"domain", c.domain},
                {"host_only", c.hostOnly},
                {"path", c.path},
                {"expires_ms", c.expiresMs == Cookie::kSession ? json(nullptr) : json(c.expiresMs)},
                {"secure", c.secure},
                {"http_only", c.httpOnly}};
}

json headersJson(const Headers &headers)
{
    json a = json::array();
    for (const auto &[name, value] : headers)
        a.push_back(json::array({name, value}));
    return a;
}

// The body as a record shows it: at most cap bytes, with its full size.
void putBody(json &into, std::string_view body, size_t fullSize, size_t cap)
{
    into["body"] = std::string(body.substr(0, cap));
    into["body_size"] = fullSize;
    into["body_truncated"] = fullSize > cap || body.size() > cap;
}

// Splits a rendered request (request line, header lines, blank line, body) for the record.
void splitRequest(const std::string &wire, std::string &method, std::string &target, Headers &headers,
                  std::string_view &body)
{
    const size_t end = wire.find("\r\n\r\n");
    const std::string head = wire.substr(0, end == std::string::npos ? wire.size() : end);
    body = end == std::string::npos ? std::string_view() : std::string_view(wire).substr(end + 4);
    const size_t lineEnd = head.find("\r\n");
    const std::string line = head.substr(0, lineEnd);
    const size_t sp1 = line.find(' ');
    const size_t sp2 = line.rfind(' ');
    method = line.substr(0, sp1);
    target = sp1 == std::string::npos ? std::string() : line.substr(sp1 + 1, sp2 > sp1 ? sp2 - sp1 - 1 : 0);
    splitHeaders(lineEnd == std::string::npos ? std::string() : head + "\r\n", headers);
}

std::string jsonText(const json &v)
{
    return v.is_string() ? v.get<std::string>() : v.dump(-1, ' ', false, json::error_handler_t::replace);
}

// The value at pointer p of the response's JSON, or nullptr; why says what was missing.
const json *lookup(LazyJson &body, const json::json_pointer &p, std::string &why)
{
    const json &doc = body.get();
    if (doc.is_discarded()) {
        why = "the body is not JSON";
        return nullptr;
    }
    try {
        if (doc.contains(p))
            return &doc.at(p);
    } catch (const json::exception &) {
    }
    why = "no value at " + p.to_string();
    return nullptr;
}

const char *extractFrom(ExtractKind k)
{
    switch (k) {
    case ExtractKind::Json:
        return "json";
    case ExtractKind::Regex:
        return "regex";
    case ExtractKind::Header:
        return "header";
    case ExtractKind::Cookie:
        return "cookie";
    }
    return "";
}

std::string extractionFailure(const Extraction &x, const ResponseView &r, LazyJson &body)
{
    switch (x.kind) {
    case ExtractKind::Json: {
        std::string why;
        const json *v = lookup(body, x.pointer, why);
        return v ? "the value at " + x.pointer.to_string() + " is null" : why;
    }
    case ExtractKind::Regex: {
        std::match_results<std::string_view::const_iterator> m;
        if (!std::regex_search(r.body.begin(), r.body.end(), m, *x.regex))
            return "the pattern does not match the body (" + std::to_string(r.body.size()) + " bytes)";
        return "group " + std::to_string(x.group) + " did not take part in the match";
    }
    case ExtractKind::Header:
        return "the response has no header '" + x.expression + "'";
    case ExtractKind::Cookie:
        return "the response sets no cookie '" + x.expression + "'";
    }
    return "no value";
}

const char *checkType(CheckKind k)
{
    switch (k) {
    case CheckKind::Status:
        return "status";
    case CheckKind::BodyContains:
        return "body_contains";
    case CheckKind::BodyMatches:
        return "body_matches";
    case CheckKind::JsonEquals:
        return "json_equals";
    case CheckKind::JsonExists:
        return "json_exists";
    case CheckKind::HeaderPresent:
        return "header_present";
    case CheckKind::ResponseTime:
        return "response_time";
    }
    return "";
}

std::string msText(int64_t ns)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f ms", double(ns) / 1e6);
    return buf;
}

// What the check expects, in words.
std::string expectedOf(const Check &c)
{
    switch (c.kind) {
    case CheckKind::Status: {
        if (c.statuses.empty())
            return "status " + std::to_string(c.min) + "-" + std::to_string(c.max);
        std::string s = "status ";
        for (size_t i = 0; i < c.statuses.size(); ++i)
            s += (i ? " or " : "") + std::to_string(c.statuses[i]);
        return s;
    }
    case CheckKind::BodyContains:
        return "body contains \"" + c.text + "\"";
    case CheckKind::BodyMatches:
        return "body matches /" + c.text + "/";
    case CheckKind::JsonEquals:
        return c.path + " equals \"" + c.text + "\"";
    case CheckKind::JsonExists:
        return c.path + " exists";
    case CheckKind::HeaderPresent:
        return "header " + c.text + " present";
    case CheckKind::ResponseTime:
        return "response time under " + msText(c.underNs);
    }
    return {};
}

// What was measured for the check, whatever its result.
std::string measuredOf(const Check &c, const ResponseView &r, LazyJson &body)
{
    switch (c.kind) {
    case CheckKind::Status:
        return "status " + std::to_string(r.status);
    case CheckKind::BodyContains: {
        const size_t at = r.body.find(c.text);
        return at == std::string_view::npos ? "not found in " + std::to_string(r.body.size()) + " bytes"
                                            : "found at byte " + std::to_string(at);
    }
    case CheckKind::BodyMatches: {
        std::match_results<std::string_view::const_iterator> m;
        if (!std::regex_search(r.body.begin(), r.body.end(), m, *c.regex))
            return "no match in " + std::to_string(r.body.size()) + " bytes";
        return "matched \"" + std::string(m[0].first, m[0].second).substr(0, 200) + "\"";
    }
    case CheckKind::JsonEquals:
    case CheckKind::JsonExists: {
        std::string why;
        const json *v = lookup(body, c.pointer, why);
        return v ? c.path + " = " + jsonText(*v).substr(0, 200) : why;
    }
    case CheckKind::HeaderPresent:
        if (const auto h = r.header(c.text))
            return c.text + ": " + std::string(*h);
        return "no header " + c.text;
    case CheckKind::ResponseTime:
        return "response time " + msText(r.latencyNs);
    }
    return {};
}

bool isLiteralIp(const std::string &host)
{
    in6_addr probe;
    return inet_pton(AF_INET, host.c_str(), &probe) == 1 || inet_pton(AF_INET6, host.c_str(), &probe) == 1;
}

} // namespace

struct DebugRunner::Conn
{
    int fd = -1;
    SSL *ssl = nullptr;
    int origin = -1;
    bool reusable = false;
};

struct DebugRunner::Exchange
{
    Http1Parser parser;
    int64_t connectNs = -1; // -1: the connection was reused
    int64_t tlsNs = -1;
    int64_t firstByteNs = -1; // from the first request byte written to the first response byte
    int64_t totalNs = 0;      // from the start of the step (connecting included) to the last byte
    bool reused = false;
    bool failed = false;
    ErrorClass errorClass = ErrorClass::Protocol;
    std::string error;
    uint64_t bytesRead = 0;
    bool connectionOpened = false;
};

DebugRunner::DebugRunner(const RunSpec &spec, const RequestSet &requests, const ScenarioPlan &plan,
                         SSL_CTX *tls)
    : m_spec(spec), m_requests(requests), m_plan(plan), m_tls(tls)
{}

DebugRunner::~DebugRunner() = default;

void DebugRunner::closeConn(Conn &c)
{
    if (c.ssl) {
        SSL_free(c.ssl);
        c.ssl = nullptr;
    }
    if (c.fd >= 0)
        ::close(c.fd);
    c.fd = -1;
    c.origin = -1;
    c.reusable = false;
}

std::vector<DebugRunner::Unit> DebugRunner::planUnits(const RunSpec &spec, const ScenarioPlan &plan)
{
    std::vector<Unit> units;
    const DebugSpec &d = spec.debug;
    std::vector<int> scenarios;
    for (size_t s = 0; s < plan.scenarios().size(); ++s)
        if (d.scenario.empty() || plan.scenarios()[s].name == d.scenario)
            scenarios.push_back(int(s));
    if (d.rows > 0) {
        for (int s : scenarios)
            for (int r = 0; r < d.rows; ++r)
                units.push_back({s, r});
        return units;
    }
    for (int round = 0; round < d.iterations; ++round) {
        if (d.scenario.empty())
            for (size_t t = 0; t < plan.targetCount(); ++t)
                units.push_back({-1 - int(t), -1});
        for (int s : scenarios)
            units.push_back({s, -1});
    }
    return units;
}

bool DebugRunner::exchange(Conn &conn, int origin, const std::string &wire, bool head, Exchange &x)
{
    const Origin &o = m_requests.origins()[size_t(origin)];
    const int64_t start = monotonicNs();
    const int64_t deadline = std::min(start + m_spec.timeoutNs, m_deadlineNs);
    auto failWith = [&](ErrorClass cls, std::string why) {
        x.failed = true;
        x.errorClass = cls;
        x.error = std::move(why);
        x.totalNs = monotonicNs() - start;
        closeConn(conn);
        return false;
    };
    // Waits for fd to be ready for events, in slices so a stop is seen within 50 ms.
    auto wait = [&](short events) {
        for (;;) {
            if (m_stop.load())
                return false;
            const int64_t left = deadline - monotonicNs();
            if (left <= 0)
                return false;
            pollfd p{conn.fd, events, 0};
            const int rc = ::poll(&p, 1, int(std::min<int64_t>(50, left / 1'000'000 + 1)));
            if (rc > 0)
                return true;
            if (rc < 0 && errno != EINTR)
                return false;
        }
    };
    auto stoppedOrTimeout = [&](ErrorClass cls, const char *what) {
        return failWith(m_stop.load() ? ErrorClass::Connect : cls,
                        m_stop.load() ? std::string("stopped while ") + what
                                      : std::string("timed out while ") + what + " (timeout " +
                                            msText(m_spec.timeoutNs) + ")");
    };

    x.reused = conn.fd >= 0 && conn.origin == origin && conn.reusable;
    if (!x.reused) {
        closeConn(conn);
        const int64_t t0 = monotonicNs();
        const sockaddr *sa = reinterpret_cast<const sockaddr *>(o.sockaddr.data());
        conn.fd = ::socket(sa->sa_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (conn.fd < 0)
            return failWith(ErrorClass::Connect,
                            std::string("cannot create a socket: ") + std::strerror(errno));
        conn.origin = origin;
        x.connectionOpened = true;
        const int one = 1;
        setsockopt(conn.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (::connect(conn.fd, sa, socklen_t(o.sockaddr.size())) != 0 && errno != EINPROGRESS)
            return failWith(ErrorClass::Connect,
                            "cannot connect to " + o.address + ": " + std::strerror(errno));
        if (!wait(POLLOUT))
            return stoppedOrTimeout(ErrorClass::Connect, ("connecting to " + o.address).c_str());
        int soError = 0;
        socklen_t len = sizeof soError;
        getsockopt(conn.fd, SOL_SOCKET, SO_ERROR, &soError, &len);
        if (soError != 0)
            return failWith(ErrorClass::Connect,
                            "cannot connect to " + o.address + ": " + std::strerror(soError));
        x.connectNs = monotonicNs() - t0;
        if (o.url.tls) {
            const int64_t t1 = monotonicNs();
            conn.ssl = SSL_new(m_tls);
            if (!conn.ssl)
                return failWith(ErrorClass::Tls, "cannot create a TLS session");
            SSL_set_fd(conn.ssl, conn.fd);
            const bool literal = isLiteralIp(o.url.host);
            if (!literal)
                SSL_set_tlsext_host_name(conn.ssl, o.url.host.c_str());
            if (m_spec.tlsVerify) {
                if (literal)
                    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(conn.ssl), o.url.host.c_str());
                else
                    SSL_set1_host(conn.ssl, o.url.host.c_str());
            }
            SSL_set_connect_state(conn.ssl);
            for (;;) {
                const int rc = SSL_do_handshake(conn.ssl);
                if (rc == 1)
                    break;
                const int err = SSL_get_error(conn.ssl, rc);
                if (err != SSL_ERROR_WANT_READ && err != SSL_ERROR_WANT_WRITE)
                    return failWith(ErrorClass::Tls,
                                    "TLS handshake with " + o.url.host + " failed: " + tlsErrorString());
                if (!wait(err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT))
                    return stoppedOrTimeout(ErrorClass::Tls, "in the TLS handshake");
            }
            x.tlsNs = monotonicNs() - t1;
        }
    }

    // Write the request.
    size_t off = 0;
    while (off < wire.size()) {
        const ssize_t n = conn.ssl ? SSL_write(conn.ssl, wire.data() + off, int(wire.size() - off))
                                   : ::send(conn.fd, wire.data() + off, wire.size() - off, MSG_NOSIGNAL);
        if (n > 0) {
            off += size_t(n);
            continue;
        }
        if (conn.ssl) {
            const int err = SSL_get_error(conn.ssl, int(n));
            if ((err == SSL_ERROR_WANT_WRITE || err == SSL_ERROR_WANT_READ) &&
                wait(err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT))
                continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EINTR) && wait(POLLOUT)) {
            continue;
        }
        if (m_stop.load() || monotonicNs() >= deadline)
            return stoppedOrTimeout(ErrorClass::Timeout, "sending the request");
        return failWith(ErrorClass::Connect, "the connection closed while sending the request");
    }
    const int64_t sentAt = monotonicNs();

    // Read the response.
    x.parser.setCapture(true);
    x.parser.reset(head, false);
    char buf[16384];
    for (;;) {
        const ssize_t n =
            conn.ssl ? SSL_read(conn.ssl, buf, int(sizeof buf)) : ::recv(conn.fd, buf, sizeof buf, 0);
        if (n > 0) {
            if (x.firstByteNs < 0)
                x.firstByteNs = monotonicNs() - sentAt;
            x.bytesRead += uint64_t(n);
            size_t used = 0;
            const Http1Parser::Result r = x.parser.feed(buf, size_t(n), used);
            if (r == Http1Parser::Result::Complete)
                break;
            if (r == Http1Parser::Result::Error)
                return failWith(ErrorClass::Protocol, std::string("bad HTTP response: ") + x.parser.error());
            continue;
        }
        bool eof = n == 0;
        if (conn.ssl && n < 0) {
            const int err = SSL_get_error(conn.ssl, int(n));
            if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
                if (wait(err == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT))
                    continue;
                return stoppedOrTimeout(ErrorClass::Timeout, "waiting for the response");
            }
            eof = err == SSL_ERROR_ZERO_RETURN || err == SSL_ERROR_SYSCALL;
        } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            if (wait(POLLIN))
                continue;
            return stoppedOrTimeout(ErrorClass::Timeout, "waiting for the response");
        }
        if (eof || n < 0) {
            if (x.parser.finishOnEof() == Http1Parser::Result::Complete) {
                conn.reusable = false;
                x.totalNs = monotonicNs() - start;
                return true;
            }
            if (x.reused && !x.parser.started()) {
                // The server closed an idle keep-alive connection: one retry on a fresh one, as in a run.
                closeConn(conn);
                Exchange retry;
                const bool ok = exchange(conn, origin, wire, head, retry);
                retry.reused = false;
                x = std::move(retry);
                x.totalNs = monotonicNs() - start;
                return ok;
            }
            return failWith(ErrorClass::Protocol,
                            "the server closed the connection before the response ended");
        }
    }
    conn.reusable = x.parser.keepAlive();
    if (!conn.reusable)
        closeConn(conn);
    x.totalNs = monotonicNs() - start;
    return true;
}

void DebugRunner::run(IntervalStats &stats, hdr::HdrHistogram &total, const StepSink &emit,
                      const WarningSink &warn)
{
    m_deadlineNs = monotonicNs() + m_spec.debug.timeLimitNs;
    const std::vector<Unit> units = planUnits(m_spec, m_plan);
    const size_t cap = m_spec.debug.bodyCap;
    uint64_t seed = uint64_t(monotonicNs()) | 1;
    Headers responseHeaders;

    for (size_t k = 0; k < units.size(); ++k) {
        if (m_stop.load())
            break;
        if (monotonicNs() >= m_deadlineNs) {
            warn("the debug run reached its time limit of " + formatDuration(m_spec.debug.timeLimitNs) +
                 "; " + std::to_string(units.size() - k) + " iteration(s) not sent");
            break;
        }
        const Unit &unit = units[k];
        Conn conn;
        std::vector<std::string> values(m_plan.valueCount());
        CookieJar jar;
        uint64_t rng = xorshift(seed) | 1;
        const int64_t vuNumber = int64_t(k) + 1; // a fresh virtual user per iteration
        const int64_t iterationStart = monotonicNs();

        struct StepPlan
        {
            int request;
            const PreparedStep *step;
        };
        std::vector<StepPlan> steps;
        const PreparedScenario *sc = nullptr;
        json rows = nullptr;
        if (unit.scenario < 0) {
            steps.push_back({-1 - unit.scenario, nullptr});
        } else {
            sc = &m_plan.scenarios()[size_t(unit.scenario)];
            std::vector<int64_t> chosen(m_plan.data().size(), -1);
            bool haveRows = true;
            for (int d : sc->dataSources) {
                const SharedData &src = *m_plan.data()[size_t(d)];
                size_t row = 0;
                if (unit.row >= 0) {
                    if (size_t(unit.row) >= src.table.rowCount()) {
                        warn("data source '" + src.spec.name + "' has " +
                             std::to_string(src.table.rowCount()) + " row(s); no iteration for row " +
                             std::to_string(unit.row + 1));
                        haveRows = false;
                        break;
                    }
                    row = size_t(unit.row);
                } else if (!m_plan.takeRow(d, rng, row)) {
                    warn("data source '" + src.spec.name + "' has no unused row left; iteration " +
                         std::to_string(k + 1) + " not sent");
                    haveRows = false;
                    break;
                }
                chosen[size_t(d)] = int64_t(row);
                if (rows.is_null())
                    rows = json::object();
                rows[src.spec.name] = row;
            }
            if (!haveRows)
                continue;
            for (const PreparedScenario::DataValue &dv : sc->dataValues) {
                const std::string_view v = m_plan.data()[size_t(dv.source)]->table.value(
                    size_t(chosen[size_t(dv.source)]), size_t(dv.column));
                values[size_t(dv.value)].assign(v.data(), v.size());
            }
            for (const PreparedStep &st : sc->steps)
                steps.push_back({st.request, &st});
            ++stats.iterationCounts[size_t(unit.scenario)].started;
        }

        int64_t transactionStart = iterationStart;
        bool iterationFailed = false;
        for (size_t i = 0; i < steps.size(); ++i) {
            if (m_stop.load())
                break;
            const StepPlan &sp = steps[i];
            const RequestSet::Prepared &req = m_requests.requests()[size_t(sp.request)];
            const PreparedStep *st = sp.step;
            const int64_t stepStart = monotonicNs();
            if (st && st->transactionStart)
                transactionStart = stepStart;

            std::string wire;
            if (st && st->dynamic) {
                RenderContext ctx;
                ctx.values = &values;
                ctx.vu = vuNumber;
                ctx.iteration = 1;
                ctx.rng = &rng;
                ctx.nowMs = wallClockMs();
                st->head.render(wire, ctx);
                if (sc->cookies) {
                    const std::string path(requestPathOf(wire));
                    jar.appendHeader(wire, CookieOrigin{req.url.host, path, req.url.tls}, ctx.nowMs);
                }
                if (st->lengthHeader) {
                    std::string body;
                    st->body.render(body, ctx);
                    wire += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
                } else {
                    wire += "\r\n";
                    st->body.render(wire, ctx);
                }
            } else {
                wire = req.wire;
            }

            json rec{{"event", "debug_step"},
                     {"debug_version", kDebugRecordVersion},
                     {"iteration", k},
                     {"vu", vuNumber},
                     {"scenario", sc ? json(sc->name) : json(nullptr)},
                     {"rows", rows},
                     {"step_index", i},
                     {"step", req.name},
                     {"step_count", steps.size()}};
            {
                std::string method, target;
                Headers headers;
                std::string_view body;
                splitRequest(wire, method, target, headers, body);
                const Origin &o = m_requests.origins()[size_t(req.origin)];
                json r{{"method", method},
                       {"url", (o.url.tls ? "https://" : "http://") + o.url.authority() + target},
                       {"headers", headersJson(headers)},
                       {"address", o.address}};
                putBody(r, body, body.size(), cap);
                rec["request"] = std::move(r);
            }

            Exchange x;
            ++stats.counts[size_t(sp.request)].sent;
            const bool ok = exchange(conn, req.origin, wire, req.head, x);
            stats.connectionsOpened += x.connectionOpened ? 1 : 0;
            stats.bytesRead += x.bytesRead;
            json timing{{"latency_us", x.totalNs / 1000},
                        {"reused_connection", x.reused},
                        {"connect_us", x.connectNs >= 0 ? json(x.connectNs / 1000) : json(nullptr)},
                        {"tls_us", x.tlsNs >= 0 ? json(x.tlsNs / 1000) : json(nullptr)},
                        {"first_byte_us", x.firstByteNs >= 0 ? json(x.firstByteNs / 1000) : json(nullptr)}};
            rec["timing"] = std::move(timing);
            json extractions = json::array(), checks = json::array();
            bool failed = false;
            std::string endReason;
            if (!ok) {
                ++stats.counts[size_t(sp.request)].errors;
                ++stats.errors[size_t(x.errorClass)];
                rec["response"] = nullptr;
                rec["error"] = {{"class", errorClassName(x.errorClass)}, {"message", x.error}};
                failed = true;
                endReason = std::string(errorClassName(x.errorClass)) + " error";
            } else {
                const int status = x.parser.status();
                const int64_t us = x.totalNs / 1000;
                ++stats.counts[size_t(sp.request)].completed;
                stats.latency[size_t(sp.request)].record(std::max<int64_t>(1, us));
                total.record(std::max<int64_t>(1, us));
                if (status >= 0 && status < 600)
                    ++stats.statuses[size_t(status)];
                const bool httpError = req.expectStatus ? status != req.expectStatus : status >= 400;
                if (httpError) {
                    ++stats.counts[size_t(sp.request)].errors;
                    if (status >= 0 && status < 600)
                        ++stats.httpErrors[size_t(status)];
                }
                splitHeaders(x.parser.capturedHeaders(), responseHeaders);
                const std::string &block = x.parser.capturedHeaders();
                const std::string statusLine = block.substr(0, block.find_first_of("\r\n"));
                const size_t sp2 = statusLine.find(' ', statusLine.find(' ') + 1);
                json resp{{"status", status},
                          {"reason", sp2 == std::string::npos ? std::string() : statusLine.substr(sp2 + 1)},
                          {"headers", headersJson(responseHeaders)}};
                const std::string &body = x.parser.capturedBody();
                putBody(resp, body, std::max<uint64_t>(body.size(), x.parser.bodyBytes()), cap);
                rec["response"] = std::move(resp);
                rec["error"] = nullptr;
                rec["http_error"] = httpError;
                failed = httpError;
                if (httpError)
                    endReason = "HTTP status " + std::to_string(status);

                if (st) {
                    if (sc->cookies)
                        jar.update(responseHeaders,
                                   CookieOrigin{req.url.host, requestPathOf(wire), req.url.tls},
                                   wallClockMs());
                    ResponseView view;
                    view.status = status;
                    view.body = body;
                    view.headers = &responseHeaders;
                    view.latencyNs = x.totalNs;
                    LazyJson lazy(view.body);
                    bool extractFailed = false, checkFailed = false;
                    for (size_t e = 0; e < st->spec->extract.size(); ++e) {
                        const Extraction &ex = st->spec->extract[e];
                        std::string &slot = values[size_t(st->extractValues[e])];
                        json item{
                            {"var", ex.var}, {"from", extractFrom(ex.kind)}, {"expression", ex.expression}};
                        if (ex.apply(view, lazy, slot)) {
                            item["ok"] = true;
                            item["value"] = slot;
                        } else {
                            extractFailed = true;
                            item["ok"] = false;
                            item["error"] = extractionFailure(ex, view, lazy);
                        }
                        extractions.push_back(std::move(item));
                    }
                    for (size_t c = 0; c < st->spec->checks.size(); ++c) {
                        const Check &ch = st->spec->checks[c];
                        const bool pass = ch.passes(view, lazy);
                        if (pass)
                            ++stats.checkPasses[size_t(st->firstCheck) + c];
                        else
                            ++stats.checkFails[size_t(st->firstCheck) + c];
                        checkFailed = checkFailed || !pass;
                        checks.push_back({{"name", ch.name},
                                          {"type", checkType(ch.kind)},
                                          {"passed", pass},
                                          {"expected", expectedOf(ch)},
                                          {"measured", measuredOf(ch, view, lazy)}});
                    }
                    if (!httpError && (extractFailed || checkFailed)) {
                        ++stats.counts[size_t(sp.request)].errors;
                        ++stats.errors[size_t(extractFailed ? ErrorClass::Extract : ErrorClass::Check)];
                    }
                    if (endReason.empty() && extractFailed)
                        endReason = "an extraction failed";
                    if (endReason.empty() && checkFailed)
                        endReason = "a check failed";
                    failed = failed || extractFailed || checkFailed;
                }
            }
            rec["extractions"] = std::move(extractions);
            rec["checks"] = std::move(checks);
            json cookies = json::array(), attributes = json::array();
            if (sc && sc->cookies) {
                for (size_t j = 0; j < jar.size(); ++j) {
                    const Cookie &c = jar.at(j);
                    cookies.push_back(json::array({c.name, c.value}));
                    attributes.push_back(cookieAttributes(c));
                }
            }
            rec["cookies"] = std::move(cookies);
            rec["cookie_attributes"] = std::move(attributes);
            rec["cookies_enabled"] = sc ? sc->cookies : false;
            rec["failed"] = failed;

            const bool last = i + 1 == steps.size();
            const bool endsOnFailure = !ok || !st || st->spec->endOnFailure;
            const bool ends = last || (failed && endsOnFailure);
            iterationFailed = iterationFailed || failed;
            const int64_t thinkNs = st ? st->spec->thinkNs : 0;
            rec["think_time"] = {{"configured_us", thinkNs / 1000},
                                 {"applied", !ends && thinkNs > 0 && m_spec.debug.applyThinkTime}};
            if (st && st->transaction >= 0 && st->transactionEnd && !(failed && endsOnFailure))
                stats.transactions[size_t(st->transaction)].record(
                    std::max<int64_t>(1, (monotonicNs() - transactionStart) / 1000));
            if (ends) {
                const bool completed = last && !(failed && endsOnFailure);
                rec["iteration_end"] = {{"completed", completed},
                                        {"reason", failed && endsOnFailure ? endReason
                                                   : last                  ? std::string("last step")
                                                                           : std::string()},
                                        {"duration_us", (monotonicNs() - iterationStart) / 1000},
                                        {"failed_steps", iterationFailed}};
                if (sc) {
                    if (completed) {
                        ++stats.iterationCounts[size_t(unit.scenario)].completed;
                        stats.iterations[size_t(unit.scenario)].record(
                            std::max<int64_t>(1, (monotonicNs() - iterationStart) / 1000));
                    } else {
                        ++stats.iterationCounts[size_t(unit.scenario)].failed;
                    }
                }
            } else {
                rec["iteration_end"] = nullptr;
            }
            emit(rec);
            if (ends)
                break;
            if (thinkNs > 0 && m_spec.debug.applyThinkTime) {
                const int64_t until = monotonicNs() + thinkNs;
                while (!m_stop.load() && monotonicNs() < until)
                    std::this_thread::sleep_for(std::chrono::milliseconds(
                        std::min<int64_t>(20, std::max<int64_t>(1, (until - monotonicNs()) / 1'000'000))));
            }
        }
        closeConn(conn);
    }
}

} // namespace lw::engine
