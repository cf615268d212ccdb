#include "model/strategydata.h"

#include "engine/datatable.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace lw {

namespace {

QString at(const QString &path, qsizetype i)
{
    return path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
}

} // namespace

QList<ValidationIssue> loadDataFiles(Strategy &s, const QString &baseDir)
{
    QList<ValidationIssue> issues;
    for (qsizetype i = 0; i < s.data.size(); ++i) {
        DataSource &d = s.data[i];
        const QString path = QDir(baseDir).filePath(d.file);
        QFile f(path);
        if (d.file.trimmed().isEmpty())
            continue; // reported by the validator
        if (!f.open(QIODevice::ReadOnly)) {
            issues.append(ValidationIssue{at(QStringLiteral("data"), i) + QStringLiteral(".file"),
                                          QStringLiteral("cannot read ") + QDir::toNativeSeparators(path) +
                                              QStringLiteral(": ") + f.errorString()});
            continue;
        }
        d.content = f.readAll();
        if (d.content.isNull())
            d.content = QByteArray(""); // read, and empty: the validator says so
        d.sha256 =
            QString::fromLatin1(QCryptographicHash::hash(d.content, QCryptographicHash::Sha256).toHex());
    }
    return issues;
}

QStringList dataColumns(const DataSource &d, QString *error, int *line)
{
    engine::DataFormat format;
    if (!engine::dataFormatFromFileName(d.file.toStdString(), format)) {
        if (error)
            *error = QStringLiteral("the file name must end in .csv, .jsonl or .ndjson");
        return {};
    }
    engine::DataTable table;
    std::string why;
    int l = 0;
    if (!table.parse(std::string_view(d.content.constData(), size_t(d.content.size())), format, why, l)) {
        if (error)
            *error = QString::fromStdString(why);
        if (line)
            *line = l;
        return {};
    }
    QStringList out;
    for (const std::string &c : table.columns())
        out.append(QString::fromStdString(c));
    return out;
}

DataPreview previewData(const DataSource &d, int maxRows)
{
    DataPreview out;
    engine::DataFormat format;
    if (!engine::dataFormatFromFileName(d.file.toStdString(), format)) {
        out.error = QStringLiteral("the file name must end in .csv, .jsonl or .ndjson");
        return out;
    }
    engine::DataTable table;
    std::string why;
    if (!table.parse(std::string_view(d.content.constData(), size_t(d.content.size())), format, why,
                     out.line)) {
        out.error = QString::fromStdString(why);
        return out;
    }
    for (const std::string &c : table.columns())
        out.columns.append(QString::fromStdString(c));
    out.rowCount = qsizetype(table.rowCount());
    for (size_t r = 0; r < table.rowCount() && r < size_t(qMax(0, maxRows)); ++r) {
        QStringList row;
        for (size_t c = 0; c < table.columns().size(); ++c) {
            const std::string_view v = table.value(r, c);
            row.append(QString::fromUtf8(v.data(), qsizetype(v.size())));
        }
        out.rows.append(row);
    }
    return out;
}

ParseResult loadStrategyFile(const QString &path, const Variables &vars)
{
    ParseResult result;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        result.issues.append(ValidationIssue{QString(), QStringLiteral("cannot read ") + path +
                                                            QStringLiteral(": ") + f.errorString()});
        return result;
    }
    if (f.size() > kMaxStrategyBytes) {
        result.issues.append(ValidationIssue{QString(), QStringLiteral("the file is larger than 4 MiB")});
        return result;
    }
    result = parseStrategy(f.readAll());
    if (!result.strategy)
        return result;
    result.issues = loadDataFiles(*result.strategy, QFileInfo(path).absolutePath());
    result.issues += validateStrategy(*result.strategy, vars);
    if (!result.issues.isEmpty())
        result.strategy.reset();
    return result;
}

} // namespace lw
