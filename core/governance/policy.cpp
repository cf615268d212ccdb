#include "governance/policy.h"

#include "audit/auditlog.h"
#include "audit/users.h"
#include "keys/keys.h"
#include "storage/workspace.h"

#include <QJsonObject>
#include <QSqlDatabase>

namespace lw::governance {

// Users and their roles live with the audit trail that signs with their keys.
using audit::findUser;
using audit::Role;
using audit::users;
using audit::workspaceId;

namespace {

const char *const kLevels[4] = {"low", "medium", "high", "critical"};

} // namespace

QStringList policySettingKeys()
{
    QStringList keys;
    for (const char *level : kLevels)
        keys << QStringLiteral("approval.required.") + QLatin1String(level);
    keys << QStringLiteral("approval.critical_admin") << QStringLiteral("approval.expiry_days");
    return keys;
}

namespace {

const QString kSignatureKey = QStringLiteral("approval.policy.signature");

QByteArray policyMessage(const Workspace &ws)
{
    QStringList fields{workspaceId(ws)};
    for (const QString &key : policySettingKeys())
        fields << key << ws.setting(key).trimmed();
    return keys::canonicalMessage("loadwright-policy-v1", fields);
}

// The admin whose signature covers the current values, or empty.
QString policySigner(const Workspace &ws)
{
    const QString stored = ws.setting(kSignatureKey);
    const qsizetype colon = stored.indexOf(QLatin1Char(':'));
    if (colon <= 0)
        return {};
    const QString signer = stored.left(colon);
    QString error;
    const auto admin = findUser(users(ws, &error), signer);
    if (!admin || !admin->trusted || admin->role != Role::Admin)
        return {};
    const QByteArray signature = QByteArray::fromHex(stored.mid(colon + 1).toLatin1());
    return keys::verify(policyMessage(ws), signature, admin->publicKey) ? signer : QString();
}

std::optional<int> parseCount(const QString &text, int min, int max)
{
    bool ok = false;
    const int n = text.toInt(&ok);
    return ok && n >= min && n <= max ? std::optional<int>(n) : std::nullopt;
}

std::optional<bool> parseBool(const QString &text)
{
    if (text == QLatin1String("true") || text == QLatin1String("1"))
        return true;
    if (text == QLatin1String("false") || text == QLatin1String("0"))
        return false;
    return std::nullopt;
}

// The error for a value that does not parse, empty when it does.
QString checkValue(const QString &key, const QString &value)
{
    if (key.startsWith(QLatin1String("approval.required.")))
        return parseCount(value, 0, 10) ? QString()
                                        : QStringLiteral("%1 takes a count from 0 to 10").arg(key);
    if (key == QLatin1String("approval.critical_admin"))
        return parseBool(value) ? QString() : QStringLiteral("%1 takes true or false").arg(key);
    return parseCount(value, 1, 3650) ? QString()
                                      : QStringLiteral("%1 takes a number of days from 1 to 3650").arg(key);
}

} // namespace

ApprovalPolicy loadPolicy(const Workspace &ws)
{
    ApprovalPolicy policy;
    policy.signedBy = policySigner(ws);
    const bool trusted = !policy.signedBy.isEmpty();
    auto unsignedNote = [&](const QString &key, const QString &text, const QString &used) {
        policy.notes << QStringLiteral(
                            "%1 = %2 is not signed by an admin and would loosen the policy; using %3")
                            .arg(key, text, used);
    };
    for (int i = 0; i < 4; ++i) {
        const QString key = QStringLiteral("approval.required.") + QLatin1String(kLevels[i]);
        const QString text = ws.setting(key).trimmed();
        if (text.isEmpty())
            continue;
        const auto n = parseCount(text, 0, 10);
        if (!n)
            policy.notes << QStringLiteral("%1 = '%2' is not a count from 0 to 10; using %3")
                                .arg(key, text)
                                .arg(policy.required[i]);
        else if (trusted || *n >= policy.required[i])
            policy.required[i] = *n;
        else
            unsignedNote(key, text, QString::number(policy.required[i]));
    }
    const QString admin = ws.setting(QStringLiteral("approval.critical_admin")).trimmed();
    if (!admin.isEmpty()) {
        const auto b = parseBool(admin);
        if (!b)
            policy.notes << QStringLiteral("approval.critical_admin = '%1' is not true or false; using true")
                                .arg(admin);
        else if (trusted || *b)
            policy.criticalNeedsAdmin = *b;
        else
            unsignedNote(QStringLiteral("approval.critical_admin"), admin, QStringLiteral("true"));
    }
    const QString days = ws.setting(QStringLiteral("approval.expiry_days")).trimmed();
    if (!days.isEmpty()) {
        const auto n = parseCount(days, 1, 3650);
        if (!n)
            policy.notes << QStringLiteral(
                                "approval.expiry_days = '%1' is not a number of days from 1 to 3650; "
                                "using %2")
                                .arg(days)
                                .arg(policy.expiryDays);
        else if (trusted || *n <= policy.expiryDays)
            policy.expiryDays = *n;
        else
            unsignedNote(QStringLiteral("approval.expiry_days"), days, QString::number(policy.expiryDays));
    }
    return policy;
}

PolicyChange setPolicyValue(Workspace &ws, const QString &key, const QString &value, const QString &admin)
{
    if (!policySettingKeys().contains(key))
        return {2, QStringLiteral("'%1' is not a policy setting (%2)")
                       .arg(key, policySettingKeys().join(QStringLiteral(", ")))};
    const QString invalid = checkValue(key, value.trimmed());
    if (!invalid.isEmpty())
        return {2, invalid};
    QString error;
    const auto who = findUser(users(ws, &error), admin);
    if (!error.isEmpty())
        return {5, error};
    if (!who || !who->trusted || who->role != Role::Admin)
        return {
            4, QStringLiteral("only a verified admin changes the approval policy (--as ADMIN); %1 is not one")
                   .arg(admin)};
    const auto key_ = keys::loadKeyPair(admin, &error);
    if (!key_)
        return {4, error};
    if (key_->publicKey != who->publicKey)
        return {4, QStringLiteral("the private key of %1 does not match the key registered in this workspace")
                       .arg(admin)};
    if (!ws.setSetting(key, value.trimmed(), admin, &error))
        return {5, error};
    const QByteArray signature = keys::sign(policyMessage(ws), key_->secretKey);
    if (!ws.setSetting(kSignatureKey, admin + QLatin1Char(':') + QString::fromLatin1(signature.toHex()),
                       admin, &error))
        return {5, error};
    if (!audit::appendAudit(QSqlDatabase::database(ws.connectionName(), false), ws.path(), admin,
                            QStringLiteral("policy.set"), key, {{QStringLiteral("value"), value.trimmed()}},
                            &error))
        return {5, error};
    return {0, QStringLiteral("%1 = %2 (policy signed by %3)").arg(key, value.trimmed(), admin)};
}

PolicyRequirement requirementFor(const ApprovalPolicy &policy, const Strategy &strategy)
{
    PolicyRequirement req;
    req.level = std::max(strategy.safetyLevel, highestRiskSeverity(strategy));
    req.approvals = policy.required[static_cast<int>(req.level)];
    req.adminRequired = req.level == SafetyLevel::Critical && policy.criticalNeedsAdmin && req.approvals > 0;
    return req;
}

} // namespace lw::governance
