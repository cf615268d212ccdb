// The Approvals area in the real workbench window: users and keys made by the real `loadwright users
// add` (keys in a temporary LOADWRIGHT_KEY_DIR), the high-risk canary imported by eve; bob and carol
// approve in the GUI and the run gate lets it through; an edit makes the approvals stale and the diff
// shows what changed; self-approval and a missing key are refused with the reason shown.

#include "services/openworkspace.h"
#include "widgettestutil.h"
#include "designer/strategydocument.h"

#include "approvals/approvaldetail.h"
#include "approvals/approvalsarea.h"
#include "approvals/approvalstatuslabel.h"
#include "approvals/preferencesdialog.h"
#include "designer/revisiondiffview.h"
#include "designer/riskmatrixgrid.h"
#include "designer/riskmatrixview.h"
#include "designer/strategiesarea.h"
#include "governance/approvalgate.h"
#include "approvals/approvalsarea.h"
#include "approvals/approvalstatuslabel.h"
#include "audit/auditlog.h"
#include "approvals/preferencesdialog.h"
#include "approvals/usersdialog.h"
#include "shell/mainwindow.h"
#include "model/strategyjson.h"
#include "shell/actinguser.h"
#include "shell/mainwindow.h"
#include "shell/navigator.h"
#include "storage/workspace.h"

#include <QAction>
#include <QComboBox>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QSqlDatabase>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTreeWidget>

using namespace lw;
using namespace lw::ui;

namespace {
const QString kCanary = QStringLiteral("Payments API canary (v2.14)");
}

