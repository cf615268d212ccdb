#include "run/prometheus.h"

#include <QRegularExpression>

#include <algorithm>
#include <cmath>
#include <limits>

namespace lw::prometheus {

namespace {

QString escapeLabelValue(const QString &v)
{
    QString out;
    out.reserve(v.size());
    for (const QChar ch : v) {
        if (ch == QLatin1Char('\\'))
            out += QStringLiteral("\\\\");
        else if (ch == QLatin1Char('"'))
            out += QStringLiteral("\\\"");
        else if (ch == QLatin1Char('\n'))
            out += QStringLiteral("\\n");
        else
            out += ch;
    }
    return out;
}

} // namespace

QString Sample::key() const
{
    return seriesKey(name, labels);
}

QString seriesKey(const QString &name, const QList<QPair<QString, QString>> &labels)
{
    if (labels.isEmpty())
        return name;
    QList<QPair<QString, QString>> sorted = labels;
    std::sort(sorted.begin(), sorted.end());
    QString key = name + QLatin1Char('{');
    for (int i = 0; i < sorted.size(); ++i) {
        if (i > 0)
            key += QLatin1Char(',');
        key += sorted.at(i).first + QStringLiteral("=\"") + escapeLabelValue(sorted.at(i).second) +
               QLatin1Char('"');
    }
    return key + QLatin1Char('}');
}

QString Exposition::familyOf(const QString &sampleName) const
{
    auto base = [&](QLatin1String suffix) -> QString {
        return sampleName.endsWith(suffix) ? sampleName.chopped(suffix.size()) : QString();
    };
    const QString bucket = base(QLatin1String("_bucket"));
    if (!bucket.isEmpty() && types.value(bucket) == MetricType::Histogram)
        return bucket;
    for (const QLatin1String suffix : {QLatin1String("_sum"), QLatin1String("_count")}) {
        const QString b = base(suffix);
        const MetricType t = b.isEmpty() ? MetricType::Untyped : types.value(b, MetricType::Untyped);
        if (t == MetricType::Histogram || t == MetricType::Summary)
            return b;
    }
    return sampleName;
}

MetricType Exposition::typeOf(const QString &sampleName) const
{
    return types.value(familyOf(sampleName), MetricType::Untyped);
}

bool Exposition::isCumulative(const QString &sampleName) const
{
    const QString family = familyOf(sampleName);
    const MetricType t = types.value(family, MetricType::Untyped);
    if (t == MetricType::Counter)
        return true;
    return (t == MetricType::Histogram || t == MetricType::Summary) && family != sampleName;
}

std::optional<Selector> parseSelector(const QString &text, QString *error)
{
    static const QRegularExpression re(
        QStringLiteral(R"(^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)(\s+by\s*\(\s*([a-zA-Z_][a-zA-Z0-9_]*(?:\s*,\s*)"
                       R"([a-zA-Z_][a-zA-Z0-9_]*)*)?\s*\))?\s*$)"));
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch()) {
        if (error)
            *error = QStringLiteral("'%1' is neither a metric name nor \"name by (label, ...)\"").arg(text);
        return std::nullopt;
    }
    Selector s;
    s.name = m.captured(1);
    s.aggregate = m.capturedLength(2) > 0;
    for (const QString &label : m.captured(3).split(QLatin1Char(','), Qt::SkipEmptyParts))
        s.byLabels << label.trimmed();
    return s;
}

QStringList defaultMetrics()
{
    return {QStringLiteral("node_cpu_seconds_total by (mode)"),
            QStringLiteral("node_memory_MemAvailable_bytes"),
            QStringLiteral("node_memory_MemTotal_bytes"),
            QStringLiteral("node_load1"),
            QStringLiteral("node_network_receive_bytes_total"),
            QStringLiteral("node_network_transmit_bytes_total"),
            QStringLiteral("node_disk_read_bytes_total"),
            QStringLiteral("node_disk_written_bytes_total"),
            QStringLiteral("process_cpu_seconds_total"),
            QStringLiteral("process_resident_memory_bytes")};
}

SeriesSelection::SeriesSelection(const QStringList &metrics)
{
    for (const QString &text : metrics.isEmpty() ? defaultMetrics() : metrics) {
        QString why;
        if (const auto s = parseSelector(text, &why))
            m_selectors << *s;
        else
            m_invalid << why;
    }
}

QMap<QString, double> SeriesSelection::apply(const Exposition &e, qint64 monotonicMs)
{
    QMap<QString, double> values;
    QSet<QString> cumulative;
    for (const Selector &sel : std::as_const(m_selectors)) {
        for (const Sample &s : e.samples) {
            if (s.name != sel.name && e.familyOf(s.name) != sel.name)
                continue;
            QString key;
            if (sel.aggregate) {
                QList<QPair<QString, QString>> kept;
                for (const auto &l : s.labels) {
                    if (sel.byLabels.contains(l.first))
                        kept << l;
                }
                key = seriesKey(s.name, kept);
                values[key] += s.value;
            } else {
                key = s.key();
                values.insert(key, s.value);
            }
            if (e.isCumulative(s.name))
                cumulative.insert(key);
        }
    }
    QMap<QString, double> current;
    const double seconds = m_previousMs >= 0 ? (monotonicMs - m_previousMs) / 1000.0 : 0.0;
    for (const QString &key : std::as_const(cumulative)) {
        const double v = values.value(key);
        current.insert(key, v);
        const auto before = m_previous.constFind(key);
        if (seconds > 0 && before != m_previous.constEnd() && std::isfinite(v) && v >= *before)
            values.insert(key + QStringLiteral(":rate"), (v - *before) / seconds);
    }
    m_previous = current;
    m_previousMs = monotonicMs;
    return values;
}

} // namespace lw::prometheus
