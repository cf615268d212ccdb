#include "cli/governancecommands.h"

#include "audit/auditlog.h"
#include "audit/clock.h"
#include "audit/users.h"
#include "cli/clicontext.h"
#include "governance/approvals.h"
#include "governance/policy.h"
#include "governance/workspacetrust.h"
#include "keys/keys.h"
#include "model/strategyjson.h"
#include "storage/sqlutil.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QSqlDatabase>
#include <QTextStream>

namespace lw::cli {

using namespace lw::governance;
using namespace lw::audit;

namespace {

QString fingerprint(const QByteArray &publicKey)
{
    return QString::fromLatin1(publicKey.toHex().left(16));
}

int listUsers(const Invocation &inv, CommandIo &io)
{
    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, false);
    if (!ws)
        return ExitBadInput;
    QString error;
    const QList<User> all = users(*ws, &error);
    if (!error.isEmpty()) {
        io.err << "loadwright: " << error << Qt::endl;
        return ExitInternal;
    }
    if (inv.has(QStringLiteral("json"))) {
        QJsonArray array;
        for (const User &u : all)
            array.append(QJsonObject{{QStringLiteral("name"), u.name},
                                     {QStringLiteral("role"), toString(u.role)},
                                     {QStringLiteral("public_key"), QString::fromLatin1(u.publicKey.toHex())},
                                     {QStringLiteral("added_by"), u.addedBy},
                                     {QStringLiteral("added_at"), u.addedAt},
                                     {QStringLiteral("verified"), u.trusted},
                                     {QStringLiteral("problem"), u.problem}});
        io.out << QJsonDocument(array).toJson(QJsonDocument::Indented);
        return ExitSuccess;
    }
    if (all.isEmpty()) {
        io.out
            << "no users yet; the first one added ('loadwright users add NAME --role ROLE') becomes admin\n";
        return ExitSuccess;
    }
    QList<QStringList> rows{{QStringLiteral("NAME"), QStringLiteral("ROLE"), QStringLiteral("KEY"),
                             QStringLiteral("ADDED BY"), QStringLiteral("ADDED AT"),
                             QStringLiteral("STATUS")}};
    for (const User &u : all)
        rows << QStringList{u.name,
                            toString(u.role),
                            fingerprint(u.publicKey),
                            u.addedBy,
                            u.addedAt,
                            u.trusted ? QStringLiteral("verified")
                                      : QStringLiteral("NOT VERIFIED: ") + u.problem};
    printTable(io.out, rows);
    return ExitSuccess;
}

struct DecisionTarget
{
    qint64 strategyId = 0;
    int revision = 0;
};

// FILE: the stored revision with the file's content; NAME: --revision N or the latest revision.
std::optional<DecisionTarget> resolveRevision(const Invocation &inv, CommandIo &io, Workspace &ws)
{
    const QString arg = inv.arguments.constFirst();
    if (QFileInfo(arg).isFile()) {
        const std::optional<Variables> vars = variables(inv, io);
        if (!vars)
            return std::nullopt;
        const CheckedFile file = checkStrategyFile(arg, *vars);
        if (!file.ok()) {
            reportIssues(file, io);
            return std::nullopt;
        }
        const auto summary = ws.strategyByName(file.strategy->name);
        const QString hash = contentHash(*file.strategy);
        if (summary) {
            const QList<StrategyRevision> revs = ws.revisions(summary->id);
            for (auto it = revs.crbegin(); it != revs.crend(); ++it) {
                if (it->hash == hash)
                    return DecisionTarget{summary->id, it->revision};
            }
        }
        io.err << "loadwright: " << arg << " is not stored in " << ws.path()
               << " with this content; import it first ('loadwright import " << arg << "')" << Qt::endl;
        return std::nullopt;
    }
    const auto summary = ws.strategyByName(arg);
    if (!summary) {
        io.err << "loadwright: there is no strategy file or stored strategy named '" << arg << "' in "
               << ws.path() << Qt::endl;
        return std::nullopt;
    }
    int revision = summary->latestRevision;
    if (inv.has(QStringLiteral("revision"))) {
        bool ok = false;
        revision = inv.value(QStringLiteral("revision")).toInt(&ok);
        if (!ok || !ws.revision(summary->id, revision)) {
            io.err << "loadwright: '" << arg << "' has no revision " << inv.value(QStringLiteral("revision"))
                   << " (see 'loadwright revisions " << arg << "')" << Qt::endl;
            return std::nullopt;
        }
    }
    return DecisionTarget{summary->id, revision};
}

int decide(const Invocation &inv, CommandIo &io, Decision decision)
{
    const QString user = actingUser(inv);
    if (user.isEmpty())
        return usageError(io, QStringLiteral("--as needs a user name"));
    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, false);
    if (!ws)
        return ExitBadInput;
    const auto target = resolveRevision(inv, io, *ws);
    if (!target)
        return ExitBadInput;
    const DecisionResult result = recordDecision(*ws, target->strategyId, target->revision, decision, user,
                                                 inv.value(QStringLiteral("comment")));
    if (result.exitCode == 0)
        io.out << result.message << '\n';
    else
        io.err << "loadwright: " << result.message << Qt::endl;
    return result.exitCode;
}

