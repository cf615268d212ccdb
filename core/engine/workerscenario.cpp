// Worker: scenario iterations. An arrival (open model) or a virtual user (closed model) runs one
// iteration on one connection slot, step after step: the step's request is rendered from its
// prepared template (literals and slots), the response's extractions, checks and cookies are
// evaluated, and the next step starts at once or after its think time.
#include "engine/worker.h"

#include <algorithm>
#include <ctime>
#include <functional>
#include <strings.h>

namespace lw::engine {

namespace {

int64_t wallClockMs()
{
    timespec ts{};
    clock_gettime(CLOCK_REALTIME, &ts);
    return int64_t(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

} // namespace

int Worker::pickUnit()
{
    if (m_cfg.plan->empty())
        return pickRequest();
    const double u = static_cast<double>(nextRandom() >> 11) * 0x1.0p-53;
    const int unit = m_cfg.plan->pick(u);
    const int targets = int(m_cfg.plan->targetCount());
    return unit < targets ? unit : -1 - (unit - targets);
}

int Worker::originOfUnit(int unit) const
{
    const int request = unit >= 0 ? unit : m_cfg.plan->scenarios()[size_t(-1 - unit)].steps.front().request;
    return m_cfg.requests->requests()[size_t(request)].origin;
}

void Worker::startUnit(Connection &c, int unit, int64_t intendedNs, int64_t now)
{
    if (unit >= 0) {
        startRequest(c, unit, intendedNs, now);
        return;
    }
    if (!startIteration(c, -1 - unit, intendedNs, now))
        afterRequest(c, now); // no data row left: the slot goes back (closed model: the VU retires)
}

bool Worker::startIteration(Connection &c, int scenario, int64_t intendedNs, int64_t now)
{
    const ScenarioPlan &plan = *m_cfg.plan;
    const PreparedScenario &sc = plan.scenarios()[size_t(scenario)];
    VuState &vu = m_vus[c.index];
    for (int d : sc.dataSources) {
        const bool perVu = plan.data()[size_t(d)]->spec.perVu;
        if (perVu && vu.rows[size_t(d)] >= 0)
            continue;
        size_t row = 0;
        if (!plan.takeRow(d, vu.rng, row)) {
            if (!m_dataExhausted) {
                m_dataExhausted = true;
                std::lock_guard<std::mutex> lock(m_controlMutex);
                m_warning = "data source '" + plan.data()[size_t(d)]->spec.name +
                            "' has no unused row left (on_exhausted: stop); no new iteration starts";
            }
            return false;
        }
        vu.rows[size_t(d)] = int64_t(row);
    }
    for (std::string &v : vu.values)
        v.clear(); // nothing leaks from the previous iteration
    for (const PreparedScenario::DataValue &dv : sc.dataValues) {
        const std::string_view value = plan.data()[size_t(dv.source)]->table.value(
            size_t(vu.rows[size_t(dv.source)]), size_t(dv.column));
        vu.values[size_t(dv.value)].assign(value.data(), value.size());
    }
    // Each iteration is a new visit, as in k6: it starts with an empty cookie jar.
    vu.jar.clear();
    if (!sc.dataSources.empty())
        for (int d : sc.dataSources)
            if (!plan.data()[size_t(d)]->spec.perVu)
                vu.rows[size_t(d)] = -1;
    vu.scenario = scenario;
    vu.step = 0;
    vu.iterationStartNs = intendedNs;
    ++vu.iteration;
    ++m_activeIterations;
    ++m_s->iterationCounts[size_t(scenario)].started;
    startStep(c, intendedNs, now);
    return true;
}

void Worker::prepareStepWire(Connection &c)
{
    VuState &vu = m_vus[c.index];
    const PreparedScenario &sc = m_cfg.plan->scenarios()[size_t(vu.scenario)];
    const PreparedStep &st = sc.steps[size_t(vu.step)];
    if (!st.dynamic)
        return;
    RenderContext ctx;
    ctx.values = &vu.values;
    ctx.vu = int64_t(c.index) * m_cfg.count + m_cfg.index + 1;
    ctx.iteration = vu.iteration;
    ctx.rng = &vu.rng;
    ctx.nowMs = wallClockMs();
    vu.wire.clear();
    st.head.render(vu.wire, ctx);
    if (sc.cookies) {
        // The jar picks the cookies for this request's host, path and scheme; the path is read from
        // the rendered request line, so the cookies go to a scratch buffer first.
        const Url &url = m_cfg.requests->requests()[size_t(st.request)].url;
        m_cookieScratch.clear();
        vu.jar.appendHeader(m_cookieScratch, CookieOrigin{url.host, requestPathOf(vu.wire), url.tls},
                            ctx.nowMs);
        vu.wire += m_cookieScratch;
    }
    if (st.lengthHeader) {
        vu.body.clear();
        st.body.render(vu.body, ctx);
        vu.wire += "Content-Length: ";
        vu.wire += std::to_string(vu.body.size());
        vu.wire += "\r\n\r\n";
        vu.wire += vu.body;
    } else {
        vu.wire += "\r\n";
        st.body.render(vu.wire, ctx);
    }
}

bool Worker::redirectStep(Connection &c, const Url &from, const Url &next, bool keepMethod)
{
    VuState &vu = m_vus[c.index];
    const PreparedScenario &sc = m_cfg.plan->scenarios()[size_t(vu.scenario)];
    const int64_t nowMs = wallClockMs();
    m_redirectScratch.assign(*c.wire); // the request that got this answer (c.redirectWire is rewritten)
    const std::string_view sent = m_redirectScratch;
    if (sc.cookies) {
        splitHeaders(c.parser.capturedHeaders(), m_responseHeaders);
        vu.jar.update(m_responseHeaders, CookieOrigin{from.host, requestPathOf(sent), from.tls}, nowMs);
    }
    const std::string_view method = sent.substr(0, sent.find(' '));
    keepMethod = keepMethod || method == "HEAD";
    const size_t lineEnd = sent.find("\r\n");
    const size_t headEnd = sent.find("\r\n\r\n");
    std::string &w = c.redirectWire;
    w.clear();
    w.append(keepMethod ? method : std::string_view("GET"));
    w += ' ';
    w += next.target;
    w += " HTTP/1.1\r\nHost: ";
    w += next.authority();
    w += "\r\n";
    auto named = [](std::string_view line, const char *name) {
        const size_t n = std::char_traits<char>::length(name);
        return line.size() > n && line[n] == ':' && strncasecmp(line.data(), name, n) == 0;
    };
    for (size_t pos = lineEnd + 2; headEnd != std::string_view::npos && pos < headEnd + 2;) {
        const size_t end = sent.find("\r\n", pos);
        const std::string_view line = sent.substr(pos, end - pos);
        pos = end + 2;
        // Host, cookies and the body's framing are the new request's own.
        if (named(line, "host") || named(line, "cookie") || named(line, "content-length") ||
            named(line, "transfer-encoding") || (!keepMethod && named(line, "content-type")))
            continue;
        w += line;
        w += "\r\n";
    }
    if (sc.cookies)
        vu.jar.appendHeader(w, CookieOrigin{next.host, requestPathOf(next.target), next.tls}, nowMs);
    const std::string_view body =
        keepMethod && headEnd != std::string_view::npos ? sent.substr(headEnd + 4) : std::string_view();
    if (keepMethod && (!body.empty() ||
                       !(method == "GET" || method == "HEAD" || method == "DELETE" || method == "OPTIONS"))) {
        w += "Content-Length: ";
        w += std::to_string(body.size());
        w += "\r\n";
    }
    w += "\r\n";
    w += body;
    return keepMethod;
}

void Worker::startStep(Connection &c, int64_t intendedNs, int64_t now)
{
    VuState &vu = m_vus[c.index];
    const PreparedStep &st = m_cfg.plan->scenarios()[size_t(vu.scenario)].steps[size_t(vu.step)];
    if (st.transactionStart)
        vu.transactionStartNs = intendedNs;
    prepareStepWire(c);
    startRequest(c, st.request, intendedNs, now);
}

bool Worker::evaluateStep(Connection &c, int status, bool httpError, int64_t latencyNs)
{
    VuState &vu = m_vus[c.index];
    const PreparedScenario &sc = m_cfg.plan->scenarios()[size_t(vu.scenario)];
    const PreparedStep &st = sc.steps[size_t(vu.step)];
    bool failed = httpError;
    if (st.capture) {
        splitHeaders(c.h2 ? c.h2->capturedHeaders() : c.parser.capturedHeaders(), m_responseHeaders);
        if (sc.cookies) {
            // The answer's origin: the step's URL, or where the last redirect went.
            const Url &url =
                c.redirects > 0 ? c.redirectUrl : m_cfg.requests->requests()[size_t(st.request)].url;
            const std::string_view path =
                requestPathOf(c.redirects > 0 ? std::string_view(url.target) : vu.wire);
            vu.jar.update(m_responseHeaders, CookieOrigin{url.host, path, url.tls}, wallClockMs());
        }
        ResponseView r;
        r.status = status;
        r.body = c.h2 ? c.h2->capturedBody() : c.parser.capturedBody();
        r.headers = &m_responseHeaders;
        r.latencyNs = latencyNs;
        LazyJson json(r.body);
        bool extractFailed = false;
        for (size_t i = 0; i < st.spec->extract.size(); ++i)
            if (!st.spec->extract[i].apply(r, json, vu.values[size_t(st.extractValues[i])]))
                extractFailed = true;
        bool checkFailed = false;
        for (size_t i = 0; i < st.spec->checks.size(); ++i) {
            if (st.spec->checks[i].passes(r, json)) {
                ++m_s->checkPasses[size_t(st.firstCheck) + i];
            } else {
                ++m_s->checkFails[size_t(st.firstCheck) + i];
                checkFailed = true;
            }
        }
        // One error per response: an HTTP error status is already counted; else extract, then check.
        if (!httpError && (extractFailed || checkFailed)) {
            ++m_s->counts[size_t(st.request)].errors;
            ++m_s->errors[size_t(extractFailed ? ErrorClass::Extract : ErrorClass::Check)];
        }
        failed = failed || extractFailed || checkFailed;
    }
    const int64_t now = c.intendedNs + latencyNs;
    if (st.transaction >= 0 && st.transactionEnd && !(failed && st.spec->endOnFailure))
        m_s->transactions[size_t(st.transaction)].record(
            std::max<int64_t>(0, (now - vu.transactionStartNs) / 1000));
    if (failed && st.spec->endOnFailure) {
        endIteration(c, false, now);
        return false;
    }
    if (size_t(vu.step) + 1 == sc.steps.size()) {
        endIteration(c, true, now);
        return false;
    }
    ++vu.step;
    return true;
}

void Worker::nextStep(Connection &c, int64_t now)
{
    VuState &vu = m_vus[c.index];
    const PreparedStep &prev = m_cfg.plan->scenarios()[size_t(vu.scenario)].steps[size_t(vu.step) - 1];
    if (prev.spec->thinkNs > 0) {
        c.state = Connection::State::Thinking;
        m_thinkHeap.emplace_back(now + prev.spec->thinkNs, c.index);
        std::push_heap(m_thinkHeap.begin(), m_thinkHeap.end(), std::greater<>());
        return;
    }
    startStep(c, now, now);
}

void Worker::endIteration(Connection &c, bool completed, int64_t now)
{
    VuState &vu = m_vus[c.index];
    const size_t s = size_t(vu.scenario);
    if (completed) {
        ++m_s->iterationCounts[s].completed;
        m_s->iterations[s].record(std::max<int64_t>(0, (now - vu.iterationStartNs) / 1000));
    } else {
        ++m_s->iterationCounts[s].failed;
    }
    vu.scenario = -1;
    --m_activeIterations;
}

} // namespace lw::engine
