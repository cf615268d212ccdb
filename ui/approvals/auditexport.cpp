#include "approvals/auditexport.h"

#include "audit/clock.h"
#include "storage/sqlutil.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace lw::ui {

namespace {

QString csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')) && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

// The head of the chain as far as it verifies: the last entry's hash when intact.
QString headHash(const AuditExport &log)
{
    if (!log.verification.headHash.isEmpty())
        return log.verification.headHash;
    return log.entries.isEmpty() ? audit::auditGenesisHash() : log.entries.constLast().hash;
}

} // namespace

QByteArray auditJson(const AuditExport &log)
{
    return QJsonDocument(audit::auditExportJson(log.entries, log.verification, headHash(log),
                                                log.workspacePath, log.workspaceId,
                                                sql::toDbTime(audit::now())))
        .toJson(QJsonDocument::Indented);
}

QByteArray auditCsv(const AuditExport &log)
{
    QString out = QStringLiteral("seq,at,actor,action,subject,details,prev_hash,hash\n");
    for (const audit::AuditEntry &e : log.entries) {
        const QStringList fields{
            QString::number(e.seq), e.at, e.actor, e.action, e.subject, e.details, e.prevHash, e.hash};
        QStringList quoted;
        for (const QString &f : fields)
            quoted << csvField(f);
        out += quoted.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    out += QStringLiteral("# head_hash,%1\n").arg(headHash(log));
    out += QStringLiteral("# intact,%1\n")
               .arg(log.verification.intact ? QStringLiteral("true") : QStringLiteral("false"));
    if (!log.verification.intact)
        out += QStringLiteral("# problem,%1\n").arg(csvField(log.verification.problem));
    return out.toUtf8();
}

bool writeAuditExport(const AuditExport &log, const QString &path, QString *error)
{
    const QByteArray bytes =
        path.endsWith(QStringLiteral(".csv"), Qt::CaseInsensitive) ? auditCsv(log) : auditJson(log);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = QObject::tr("Cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace lw::ui