QString recordState(const ApprovalRecord &r, const Workspace &ws, const QDateTime &now)
{
    if (!r.valid)
        return QStringLiteral("IGNORED: ") + r.problem;
    const auto summary = ws.strategy(r.strategyId);
    if (summary && summary->latestRevision != r.revision)
        return QStringLiteral("stale (latest is revision %1)").arg(summary->latestRevision);
    if (r.decision == Decision::Approve && sql::fromDbTime(r.expiresAt) <= now)
        return QStringLiteral("expired");
    return QStringLiteral("valid");
}

} // namespace

namespace {

QJsonObject identityJson(const WorkspaceIdentity &id)
{
    return {{QStringLiteral("workspace_id"), id.workspaceId},
            {QStringLiteral("first_admin"), id.firstAdmin},
            {QStringLiteral("fingerprint"), id.fingerprint}};
}

// `users --fingerprints`: what this user remembers of the workspace file and what it is now.
int showFingerprints(const Invocation &inv, CommandIo &io)
{
    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, false);
    if (!ws)
        return ExitBadInput;
    const WorkspaceTrust trust = checkWorkspaceTrust(*ws);
    if (trust.status == WorkspaceTrust::Status::Unknown) {
        io.err << "loadwright: " << trust.message() << Qt::endl;
        return ExitInternal;
    }
    QString error;
    const QList<User> all = users(*ws, &error);
    if (inv.has(QStringLiteral("json"))) {
        QJsonArray keys;
        for (const User &u : all)
            keys.append(QJsonObject{{QStringLiteral("name"), u.name},
                                    {QStringLiteral("role"), toString(u.role)},
                                    {QStringLiteral("fingerprint"), keyFingerprint(u.publicKey)}});
        io.out << QJsonDocument(QJsonObject{{QStringLiteral("trust_file"), trustFilePath()},
                                            {QStringLiteral("status"),
                                             trust.changed() ? QStringLiteral("changed")
                                             : trust.status == WorkspaceTrust::Status::FirstUse
                                                 ? QStringLiteral("first_use")
                                                 : QStringLiteral("trusted")},
                                            {QStringLiteral("remembered"), identityJson(trust.remembered)},
                                            {QStringLiteral("current"), identityJson(trust.current)},
                                            {QStringLiteral("users"), keys}})
                      .toJson(QJsonDocument::Indented);
        return trust.changed() ? ExitRefused : ExitSuccess;
    }
    io.out << "workspace " << trust.current.workspaceId << '\n';
    QList<QStringList> rows{
        {QStringLiteral("NAME"), QStringLiteral("ROLE"), QStringLiteral("KEY FINGERPRINT")}};
    for (const User &u : all)
        rows << QStringList{u.name, toString(u.role), keyFingerprint(u.publicKey)};
    if (all.isEmpty())
        io.out << "no users yet\n";
    else
        printTable(io.out, rows);
    io.out << (trust.changed() ? "CHANGED: " : "") << trust.message() << '\n'
           << "(remembered in " << trustFilePath() << ")" << Qt::endl;
    return trust.changed() ? ExitRefused : ExitSuccess;
}

