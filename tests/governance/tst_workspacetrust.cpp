// Trust on first use of a workspace file, on real workspaces with real Ed25519 keys: the first open
// remembers the workspace's identity and its first admin's key; a file replaced by another
// workspace (a copy signed from its first admin onward by someone else's keys) verifies by itself,
// but its approvals do not count until the user trusts the new fingerprint, through the API, the
// real `loadwright users --fingerprints / --trust` and the workbench's prompt.

#include "audit/users.h"
#include "governance/approvals.h"
#include "governance/workspacetrust.h"
#include "model/strategytemplates.h"
#include "services/openworkspace.h"
#include "shell/mainwindow.h"
#include "storage/workspace.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace lw;
using namespace lw::governance;

namespace {

struct Made
{
    qint64 strategyId = 0;
    int revision = 0;
    QString hash;
    Strategy strategy;
};

// A workspace at path with admin (first user) and approver, and one medium-risk strategy by dave
// that approver signed: its run is allowed.
Made makeApprovedWorkspace(const QString &path, const QString &admin, const QString &approver)
{
    Made m;
    QString error;
    auto ws = openWorkspace(path, &error);
    if (!ws)
        return m;
    audit::addUser(*ws, admin, audit::Role::Admin, admin);
    audit::addUser(*ws, approver, audit::Role::Approver, admin);
    audit::addUser(*ws, QStringLiteral("dave"), audit::Role::Engineer, admin);
    // Opened again after its users exist (as its admin would): the first admin is remembered.
    checkWorkspaceTrust(*ws);
    m.strategy = strategyTemplate(StrategyType::Load);
    m.strategy.name = QStringLiteral("checkout");
    m.strategy.safetyLevel = SafetyLevel::Medium;
    m.strategy.risks.clear();
    const auto rev = ws->saveStrategy(0, m.strategy, QStringLiteral("dave"), QStringLiteral("first"), &error);
    if (!rev)
        return m;
    recordDecision(*ws, rev->strategyId, rev->revision, Decision::Approve, approver, QString());
    m.strategyId = rev->strategyId;
    m.revision = rev->revision;
    m.hash = rev->hash;
    return m;
}

ApprovalStatus evaluate(const QString &path, const Made &m)
{
    QString error;
    auto ws = openWorkspace(path, &error);
    if (!ws)
        return ApprovalStatus{false, error, 0, false, {}, {}};
    return evaluateApprovals(*ws, m.strategy, m.strategyId, m.revision, m.hash,
                             QDateTime::currentDateTimeUtc());
}

QString fingerprintOf(const QString &path, const QString &user)
{
    QString error;
    auto ws = Workspace::open(path, Workspace::OpenOptions(), &error);
    if (!ws)
        return {};
    const auto u = audit::findUser(audit::users(*ws, &error), user);
    return u ? keyFingerprint(u->publicKey) : QString();
}

// Replaces the file at `target` by the workspace at `source` (no open connection to either).
bool replaceFile(const QString &source, const QString &target)
{
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(target + suffix);
    return QFile::copy(source, target);
}

int runCli(const QStringList &args, QString *out)
{
    QProcess p;
    p.start(QStringLiteral(LW_LOADWRIGHT_BINARY), args);
    if (!p.waitForFinished(60000))
        return -1;
    *out = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
    return p.exitCode();
}

} // namespace

