#pragma once

// The audit trail of an open workspace as an object, as Workspace and RunStore are for strategies
// and runs: the workbench and the command line read, verify and append through it and never touch
// the workspace's SQL connection themselves. Lives in the Workspace's thread.

#include "audit/auditlog.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace lw {
class Workspace;
}

namespace lw::audit {

class Trail
{
public:
    explicit Trail(const Workspace &ws);

    QList<AuditEntry> entries(QString *error) const; // oldest first
    QString headHash() const;                        // the genesis hash when empty
    // Walks the chain; expectedHead, when given, must still be the hash of an entry in it.
    AuditVerification verify(const QString &expectedHead = {}) const;
    // Appends one entry in a transaction of its own, written durably (synchronous=FULL).
    bool append(const QString &actor, const QString &action, const QString &subject,
                const QJsonObject &details, QString *error);

private:
    const Workspace &m_ws;
};

} // namespace lw::audit
