#include "report/reportexport.h"

#include "report/exportfile.h"

#include <QJsonDocument>

namespace lw::report {

QByteArray renderJson(const RunReport &report)
{
    return QJsonDocument(toJson(report)).toJson(QJsonDocument::Indented);
}

bool exportReport(const RunReport &report, ExportFormat format, const QString &path, const RunStore *store,
                  QString *error)
{
    switch (format) {
    case ExportFormat::Html:
        return writeExportFile(path, renderHtml(report), error);
    case ExportFormat::Json:
        return writeExportFile(path, renderJson(report), error);
    case ExportFormat::Csv:
        return writeExportFile(path, renderCsv(report), error);
    case ExportFormat::Pdf:
        return writePdf(report, path, error);
    case ExportFormat::Hlog:
        if (!store) {
            if (error)
                *error = QStringLiteral("the interval log needs the run's stored histograms: export it from the "
                                        "workspace that holds run %1")
                             .arg(report.run.id);
            return false;
        }
        return writeHistogramLog(*store, report.run.id, path, error);
    }
    return false;
}

} // namespace lw::report
