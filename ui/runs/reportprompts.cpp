#include "runs/reportprompts.h"

#include <QDir>
#include <QFileDialog>
#include <QInputDialog>
#include <QMessageBox>

namespace lw::ui {

ReportPrompts ReportPrompts::interactive()
{
    ReportPrompts p;
    p.confirm = [](QWidget *parent, const QString &title, const QString &text) {
        return QMessageBox::question(parent, title, text, QMessageBox::Yes | QMessageBox::Cancel,
                                     QMessageBox::Cancel) == QMessageBox::Yes;
    };
    p.exportTarget = [](QWidget *parent, const QString &suggestedBase) -> std::optional<ExportTarget> {
        using report::ExportFormat;
        const QList<std::pair<ExportFormat, QString>> formats = {
            {ExportFormat::Html, QObject::tr("Self-contained HTML report (*.html)")},
            {ExportFormat::Pdf, QObject::tr("PDF report (*.pdf)")},
            {ExportFormat::Json, QObject::tr("JSON report document (*.json)")},
            {ExportFormat::Csv, QObject::tr("CSV of the intervals (*.csv)")},
            {ExportFormat::Hlog, QObject::tr("HdrHistogram interval log (*.hlog)")}};
        QStringList filters;
        for (const auto &f : formats)
            filters << f.second;
        QString selected = filters.first();
        const QString path =
            QFileDialog::getSaveFileName(parent, QObject::tr("Export report"),
                                         QDir::home().filePath(suggestedBase + QStringLiteral(".html")),
                                         filters.join(QStringLiteral(";;")), &selected);
        if (path.isEmpty())
            return std::nullopt;
        ExportTarget target;
        target.path = path;
        for (const auto &f : formats) {
            if (f.second == selected)
                target.format = f.first;
        }
        // A typed suffix wins over the filter: "run.pdf" with the HTML filter is a PDF.
        if (const auto bySuffix = report::exportFormatFromString(QFileInfo(path).suffix()))
            target.format = *bySuffix;
        else
            target.path += QLatin1Char('.') + report::fileSuffix(target.format);
        return target;
    };
    p.saveTitle = [](QWidget *parent, const QString &suggested) -> std::optional<QString> {
        bool ok = false;
        const QString title = QInputDialog::getText(parent, QObject::tr("Save report"),
                                                    QObject::tr("Title of the saved report:"),
                                                    QLineEdit::Normal, suggested, &ok);
        if (!ok || title.trimmed().isEmpty())
            return std::nullopt;
        return title.trimmed();
    };
    p.error = [](QWidget *parent, const QString &title, const QString &text) {
        QMessageBox::warning(parent, title, text);
    };
    return p;
}

} // namespace lw::ui