// `users --trust FINGERPRINT`: accepts the workspace's current identity after the user checked it.
int acceptIdentity(const Invocation &inv, CommandIo &io)
{
    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, false);
    if (!ws)
        return ExitBadInput;
    const QString expected = inv.value(QStringLiteral("trust"));
    if (expected.isEmpty())
        return usageError(io, QStringLiteral("--trust needs the first admin's key fingerprint as "
                                             "'loadwright users --fingerprints' prints it"));
    QString error;
    if (!trustWorkspace(*ws, expected, &error)) {
        io.err << "loadwright: " << error << Qt::endl;
        return error.contains(QLatin1String("nothing changed")) ? ExitRefused : ExitInternal;
    }
    const WorkspaceIdentity id = workspaceIdentity(*ws, &error);
    io.out << "trusted workspace " << id.workspaceId << " with first admin " << id.firstAdmin << " ("
           << id.fingerprint << ") for " << ws->path() << Qt::endl;
    return ExitSuccess;
}

} // namespace

int usersCommand(const Invocation &inv, CommandIo &io)
{
    if (inv.has(QStringLiteral("fingerprints")) || inv.has(QStringLiteral("trust"))) {
        if (!inv.arguments.isEmpty() || inv.has(QStringLiteral("role")) ||
            (inv.has(QStringLiteral("fingerprints")) && inv.has(QStringLiteral("trust"))))
            return usageError(io, QStringLiteral("--fingerprints and --trust go alone: "
                                                 "loadwright users --fingerprints | --trust FINGERPRINT"));
        return inv.has(QStringLiteral("trust")) ? acceptIdentity(inv, io) : showFingerprints(inv, io);
    }
    if (inv.arguments.isEmpty()) {
        if (inv.has(QStringLiteral("role")))
            return usageError(io, QStringLiteral("--role goes with 'loadwright users add NAME --role ROLE'"));
        return listUsers(inv, io);
    }
    if (inv.arguments.constFirst() != QLatin1String("add") || inv.arguments.size() != 2)
        return usageError(
            io, QStringLiteral("usage: loadwright users [--json] | loadwright users add NAME --role ROLE"));
    const auto role = roleFromString(inv.value(QStringLiteral("role")));
    if (!role)
        return usageError(io, QStringLiteral("--role must be engineer, approver, analyst or admin"));
    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, true);
    if (!ws)
        return ExitBadInput;
    const AddUserResult result = addUser(*ws, inv.arguments.at(1), *role, actingUser(inv));
    if (!result.ok) {
        io.err << "loadwright: " << result.message << Qt::endl;
        return result.refused ? ExitRefused : ExitBadInput;
    }
    io.out << result.message << '\n';
    if (result.keyCreated)
        io.out << "private key written to " << keys::keyFilePath(inv.arguments.at(1))
               << " (keep it private)\n";
    return ExitSuccess;
}

int approveCommand(const Invocation &inv, CommandIo &io)
{
    return decide(inv, io, Decision::Approve);
}

int rejectCommand(const Invocation &inv, CommandIo &io)
{
    return decide(inv, io, Decision::Reject);
}

int revokeCommand(const Invocation &inv, CommandIo &io)
{
    return decide(inv, io, Decision::Revoke);
}