class TestWorkspaceTrust : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        QVERIFY(m_dir.isValid());
        // A fresh folder per test function: keys and remembered identities start empty.
        m_root = m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction()));
        QDir().mkpath(m_root);
        qputenv("LOADWRIGHT_KEY_DIR", (m_root + QStringLiteral("/keys")).toUtf8());
        qputenv("LOADWRIGHT_TRUST_FILE", (m_root + QStringLiteral("/trusted.json")).toUtf8());
    }

    void firstOpenRemembersIdentityAndFirstAdmin()
    {
        const QString path = m_root + QStringLiteral("/team.lwdb");
        QString error;
        {
            auto ws = openWorkspace(path, &error);
            QVERIFY2(ws, qPrintable(error));
            // Before any user: the identity alone.
            const WorkspaceTrust t = checkWorkspaceTrust(*ws);
            QCOMPARE(t.status, WorkspaceTrust::Status::Trusted); // remembered by the open itself
            QVERIFY(t.remembered.fingerprint.isEmpty());
            QVERIFY(
                audit::addUser(*ws, QStringLiteral("alice"), audit::Role::Admin, QStringLiteral("alice")).ok);
        }
        auto ws = openWorkspace(path, &error);
        QVERIFY2(ws, qPrintable(error));
        const WorkspaceTrust t = checkWorkspaceTrust(*ws);
        QCOMPARE(t.status, WorkspaceTrust::Status::Trusted);
        QCOMPARE(t.remembered.firstAdmin, QStringLiteral("alice"));
        QCOMPARE(t.remembered.fingerprint, fingerprintOf(path, QStringLiteral("alice")));
        QVERIFY(t.remembered.fingerprint.startsWith(QLatin1String("SHA256:")));
        QCOMPARE(t.remembered.fingerprint.size(), 7 + 43); // unpadded base64 of 32 bytes
        // Stored in the user's file, keyed by the workspace file.
        QFile f(trustFilePath());
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject all =
            QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("workspaces")).toObject();
        QCOMPARE(all.size(), 1);
        QCOMPARE(all.begin().value().toObject().value(QStringLiteral("first_admin")).toString(),
                 QStringLiteral("alice"));
        // A later admin does not change the pinned first admin.
        QVERIFY(audit::addUser(*ws, QStringLiteral("erin"), audit::Role::Admin, QStringLiteral("alice")).ok);
        QCOMPARE(checkWorkspaceTrust(*ws).status, WorkspaceTrust::Status::Trusted);
    }

    void replacedWorkspaceHasNoValidApprovalsUntilTrusted()
    {
        const QString path = m_root + QStringLiteral("/team.lwdb");
        const QString forged = m_root + QStringLiteral("/forged.lwdb");
        const Made real = makeApprovedWorkspace(path, QStringLiteral("alice"), QStringLiteral("bob"));
        QVERIFY(real.strategyId > 0);
        QVERIFY2(evaluate(path, real).allowed, qPrintable(evaluate(path, real).reason));
        // Someone builds their own workspace, signed by their own keys from the first admin on, with
        // the same strategy approved, and puts it in place of the real file.
        const Made fake = makeApprovedWorkspace(forged, QStringLiteral("mallory"), QStringLiteral("trent"));
        QVERIFY(fake.strategyId > 0);
        QVERIFY(replaceFile(forged, path));
        const QString newFingerprint = fingerprintOf(path, QStringLiteral("mallory"));
        const ApprovalStatus refused = evaluate(path, fake);
        QVERIFY(!refused.allowed);
        QVERIFY2(refused.reason.contains(QLatin1String("not the one you first opened")),
                 qPrintable(refused.reason));
        QVERIFY(refused.reason.contains(QLatin1String("first admin alice")));
        QVERIFY(refused.reason.contains(QLatin1String("first admin mallory")));
        QVERIFY(refused.reason.contains(newFingerprint));
        QVERIFY(refused.approvers.isEmpty());
        // Confirming a fingerprint other than the one shown changes nothing.
        {
            QString error;
            auto ws = openWorkspace(path, &error);
            QVERIFY(!trustWorkspace(*ws, fingerprintOf(path, QStringLiteral("trent")), &error));
            QVERIFY2(error.contains(QLatin1String("nothing changed")), qPrintable(error));
        }
        QVERIFY(!evaluate(path, fake).allowed);
        // The user checked the new fingerprint with the admin and trusts it.
        {
            QString error;
            auto ws = openWorkspace(path, &error);
            QVERIFY2(trustWorkspace(*ws, newFingerprint, &error), qPrintable(error));
        }
        const ApprovalStatus allowed = evaluate(path, fake);
        QVERIFY2(allowed.allowed, qPrintable(allowed.reason));
        QCOMPARE(allowed.approvers, QStringList{QStringLiteral("trent")});
    }

    void commandLineShowsAndConfirmsFingerprints()
    {
        const QString path = m_root + QStringLiteral("/team.lwdb");
        const QString forged = m_root + QStringLiteral("/forged.lwdb");
        QVERIFY(makeApprovedWorkspace(path, QStringLiteral("alice"), QStringLiteral("bob")).strategyId > 0);
        QString out;
        QCOMPARE(runCli({QStringLiteral("users"), QStringLiteral("--fingerprints"),
                         QStringLiteral("--workspace"), path},
                        &out),
                 0);
        QVERIFY2(out.contains(fingerprintOf(path, QStringLiteral("alice"))), qPrintable(out));
        QVERIFY(!out.contains(QLatin1String("CHANGED")));
        QVERIFY(makeApprovedWorkspace(forged, QStringLiteral("mallory"), QStringLiteral("trent")).strategyId >
                0);
        QVERIFY(replaceFile(forged, path));
        const QString fp = fingerprintOf(path, QStringLiteral("mallory"));
        QCOMPARE(runCli({QStringLiteral("users"), QStringLiteral("--fingerprints"),
                         QStringLiteral("--workspace"), path},
                        &out),
                 4);
        QVERIFY2(out.contains(QLatin1String("CHANGED")) && out.contains(fp) &&
                     out.contains(fingerprintOf(forged, QStringLiteral("mallory"))),
                 qPrintable(out));
        // The approve/run path says why: the gate refuses with the same message.
        QCOMPARE(runCli({QStringLiteral("users"), QStringLiteral("--trust"), QStringLiteral("SHA256:wrong"),
                         QStringLiteral("--workspace"), path},
                        &out),
                 4);
        QVERIFY2(out.contains(QLatin1String("nothing changed")), qPrintable(out));
        QCOMPARE(runCli({QStringLiteral("users"), QStringLiteral("--trust"), fp,
                         QStringLiteral("--workspace"), path},
                        &out),
                 0);
        QVERIFY2(out.contains(QLatin1String("trusted workspace")), qPrintable(out));
        QCOMPARE(runCli({QStringLiteral("users"), QStringLiteral("--fingerprints"),
                         QStringLiteral("--workspace"), path},
                        &out),
                 0);
        QCOMPARE(runCli({QStringLiteral("users"), QStringLiteral("--fingerprints"), QStringLiteral("--trust"),
                         fp, QStringLiteral("--workspace"), path},
                        &out),
                 2);
    }

    void workbenchAsksOnOpen()
    {
        const QString path = m_root + QStringLiteral("/team.lwdb");
        const QString forged = m_root + QStringLiteral("/forged.lwdb");
        QVERIFY(makeApprovedWorkspace(path, QStringLiteral("alice"), QStringLiteral("bob")).strategyId > 0);
        const Made fake = makeApprovedWorkspace(forged, QStringLiteral("mallory"), QStringLiteral("trent"));
        QVERIFY(replaceFile(forged, path));
        QString error;
        auto ws = openWorkspace(path, &error);
        QVERIFY2(ws, qPrintable(error));
        ui::MainWindow window(std::move(ws));
        QString asked;
        // Declined: nothing is trusted and approvals stay invalid.
        QVERIFY(!window.confirmWorkspaceIdentity([&](const QString &m) {
            asked = m;
            return false;
        }));
        QVERIFY2(asked.contains(QLatin1String("alice")) && asked.contains(QLatin1String("mallory")) &&
                     asked.contains(fingerprintOf(path, QStringLiteral("mallory"))),
                 qPrintable(asked));
        QVERIFY(!evaluate(path, fake).allowed);
        // Accepted: the approvals count again, and nothing is asked the next time.
        QVERIFY(window.confirmWorkspaceIdentity([](const QString &) { return true; }));
        QVERIFY(evaluate(path, fake).allowed);
        bool askedAgain = false;
        QVERIFY(window.confirmWorkspaceIdentity([&](const QString &) { return askedAgain = true; }));
        QVERIFY(!askedAgain);
    }

private:
    QTemporaryDir m_dir;
    QString m_root;
};

QTEST_MAIN(TestWorkspaceTrust)
#include "tst_workspacetrust.moc"
