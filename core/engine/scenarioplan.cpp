#include "engine/scenarioplan.h"

#include "engine/version.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lw::engine {

namespace {

bool hasHeader(const std::vector<std::pair<std::string, std::string>> &headers, const char *name)
{
    return std::any_of(headers.begin(), headers.end(), [&](const auto &h) {
        return h.first.size() == std::strlen(name) && strncasecmp(h.first.c_str(), name, h.first.size()) == 0;
    });
}

// The request target part of a URL template ("/path?q={{x}}"), or false when the scheme or host
// holds a reference.
bool targetOf(const std::string &url, std::string &target)
{
    const size_t scheme = url.find("://");
    const size_t start = scheme == std::string::npos ? 0 : scheme + 3;
    const size_t path = url.find_first_of("/?", start);
    const std::string origin = url.substr(0, path);
    if (origin.find("{{") != std::string::npos)
        return false;
    target = path == std::string::npos ? "/" : url.substr(path);
    if (!target.empty() && target.front() == '?')
        target.insert(target.begin(), '/');
    const size_t hash = target.find('#');
    if (hash != std::string::npos)
        target.resize(hash);
    return true;
}

// Parses the file through a read-only mapping: the bytes are never copied into the heap, and the
// mapping is gone once the table holds the values.
bool parseFile(const std::string &path, DataTable &table, DataFormat format, std::string &error, int &line)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st
    {};
    if (fd < 0 || ::fstat(fd, &st) != 0) {
        if (fd >= 0)
            ::close(fd);
        error = "cannot read " + path + ": " + std::strerror(errno);
        return false;
    }
    const size_t size = size_t(st.st_size);
    void *map = size > 0 ? ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0) : nullptr;
    ::close(fd);
    if (size > 0 && map == MAP_FAILED) {
        error = "cannot map " + path + ": " + std::strerror(errno);
        return false;
    }
    if (map)
        ::madvise(map, size, MADV_SEQUENTIAL);
    std::string why;
    const bool ok = table.parse(std::string_view(static_cast<const char *>(map), size), format, why, line);
    if (map)
        ::munmap(map, size);
    if (!ok)
        error = path + (line > 0 ? " line " + std::to_string(line) : std::string()) + ": " + why;
    return ok;
}

} // namespace

int ScenarioPlan::valueIndex(const std::string &name) const
{
    for (size_t i = 0; i < m_valueNames.size(); ++i)
        if (m_valueNames[i] == name)
            return int(i);
    return -1;
}

