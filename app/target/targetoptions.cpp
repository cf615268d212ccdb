#include "targetoptions.h"

#include <arpa/inet.h>

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace lw::target {

namespace {

std::optional<double> parseNumber(std::string_view s)
{
    if (s.empty())
        return std::nullopt;
    double v = 0;
    const auto res = std::from_chars(s.data(), s.data() + s.size(), v);
    if (res.ec != std::errc() || res.ptr != s.data() + s.size() || !std::isfinite(v))
        return std::nullopt;
    return v;
}

std::optional<int64_t> parseInteger(std::string_view s)
{
    int64_t v = 0;
    const auto res = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || res.ec != std::errc() || res.ptr != s.data() + s.size())
        return std::nullopt;
    return v;
}

std::string fmtDuration(int64_t ns)
{
    if (ns % 1'000'000'000 == 0)
        return std::to_string(ns / 1'000'000'000) + "s";
    if (ns % 1'000'000 == 0)
        return std::to_string(ns / 1'000'000) + "ms";
    return std::to_string(ns / 1000) + "us";
}

} // namespace

int64_t LatencyModel::sampleNs(std::mt19937_64 &rng) const
{
    switch (kind) {
    case Kind::Fixed:
        return aNs;
    case Kind::Uniform:
        return std::uniform_int_distribution<int64_t>(aNs, bNs)(rng);
    case Kind::Exponential:
        return aNs == 0 ? 0 : std::llround(std::exponential_distribution<double>(1.0 / double(aNs))(rng));
    case Kind::Normal:
        return std::max<int64_t>(
            0, std::llround(std::normal_distribution<double>(double(aNs), double(bNs))(rng)));
    }
    return 0;
}

std::string LatencyModel::describe() const
{
    switch (kind) {
    case Kind::Fixed:
        return fmtDuration(aNs);
    case Kind::Uniform:
        return "uniform:" + fmtDuration(aNs) + "-" + fmtDuration(bNs);
    case Kind::Exponential:
        return "exp:" + fmtDuration(aNs);
    case Kind::Normal:
        return "normal:" + fmtDuration(aNs) + "," + fmtDuration(bNs);
    }
    return {};
}

std::optional<int64_t> parseDurationNs(std::string_view text)
{
    struct Unit
    {
        std::string_view suffix;
        double ns;
    };
    // Longest suffixes first so "ms" is not read as "s".
    static constexpr Unit units[] = {{"us", 1e3}, {"ms", 1e6}, {"ns", 1.0},
                                     {"s", 1e9},  {"m", 60e9}, {"h", 3600e9}};
    if (text == "0")
        return 0;
    for (const Unit &u : units) {
        if (text.size() > u.suffix.size() && text.substr(text.size() - u.suffix.size()) == u.suffix) {
            const auto v = parseNumber(text.substr(0, text.size() - u.suffix.size()));
            if (!v || *v < 0 || *v * u.ns > 1e18)
                return std::nullopt;
            return std::llround(*v * u.ns);
        }
    }
    return std::nullopt;
}

std::optional<LatencyModel> parseLatency(std::string_view text, std::string *error)
{
    const auto bad = [&](const std::string &why) -> std::optional<LatencyModel> {
        *error = "invalid --latency '" + std::string(text) + "': " + why;
        return std::nullopt;
    };
    LatencyModel m;
    const size_t colon = text.find(':');
    const std::string_view kind =
        colon == std::string_view::npos ? std::string_view() : text.substr(0, colon);
    const std::string_view args = colon == std::string_view::npos ? text : text.substr(colon + 1);
    const auto two = [&](char sep, int64_t &a, int64_t &b) {
        const size_t pos = args.find(sep);
        if (pos == std::string_view::npos)
            return false;
        const auto x = parseDurationNs(args.substr(0, pos));
        const auto y = parseDurationNs(args.substr(pos + 1));
        if (!x || !y)
            return false;
        a = *x;
        b = *y;
        return true;
    };
    if (kind.empty()) {
        const auto v = parseDurationNs(args);
        if (!v)
            return bad("expected a duration such as 2ms, 500us or 1s");
        m.aNs = *v;
    } else if (kind == "uniform") {
        m.kind = LatencyModel::Kind::Uniform;
        if (!two('-', m.aNs, m.bNs) || m.aNs > m.bNs)
            return bad("expected uniform:LOW-HIGH with LOW <= HIGH, e.g. uniform:1ms-5ms");
    } else if (kind == "exp") {
        m.kind = LatencyModel::Kind::Exponential;
        const auto v = parseDurationNs(args);
        if (!v)
            return bad("expected exp:MEAN, e.g. exp:2ms");
        m.aNs = *v;
    } else if (kind == "normal") {
        m.kind = LatencyModel::Kind::Normal;
        if (!two(',', m.aNs, m.bNs))
            return bad("expected normal:MEAN,STDDEV, e.g. normal:10ms,2ms");
    } else {
        return bad("unknown distribution '" + std::string(kind) + "' (use uniform, exp or normal)");
    }
    return m;
}

bool isLoopbackHost(const std::string &host)
{
    if (host == "localhost")
        return true;
    in_addr v4{};
    if (inet_pton(AF_INET, host.c_str(), &v4) == 1)
        return (ntohl(v4.s_addr) >> 24) == 127;
    in6_addr v6{};
    if (inet_pton(AF_INET6, host.c_str(), &v6) == 1)
        return IN6_IS_ADDR_LOOPBACK(&v6);
    return false;
}

std::optional<TargetOptions> parseTargetOptions(int argc, char **argv, std::string *error)
{
    TargetOptions o;
    const auto bad = [&](const std::string &why) -> std::optional<TargetOptions> {
        *error = why;
        return std::nullopt;
    };
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        std::string_view value;
        bool hasInlineValue = false;
        if (arg.substr(0, 2) == "--") {
            const size_t eq = arg.find('=');
            if (eq != std::string_view::npos) {
                value = arg.substr(eq + 1);
                arg = arg.substr(0, eq);
                hasInlineValue = true;
            }
        }
        if (arg == "--help" || arg == "-h") {
            o.help = true;
            continue;
        }
        if (arg == "--reset-connections" && !hasInlineValue) {
            o.resetConnections = true;
            continue;
        }
        static constexpr std::string_view withValue[] = {
            "--port",  "--host", "--threads",     "--latency",  "--error-rate",   "--size",
            "--stall", "--seed", "--stall-every", "--duration", "--max-requests", "--write-backlog"};
        bool known = false;
        for (auto name : withValue)
            known = known || arg == name;
        if (!known)
            return bad("unknown argument '" + std::string(argv[i]) + "' (see --help)");
        if (!hasInlineValue) {
            if (i + 1 >= argc)
                return bad("missing value for " + std::string(arg));
            value = argv[++i];
        }
        const std::string v(value);
        const auto needDuration = [&](int64_t &out) {
            const auto d = parseDurationNs(value);
            if (d)
                out = *d;
            return d.has_value();
        };
        if (arg == "--port") {
            const auto p = parseInteger(value);
            if (!p || *p < 0 || *p > 65535)
                return bad("invalid --port '" + v + "': expected 0..65535");
            o.port = int(*p);
        } else if (arg == "--host") {
            if (!isLoopbackHost(v))
                return bad("refusing --host '" + v +
                           "': loadwright-target only binds loopback addresses "
                           "(127.0.0.0/8, ::1, localhost)");
            o.host = v == "localhost" ? "127.0.0.1" : v;
        } else if (arg == "--threads") {
            const auto t = parseInteger(value);
            if (!t || *t < 1 || *t > 64)
                return bad("invalid --threads '" + v + "': expected 1..64");
            o.threads = int(*t);
        } else if (arg == "--latency") {
            auto m = parseLatency(value, error);
            if (!m)
                return std::nullopt;
            o.latency = *m;
        } else if (arg == "--error-rate") {
            const auto r = parseNumber(value);
            if (!r || *r < 0.0 || *r > 1.0)
                return bad("invalid --error-rate '" + v + "': expected a fraction 0..1, e.g. 0.1");
            o.errorRate = *r;
        } else if (arg == "--size") {
            const auto s = parseInteger(value);
            if (!s || *s < 0 || *s > 64 * 1024 * 1024)
                return bad("invalid --size '" + v + "': expected 0..67108864 bytes");
            o.bodySize = *s;
        } else if (arg == "--write-backlog") {
            const auto b = parseInteger(value);
            if (!b || *b < 1 || *b > 1024 * 1024 * 1024)
                return bad("invalid --write-backlog '" + v + "': expected 1..1073741824 bytes");
            o.writeBacklog = *b;
        } else if (arg == "--stall") {
            if (!needDuration(o.stallNs))
                return bad("invalid --stall '" + v + "': expected a duration such as 1s");
        } else if (arg == "--stall-every") {
            if (!needDuration(o.stallEveryNs) || o.stallEveryNs == 0)
                return bad("invalid --stall-every '" + v + "': expected a positive duration such as 5s");
        } else if (arg == "--seed") {
            const auto s = parseInteger(value);
            if (!s || *s < 0)
                return bad("invalid --seed '" + v + "': expected a non-negative integer");
            o.seed = uint64_t(*s);
            o.seedGiven = true;
        } else if (arg == "--max-requests") {
            const auto n = parseInteger(value);
            if (!n || *n < 1)
                return bad("invalid --max-requests '" + v + "': expected a positive integer");
            o.maxRequests = *n;
        } else if (arg == "--duration") {
            if (!needDuration(o.durationNs) || o.durationNs == 0)
                return bad("invalid --duration '" + v + "': expected a positive duration such as 60s");
        }
    }
    if ((o.stallNs > 0) != (o.stallEveryNs > 0))
        return bad("--stall and --stall-every must be given together");
    if (o.stallNs > 0 && o.stallNs >= o.stallEveryNs)
        return bad("--stall must be shorter than --stall-every");
    return o;
}

const char *targetUsage()
{
    return R"(Usage: loadwright-target [options]

A small HTTP/1.1 server on loopback for demos and fault-injection tests. Prints
"listening on HOST:PORT" as its first line of output once it accepts connections.

Options:
  --port P               TCP port (default 0: pick a free one and print it)
  --host ADDR            loopback address to bind: 127.0.0.0/8, ::1 or localhost
                         (default 127.0.0.1; any other address is refused, exit 2)
  --threads N            worker threads, each with its own epoll loop (default 1)
  --latency SPEC         delay before each answer (default 0):
                           2ms                 fixed
                           uniform:1ms-5ms     uniform between the two
                           exp:2ms             exponential with that mean
                           normal:10ms,2ms     normal (mean, stddev), clamped at 0
                         durations take a unit: ns, us, ms, s, m, h
  --error-rate F         answer this fraction (0..1) with HTTP 500 (default 0)
  --size BYTES           response body size (default 100)
  --write-backlog BYTES  answers a connection may have waiting to be written before
                         the target stops reading its requests until the client
                         catches up (default 4194304)
  --stall D --stall-every E
                         freeze every response during [k*E, k*E + D) after start:
                         a request that arrives or is due in a stall is answered
                         when the stall ends
  --seed N               seed of the latency and error random draws (default: random)
  --max-requests N       answer at most N requests, then exit
  --reset-connections    reset every connection (TCP RST) as soon as it is accepted,
                         answering nothing (health and stats included)
  --duration D           exit after D (default: run until SIGINT/SIGTERM)
  -h, --help             show this help

Endpoints: every path answers (GET, HEAD, POST, ... with Content-Length or chunked
bodies; keep-alive and pipelining; "Connection: close" honoured). /health answers
200 "ok" at once, without latency, stalls or errors. /stats answers JSON counters:
requests, responses, status_2xx, status_5xx, stalled, connections_accepted,
connections_open, bad_requests, uptime_s (health and stats calls are not counted).
Delayed answers carry "X-Injected-Delay-Us: N", the delay the target added (latency
and stall), so a client can tell it from its own overhead.

A small demo shop answers for scenario journeys: POST /api/login, GET /api/catalogue,
POST /api/cart/items, POST /api/checkout (token and session cookie required), cookie
scope checks under /api/prefs, and GET /__stats (logins per user, refusals by reason).

Exit status: 0 on a clean stop, 1 when the socket cannot be bound, 2 on bad arguments.
)";
}

} // namespace lw::target
