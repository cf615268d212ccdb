#pragma once

// Prometheus text exposition format (version 0.0.4): a parser, the selection of kept series with
// per-second rates of counters, and the default metric set for node_exporter. Pure functions and
// value types, usable from any thread (the safety monitor reuses them on stored text).
//
// Series keys are canonical: name{a="x",b="y"} with labels sorted by name and values escaped as in
// the format (\\, \", \n); a series without labels is just its name. Rates are "key:rate".

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace lw::prometheus {

enum class MetricType
{
    Untyped,
    Counter,
    Gauge,
    Histogram,
    Summary
};

struct Sample
{
    QString name;                          // as written, e.g. "http_request_duration_seconds_bucket"
    QList<QPair<QString, QString>> labels; // sorted by label name, values unescaped
    double value = 0;                      // +Inf, -Inf and NaN as IEEE values
    std::optional<qint64> timestampMs;
    QString key() const; // canonical series key
};

struct Exposition
{
    QList<Sample> samples;
    QHash<QString, MetricType> types; // family name -> TYPE
    QHash<QString, QString> help;     // family name -> HELP text (unescaped)
    // The family a sample belongs to: for histograms "x_bucket", "x_sum", "x_count" -> "x"; for
    // summaries "x_sum", "x_count" -> "x"; otherwise the sample name.
    QString familyOf(const QString &sampleName) const;
    MetricType typeOf(const QString &sampleName) const; // of its family; Untyped when not declared
    // Cumulative (counter semantics, so a :rate makes sense): counters, and the _bucket, _sum and
    // _count series of histograms and summaries.
    bool isCumulative(const QString &sampleName) const;
};

struct ParseResult
{
    Exposition exposition;
    QString error; // "parse error at line N: what", empty when the whole text parsed
    int errorLine = 0;
    bool ok() const { return error.isEmpty(); }
};
// Parses a whole exposition. The first malformed line stops parsing with an error naming it.
ParseResult parseText(const QByteArray &text);

// Canonical key for a series (see top of file).
QString seriesKey(const QString &name, const QList<QPair<QString, QString>> &labels);

// What to keep from an endpoint. Text form: "name" keeps every series of a metric (a histogram or
// summary family name keeps its _bucket/_sum/_count series); "name by (l1,l2)" sums the series of a
// metric grouped by those labels (other labels dropped), like PromQL's sum by; "name by ()" sums all.
struct Selector
{
    QString name;
    bool aggregate = false;
    QStringList byLabels;
};
// nullopt with error for text that is neither form.
std::optional<Selector> parseSelector(const QString &text, QString *error = nullptr);

// The set kept when an endpoint lists no metrics, suited to node_exporter and to any instrumented
// process (process_* metrics):
//   node_cpu_seconds_total by (mode)   CPU seconds summed over CPUs; its :rate is cores busy per mode
//   node_memory_MemAvailable_bytes, node_memory_MemTotal_bytes, node_load1
//   node_network_receive_bytes_total, node_network_transmit_bytes_total (per device)
//   node_disk_read_bytes_total, node_disk_written_bytes_total (per device)
//   process_cpu_seconds_total, process_resident_memory_bytes
QStringList defaultMetrics();

// Keeps the selected series of successive scrapes of one endpoint and derives per-second rates of
// cumulative series from the previous scrape (no rate on the first scrape, nor after a counter reset,
// i.e. a value lower than before).
class SeriesSelection
{
public:
    explicit SeriesSelection(const QStringList &metrics);      // empty: defaultMetrics()
    QStringList invalidSelectors() const { return m_invalid; } // "x y z: why", skipped
    // monotonicMs: when the scrape completed. Returns key -> value, plus key:rate for cumulative ones.
    QMap<QString, double> apply(const Exposition &exposition, qint64 monotonicMs);

private:
    QList<Selector> m_selectors;
    QStringList m_invalid;
    QMap<QString, double> m_previous; // cumulative series of the last scrape
    qint64 m_previousMs = -1;
};

} // namespace lw::prometheus