bool ScenarioPlan::prepare(const RunSpec &spec, const RequestSet &requests, std::string &error)
{
    m_targetCount = spec.targetCount;
    m_data.clear();
    for (const DataSpec &d : spec.data) {
        auto shared = std::make_unique<SharedData>();
        shared->spec = d;
        int line = 0;
        std::string why;
        if (!parseFile(d.path, shared->table, d.format, why, line)) {
            error = "data '" + d.name + "': " + why;
            return false;
        }
        m_data.push_back(std::move(shared));
    }
    auto dataIndex = [this](const std::string &name) {
        for (size_t i = 0; i < m_data.size(); ++i)
            if (m_data[i]->spec.name == name)
                return int(i);
        return -1;
    };

    // Variables: every extraction target and every data column referenced.
    for (const ScenarioSpec &sc : spec.scenarios)
        for (const StepSpec &st : sc.steps)
            for (const Extraction &x : st.extract)
                if (valueIndex(x.var) < 0)
                    m_valueNames.push_back(x.var);

    int request = int(spec.targetCount);
    double sum = 0;
    for (size_t t = 0; t < spec.targetCount; ++t) {
        sum += spec.requests[t].weight;
        m_cumulative.push_back(sum);
    }
    for (size_t s = 0; s < spec.scenarios.size(); ++s) {
        const ScenarioSpec &sc = spec.scenarios[s];
        PreparedScenario ps;
        ps.name = sc.name;
        ps.cookies = sc.cookies;
        sum += sc.weight;
        m_cumulative.push_back(sum);
        for (size_t k = 0; k < sc.steps.size(); ++k, ++request) {
            const StepSpec &st = sc.steps[k];
            const std::string where = "scenarios[" + std::to_string(s) + "].steps[" + std::to_string(k) + "]";
            PreparedStep p;
            p.spec = &st;
            p.request = request;
            const RequestSet::Prepared &r = requests.requests()[size_t(request)];
            std::string target;
            if (!targetOf(st.url, target)) {
                error = where + ".url: the scheme and host cannot hold {{variables}}";
                return false;
            }
            std::string head = st.method + " " + target + " HTTP/1.1\r\n";
            if (!hasHeader(st.headers, "host"))
                head += "Host: " + r.url.authority() + "\r\n";
            if (!hasHeader(st.headers, "user-agent"))
                head += std::string("User-Agent: loadwright/") + engineVersion() + "\r\n";
            for (const auto &[k2, v] : st.headers)
                head += k2 + ": " + v + "\r\n";
            const bool bodyless =
                st.method == "GET" || st.method == "HEAD" || st.method == "DELETE" || st.method == "OPTIONS";
            p.lengthHeader = !hasHeader(st.headers, "content-length") &&
                             !hasHeader(st.headers, "transfer-encoding") && (!st.body.empty() || !bodyless);
            std::string why;
            if (!p.head.parse(head, why) || !p.body.parse(st.body, why)) {
                error = where + ": " + why;
                return false;
            }
            // Bind variables; data columns get a value slot on first use.
            auto lookup = [&](const std::string &name) -> int {
                const size_t dot = name.find('.');
                if (dot == std::string::npos)
                    return valueIndex(name);
                const int d = dataIndex(name.substr(0, dot));
                if (d < 0)
                    return -1;
                const int column = m_data[size_t(d)]->table.columnIndex(name.substr(dot + 1));
                if (column < 0)
                    return -1;
                int v = valueIndex(name);
                if (v < 0) {
                    v = int(m_valueNames.size());
                    m_valueNames.push_back(name);
                }
                bool known = false;
                for (const auto &dv : ps.dataValues)
                    known = known || dv.value == v;
                if (!known)
                    ps.dataValues.push_back({v, d, column});
                if (std::find(ps.dataSources.begin(), ps.dataSources.end(), d) == ps.dataSources.end())
                    ps.dataSources.push_back(d);
                return v;
            };
            std::string missing;
            if (!p.head.bind(lookup, missing) || !p.body.bind(lookup, missing)) {
                error = where + ": {{" + missing +
                        "}} is not defined (no extraction or data column has that name)";
                return false;
            }
            p.dynamic = !p.head.isStatic() || !p.body.isStatic() || sc.cookies;
            p.capture = sc.cookies || !st.extract.empty() || !st.checks.empty();
            for (const Extraction &x : st.extract)
                p.extractValues.push_back(valueIndex(x.var));
            p.firstCheck = int(m_checkNames.size());
            for (const Check &c : st.checks)
                m_checkNames.push_back(st.name + "/" + c.name);
            if (!st.transaction.empty()) {
                auto it = std::find(m_transactionNames.begin(), m_transactionNames.end(), st.transaction);
                if (it == m_transactionNames.end()) {
                    m_transactionNames.push_back(st.transaction);
                    it = m_transactionNames.end() - 1;
                }
                p.transaction = int(it - m_transactionNames.begin());
                p.transactionStart = k == 0 || sc.steps[k - 1].transaction != st.transaction;
                p.transactionEnd = k + 1 == sc.steps.size() || sc.steps[k + 1].transaction != st.transaction;
            }
            ps.steps.push_back(std::move(p));
        }
        m_scenarios.push_back(std::move(ps));
    }
    // Extraction slots: bound once all names are known (steps are pointers into spec, which outlives us).
    for (double &c : m_cumulative)
        c /= sum > 0 ? sum : 1;
    return true;
}

int ScenarioPlan::pick(double u) const
{
    const auto it = std::upper_bound(m_cumulative.begin(), m_cumulative.end(), u);
    return it == m_cumulative.end() ? int(m_cumulative.size()) - 1 : int(it - m_cumulative.begin());
}

bool ScenarioPlan::takeRow(int d, uint64_t &rng, size_t &row) const
{
    SharedData &s = *m_data[size_t(d)];
    const size_t rows = s.table.rowCount();
    if (s.spec.order == DataOrderKind::Random) {
        row = size_t(xorshift(rng) % rows);
        return true;
    }
    const uint64_t n = s.next.fetch_add(1, std::memory_order_relaxed);
    if (n >= rows && !s.spec.recycle)
        return false;
    row = size_t(n % rows);
    return true;
}

void splitHeaders(const std::string &block, std::vector<std::pair<std::string, std::string>> &out)
{
    out.clear();
    size_t pos = block.find('\n'); // skip the status line
    while (pos != std::string::npos && pos + 1 < block.size()) {
        const size_t start = pos + 1;
        size_t end = block.find('\n', start);
        if (end == std::string::npos)
            end = block.size();
        size_t lineEnd = end;
        if (lineEnd > start && block[lineEnd - 1] == '\r')
            --lineEnd;
        const size_t colon = block.find(':', start);
        if (colon != std::string::npos && colon < lineEnd) {
            size_t v = colon + 1;
            while (v < lineEnd && (block[v] == ' ' || block[v] == '\t'))
                ++v;
            size_t ve = lineEnd;
            while (ve > v && (block[ve - 1] == ' ' || block[ve - 1] == '\t'))
                --ve;
            out.emplace_back(block.substr(start, colon - start), block.substr(v, ve - v));
        }
        pos = end == block.size() ? std::string::npos : end;
    }
}

} // namespace lw::engine
