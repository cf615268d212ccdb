#include "results/scenariostats.h"

#include "hdr/hdrhistogram.h"

#include <QJsonArray>

#include <algorithm>

namespace lw {

QString toString(ScopeKind kind)
{
    return kind == ScopeKind::Transaction ? QStringLiteral("transaction") : QStringLiteral("iteration");
}

std::optional<ScopeKind> scopeKindFromString(const QString &text)
{
    if (text == QLatin1String("transaction"))
        return ScopeKind::Transaction;
    if (text == QLatin1String("iteration"))
        return ScopeKind::Iteration;
    return std::nullopt;
}

QString ScenarioScope::key() const
{
    return toString(kind) + QLatin1Char(':') + name;
}

QString ScenarioScope::label() const
{
    return (kind == ScopeKind::Transaction ? QStringLiteral("Transaction ") : QStringLiteral("Iteration ")) +
           name;
}

double CheckCount::failurePercent() const
{
    const qint64 all = passes + fails;
    return all > 0 ? 100.0 * double(fails) / double(all) : 0.0;
}

struct ScenarioTotals::Scope
{
    ScopeKind kind;
    QString name;
    qint64 count = 0;
    qint64 started = 0;
    qint64 failed = 0;
    std::optional<hdr::HdrHistogram> histogram; // created with the first non-empty interval
};

ScenarioTotals::ScenarioTotals() = default;
ScenarioTotals::~ScenarioTotals() = default;
ScenarioTotals::ScenarioTotals(ScenarioTotals &&) noexcept = default;
ScenarioTotals &ScenarioTotals::operator=(ScenarioTotals &&) noexcept = default;

namespace {

qint64 integer(const QJsonObject &o, const char *key)
{
    return qint64(o.value(QLatin1String(key)).toDouble());
}

} // namespace

bool forEachScopeEntry(const QJsonObject &scenarios,
                       const std::function<bool(ScopeKind kind, const QJsonObject &entry, int index)> &visit)
{
    for (const ScopeKind kind : {ScopeKind::Transaction, ScopeKind::Iteration}) {
        const QJsonArray entries = scenarios.value(toString(kind) + QLatin1Char('s')).toArray();
        for (int i = 0; i < entries.size(); ++i) {
            if (!visit(kind, entries.at(i).toObject(), i))
                return false;
        }
    }
    return true;
}

bool ScenarioTotals::add(const QJsonObject &scenarios, QString *error)
{
    const bool decoded = forEachScopeEntry(scenarios, [&](ScopeKind kind, const QJsonObject &e, int i) {
        const QString name = e.value(QLatin1String("name")).toString();
        auto it = std::find_if(m_scopes.begin(), m_scopes.end(), [&](const std::unique_ptr<Scope> &s) {
            return s->kind == kind && s->name == name;
        });
        if (it == m_scopes.end()) {
            auto scope = std::make_unique<Scope>();
            scope->kind = kind;
            scope->name = name;
            m_scopes.push_back(std::move(scope));
            it = m_scopes.end() - 1;
        }
        Scope &s = **it;
        if (kind == ScopeKind::Transaction) {
            s.count += integer(e, "count");
        } else {
            s.count += integer(e, "completed");
            s.started += integer(e, "started");
            s.failed += integer(e, "failed");
        }
        const QByteArray encoded = e.value(QLatin1String("histogram")).toString().toLatin1();
        if (encoded.isEmpty())
            return true;
        std::string why;
        const std::optional<hdr::HdrHistogram> h = hdr::HdrHistogram::decodeCompressed(
            std::string_view(encoded.constData(), size_t(encoded.size())), &why);
        if (!h) {
            if (error)
                *error = QStringLiteral("%1[%2].histogram does not decode: %3")
                             .arg(toString(kind) + QLatin1Char('s'))
                             .arg(i)
                             .arg(QString::fromStdString(why));
            return false;
        }
        if (h->totalCount() == 0)
            return true;
        if (!s.histogram)
            s.histogram = *h;
        else
            s.histogram->add(*h);
        return true;
    });
    if (!decoded)
        return false;
    for (const QJsonValue &v : scenarios.value(QLatin1String("checks")).toArray()) {
        const QJsonObject c = v.toObject();
        const QString name = c.value(QLatin1String("name")).toString();
        auto it = std::find_if(m_checks.begin(), m_checks.end(),
                               [&name](const CheckCount &row) { return row.name == name; });
        if (it == m_checks.end()) {
            m_checks.append(CheckCount{name, 0, 0});
            it = m_checks.end() - 1;
        }
        it->passes += integer(c, "passes");
        it->fails += integer(c, "fails");
    }
    return true;
}

bool ScenarioTotals::isEmpty() const
{
    return m_scopes.empty() && m_checks.isEmpty();
}

QList<ScenarioScope> ScenarioTotals::scopes() const
{
    QList<ScenarioScope> out;
    for (const std::unique_ptr<Scope> &s : m_scopes) {
        ScenarioScope scope;
        scope.kind = s->kind;
        scope.name = s->name;
        scope.count = s->count;
        scope.started = s->started;
        scope.failed = s->failed;
        if (s->histogram) {
            scope.histogram = QByteArray::fromStdString(s->histogram->encodeCompressed());
            scope.duration = summarizeLatency(*s->histogram);
        }
        out.append(scope);
    }
    return out;
}

QList<CheckCount> ScenarioTotals::checks() const
{
    return m_checks;
}

} // namespace lw
