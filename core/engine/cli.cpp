#include "engine/cli.h"

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace lw::engine {

std::string usageText()
{
    return R"(Usage: loadwright-engine --url URL (--rate N | --connections N) --duration D [options]
       loadwright-engine --spec FILE [--json]
       loadwright-engine --protocol

Sends HTTP load to URL and prints a latency summary (wrk-style, or JSON with --json).
Latency is measured from the intended send time (no coordinated omission).

Load:
  --url URL             target (http:// or https://); only allow-listed hosts (default loopback)
  --rate N              open model: N requests/s over all threads (wrk2/k6 arrival rate);
                        with --connections, N caps the connections the open model may use
  --connections N       closed model: N connections (virtual users), each sending back to back;
                        with --rate: the open model's connection ceiling (default 1024)
  --duration D          run length, e.g. 30s, 2m, 1h30m (required)
  --threads N           worker threads (default: one per core)
  --think D[:D]         closed model: pause between a connection's requests (fixed or min:max)
  --rate-cap N          global ceiling in requests/s, whatever the model says
  --max-queue N         open model: sends that may wait for a free connection (default 4 x connections);
                        sends beyond it, or waiting longer than --timeout, count as dropped
Request:
  --method M            HTTP method (default GET)
  --header 'K: V'       request header (repeatable)
  --body S              request body (@FILE reads it from FILE)
  --timeout D           per-request timeout (default 10s); counted as a "timeout" error
  --follow-redirects N  follow up to N redirects (default 0: a 3xx is the response);
                        every redirect target is checked against the allow-list
  --insecure            do not verify TLS certificates
  --no-http2            HTTPS: offer only http/1.1 in ALPN (default offers h2 and http/1.1;
                        an h2 connection carries one request at a time, like a keep-alive one)
Safety:
  --allow HOST|CIDR     also allow this host name, IP or CIDR block (repeatable);
                        the default allows only 127.0.0.0/8, ::1 and names resolving there
Output:
  --interval D          reporting interval (default 1s)
  --hlog FILE           write the interval histograms as an HdrHistogram log (.hlog, V2 compressed)
  --json                print the summary as one JSON object
  --progress            print one line per interval on stderr
  --peers               also print a "PEERS rps=... p50_ms=..." line (benchmark hook)
  --spec FILE           read the whole run spec from a JSON file (the protocol's start spec)
Other:
  --protocol            controlled by a JSON-lines protocol on stdin/stdout (PROTOCOL.md)
  --help, --version

Summary fields: requests = completed responses (any status); errors = connect, timeout, tls,
protocol, and http_<status> for 4xx/5xx; dropped = open-model sends that never started.
SIGINT stops gracefully (in-flight requests finish) and still prints the summary.
Exit status: 0 run completed, 2 bad command line or refused/unresolvable host, 1 other failure.
)";
}

namespace {
bool number(const std::string &opt, const std::string &v, double lo, double hi, double &out,
            std::string &error)
{
    char *end = nullptr;
    const double d = std::strtod(v.c_str(), &end);
    if (v.empty() || *end != '\0' || !std::isfinite(d) || d < lo || d > hi) {
        std::ostringstream os;
        os << opt << ": '" << v << "' is not a number from " << lo << " to " << hi;
        error = os.str();
        return false;
    }
    out = d;
    return true;
}
} // namespace

bool parseCommandLine(const std::vector<std::string> &args, CliOptions &o, std::string &error)
{
    o = CliOptions{};
    RunSpec &s = o.spec;
    RequestSpec req;
    bool haveUrl = false, haveRate = false, haveConns = false, haveDuration = false, haveMaxQueue = false;
    double rate = 0, conns = 0;
    int64_t duration = 0;
    std::string specFile;
    std::vector<std::string> allows;
    bool insecure = false, haveThink = false, noHttp2 = false;
    int64_t thinkMin = 0, thinkMax = 0;
    double threads = 0, rateCap = 0, follow = 0, maxQueue = 0;
    int64_t timeout = -1, interval = -1;
    std::string hlog;
    for (size_t i = 0; i < args.size(); ++i) {
        std::string a = args[i];
        std::string value;
        bool inlineValue = false;
        if (a.rfind("--", 0) == 0 && a.find('=') != std::string::npos) {
            value = a.substr(a.find('=') + 1);
            a = a.substr(0, a.find('='));
            inlineValue = true;
        }
        auto flag = [&](const char *name) {
            return a == name;
        };
        if (flag("--help") || flag("-h")) {
            o.help = true;
            continue;
        }
        if (flag("--version")) {
            o.version = true;
            continue;
        }
        if (flag("--protocol")) {
            o.protocol = true;
            continue;
        }
        if (flag("--json")) {
            o.json = true;
            continue;
        }
        if (flag("--peers")) {
            o.peers = true;
            continue;
        }
        if (flag("--progress")) {
            o.progress = true;
            continue;
        }
        if (flag("--insecure")) {
            insecure = true;
            continue;
        }
        if (flag("--no-http2")) {
            noHttp2 = true;
            continue;
        }
        static const char *withValue[] = {
            "--url",       "--rate",     "--connections", "--duration", "--threads",
            "--timeout",   "--method",   "--header",      "--body",     "--hlog",
            "--allow",     "--interval", "--rate-cap",    "--think",    "--follow-redirects",
            "--max-queue", "--spec"};
        bool known = false;
        for (const char *w : withValue)
            known = known || a == w;
        if (!known) {
            error = "unknown option '" + args[i] + "' (see --help)";
            return false;
        }
        if (!inlineValue) {
            if (i + 1 >= args.size()) {
                error = a + " needs a value";
                return false;
            }
            value = args[++i];
        }
        std::string e;
        if (flag("--url")) {
            req.url = value;
            haveUrl = true;
        } else if (flag("--rate")) {
            if (!number(a, value, 0.001, 1e8, rate, error))
                return false;
            haveRate = true;
        } else if (flag("--connections")) {
            if (!number(a, value, 1, 1e6, conns, error))
                return false;
            haveConns = true;
        } else if (flag("--duration")) {
            if (!parseDuration(value, duration, e) || duration <= 0) {
                error = "--duration: " + (e.empty() ? "must be positive" : e);
                return false;
            }
            haveDuration = true;
        } else if (flag("--threads")) {
            if (!number(a, value, 1, 1024, threads, error))
                return false;
        } else if (flag("--timeout") || flag("--interval")) {
            int64_t &target = flag("--timeout") ? timeout : interval;
            if (!parseDuration(value, target, e) || target <= 0) {
                error = a + ": " + (e.empty() ? "must be positive" : e);
                return false;
            }
        } else if (flag("--method")) {
            req.method = value;
        } else if (flag("--header")) {
            const size_t colon = value.find(':');
            if (colon == std::string::npos || colon == 0) {
                error = "--header: '" + value + "' is not 'Name: value'";
                return false;
            }
            std::string v = value.substr(colon + 1);
            v.erase(0, v.find_first_not_of(" \t"));
            req.headers.emplace_back(value.substr(0, colon), v);
        } else if (flag("--body")) {
            if (!value.empty() && value[0] == '@') {
                std::ifstream f(value.substr(1), std::ios::binary);
                if (!f) {
                    error = "--body: cannot read '" + value.substr(1) + "'";
                    return false;
                }
                req.body.assign(std::istreambuf_iterator<char>(f), {});
            } else {
                req.body = value;
            }
        } else if (flag("--hlog")) {
            hlog = value;
        } else if (flag("--allow")) {
            allows.push_back(value);
        } else if (flag("--rate-cap")) {
            if (!number(a, value, 0.001, 1e9, rateCap, error))
                return false;
        } else if (flag("--think")) {
            const size_t colon = value.find(':');
            if (!parseDuration(value.substr(0, colon), thinkMin, e) ||
                !parseDuration(colon == std::string::npos ? value : value.substr(colon + 1), thinkMax, e) ||
                thinkMax < thinkMin) {
                error = "--think: " + (e.empty() ? "max below min" : e);
                return false;
            }
            haveThink = true;
        } else if (flag("--follow-redirects")) {
            if (!number(a, value, 0, 20, follow, error))
                return false;
        } else if (flag("--max-queue")) {
            if (!number(a, value, 1, 1e7, maxQueue, error))
                return false;
            haveMaxQueue = true;
        } else if (flag("--spec")) {
            specFile = value;
        }
    }
    if (o.help || o.version || o.protocol)
        return true;
    if (!specFile.empty()) {
        std::ifstream f(specFile);
        if (!f) {
            error = "--spec: cannot read '" + specFile + "'";
            return false;
        }
        nlohmann::json j = nlohmann::json::parse(f, nullptr, false);
        if (j.is_discarded()) {
            error = "--spec: '" + specFile + "' is not valid JSON";
            return false;
        }
        if (!runSpecFromJson(j, s, error)) {
            error = "--spec: " + error;
            return false;
        }
    } else {
        if (!haveUrl) {
            error = "--url is required (see --help)";
            return false;
        }
        if (!haveRate && !haveConns) {
            error = "give --rate N (open model) or --connections N (closed model)";
            return false;
        }
        if (!haveDuration) {
            error = "--duration is required, e.g. --duration 30s";
            return false;
        }
        s.requests.push_back(req);
        s.model = haveRate ? LoadModelKind::Open : LoadModelKind::Closed;
        s.stages.push_back(StageSpec{duration, haveRate ? rate : conns, true});
        if (haveRate && haveConns)
            s.maxConnections = static_cast<int>(conns);
        else if (haveConns)
            s.maxConnections = static_cast<int>(conns);
    }
    if (threads > 0)
        s.threads = static_cast<int>(threads);
    if (timeout > 0)
        s.timeoutNs = timeout;
    if (interval > 0)
        s.intervalNs = interval;
    if (rateCap > 0)
        s.rateCap = rateCap;
    if (haveThink) {
        s.thinkMinNs = thinkMin;
        s.thinkMaxNs = thinkMax;
    }
    if (follow > 0)
        s.followRedirects = static_cast<int>(follow);
    if (haveMaxQueue)
        s.maxQueue = static_cast<int>(maxQueue);
    if (insecure)
        s.tlsVerify = false;
    if (noHttp2)
        s.http2 = false;
    if (!hlog.empty())
        s.hlogPath = hlog;
    for (const std::string &entry : allows) {
        if (!s.allow.add(entry, error)) {
            error = "--allow: " + error;
            return false;
        }
    }
    if (specFile.empty())
        s.gracefulStopNs = -1;
    if (!validateRunSpec(s, error))
        return false;
    return true;
}

} // namespace lw::engine
