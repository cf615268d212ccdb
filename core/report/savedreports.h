#pragma once

// Saved reports and baseline runs in the workspace (schema v4). A saved report keeps the report
// document exactly as generated (its JSON, compressed, with its SHA-256), so reopening shows what was
// seen then, even after the run was deleted or the workspace changed. Saving is audited.

#include "report/runreport.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace lw {
class Workspace;
}

namespace lw::report {

struct SavedReportInfo
{
    qint64 id = 0;
    std::optional<qint64> runId; // empty once the run was deleted
    QString title;
    QDateTime createdAt; // UTC
    QString createdBy;
    IntervalRange range;
    QString sha256;
    QString auditHead;
};

std::optional<qint64> saveReport(Workspace &ws, const RunReport &report, const QString &title,
                                 const QString &user, QString *error);
QList<SavedReportInfo> savedReports(const Workspace &ws, QString *error); // newest first
// The stored document, checked against its SHA-256; nullopt with *error when missing or altered.
std::optional<RunReport> openSavedReport(const Workspace &ws, qint64 reportId, QString *error);
bool deleteSavedReport(Workspace &ws, qint64 reportId, const QString &user, QString *error);
// The reading half of openSavedReport(): decompresses a stored document (qCompress() form), checks it
// against the SHA-256 recorded when it was saved and reads it. reportId only names it in *error.
std::optional<RunReport> readSavedReportContent(const QByteArray &content, const QString &expectedSha256,
                                                qint64 reportId, QString *error);
// The largest document a saved report may decompress to; a stored size above it means the content
// was altered (a 24 h soak's report is far smaller).
inline constexpr qint64 kMaxSavedReportBytes = qint64(512) * 1024 * 1024;

// The baseline run of a strategy (what comparisons default to). Setting it is audited.
bool setBaseline(Workspace &ws, qint64 strategyId, qint64 runId, const QString &user, QString *error);
bool clearBaseline(Workspace &ws, qint64 strategyId, const QString &user, QString *error);
std::optional<qint64> baselineRun(const Workspace &ws, qint64 strategyId, QString *error = nullptr);

} // namespace lw::report