class TestApprovalsArea : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_ws;

    int cli(const QString &as, const QStringList &args, QString *out = nullptr)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral(LW_BINARY_DIR "/bin/loadwright"),
                args + QStringList{QStringLiteral("--workspace"), m_ws, QStringLiteral("--as"), as});
        if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit)
            return -1;
        const QString text = QString::fromUtf8(p.readAll());
        if (out)
            *out = text;
        if (p.exitCode() != 0)
            qWarning("loadwright %s: %s", qPrintable(args.join(QLatin1Char(' '))), qPrintable(text));
        return p.exitCode();
    }

    static QTreeWidgetItem *find(QTreeWidget *list, const QString &name)
    {
        for (int i = 0; i < list->topLevelItemCount(); ++i) {
            if (list->topLevelItem(i)->text(0) == name)
                return list->topLevelItem(i);
        }
        return nullptr;
    }

    static void actAs(ApprovalsArea *area, const QString &user)
    {
        setActingUser(user);
        area->reload();
    }

    static void approveInGui(ApprovalDetail *detail, const QString &comment)
    {
        detail->commentEdit()->setText(comment);
        QTest::mouseClick(detail->approveButton(), Qt::LeftButton);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
        qputenv("LOADWRIGHT_KEY_DIR", m_dir.filePath(QStringLiteral("keys")).toUtf8());
        m_ws = m_dir.filePath(QStringLiteral("ws.lwdb"));
        QCOMPARE(cli(QStringLiteral("alice"),
                     {QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("alice"),
                      QStringLiteral("--role"), QStringLiteral("admin")}),
                 0);
        for (const auto &[name, role] :
             {std::pair{"bob", "approver"}, {"carol", "approver"}, {"eve", "engineer"}})
            QCOMPARE(cli(QStringLiteral("alice"),
                         {QStringLiteral("users"), QStringLiteral("add"), QLatin1String(name),
                          QStringLiteral("--role"), QLatin1String(role)}),
                     0);
        QCOMPARE(cli(QStringLiteral("eve"),
                     {QStringLiteral("import"),
                      QStringLiteral(LW_SOURCE_DIR "/resources/strategies/canary-high-risk.json")}),
                 0);
        lw::test::applyWorkbenchTheme();
    }

    void approveEditAndRefuse()
    {
        QString error;
        auto opened = lw::openWorkspace(m_ws, &error);
        QVERIFY2(opened, qPrintable(error));
        Workspace *ws = opened.get();
        setActingUser(QStringLiteral("eve"));
        MainWindow window(std::move(opened));
        ApprovalsArea *area = window.approvalsArea();
        ApprovalDetail *detail = area->detail();
        const auto canary = ws->strategyByName(kCanary);
        QVERIFY(canary);

        // eve (engineer, the author) may not sign: the request waits for others.
        area->reload();
        QCOMPARE(area->mineList()->topLevelItemCount(), 0);
        QVERIFY(find(area->othersList(), kCanary));
        // The strategy editor's status bar says who still has to sign.
        auto *label = window.findChild<ApprovalStatusLabel *>(QStringLiteral("approvalLabel"));
        QVERIFY(label);
        QCOMPARE(label->summary().state, ApprovalSummary::State::Waiting);
        QVERIFY2(label->text().contains(QStringLiteral("0 of 2")), qPrintable(label->text()));
        QVERIFY2(label->text().contains(QStringLiteral("bob")) &&
                     label->text().contains(QStringLiteral("carol")),
                 qPrintable(label->text()));

        // bob: the canary waits for him; risks, limits, no earlier approved revision.
        actAs(area, QStringLiteral("bob"));
        QVERIFY2(area->actingUserLabel()->text().contains(QStringLiteral("can sign approvals")),
                 qPrintable(area->actingUserLabel()->text()));
        QTreeWidgetItem *item = find(area->mineList(), kCanary);
        QVERIFY(item);
        area->mineList()->setCurrentItem(item);
        QCOMPARE(detail->strategyId(), canary->id);
        const Strategy strategy = *parseStrategy(ws->latestRevision(canary->id)->json).strategy;
        QCOMPARE(detail->riskView()->listedRiskIds().size(), strategy.risks.size());
        QVERIFY(!strategy.risks.isEmpty());
        QCOMPARE(detail->limitsTable()->rowCount(), int(strategy.safetyLimits.size()));
        QCOMPARE(detail->limitsTable()->item(0, 0)->text(), strategy.safetyLimits.at(0).name);
        QVERIFY2(detail->diffView()->summaryText().contains(QStringLiteral("No earlier approved revision")),
                 qPrintable(detail->diffView()->summaryText()));
        QVERIFY2(detail->statusLabel()->text().contains(QStringLiteral("0 of 2 approvals")),
                 qPrintable(detail->statusLabel()->text()));
        window.navigator()->setCurrentArea(1);
        lw::test::screenshot(&window, QStringLiteral("approvals-waiting"), QSize(1400, 860));
        detail->tabs()->setCurrentIndex(1);
        lw::test::screenshot(&window, QStringLiteral("approvals-limits"), QSize(1400, 860));
        detail->tabs()->setCurrentIndex(0);

        approveInGui(detail, QStringLiteral("limits look right"));
        QVERIFY2(detail->resultLabel()->text().contains(QStringLiteral("bob approved")),
                 qPrintable(detail->resultLabel()->text()));
        QVERIFY2(detail->statusLabel()->text().contains(QStringLiteral("1 of 2 approvals")),
                 qPrintable(detail->statusLabel()->text()));
        QVERIFY(!find(area->mineList(), kCanary)); // bob has signed: now it waits for others
        QVERIFY(find(area->othersList(), kCanary));
        QVERIFY2(label->text().contains(QStringLiteral("1 of 2")), qPrintable(label->text()));
        // Having signed, bob may revoke (and sign again).
        QVERIFY(detail->revokeButton()->isVisibleTo(detail) && !detail->approveButton()->isVisibleTo(detail));
        QTest::mouseClick(detail->revokeButton(), Qt::LeftButton);
        QVERIFY2(detail->resultLabel()->text().contains(QStringLiteral("bob revoked")),
                 qPrintable(detail->resultLabel()->text()));
        QVERIFY(find(area->mineList(), kCanary));
        QVERIFY(detail->approveButton()->isVisibleTo(detail));
        approveInGui(detail, QStringLiteral("limits look right"));
        QVERIFY2(detail->statusLabel()->text().contains(QStringLiteral("1 of 2 approvals")),
                 qPrintable(detail->statusLabel()->text()));

        // carol approves too: the run gate allows the run.
        actAs(area, QStringLiteral("carol"));
        QVERIFY(area->selectRequest(canary->id));
        approveInGui(detail, QString());
        QVERIFY2(detail->resultLabel()->text().contains(QStringLiteral("carol approved")),
                 qPrintable(detail->resultLabel()->text()));
        QVERIFY(!find(area->mineList(), kCanary) && !find(area->othersList(), kCanary));
        const auto rev1 = ws->latestRevision(canary->id);
        const GateDecision gate = governance::precomputedApprovalGate(*ws, canary->id, rev1->revision)(
            strategy, canary->id, rev1->revision, rev1->hash, QStringLiteral("eve"));
        QVERIFY2(gate.allowed, qPrintable(gate.reason));
        QCOMPARE(label->summary().state, ApprovalSummary::State::Allowed);
        QVERIFY2(label->text().contains(QStringLiteral("Approved 2 of 2")), qPrintable(label->text()));

        // bob edits it (a new revision by bob): the approvals are stale, the diff shows the changes.
        Strategy edited = strategy;
        edited.description += QStringLiteral(" Raised the error limit.");
        edited.safetyLimits[0].threshold += 1;
        QVERIFY(
            ws->saveStrategy(canary->id, edited, QStringLiteral("bob"), QStringLiteral("looser"), &error));
        actAs(area, QStringLiteral("bob"));
        QVERIFY(area->selectRequest(canary->id));
        QCOMPARE(detail->revision(), 2);
        QVERIFY(find(area->othersList(), kCanary)); // bob is its author now
        QStringList paths;
        for (const FieldChange &c : detail->diffView()->changes())
            paths << c.path;
        QVERIFY2(paths.contains(QStringLiteral("description")), qPrintable(paths.join(QLatin1Char(' '))));
        QVERIFY2(paths.contains(QStringLiteral("safety_limits[0].threshold")),
                 qPrintable(paths.join(QLatin1Char(' '))));
        QCOMPARE(detail->tabs()->tabText(2), QStringLiteral("Changes since revision 1 (approved)"));
        // History: both approvals of revision 1 are stale now.
        QTableWidget *history = detail->historyTable();
        QCOMPARE(history->rowCount(), 4); // bob approve, revoke, approve; carol approve
        for (int row = 0; row < 4; ++row)
            QCOMPARE(history->item(row, 4)->text(), QStringLiteral("stale"));
        detail->tabs()->setCurrentIndex(2);
        lw::test::screenshot(&window, QStringLiteral("approvals-diff"), QSize(1400, 860));
        detail->tabs()->setCurrentIndex(3);
        lw::test::screenshot(&window, QStringLiteral("approvals-history"), QSize(1400, 860));

        // Self-approval is refused, and the message says so.
        approveInGui(detail, QStringLiteral("my own"));
        QVERIFY2(detail->resultLabel()->text().contains(QStringLiteral("Not recorded")) &&
                     detail->resultLabel()->text().contains(QStringLiteral("is the author of")),
                 qPrintable(detail->resultLabel()->text()));
        QCOMPARE(detail->historyTable()->rowCount(), 4); // nothing was written

        // carol without her private key on this machine: refused, naming the key.
        QVERIFY(QFile::remove(m_dir.filePath(QStringLiteral("keys/carol.key"))));
        actAs(area, QStringLiteral("carol"));
        QVERIFY2(area->actingUserLabel()->text().contains(QStringLiteral("cannot sign")),
                 qPrintable(area->actingUserLabel()->text()));
        QVERIFY(area->selectRequest(canary->id));
        QTest::mouseClick(detail->rejectButton(), Qt::LeftButton);
        QVERIFY2(detail->resultLabel()->text().contains(QStringLiteral("Not recorded")) &&
                     detail->resultLabel()->text().contains(QStringLiteral("carol")),
                 qPrintable(detail->resultLabel()->text()));

        // eve (engineer) cannot decide either.
        actAs(area, QStringLiteral("eve"));
        QVERIFY(area->selectRequest(canary->id));
        approveInGui(detail, QString());
        QVERIFY2(detail->resultLabel()->text().contains(QStringLiteral("only approvers and admins")),
                 qPrintable(detail->resultLabel()->text()));

        // Edit > Preferences changes who acts, in the Approvals area too.
        QAction *prefs = window.action(QStringLiteral("actionPreferences"));
        QVERIFY(prefs);
        prefs->trigger();
        auto *dialog = window.findChild<PreferencesDialog *>();
        QVERIFY(dialog && dialog->isVisible());
        dialog->userCombo()->setCurrentIndex(dialog->userCombo()->findData(QStringLiteral("alice")));
        dialog->accept();
        QCOMPARE(actingUser(), QStringLiteral("alice"));
        QVERIFY2(area->actingUserLabel()->text().contains(QStringLiteral("<b>alice</b>")),
                 qPrintable(area->actingUserLabel()->text()));
        QVERIFY(find(area->mineList(), kCanary)); // alice (admin) may sign bob's revision

        // Unsaved edits in the editor: "edits need a new approval".
        QVERIFY(window.strategiesArea()->openStrategy(canary->id));
        label->showStrategy(canary->id, 2, true);
        QCOMPARE(label->summary().state, ApprovalSummary::State::Unsaved);
        QVERIFY2(label->text().contains(QStringLiteral("Edits need a new approval")),
                 qPrintable(label->text()));
        // Edits that keep a strategy below sign-off say so; raising its safety level needs sign-off.
        Strategy belowSignOff = window.strategiesArea()->document()->strategy();
        belowSignOff.safetyLevel = SafetyLevel::Low;
        belowSignOff.risks.clear();
        label->showStrategy(canary->id, 2, true, &belowSignOff);
        QCOMPARE(label->summary().state, ApprovalSummary::State::NoSignOff);
        QVERIFY2(!label->text().contains(QStringLiteral("Edits need")), qPrintable(label->text()));
        belowSignOff.safetyLevel = SafetyLevel::High;
        label->showStrategy(canary->id, 2, true, &belowSignOff);
        QCOMPARE(label->summary().state, ApprovalSummary::State::Unsaved);
    }

    // One evaluation of approval state for every view, refreshed on change: an approval recorded by
    // another program shows in the Approvals area and the status bar without anyone pressing Refresh.
    // Request approval notifies who can sign (and is audited); Users lets an admin add a user.
    void approvalStateFollowsTheFileAndRequestsAndUsers()
    {
        QFile sample(QStringLiteral(LW_SOURCE_DIR "/resources/strategies/canary-high-risk.json"));
        QVERIFY(sample.open(QIODevice::ReadOnly));
        QJsonObject doc = QJsonDocument::fromJson(sample.readAll()).object();
        const QString name = QStringLiteral("Watched canary");
        doc.insert(QStringLiteral("name"), name);
        const QString file = m_dir.filePath(QStringLiteral("watched.json"));
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QJsonDocument(doc).toJson());
        out.close();
        QCOMPARE(cli(QStringLiteral("eve"), {QStringLiteral("import"), file}), 0);

        QString error;
        auto opened = lw::openWorkspace(m_ws, &error);
        QVERIFY2(opened, qPrintable(error));
        Workspace *ws = opened.get();
        setActingUser(QStringLiteral("eve"));
        MainWindow window(std::move(opened));
        const auto watched = ws->strategyByName(name);
        QVERIFY(watched);
        QVERIFY(window.strategiesArea()->openStrategy(watched->id));
        auto *label = window.findChild<ApprovalStatusLabel *>(QStringLiteral("approvalLabel"));
        QVERIFY(label);
        QVERIFY2(label->text().contains(QStringLiteral("0 of 2")), qPrintable(label->text()));
        ApprovalsArea *area = window.approvalsArea();
        QVERIFY(find(area->othersList(), name));
        QCOMPARE(find(area->othersList(), name)->text(3), QStringLiteral("0/2"));

        // bob approves from the command line: both views follow the file.
        QCOMPARE(cli(QStringLiteral("bob"), {QStringLiteral("approve"), name, QStringLiteral("--comment"),
                                             QStringLiteral("limits fine")}),
                 0);
        QTRY_VERIFY_WITH_TIMEOUT(label->text().contains(QStringLiteral("1 of 2")), 10000);
        QVERIFY(find(area->othersList(), name));
        QCOMPARE(find(area->othersList(), name)->text(3), QStringLiteral("1/2"));
        QVERIFY2(label->text().contains(QStringLiteral("carol")), qPrintable(label->text()));

        // Request approval: who can sign is named, and the request is on the audit trail.
        QVERIFY(area->selectRequest(watched->id));
        ApprovalDetail *detail = area->detail();
        QVERIFY(!detail->requestButton()->isHidden());
        QTest::mouseClick(detail->requestButton(), Qt::LeftButton);
        QVERIFY2(detail->resultLabel()->text().contains(QStringLiteral("can sign"), Qt::CaseInsensitive) &&
                     detail->resultLabel()->text().contains(QStringLiteral("carol")),
                 qPrintable(detail->resultLabel()->text()));
        const QList<audit::AuditEntry> audit =
            audit::auditEntries(QSqlDatabase::database(ws->connectionName(), false), &error);
        QVERIFY(!audit.isEmpty());
        QCOMPARE(audit.constLast().action, QStringLiteral("approval.request"));
        QCOMPARE(audit.constLast().actor, QStringLiteral("eve"));
        QCOMPARE(audit.constLast().subject, name);

        // Who may run it outside its testing windows: an admin, or an approver of the strategy.
        const auto override = governance::windowOverrideGate(*ws, watched->id, watched->latestRevision);
        QCOMPARE(override(QStringLiteral("alice")).reason, QStringLiteral("admin"));
        QVERIFY(override(QStringLiteral("alice")).allowed);
        QVERIFY(override(QStringLiteral("bob")).allowed);
        QCOMPARE(override(QStringLiteral("bob")).reason, QStringLiteral("approver"));
        QVERIFY(!override(QStringLiteral("eve")).allowed);
        QVERIFY2(override(QStringLiteral("eve")).reason.contains(QStringLiteral("eve is engineer")),
                 qPrintable(override(QStringLiteral("eve")).reason));
        QVERIFY(!override(QStringLiteral("mallory")).allowed);

        // Users: an engineer may only look; an admin adds a user with a role and a key.
        UsersDialog *users = area->manageUsers();
        QVERIFY(users);
        QVERIFY(!users->addButton()->isEnabled());
        QVERIFY(users->table()->rowCount() >= 4);
        users->close();
        setActingUser(QStringLiteral("alice"));
        users = area->manageUsers();
        QVERIFY(users->addButton()->isEnabled());
        users->nameEdit()->setText(QStringLiteral("frank"));
        users->roleCombo()->setCurrentIndex(users->roleCombo()->findData(QStringLiteral("approver")));
        lw::test::screenshot(users, QStringLiteral("users-dialog"));
        QVERIFY2(users->addUser(), qPrintable(users->resultLabel()->text()));
        QVERIFY(QFileInfo::exists(m_dir.filePath(QStringLiteral("keys/frank.key"))));
        QString listed;
        QCOMPARE(cli(QStringLiteral("alice"), {QStringLiteral("users")}, &listed), 0);
        QVERIFY2(listed.contains(QStringLiteral("frank")) && listed.contains(QStringLiteral("approver")),
                 qPrintable(listed));
        users->close();
    }

    void preferencesListUsersAndKeys()
    {
        QString error;
        auto ws = lw::openWorkspace(m_ws, &error);
        QVERIFY2(ws, qPrintable(error));
        setActingUser(QStringLiteral("bob"));
        PreferencesDialog dialog(*ws);
        QComboBox *combo = dialog.userCombo();
        for (const QString &name :
             {QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("carol"), QStringLiteral("eve")})
            QVERIFY2(combo->findData(name) >= 0, qPrintable(name));
        QCOMPARE(dialog.chosenUser(), QStringLiteral("bob"));
        QVERIFY(PreferencesDialog::describeUser(*ws, QStringLiteral("bob"))
                    .contains(QStringLiteral("private key present")));
        QVERIFY(PreferencesDialog::describeUser(*ws, QStringLiteral("eve"))
                    .contains(QStringLiteral("cannot sign")));
        QVERIFY(PreferencesDialog::describeUser(*ws, QStringLiteral("mallory"))
                    .contains(QStringLiteral("not a registered user")));
        combo->setCurrentIndex(combo->findData(QStringLiteral("alice")));
        lw::test::screenshot(&dialog, QStringLiteral("preferences"));
        dialog.accept();
        QCOMPARE(actingUser(), QStringLiteral("alice"));
    }
};

QTEST_MAIN(TestApprovalsArea)
#include "tst_approvalsarea.moc"
