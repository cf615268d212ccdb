#include "governance/workspacetrust.h"

#include "audit/users.h"
#include "storage/workspace.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

namespace lw::governance {

namespace {

QString fileKey(const Workspace &ws)
{
    const QFileInfo info(ws.path());
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? info.absoluteFilePath() : canonical;
}

bool readAll(QJsonObject *all, QString *error)
{
    QFile f(trustFilePath());
    if (!f.exists()) {
        *all = {};
        return true;
    }
    if (!f.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1 could not be read: %2").arg(f.fileName(), f.errorString());
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &parseError);
    if (!doc.isObject()) {
        *error = QStringLiteral("%1 is not a JSON object (%2); remembered workspaces are not trusted until "
                                "it is repaired or removed")
                     .arg(f.fileName(), parseError.errorString());
        return false;
    }
    *all = doc.object().value(QStringLiteral("workspaces")).toObject();
    return true;
}

bool writeAll(const QJsonObject &all, QString *error)
{
    const QString path = trustFilePath();
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("%1 could not be written: %2").arg(path, f.errorString());
        return false;
    }
    f.write(QJsonDocument(QJsonObject{{QStringLiteral("format"), 1}, {QStringLiteral("workspaces"), all}})
                .toJson(QJsonDocument::Indented));
    if (!f.commit()) {
        *error = QStringLiteral("%1 could not be written: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

QJsonObject toJson(const WorkspaceIdentity &id, const QDateTime &firstSeen)
{
    return {{QStringLiteral("workspace_id"), id.workspaceId},
            {QStringLiteral("first_admin"), id.firstAdmin},
            {QStringLiteral("fingerprint"), id.fingerprint},
            {QStringLiteral("first_seen"), firstSeen.toUTC().toString(Qt::ISODate)}};
}

WorkspaceIdentity identityOf(const QJsonObject &o)
{
    return {o.value(QStringLiteral("workspace_id")).toString(),
            o.value(QStringLiteral("first_admin")).toString(),
            o.value(QStringLiteral("fingerprint")).toString()};
}

QString describe(const WorkspaceIdentity &id)
{
    if (id.firstAdmin.isEmpty())
        return QStringLiteral("workspace %1 without users").arg(id.workspaceId);
    return QStringLiteral("workspace %1, first admin %2 with key %3")
        .arg(id.workspaceId, id.firstAdmin, id.fingerprint);
}

} // namespace

QString keyFingerprint(const QByteArray &publicKey)
{
    QByteArray b64 = QCryptographicHash::hash(publicKey, QCryptographicHash::Sha256).toBase64();
    while (b64.endsWith('='))
        b64.chop(1);
    return QStringLiteral("SHA256:") + QString::fromLatin1(b64);
}

QString trustFilePath()
{
    const QString env = qEnvironmentVariable("LOADWRIGHT_TRUST_FILE");
    if (!env.isEmpty())
        return env;
    // Beside the keys folder (~/.config/loadwright), whatever the program's application name.
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/loadwright/trusted-workspaces.json");
}

namespace {
WorkspaceIdentity identityOf(const Workspace &ws, const QList<audit::User> &all)
{
    WorkspaceIdentity id;
    id.workspaceId = audit::workspaceId(ws);
    // The first user is the workspace's first admin: every other entry is signed back to it.
    if (!all.isEmpty()) {
        id.firstAdmin = all.first().name;
        id.fingerprint = keyFingerprint(all.first().publicKey);
    }
    return id;
}
} // namespace

WorkspaceIdentity workspaceIdentity(const Workspace &ws, QString *error)
{
    return identityOf(ws, audit::users(ws, error));
}

QString WorkspaceTrust::message() const
{
    switch (status) {
    case Status::FirstUse:
        return QStringLiteral("first use of this workspace file: remembered %1").arg(describe(current));
    case Status::Trusted:
        return QStringLiteral("%1, as first seen on %2")
            .arg(describe(current), firstSeen.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    case Status::Changed:
        return QStringLiteral(
                   "this workspace file is not the one you first opened: it was %1 (first seen %2) and is "
                   "now %3. Its approvals are not valid until you confirm the new identity "
                   "(loadwright users --trust %4, or the workbench's prompt) after checking the "
                   "fingerprint with its admin")
            .arg(describe(remembered), firstSeen.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                 describe(current),
                 current.fingerprint.isEmpty() ? QStringLiteral("''") : current.fingerprint);
    case Status::Unknown:
        break;
    }
    return QStringLiteral("the workspace's identity could not be checked: %1").arg(error);
}

WorkspaceTrust checkWorkspaceTrust(const Workspace &ws)
{
    QString error;
    const QList<audit::User> users = audit::users(ws, &error);
    if (!error.isEmpty()) {
        WorkspaceTrust t;
        t.error = error;
        return t;
    }
    return checkWorkspaceTrust(ws, users);
}

WorkspaceTrust checkWorkspaceTrust(const Workspace &ws, const QList<audit::User> &users)
{
    WorkspaceTrust t;
    QString error;
    t.current = identityOf(ws, users);
    QJsonObject all;
    if (!readAll(&all, &error)) {
        t.error = error;
        return t;
    }
    const QString key = fileKey(ws);
    const QJsonObject seen = all.value(key).toObject();
    if (seen.isEmpty()) {
        t.firstSeen = QDateTime::currentDateTimeUtc();
        all.insert(key, toJson(t.current, t.firstSeen));
        if (!writeAll(all, &t.error))
            return t;
        t.status = WorkspaceTrust::Status::FirstUse;
        t.remembered = t.current;
        return t;
    }
    t.remembered = identityOf(seen);
    t.firstSeen = QDateTime::fromString(seen.value(QStringLiteral("first_seen")).toString(), Qt::ISODate);
    if (t.remembered.workspaceId != t.current.workspaceId ||
        (!t.remembered.fingerprint.isEmpty() && !(t.remembered == t.current))) {
        t.status = WorkspaceTrust::Status::Changed;
        return t;
    }
    if (t.remembered.fingerprint.isEmpty() && !t.current.fingerprint.isEmpty()) {
        // Remembered before the workspace had users: its first admin is pinned when first seen.
        all.insert(key, toJson(t.current, t.firstSeen));
        if (!writeAll(all, &t.error))
            return t;
        t.remembered = t.current;
    }
    t.status = WorkspaceTrust::Status::Trusted;
    return t;
}

bool trustWorkspace(const Workspace &ws, const QString &expectedFingerprint, QString *error)
{
    const WorkspaceIdentity current = workspaceIdentity(ws, error);
    if (!error->isEmpty())
        return false;
    if (!expectedFingerprint.isEmpty() && expectedFingerprint != current.fingerprint) {
        *error = QStringLiteral("the workspace's first admin key is %1, not %2: nothing changed")
                     .arg(current.fingerprint.isEmpty() ? QStringLiteral("(none)") : current.fingerprint,
                          expectedFingerprint);
        return false;
    }
    QJsonObject all;
    if (!readAll(&all, error)) {
        // A damaged file is replaced: the user has just confirmed what to trust.
        all = {};
        error->clear();
    }
    all.insert(fileKey(ws), toJson(current, QDateTime::currentDateTimeUtc()));
    return writeAll(all, error);
}

} // namespace lw::governance
