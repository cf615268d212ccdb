// libFuzzer target for the Prometheus text exposition parser (the resource monitor reads it from
// every endpoint it scrapes) and for the metric selector syntax.
// Invariants: no crash; a failed parse names its line, a successful one has no error line.

#include "run/prometheus.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    const lw::prometheus::ParseResult r = lw::prometheus::parseText(text);
    if (!r.ok() && (r.errorLine <= 0 || !r.error.contains(QStringLiteral("line"))))
        std::abort();
    for (const lw::prometheus::Sample &s : r.exposition.samples) {
        (void)r.exposition.isCumulative(s.name);
        (void)lw::prometheus::seriesKey(s.name, s.labels);
    }
    QString error;
    if (!lw::prometheus::parseSelector(QString::fromUtf8(text.left(256)), &error) && error.isEmpty())
        std::abort();
    return 0;
}
