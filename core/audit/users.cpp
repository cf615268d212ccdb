#include "audit/users.h"

#include "audit/auditlog.h"
#include "audit/clock.h"
#include "keys/keys.h"
#include "storage/sqlutil.h"
#include "storage/workspace.h"

#include <QJsonObject>
#include <QSqlQuery>
#include <QVariant>

namespace lw::audit {

namespace {

QByteArray registrationMessage(const QString &wsId, const User &u)
{
    return keys::canonicalMessage(
        "loadwright-user-v1",
        {wsId, u.name, toString(u.role), QString::fromLatin1(u.publicKey.toHex()), u.addedBy, u.addedAt});
}

// A user is trusted when its row verifies with the key of a trusted admin that added it; the root
// is the first user, self-signed, who must be an admin.
void evaluateTrust(QList<User> &all, const QString &wsId)
{
    for (User &u : all) {
        u.trusted = false;
        u.problem.clear();
    }
    for (int i = 0; i < all.size(); ++i) {
        User &u = all[i];
        const QByteArray message = registrationMessage(wsId, u);
        if (i == 0) {
            if (u.addedBy != u.name || u.role != Role::Admin)
                u.problem = QStringLiteral("the first user is not a self-registered admin");
            else if (!keys::verify(message, u.signature, u.publicKey))
                u.problem = QStringLiteral("its registration signature does not verify");
            else
                u.trusted = true;
            continue;
        }
        const auto admin =
            std::find_if(all.cbegin(), all.cbegin() + i, [&](const User &a) { return a.name == u.addedBy; });
        if (admin == all.cbegin() + i)
            u.problem = QStringLiteral("added by %1, who was not registered before").arg(u.addedBy);
        else if (!admin->trusted || admin->role != Role::Admin)
            u.problem = QStringLiteral("added by %1, who is not a trusted admin").arg(u.addedBy);
        else if (!keys::verify(message, u.signature, admin->publicKey))
            u.problem = QStringLiteral("its registration signature does not verify");
        else
            u.trusted = true;
    }
}

} // namespace

QString toString(Role role)
{
    switch (role) {
    case Role::Engineer:
        return QStringLiteral("engineer");
    case Role::Approver:
        return QStringLiteral("approver");
    case Role::Analyst:
        return QStringLiteral("analyst");
    case Role::Admin:
        return QStringLiteral("admin");
    }
    return {};
}

std::optional<Role> roleFromString(const QString &text)
{
    for (Role r : {Role::Engineer, Role::Approver, Role::Analyst, Role::Admin}) {
        if (toString(r) == text)
            return r;
    }
    return std::nullopt;
}

QString workspaceId(const Workspace &ws)
{
    return ws.setting(QStringLiteral("workspace.id"));
}

QList<User> users(const Workspace &ws, QString *error)
{
    return users(QSqlDatabase::database(ws.connectionName(), false), workspaceId(ws), ws.path(), error);
}

QList<User> users(QSqlDatabase db, const QString &wsId, const QString &path, QString *error)
{
    QList<User> all;
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("SELECT name, role, public_key, added_by, added_at, signature FROM users "
                               "ORDER BY added_at, rowid"))) {
        *error = sql::describe(q.lastError(), QStringLiteral("reading the users"), path);
        return all;
    }
    while (q.next()) {
        User u;
        u.name = q.value(0).toString();
        u.role = roleFromString(q.value(1).toString()).value_or(Role::Analyst);
        u.publicKey = QByteArray::fromHex(q.value(2).toString().toLatin1());
        u.addedBy = q.value(3).toString();
        u.addedAt = q.value(4).toString();
        u.signature = QByteArray::fromHex(q.value(5).toString().toLatin1());
        all.append(u);
    }
    evaluateTrust(all, wsId);
    return all;
}

std::optional<User> findUser(const QList<User> &all, const QString &name)
{
    for (const User &u : all) {
        if (u.name == name)
            return u;
    }
    return std::nullopt;
}

