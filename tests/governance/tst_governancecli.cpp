// Governance as a user meets it: the real `loadwright` executable, a real workspace file, real keys
// in a temporary key directory, loadwright-target on 127.0.0.1 for the canary's health check, and the
// sqlite3 shell to tamper with the file the way another program could.

#include "../engine/enginetestutil.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace {

const QString kCanary = QStringLiteral("Payments API canary (v2.14)");
const QString kCanaryFile = QStringLiteral(LW_SOURCE_DIR "/resources/strategies/canary-high-risk.json");

struct Result
{
    int exitCode = -1;
    QString out;
    QString err;
};

} // namespace

class TestGovernanceCli : public QObject
{
    Q_OBJECT
private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_ws;
    QString m_now; // LOADWRIGHT_NOW for the next commands, empty: the real clock

    Result cli(const QStringList &args)
    {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LOADWRIGHT_KEY_DIR"), m_dir->filePath(QStringLiteral("keys")));
        env.remove(QStringLiteral("LOADWRIGHT_NOW"));
        if (!m_now.isEmpty())
            env.insert(QStringLiteral("LOADWRIGHT_NOW"), m_now);
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(LW_LOADWRIGHT_BINARY),
                args + QStringList{QStringLiteral("--workspace"), m_ws});
        Result r;
        if (!p.waitForStarted(5000) || !p.waitForFinished(60000))
            return r;
        r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }
    Result as(const QString &user, const QStringList &args)
    {
        return cli(args + QStringList{QStringLiteral("--as"), user});
    }
    bool sqlite(const QString &statement)
    {
        QProcess p;
        p.start(QStringLiteral("sqlite3"), {m_ws, statement});
        return p.waitForFinished(10000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    }
    QString sqliteValue(const QString &query)
    {
        QProcess p;
        p.start(QStringLiteral("sqlite3"), {m_ws, query});
        p.waitForFinished(10000);
        return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
    }
    // A fresh workspace: alice (admin), bob and carol (approvers), eve (engineer) who imports the
    // high-risk canary sample (it needs two approvals).
    void freshWorkspace()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_ws = m_dir->filePath(QStringLiteral("ws.lwdb"));
        m_now.clear();
        Result r = as(QStringLiteral("alice"),
                      {QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("alice"),
                       QStringLiteral("--role"), QStringLiteral("engineer")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("added alice as admin")), qPrintable(r.out));
        const std::pair<const char *, const char *> more[] = {
            {"bob", "approver"}, {"carol", "approver"}, {"eve", "engineer"}};
        for (const auto &[name, role] : more) {
            r = as(QStringLiteral("alice"),
                   {QStringLiteral("users"), QStringLiteral("add"), QLatin1String(name),
                    QStringLiteral("--role"), QLatin1String(role)});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        }
        r = as(QStringLiteral("eve"), {QStringLiteral("import"), kCanaryFile});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    }
    // `loadwright run` of the canary with its prerequisites met (a real target answers /health) and
    // an engine path that does not exist, so a run that passes the gate still ends at once. With
    // --json the live lines (the gate's event among them) go to stderr.
    Result runCanary(const QString &strategy = kCanary)
    {
        enginetest::Target target;
        if (!target.start({}))
            return {};
        return as(QStringLiteral("eve"),
                  {QStringLiteral("run"), strategy, QStringLiteral("--set"),
                   QStringLiteral("TARGET=") + target.url(QString()), QStringLiteral("--confirm"),
                   QStringLiteral("On-call engineer acknowledged"), QStringLiteral("--engine"),
                   m_dir->filePath(QStringLiteral("no-engine-here")), QStringLiteral("--json")});
    }
    Result decide(const QString &verb, const QString &user, const QStringList &extra = {})
    {
        return as(user, QStringList{verb, kCanary} + extra);
    }
    // What a program that knows the audit format but holds no key can write: a well-formed entry
    // after the last one (right seq, prev_hash and hash), with the given signer and signature.
    bool appendForgedEntry(const QString &actor, const QString &signer, const QString &signature)
    {
        const QString seq =
            QString::number(sqliteValue(QStringLiteral("SELECT max(seq) FROM audit")).toLongLong() + 1);
        const QString prev = sqliteValue(QStringLiteral("SELECT hash FROM audit ORDER BY seq DESC LIMIT 1"));
        const QString at = QStringLiteral("2026-01-01T00:00:00.000Z");
        const QString details = QStringLiteral("{\"comment\":\"forged\"}");
        QByteArray message("loadwright-audit-v1\n");
        for (const QString &field :
             {prev, seq, at, actor, QStringLiteral("approval.approve"), kCanary, details}) {
            const QByteArray utf8 = field.toUtf8();
            message += QByteArray::number(utf8.size()) + ':' + utf8 + '\n';
        }
        const QString hash =
            QString::fromLatin1(QCryptographicHash::hash(message, QCryptographicHash::Sha256).toHex());
        return sqlite(
            QStringLiteral("INSERT INTO audit (seq, at, actor, action, subject, details, prev_hash, "
                           "hash, signer, signature) VALUES (%1, '%2', '%3', 'approval.approve', '%4', "
                           "'%5', '%6', '%7', '%8', '%9')")
                .arg(seq, at, actor, kCanary, details, prev, hash, signer, signature));
    }

