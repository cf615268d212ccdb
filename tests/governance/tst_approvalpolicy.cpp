// The approval policy (evaluateApprovals) row by row, on a real workspace with real Ed25519 keys:
// quorum by level, the admin requirement at critical level, self-approval, expiry, stale approvals of
// an earlier revision, rejections and revocations.

#include "audit/users.h"
#include "governance/approvals.h"
#include "governance/policy.h"
#include "model/strategytemplates.h"
#include "services/openworkspace.h"
#include "storage/workspace.h"

#include <QTemporaryDir>
#include <QTest>

using namespace lw;
using namespace lw::governance;
using namespace lw::audit;

namespace {

// Decisions are made on 2026-03-02; approvals last the default 7 days.
constexpr auto kDecidedAt = "2026-03-02T10:00:00Z";

class ScopedNow
{
public:
    explicit ScopedNow(const QByteArray &iso) { qputenv("LOADWRIGHT_NOW", iso); }
    ~ScopedNow() { qunsetenv("LOADWRIGHT_NOW"); }
};

} // namespace

class TestApprovalPolicy : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void evaluate_data();
    void evaluate();
    void requirementByLevel_data();
    void requirementByLevel();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Workspace> m_ws;
};

void TestApprovalPolicy::initTestCase()
{
    QVERIFY(m_dir.isValid());
    qputenv("LOADWRIGHT_KEY_DIR", m_dir.filePath(QStringLiteral("keys")).toUtf8());
    QString error;
    m_ws = openWorkspace(m_dir.filePath(QStringLiteral("policy.lwdb")), &error);
    QVERIFY2(m_ws, qPrintable(error));
    // alice is the first admin; erin a second admin; bob and carol approvers; dave an engineer.
    const QList<QPair<QString, Role>> people = {{QStringLiteral("alice"), Role::Admin},
                                                {QStringLiteral("erin"), Role::Admin},
                                                {QStringLiteral("bob"), Role::Approver},
                                                {QStringLiteral("carol"), Role::Approver},
                                                {QStringLiteral("dave"), Role::Engineer}};
    for (const auto &[name, role] : people) {
        const AddUserResult added = addUser(*m_ws, name, role, QStringLiteral("alice"));
        QVERIFY2(added.ok, qPrintable(added.message));
    }
}

// steps: "USER approve|reject|revoke" on the latest revision, "USER approve r1" on revision 1 (the
// strategy then has two revisions), or "edit" (a new revision saved by the author).
void TestApprovalPolicy::evaluate_data()
{
    QTest::addColumn<QString>("level");
    QTest::addColumn<QString>("author");
    QTest::addColumn<QStringList>("steps");
    QTest::addColumn<QString>("evaluatedAt");
    QTest::addColumn<bool>("allowed");
    QTest::addColumn<QStringList>("approvers");
    QTest::addColumn<QString>("reasonContains");

    const QString soon = QStringLiteral("2026-03-03T10:00:00Z");
    QTest::newRow("low needs nobody")
        << QStringLiteral("low") << QStringLiteral("dave") << QStringList() << soon << true << QStringList()
        << QStringLiteral("no sign-off required (level low)");
    QTest::newRow("medium without approval")
        << QStringLiteral("medium") << QStringLiteral("dave") << QStringList() << soon << false
        << QStringList() << QStringLiteral("needs 1 approval (level medium), has 0 valid");
    QTest::newRow("medium with one") << QStringLiteral("medium") << QStringLiteral("dave")
                                     << QStringList{QStringLiteral("bob approve")} << soon << true
                                     << QStringList{QStringLiteral("bob")}
                                     << QStringLiteral("1 valid approval (bob) of revision 1");
    QTest::newRow("high with one of two")
        << QStringLiteral("high") << QStringLiteral("dave") << QStringList{QStringLiteral("bob approve")}
        << soon << false << QStringList{QStringLiteral("bob")}
        << QStringLiteral("needs 2 approvals (level high), has 1 valid (bob)");
    QTest::newRow("high with two") << QStringLiteral("high") << QStringLiteral("dave")
                                   << QStringList{QStringLiteral("bob approve"),
                                                  QStringLiteral("carol approve")}
                                   << soon << true
                                   << QStringList{QStringLiteral("bob"), QStringLiteral("carol")}
                                   << QStringLiteral("2 valid approvals");
    QTest::newRow("critical without an admin")
        << QStringLiteral("critical") << QStringLiteral("dave")
        << QStringList{QStringLiteral("bob approve"), QStringLiteral("carol approve")} << soon << false
        << QStringList{QStringLiteral("bob"), QStringLiteral("carol")}
        << QStringLiteral("but none by an admin");
    QTest::newRow("critical with an admin")
        << QStringLiteral("critical") << QStringLiteral("dave")
        << QStringList{QStringLiteral("bob approve"), QStringLiteral("erin approve")} << soon << true
        << QStringList{QStringLiteral("bob"), QStringLiteral("erin")} << QStringLiteral("2 valid approvals");
    QTest::newRow("author cannot approve their own revision")
        << QStringLiteral("medium") << QStringLiteral("bob") << QStringList{QStringLiteral("bob approve")}
        << soon << false << QStringList() << QStringLiteral("has 0 valid");
    QTest::newRow("expired approval")
        << QStringLiteral("medium") << QStringLiteral("dave") << QStringList{QStringLiteral("bob approve")}
        << QStringLiteral("2026-03-10T10:00:00Z") << false << QStringList()
        << QStringLiteral("bob's approval expired on");
    QTest::newRow("approval still valid the day before expiry")
        << QStringLiteral("medium") << QStringLiteral("dave") << QStringList{QStringLiteral("bob approve")}
        << QStringLiteral("2026-03-09T09:59:00Z") << true << QStringList{QStringLiteral("bob")}
        << QStringLiteral("1 valid approval");
    QTest::newRow("edit makes the approval stale")
        << QStringLiteral("medium") << QStringLiteral("dave")
        << QStringList{QStringLiteral("bob approve"), QStringLiteral("edit")} << soon << false
        << QStringList() << QStringLiteral("1 approval of earlier revisions is stale");
    QTest::newRow("rejection blocks")
        << QStringLiteral("high") << QStringLiteral("dave")
        << QStringList{QStringLiteral("bob approve"), QStringLiteral("carol approve"),
                       QStringLiteral("erin reject")}
        << soon << false << QStringList{QStringLiteral("bob"), QStringLiteral("carol")}
        << QStringLiteral("was rejected by erin");
    QTest::newRow("approving again lifts one's own rejection")
        << QStringLiteral("medium") << QStringLiteral("dave")
        << QStringList{QStringLiteral("bob reject"), QStringLiteral("bob approve")} << soon << true
        << QStringList{QStringLiteral("bob")} << QStringLiteral("1 valid approval");
    QTest::newRow("revoked approval does not count")
        << QStringLiteral("medium") << QStringLiteral("dave")
        << QStringList{QStringLiteral("bob approve"), QStringLiteral("bob revoke")} << soon << false
        << QStringList() << QStringLiteral("bob revoked their approval");
    QTest::newRow("an engineer's decision is refused, not counted")
        << QStringLiteral("medium") << QStringLiteral("carol") << QStringList{QStringLiteral("dave approve!")}
        << soon << false << QStringList() << QStringLiteral("has 0 valid");
}