AddUserResult addUser(Workspace &ws, const QString &name, Role role, const QString &actingUser)
{
    AddUserResult result;
    QString error;
    const QList<User> all = users(ws, &error);
    if (!error.isEmpty()) {
        result.message = error;
        return result;
    }
    if (findUser(all, name)) {
        result.message = QStringLiteral("%1 is already a user of this workspace").arg(name);
        return result;
    }
    User u;
    u.name = name;
    u.role = all.isEmpty() ? Role::Admin : role;
    u.addedBy = all.isEmpty() ? name : actingUser;
    QByteArray signingKey;
    if (!all.isEmpty()) {
        const auto admin = findUser(all, actingUser);
        if (!admin || admin->role != Role::Admin || !admin->trusted) {
            result.refused = true;
            result.message =
                !admin ? QStringLiteral("%1 is not a user of this workspace; only an admin adds "
                                        "users (--as ADMIN)")
                             .arg(actingUser)
                : admin->role != Role::Admin
                    ? QStringLiteral("%1 is %2, not an admin; only an admin adds users (--as ADMIN)")
                          .arg(actingUser, toString(admin->role))
                    : QStringLiteral("%1's registration does not verify (%2)")
                          .arg(actingUser, admin->problem);
            return result;
        }
        const auto adminKey = keys::loadKeyPair(actingUser, &error);
        if (!adminKey || adminKey->publicKey != admin->publicKey) {
            result.refused = true;
            result.message = adminKey
                                 ? QStringLiteral("the private key of %1 in %2 does not match the public "
                                                  "key registered in this workspace")
                                       .arg(actingUser, keys::keyDirectory())
                                 : error;
            return result;
        }
        signingKey = adminKey->secretKey;
    }
    const auto pair = keys::loadOrCreateKeyPair(name, &result.keyCreated, &error);
    if (!pair) {
        result.message = error;
        return result;
    }
    if (all.isEmpty())
        signingKey = pair->secretKey;
    u.publicKey = pair->publicKey;
    u.addedAt = sql::toDbTime(audit::now());
    u.signature = keys::sign(registrationMessage(workspaceId(ws), u), signingKey);

    QSqlDatabase db = QSqlDatabase::database(ws.connectionName(), false);
    sql::SynchronousFull full(db);
    sql::Transaction tx(db, ws.path());
    if (!tx.begin(&error)) {
        result.message = error;
        return result;
    }
    QSqlQuery q(db);
    q.prepare(QStringLiteral("INSERT INTO users (name, role, public_key, added_by, added_at, signature) "
                             "VALUES (?, ?, ?, ?, ?, ?)"));
    q.addBindValue(u.name);
    q.addBindValue(toString(u.role));
    q.addBindValue(QString::fromLatin1(u.publicKey.toHex()));
    q.addBindValue(u.addedBy);
    q.addBindValue(u.addedAt);
    q.addBindValue(QString::fromLatin1(u.signature.toHex()));
    if (!q.exec()) {
        result.message = sql::describe(q.lastError(), QStringLiteral("adding the user"), ws.path());
        return result;
    }
    const QJsonObject details{{QStringLiteral("role"), toString(u.role)},
                              {QStringLiteral("public_key"), QString::fromLatin1(u.publicKey.toHex())}};
    if (!audit::appendAuditInTransaction(db, ws.path(), u.addedBy, QStringLiteral("user.add"), u.name,
                                         details, &error) ||
        !tx.commit(&error)) {
        result.message = error;
        return result;
    }
    result.ok = true;
    result.message =
        all.isEmpty() && role != Role::Admin
            ? QStringLiteral("added %1 as admin (the first user of a workspace is its admin)").arg(name)
            : QStringLiteral("added %1 as %2").arg(name, toString(u.role));
    return result;
}

} // namespace lw::audit
