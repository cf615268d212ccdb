#include "audit/trail.h"

#include "storage/workspace.h"

#include <QSqlDatabase>

namespace lw::audit {

namespace {
QSqlDatabase connectionOf(const Workspace &ws)
{
    return QSqlDatabase::database(ws.connectionName(), false);
}
} // namespace

Trail::Trail(const Workspace &ws) : m_ws(ws) {}

QList<AuditEntry> Trail::entries(QString *error) const
{
    return auditEntries(connectionOf(m_ws), error);
}

QString Trail::headHash() const
{
    return auditHeadHash(connectionOf(m_ws));
}

AuditVerification Trail::verify(const QString &expectedHead) const
{
    return verifyAudit(connectionOf(m_ws), expectedHead);
}

bool Trail::append(const QString &actor, const QString &action, const QString &subject,
                   const QJsonObject &details, QString *error)
{
    return appendAudit(connectionOf(m_ws), m_ws.path(), actor, action, subject, details, error);
}

} // namespace lw::audit
