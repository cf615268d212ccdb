// Export formats by name, the all-or-nothing file write every export uses, and the CSV of intervals.

#include "report/exportfile.h"
#include "report/reportexport.h"

#include <QFileInfo>
#include <QSaveFile>

namespace lw::report {

QString toString(ExportFormat format)
{
    switch (format) {
    case ExportFormat::Html:
        return QStringLiteral("html");
    case ExportFormat::Pdf:
        return QStringLiteral("pdf");
    case ExportFormat::Json:
        return QStringLiteral("json");
    case ExportFormat::Csv:
        return QStringLiteral("csv");
    case ExportFormat::Hlog:
        return QStringLiteral("hlog");
    }
    return {};
}

std::optional<ExportFormat> exportFormatFromString(const QString &text)
{
    const QString t = text.trimmed().toLower();
    for (ExportFormat f :
         {ExportFormat::Html, ExportFormat::Pdf, ExportFormat::Json, ExportFormat::Csv, ExportFormat::Hlog}) {
        if (t == toString(f))
            return f;
    }
    if (t == QLatin1String("htm"))
        return ExportFormat::Html;
    return std::nullopt;
}

QString fileSuffix(ExportFormat format)
{
    return toString(format);
}

QString exportBaseName(const QString &strategyName, qint64 runId)
{
    QString base;
    for (const QChar c : strategyName.simplified()) {
        if (c.isLetterOrNumber() || c == QLatin1Char('.') || c == QLatin1Char('_') || c == QLatin1Char('-'))
            base += c;
        else if (!base.endsWith(QLatin1Char('-')))
            base += QLatin1Char('-');
    }
    while (base.startsWith(QLatin1Char('-')) || base.startsWith(QLatin1Char('.')))
        base.remove(0, 1);
    while (base.endsWith(QLatin1Char('-')))
        base.chop(1);
    return (base.isEmpty() ? QStringLiteral("run") : base + QStringLiteral("-run")) + QString::number(runId);
}

bool writeExportFile(const QString &path, const QByteArray &data, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = QStringLiteral("cannot write '%1': %2; check that the directory exists and is writable")
                         .arg(QFileInfo(path).absoluteFilePath(), file.errorString());
        return false;
    }
    if (file.write(data) != data.size() || !file.commit()) {
        if (error)
            *error =
                QStringLiteral("writing '%1' failed: %2 (nothing was written; check the free disk space)")
                    .arg(QFileInfo(path).absoluteFilePath(), file.errorString());
        file.cancelWriting();
        return false;
    }
    return true;
}

namespace {

// RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; lines end in CRLF.
void appendField(QByteArray &out, const QByteArray &field)
{
    if (field.contains(',') || field.contains('"') || field.contains('\n') || field.contains('\r')) {
        QByteArray quoted = field;
        quoted.replace('"', "\"\"");
        out += '"' + quoted + '"';
    } else {
        out += field;
    }
}

QByteArray msField(double us)
{
    return QByteArray::number(us / 1000.0, 'f', 3);
}

} // namespace

QByteArray renderCsv(const RunReport &report)
{
    static const QList<QByteArray> header = {
        "index", "start_s", "end_s",  "sent",   "completed", "errors", "dropped", "vus",     "connections",
        "rps",   "p50_ms",  "p90_ms", "p99_ms", "p999_ms",   "max_ms", "min_ms",  "mean_ms", "p95_ms"};
    QByteArray out;
    out.reserve(96 * (report.intervals.size() + 1));
    for (qsizetype i = 0; i < header.size(); ++i) {
        if (i)
            out += ',';
        appendField(out, header[i]);
    }
    out += "\r\n";
    for (const IntervalRow &r : report.intervals) {
        const double len = r.endS - r.startS;
        const QList<QByteArray> fields = {
            QByteArray::number(r.index),
            QByteArray::number(r.startS, 'f', 3),
            QByteArray::number(r.endS, 'f', 3),
            QByteArray::number(r.sent),
            QByteArray::number(r.completed),
            QByteArray::number(r.errors),
            QByteArray::number(r.dropped),
            QByteArray::number(r.vus),
            QByteArray::number(r.connections),
            QByteArray::number(len > 0 ? double(r.completed) / len : 0.0, 'f', 3),
            msField(double(r.latency.p50)),
            msField(double(r.latency.p90)),
            msField(double(r.latency.p99)),
            msField(double(r.latency.p999)),
            msField(double(r.latency.max)),
            msField(double(r.latency.min)),
            msField(r.latency.mean),
            msField(double(r.latency.p95))};
        for (qsizetype i = 0; i < fields.size(); ++i) {
            if (i)
                out += ',';
            appendField(out, fields[i]);
        }
        out += "\r\n";
    }
    return out;
}

} // namespace lw::report