private Q_SLOTS:
    void usersAndKeys()
    {
        freshWorkspace();
        const QFileInfo key(m_dir->filePath(QStringLiteral("keys/bob.key")));
        QVERIFY(key.exists());
        QCOMPARE(key.permissions() &
                     (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
                 QFile::Permissions());
        // Only an admin adds users.
        Result r = as(QStringLiteral("bob"),
                      {QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("mallory"),
                       QStringLiteral("--role"), QStringLiteral("approver")});
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains(QStringLiteral("only an admin adds users")), qPrintable(r.err));
        r = cli({QStringLiteral("users"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray list = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(list.size(), 4);
        QCOMPARE(list.at(0).toObject().value(QStringLiteral("role")).toString(), QStringLiteral("admin"));
        QCOMPARE(list.at(3).toObject().value(QStringLiteral("verified")).toBool(), true);

        // eve promoted to approver by hand: her row no longer verifies, so she cannot decide.
        QVERIFY(sqlite(QStringLiteral("UPDATE users SET role = 'approver' WHERE name = 'eve'")));
        r = cli({QStringLiteral("users")});
        QVERIFY2(r.out.contains(QStringLiteral("NOT VERIFIED: its registration signature does not verify")),
                 qPrintable(r.out));
        r = decide(QStringLiteral("approve"), QStringLiteral("eve"));
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains(QStringLiteral("eve's registration does not verify")), qPrintable(r.err));
    }

    void refusedDecisions()
    {
        freshWorkspace();
        // The author cannot approve their own revision.
        Result r =
            as(QStringLiteral("bob"), {QStringLiteral("import"), kCanaryFile}); // bob authors revision 2
        QCOMPARE(r.exitCode, 0);
        r = decide(QStringLiteral("approve"), QStringLiteral("bob"));
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(
            r.err.contains(QStringLiteral("bob is the author of 'Payments API canary (v2.14)' revision 2 and "
                                          "cannot approve it")),
            qPrintable(r.err));
        // An engineer, an unknown user, an approver without a private key, bad input.
        r = decide(QStringLiteral("approve"), QStringLiteral("eve"));
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains(QStringLiteral("eve is engineer")), qPrintable(r.err));
        r = decide(QStringLiteral("approve"), QStringLiteral("zoe"));
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains(QStringLiteral("zoe is not a user")), qPrintable(r.err));
        QVERIFY(QFile::remove(m_dir->filePath(QStringLiteral("keys/carol.key"))));
        r = decide(QStringLiteral("approve"), QStringLiteral("carol"));
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains(QStringLiteral("no private key for carol")), qPrintable(r.err));
        r = decide(QStringLiteral("revoke"), QStringLiteral("alice"));
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains(QStringLiteral("no approval")), qPrintable(r.err));
        r = as(QStringLiteral("alice"), {QStringLiteral("approve"), QStringLiteral("no such strategy")});
        QCOMPARE(r.exitCode, 2);
        r = as(QStringLiteral("alice"),
               {QStringLiteral("approve"), kCanary, QStringLiteral("--revision"), QStringLiteral("9")});
        QCOMPARE(r.exitCode, 2);
        // None of the refusals wrote a decision.
        QCOMPARE(sqliteValue(QStringLiteral("SELECT count(*) FROM approvals")), QStringLiteral("0"));
    }

    void gateFollowsSignedApprovals()
    {
        freshWorkspace();
        Result r = runCanary();
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains(
                     QStringLiteral("approval gate refused: needs 2 approvals (level high), has 0 valid")),
                 qPrintable(r.err));

        // One approval short.
        QCOMPARE(decide(QStringLiteral("approve"), QStringLiteral("bob"),
                        {QStringLiteral("--comment"), QStringLiteral("looks safe")})
                     .exitCode,
                 0);
        r = runCanary();
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains(QStringLiteral("needs 2 approvals (level high), has 1 valid (bob)")),
                 qPrintable(r.err));

        // A forged row (carol's name on bob's signature) counts for nothing.
        QVERIFY(sqlite(QStringLiteral(
            "INSERT INTO approvals (strategy_id, revision, content_hash, approver, decision, comment, "
            "created_at,"
            " expires_at, signature) SELECT strategy_id, revision, content_hash, 'carol', decision, comment,"
            " created_at, expires_at, signature FROM approvals WHERE approver = 'bob'")));
        r = runCanary();
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains(QStringLiteral("has 1 valid (bob); 1 decision without a valid signature")),
                 qPrintable(r.err));
        r = cli({QStringLiteral("approvals"), QStringLiteral("--json")});
        const QJsonArray rows = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(rows.size(), 2);
        QCOMPARE(rows.at(1).toObject().value(QStringLiteral("signature_valid")).toBool(), false);

        // Two real approvals: the gate lets it through (the run then stops at the missing engine or
        // the canary's testing window, whichever comes first).
        QCOMPARE(decide(QStringLiteral("approve"), QStringLiteral("carol")).exitCode, 0);
        r = runCanary();
        QVERIFY2(
            r.err.contains(QStringLiteral("approval gate: 2 valid approvals (bob, carol) of revision 1")),
            qPrintable(r.err));
        QVERIFY(!r.err.contains(QStringLiteral("approval gate refused")));

        // Expired: eight days later (default expiry 7 days).
        m_now = QDateTime::currentDateTimeUtc().addDays(8).toString(Qt::ISODateWithMs);
        r = runCanary();
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains(QStringLiteral("has 0 valid; bob's approval expired on")), qPrintable(r.err));
        m_now.clear();

        // Extending an approval by hand breaks its signature.
        QVERIFY(sqlite(QStringLiteral("UPDATE approvals SET expires_at = '2999-01-01T00:00:00.000Z' WHERE "
                                      "approver = 'bob'")));
        r = runCanary();
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains(QStringLiteral("has 1 valid (carol)")), qPrintable(r.err));
    }

    void editRevokeAndReject()
    {
        freshWorkspace();
        QCOMPARE(decide(QStringLiteral("approve"), QStringLiteral("bob")).exitCode, 0);
        QCOMPARE(decide(QStringLiteral("approve"), QStringLiteral("carol")).exitCode, 0);
        QVERIFY(runCanary().err.contains(QStringLiteral("approval gate: 2 valid approvals")));

        // An edit makes revision 2: the approvals of revision 1 are stale and the run is refused.
        QFile in(kCanaryFile);
        QVERIFY(in.open(QIODevice::ReadOnly));
        QJsonObject doc = QJsonDocument::fromJson(in.readAll()).object();
        doc.insert(QStringLiteral("description"), QStringLiteral("edited after approval"));
        const QString edited = m_dir->filePath(QStringLiteral("edited.json"));
        QFile out(edited);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(doc).toJson());
        out.close();
        Result r = as(QStringLiteral("eve"), {QStringLiteral("import"), edited});
        QCOMPARE(r.exitCode, 0);
        r = runCanary();
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains(QStringLiteral("has 0 valid; 2 approvals of earlier revisions are stale")),
                 qPrintable(r.err));
        r = cli({QStringLiteral("approvals")});
        QVERIFY2(r.out.contains(QStringLiteral("stale (latest is revision 2)")), qPrintable(r.out));

        // Approving the edited file itself, then a revocation and a rejection.
        QCOMPARE(as(QStringLiteral("bob"), {QStringLiteral("approve"), edited}).exitCode, 0);
        QCOMPARE(decide(QStringLiteral("approve"), QStringLiteral("carol")).exitCode, 0);
        QVERIFY(runCanary().err.contains(
            QStringLiteral("approval gate: 2 valid approvals (bob, carol) of revision 2")));
        QCOMPARE(decide(QStringLiteral("revoke"), QStringLiteral("bob")).exitCode, 0);
        r = runCanary();
        QVERIFY2(r.err.contains(QStringLiteral("has 1 valid (carol); bob revoked their approval")),
                 qPrintable(r.err));
        QCOMPARE(decide(QStringLiteral("reject"), QStringLiteral("alice"),
                        {QStringLiteral("--comment"), QStringLiteral("not this week")})
                     .exitCode,
                 0);
        r = runCanary();
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains(QStringLiteral("revision 2 was rejected by alice: not this week")),
                 qPrintable(r.err));
    }

    void policyIsSignedByAnAdmin()
    {
        freshWorkspace();
        QCOMPARE(decide(QStringLiteral("approve"), QStringLiteral("bob")).exitCode, 0);
        // Lowered by hand: not signed, so the default stays.
        QVERIFY(sqlite(QStringLiteral("INSERT INTO settings VALUES ('approval.required.high', '0', 'now')")));
        Result r = runCanary();
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains(QStringLiteral("approval.required.high = 0 is not signed by an admin")),
                 qPrintable(r.err));
        const QStringList set{QStringLiteral("policy"), QStringLiteral("set"),
                              QStringLiteral("approval.required.high"), QStringLiteral("1")};
        QCOMPARE(as(QStringLiteral("bob"), set).exitCode, 4);
        r = as(QStringLiteral("alice"), set);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        r = runCanary();
        QVERIFY2(r.err.contains(QStringLiteral(
                     "approval gate: 1 valid approval (bob) of revision 1 (level high needs 1)")),
                 qPrintable(r.err));
        r = cli({QStringLiteral("policy"), QStringLiteral("--json")});
        QCOMPARE(
            QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("signed_by")).toString(),
            QStringLiteral("alice"));
        // The signed value edited by hand: the signature breaks and the default comes back.
        QVERIFY(
            sqlite(QStringLiteral("UPDATE settings SET value = '0' WHERE key = 'approval.required.high'")));
        r = runCanary();
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains(QStringLiteral("needs 2 approvals (level high), has 1 valid (bob)")),
                 qPrintable(r.err));
        QCOMPARE(sqliteValue(QStringLiteral(
                     "SELECT count(*) FROM audit WHERE action = 'policy.set' AND actor = 'alice'")),
                 QStringLiteral("1"));
    }

    void auditChainDetectsTampering()
    {
        freshWorkspace();
        QCOMPARE(decide(QStringLiteral("approve"), QStringLiteral("bob")).exitCode, 0);
        runCanary();
        Result r = cli({QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        // users (4), strategy save, approval, run start and end.
        QVERIFY2(r.out.contains(QStringLiteral("intact: 8 entries")), qPrintable(r.out));
        const QStringList actions = sqliteValue(QStringLiteral("SELECT group_concat(action, ',') FROM audit"))
                                        .split(QLatin1Char(','));
        QCOMPARE(actions, (QStringList{QStringLiteral("user.add"), QStringLiteral("user.add"),
                                       QStringLiteral("user.add"), QStringLiteral("user.add"),
                                       QStringLiteral("strategy.save"), QStringLiteral("approval.approve"),
                                       QStringLiteral("run.start"), QStringLiteral("run.end")}));

        // Export with the head hash, to a file and as JSON.
        const QString exported = m_dir->filePath(QStringLiteral("audit.json"));
        r = cli({QStringLiteral("audit"), QStringLiteral("export"), QStringLiteral("--json"),
                 QStringLiteral("-o"), exported});
        QCOMPARE(r.exitCode, 0);
        QFile f(exported);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject j = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(j.value(QStringLiteral("entries")).toArray().size(), 8);
        const QString head = j.value(QStringLiteral("head_hash")).toString();
        QCOMPARE(head, sqliteValue(QStringLiteral("SELECT hash FROM audit WHERE seq = 8")));

        // The tail removed: the chain alone stays intact, the exported head catches it.
        QVERIFY(sqlite(QStringLiteral("DELETE FROM audit WHERE seq = 8")));
        QCOMPARE(cli({QStringLiteral("audit"), QStringLiteral("verify")}).exitCode, 0);
        r = cli({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--head"), head});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("head hash ") + head), qPrintable(r.err));

        // An entry edited.
        QVERIFY(sqlite(QStringLiteral("UPDATE audit SET actor = 'mallory' WHERE seq = 6")));
        r = cli({QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("entry 6 (approval.approve by mallory")), qPrintable(r.err));
        QVERIFY(sqlite(QStringLiteral("UPDATE audit SET actor = 'bob' WHERE seq = 6")));
        QCOMPARE(cli({QStringLiteral("audit"), QStringLiteral("verify")}).exitCode, 0);

        // An entry removed.
        QVERIFY(sqlite(QStringLiteral("DELETE FROM audit WHERE seq = 3")));
        r = cli({QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("entry 3 was removed")), qPrintable(r.err));

        // An entry inserted in its place (renumbered chain, hashes not recomputable without breaking).
        QVERIFY(sqlite(QStringLiteral(
            "INSERT INTO audit (seq, at, actor, action, subject, details, prev_hash, hash, signer,"
            " signature) SELECT 3, at, 'mallory', 'user.add', 'mallory', details, prev_hash, hash,"
            " signer, signature FROM audit WHERE seq = 2")));
        r = cli({QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("entry 3 does not follow entry 2")), qPrintable(r.err));
    }

    // Every entry is signed by its actor's key, so a well-formed entry appended without a key is named
    // by audit verify without any exported head.
    void auditEntriesAreSigned()
    {
        freshWorkspace();
        QCOMPARE(decide(QStringLiteral("approve"), QStringLiteral("bob")).exitCode, 0);
        Result r = cli({QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("signatures: 6 signed (0 by a machine key)")),
                 qPrintable(r.out));
        QCOMPARE(sqliteValue(QStringLiteral("SELECT group_concat(signer, ',') FROM audit")),
                 QStringLiteral("alice,alice,alice,alice,eve,bob"));

        const QString bobSignature = sqliteValue(QStringLiteral("SELECT signature FROM audit WHERE seq = 6"));
        const QString forged[][2] = {
            {QString(), QStringLiteral("is not signed")},
            {QStringLiteral("bob"), QStringLiteral("does not match bob's signature")},
            {QStringLiteral("mallory"), QStringLiteral("is signed by mallory, not by its actor")},
            {QStringLiteral("(unsigned history)"),
             QStringLiteral("marked as unsigned history but follows signed")},
            {QStringLiteral("machine:00112233aabbccdd"),
             QStringLiteral("machine key 00112233aabbccdd, which is not "
                            "registered")}};
        for (const auto &[signer, expected] : forged) {
            const QString signature =
                signer == QLatin1String("(unsigned history)") ? QString() : bobSignature;
            QVERIFY(appendForgedEntry(QStringLiteral("bob"), signer, signature));
            r = cli({QStringLiteral("audit"), QStringLiteral("verify")});
            QCOMPARE(r.exitCode, 1);
            QVERIFY2(r.err.contains(QStringLiteral("entry 7 (approval.approve by bob")), qPrintable(r.err));
            QVERIFY2(r.err.contains(expected), qPrintable(r.err));
            QVERIFY(sqlite(QStringLiteral("DELETE FROM audit WHERE seq = 7")));
        }

        // A machine key of the forger's own, registered without a trusted user vouching for it.
        QVERIFY(
            sqlite(QStringLiteral("INSERT INTO audit_keys VALUES ('00112233aabbccdd', "
                                  "'00112233aabbccdd00112233aabbccdd00112233aabbccdd00112233aabbccdd', '', "
                                  "'2026-01-01T00:00:00.000Z', '')")));
        QVERIFY(appendForgedEntry(QStringLiteral("bob"), QStringLiteral("machine:00112233aabbccdd"),
                                  bobSignature));
        r = cli({QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("which no trusted user vouched for")), qPrintable(r.err));
        QVERIFY(sqlite(QStringLiteral("DELETE FROM audit WHERE seq = 7")));
        QCOMPARE(cli({QStringLiteral("audit"), QStringLiteral("verify")}).exitCode, 0);

        // An actor without a key of their own here (not a registered user): this machine's key signs,
        // vouched for by the registered users who acted on this machine.
        r = as(QStringLiteral("ci"), {QStringLiteral("import"),
                                      QStringLiteral(LW_SOURCE_DIR "/resources/strategies/demo-load.json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY(sqliteValue(QStringLiteral("SELECT signer FROM audit WHERE seq = 7"))
                    .startsWith(QStringLiteral("machine:")));
        QCOMPARE(sqliteValue(QStringLiteral("SELECT registered_by FROM audit_keys")),
                 QStringLiteral("alice"));
        r = cli({QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("7 signed (1 by a machine key)")), qPrintable(r.out));
    }

    // A workspace from before the audit log was keyed: its entries become unsigned history, which is
    // accepted only ahead of every signed entry.
    void unsignedHistoryAfterUpgrade()
    {
        freshWorkspace();
        // Back to schema 7 (before the keyed audit log) as an older Loadwright left it.
        QVERIFY(sqlite(
            QStringLiteral("ALTER TABLE audit DROP COLUMN signer; ALTER TABLE audit DROP COLUMN "
                           "signature; DROP TABLE audit_keys; DROP TABLE run_debug_steps; "
                           "ALTER TABLE runs DROP COLUMN kind; DROP TABLE run_interval_blocks; "
                           "ALTER TABLE run_intervals DROP COLUMN p95_us; "
                           "ALTER TABLE runs DROP COLUMN interval_blocks_built; PRAGMA user_version = 7;")));
        Result r = cli({QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("5 unsigned history")), qPrintable(r.out));
        QCOMPARE(sqliteValue(QStringLiteral("PRAGMA user_version")), QStringLiteral("10"));
        QCOMPARE(decide(QStringLiteral("approve"), QStringLiteral("bob")).exitCode, 0);
        r = cli({QStringLiteral("audit"), QStringLiteral("verify")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(
            r.out.contains(QStringLiteral("signatures: 1 signed (0 by a machine key), 5 unsigned history")),
            qPrintable(r.out));
        QVERIFY(appendForgedEntry(QStringLiteral("bob"), QStringLiteral("(unsigned history)"), QString()));
        r = cli({QStringLiteral("audit"), QStringLiteral("verify")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("entry 7 (approval.approve by bob")), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestGovernanceCli)
#include "tst_governancecli.moc"