void TestApprovalPolicy::evaluate()
{
    QFETCH(QString, level);
    QFETCH(QString, author);
    QFETCH(QStringList, steps);
    QFETCH(QString, evaluatedAt);
    QFETCH(bool, allowed);
    QFETCH(QStringList, approvers);
    QFETCH(QString, reasonContains);

    Strategy s = strategyTemplate(StrategyType::Load);
    s.name = QString::fromUtf8(QTest::currentDataTag());
    s.safetyLevel = fromString<SafetyLevel>(level).value();
    s.risks.clear(); // the level alone decides
    QString error;
    std::optional<StrategyRevision> rev;
    {
        const ScopedNow at(kDecidedAt);
        rev = m_ws->saveStrategy(0, s, author, QStringLiteral("first"), &error);
        QVERIFY2(rev, qPrintable(error));
        for (const QString &step : steps) {
            if (step == QLatin1String("edit")) {
                s.description = QStringLiteral("edited");
                rev = m_ws->saveStrategy(rev->strategyId, s, author, QStringLiteral("edit"), &error);
                QVERIFY2(rev, qPrintable(error));
                continue;
            }
            QString text = step;
            const bool mustBeRefused = text.endsWith(QLatin1Char('!'));
            text.remove(QLatin1Char('!'));
            const QStringList parts = text.split(QLatin1Char(' '));
            const Decision decision = parts.at(1) == QLatin1String("approve")  ? Decision::Approve
                                      : parts.at(1) == QLatin1String("reject") ? Decision::Reject
                                                                               : Decision::Revoke;
            const DecisionResult r =
                recordDecision(*m_ws, rev->strategyId, rev->revision, decision, parts.at(0), QString());
            if (mustBeRefused) {
                QCOMPARE(r.exitCode, 4);
                continue;
            }
            // The author's own approval is refused at the door as well as ignored by the policy.
            if (parts.at(0) == author && decision != Decision::Revoke) {
                QCOMPARE(r.exitCode, 4);
                QVERIFY2(r.message.contains(QLatin1String("is the author")), qPrintable(r.message));
                continue;
            }
            QVERIFY2(r.exitCode == 0, qPrintable(r.message));
        }
    }
    const ApprovalStatus status = evaluateApprovals(*m_ws, s, rev->strategyId, rev->revision, rev->hash,
                                                    QDateTime::fromString(evaluatedAt, Qt::ISODate));
    QVERIFY2(status.reason.contains(reasonContains), qPrintable(status.reason));
    QCOMPARE(status.allowed, allowed);
    QStringList got = status.approvers;
    got.sort();
    QCOMPARE(got, approvers);
    // Who could still sign never lists the author or someone who already signed.
    QVERIFY(!status.stillToSign.contains(author));
    for (const QString &a : std::as_const(status.approvers))
        QVERIFY(!status.stillToSign.contains(a));
}

void TestApprovalPolicy::requirementByLevel_data()
{
    QTest::addColumn<QString>("level");
    QTest::addColumn<int>("approvals");
    QTest::addColumn<bool>("admin");
    QTest::newRow("low") << QStringLiteral("low") << 0 << false;
    QTest::newRow("medium") << QStringLiteral("medium") << 1 << false;
    QTest::newRow("high") << QStringLiteral("high") << 2 << false;
    QTest::newRow("critical") << QStringLiteral("critical") << 2 << true;
}

void TestApprovalPolicy::requirementByLevel()
{
    QFETCH(QString, level);
    QFETCH(int, approvals);
    QFETCH(bool, admin);
    Strategy s = strategyTemplate(StrategyType::Load);
    s.safetyLevel = fromString<SafetyLevel>(level).value();
    s.risks.clear();
    const PolicyRequirement need = requirementFor(ApprovalPolicy(), s);
    QCOMPARE(need.approvals, approvals);
    QCOMPARE(need.adminRequired, admin);
}

QTEST_GUILESS_MAIN(TestApprovalPolicy)
#include "tst_approvalpolicy.moc"