int approvalsCommand(const Invocation &inv, CommandIo &io)
{
    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, false);
    if (!ws)
        return ExitBadInput;
    qint64 strategyId = 0;
    if (inv.has(QStringLiteral("strategy"))) {
        const auto summary = ws->strategyByName(inv.value(QStringLiteral("strategy")));
        if (!summary) {
            io.err << "loadwright: there is no strategy named '" << inv.value(QStringLiteral("strategy"))
                   << "'" << Qt::endl;
            return ExitBadInput;
        }
        strategyId = summary->id;
    }
    QString error;
    const QList<ApprovalRecord> records = approvalRecords(*ws, strategyId, &error);
    if (!error.isEmpty()) {
        io.err << "loadwright: " << error << Qt::endl;
        return ExitInternal;
    }
    const QDateTime t = audit::now();
    if (inv.has(QStringLiteral("json"))) {
        QJsonArray array;
        for (const ApprovalRecord &r : records)
            array.append(QJsonObject{{QStringLiteral("id"), r.id},
                                     {QStringLiteral("strategy"), r.strategyName},
                                     {QStringLiteral("strategy_id"), r.strategyId},
                                     {QStringLiteral("revision"), r.revision},
                                     {QStringLiteral("content_hash"), r.contentHash},
                                     {QStringLiteral("approver"), r.approver},
                                     {QStringLiteral("decision"), toString(r.decision)},
                                     {QStringLiteral("comment"), r.comment},
                                     {QStringLiteral("created_at"), r.createdAt},
                                     {QStringLiteral("expires_at"), r.expiresAt},
                                     {QStringLiteral("signature_valid"), r.valid},
                                     {QStringLiteral("state"), recordState(r, *ws, t)}});
        io.out << QJsonDocument(array).toJson(QJsonDocument::Indented);
        return ExitSuccess;
    }
    if (records.isEmpty()) {
        io.out << "no approval decisions yet\n";
        return ExitSuccess;
    }
    QList<QStringList> rows{{QStringLiteral("STRATEGY"), QStringLiteral("REV"), QStringLiteral("APPROVER"),
                             QStringLiteral("DECISION"), QStringLiteral("AT"), QStringLiteral("EXPIRES"),
                             QStringLiteral("STATE"), QStringLiteral("COMMENT")}};
    for (const ApprovalRecord &r : records)
        rows << QStringList{r.strategyName,
                            QString::number(r.revision),
                            r.approver,
                            toString(r.decision),
                            r.createdAt,
                            r.expiresAt.isEmpty() ? QStringLiteral("-") : r.expiresAt,
                            recordState(r, *ws, t),
                            r.comment};
    printTable(io.out, rows);
    return ExitSuccess;
}

int policyCommand(const Invocation &inv, CommandIo &io)
{
    const QStringList &args = inv.arguments;
    const bool set = !args.isEmpty() && args.constFirst() == QLatin1String("set");
    if ((!args.isEmpty() && !set) || (set && args.size() != 3))
        return usageError(
            io,
            QStringLiteral("usage: loadwright policy [--json] | loadwright policy set KEY VALUE --as ADMIN"));
    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, set);
    if (!ws)
        return ExitBadInput;
    if (set) {
        const PolicyChange change = setPolicyValue(*ws, args.at(1), args.at(2), actingUser(inv));
        (change.exitCode == 0 ? io.out : io.err)
            << (change.exitCode == 0 ? "" : "loadwright: ") << change.message << Qt::endl;
        return change.exitCode;
    }
    const ApprovalPolicy policy = loadPolicy(*ws);
    static const char *const levels[4] = {"low", "medium", "high", "critical"};
    if (inv.has(QStringLiteral("json"))) {
        QJsonObject required;
        for (int i = 0; i < 4; ++i)
            required.insert(QLatin1String(levels[i]), policy.required[i]);
        io.out << QJsonDocument(
                      QJsonObject{{QStringLiteral("required"), required},
                                  {QStringLiteral("critical_admin"), policy.criticalNeedsAdmin},
                                  {QStringLiteral("expiry_days"), policy.expiryDays},
                                  {QStringLiteral("signed_by"), policy.signedBy},
                                  {QStringLiteral("notes"), QJsonArray::fromStringList(policy.notes)}})
                      .toJson(QJsonDocument::Indented);
        return ExitSuccess;
    }
    for (int i = 0; i < 4; ++i)
        io.out << "approval.required." << levels[i] << " = " << policy.required[i] << '\n';
    io.out << "approval.critical_admin = " << (policy.criticalNeedsAdmin ? "true" : "false") << '\n'
           << "approval.expiry_days = " << policy.expiryDays << '\n'
           << (policy.signedBy.isEmpty()
                   ? QStringLiteral("(defaults, or unsigned values that only tighten them)")
                   : QStringLiteral("signed by ") + policy.signedBy)
           << '\n';
    for (const QString &note : policy.notes)
        io.out << "note: " << note << '\n';
    return ExitSuccess;
}

