#pragma once

// Workspace users and their roles. Each row is signed by the admin who added it (the first admin
// signs their own row), so a role or key changed in the file by hand no longer verifies.

#include <QByteArray>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace lw {
class Workspace;
}

namespace lw::audit {

enum class Role
{
    Engineer,
    Approver,
    Analyst,
    Admin
};
QString toString(Role role);
std::optional<Role> roleFromString(const QString &text);

struct User
{
    QString name;
    Role role = Role::Engineer;
    QByteArray publicKey; // 32 bytes
    QString addedBy;
    QString addedAt; // ISO 8601 UTC as stored
    QByteArray signature;
    bool trusted = false; // signature chain verifies up to the first admin
    QString problem;      // why not trusted
    bool canApprove() const { return role == Role::Approver || role == Role::Admin; }
};

// The workspace's identifier (setting workspace.id), part of every signature.
QString workspaceId(const Workspace &ws);

// Every user, oldest first, each with `trusted` evaluated.
QList<User> users(const Workspace &ws, QString *error);
// The same from an open workspace connection (e.g. inside a transaction) and its workspace id.
QList<User> users(QSqlDatabase db, const QString &workspaceId, const QString &path, QString *error);
std::optional<User> findUser(const QList<User> &all, const QString &name);

struct AddUserResult
{
    bool ok = false;
    bool refused = false; // not allowed (vs. bad input or a storage error)
    QString message;
    bool keyCreated = false;
};
// Adds NAME with ROLE. The first user of a workspace becomes admin whatever role was asked;
// afterwards actingUser must be a trusted admin with its private key at hand.
AddUserResult addUser(Workspace &ws, const QString &name, Role role, const QString &actingUser);

} // namespace lw::audit