int auditCommand(const Invocation &inv, CommandIo &io)
{
    const QString action = inv.arguments.value(0);
    if (action != QLatin1String("verify") && action != QLatin1String("export"))
        return usageError(io,
                          QStringLiteral("usage: loadwright audit verify [--head HASH] | loadwright audit "
                                         "export [--json] [-o FILE]"));
    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, false);
    if (!ws)
        return ExitBadInput;
    QSqlDatabase db = QSqlDatabase::database(ws->connectionName(), false);
    const audit::AuditVerification check = audit::verifyAudit(db, inv.value(QStringLiteral("head")));
    if (action == QLatin1String("verify")) {
        if (!check.intact) {
            io.err << "loadwright: the audit log of " << ws->path() << " is NOT intact: " << check.problem
                   << Qt::endl;
            return ExitVerdictFailed;
        }
        io.out << "the audit log is intact: " << check.entries << " entries, head " << check.headHash << '\n';
        io.out << "signatures: " << check.entries - check.unsignedHistory << " signed ("
               << check.machineSigned << " by a machine key)";
        if (check.unsignedHistory > 0)
            io.out << ", " << check.unsignedHistory << " unsigned history (written before the log was keyed)";
        io.out << '\n';
        return ExitSuccess;
    }

    QString error;
    const QList<audit::AuditEntry> entries = audit::auditEntries(db, &error);
    if (!error.isEmpty()) {
        io.err << "loadwright: " << error << Qt::endl;
        return ExitInternal;
    }
    const QString head = audit::auditHeadHash(db);
    QByteArray text;
    if (inv.has(QStringLiteral("json"))) {
        text = QJsonDocument(audit::auditExportJson(entries, check, head, ws->path(), workspaceId(*ws),
                                                    sql::toDbTime(audit::now())))
                   .toJson(QJsonDocument::Indented);
    } else {
        QString out;
        QTextStream s(&out);
        s << "# audit log of " << ws->path() << " (workspace " << workspaceId(*ws) << "), exported "
          << sql::toDbTime(audit::now()) << '\n';
        for (const audit::AuditEntry &e : entries)
            s << e.seq << "  " << e.at << "  " << e.actor << "  " << e.action << "  " << e.subject << "  "
              << e.details << "  " << e.hash << '\n';
        s << "head " << head
          << (check.intact ? QString() : QStringLiteral(" (NOT INTACT: %1)").arg(check.problem)) << '\n';
        s.flush();
        text = out.toUtf8();
    }
    const QString output = inv.value(QStringLiteral("output"));
    if (output.isEmpty() || output == QLatin1String("-")) {
        io.out << QString::fromUtf8(text);
    } else {
        QSaveFile file(output);
        if (!file.open(QIODevice::WriteOnly) || file.write(text) != text.size() || !file.commit()) {
            io.err << "loadwright: cannot write " << output << ": " << file.errorString() << Qt::endl;
            return ExitBadInput;
        }
        io.out << "wrote " << entries.size() << " audit entries to " << output << " (head " << head << ")\n";
    }
    return ExitSuccess;
}

} // namespace lw::cli
