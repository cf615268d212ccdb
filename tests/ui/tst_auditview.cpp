// The Audit area on a real workspace: entries written by the real CLI (users, import) and by the
// workspace (a settings change audited with the acting user), the filters, the export whose head
// hash `loadwright audit verify --head` accepts, and an entry edited through a second SQLite
// connection shown as the broken link of the chain.

#include "services/openworkspace.h"
#include "widgettestutil.h"

#include "approvals/auditarea.h"
#include "approvals/auditlogmodel.h"
#include "storage/workspace.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>

using namespace lw;
using namespace lw::ui;

class TestAuditView : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_ws;

    int cli(const QStringList &args, QString *out = nullptr)
    {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(QStringLiteral(LW_BINARY_DIR "/bin/loadwright"),
                args + QStringList{QStringLiteral("--workspace"), m_ws});
        if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit)
            return -1;
        if (out)
            *out = QString::fromUtf8(p.readAll());
        return p.exitCode();
    }

    static int kindIndex(QComboBox *combo, const QString &kind) { return combo->findData(kind); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true);
        qputenv("LOADWRIGHT_KEY_DIR", m_dir.filePath(QStringLiteral("keys")).toUtf8());
        m_ws = m_dir.filePath(QStringLiteral("ws.lwdb"));
        const QStringList as{QStringLiteral("--as"), QStringLiteral("alice")};
        QCOMPARE(cli(QStringList{QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("alice"),
                                 QStringLiteral("--role"), QStringLiteral("admin")} +
                     as),
                 0);
        QCOMPARE(cli(QStringList{QStringLiteral("users"), QStringLiteral("add"), QStringLiteral("bob"),
                                 QStringLiteral("--role"), QStringLiteral("approver")} +
                     as),
                 0);
        QCOMPARE(cli({QStringLiteral("import"),
                      QStringLiteral(LW_SOURCE_DIR "/resources/strategies/canary-high-risk.json"),
                      QStringLiteral("--as"), QStringLiteral("eve")}),
                 0);
        lw::test::applyWorkbenchTheme();
    }

    void showsFiltersExportsAndDetectsTampering()
    {
        QString error;
        auto ws = lw::openWorkspace(m_ws, &error);
        QVERIFY2(ws, qPrintable(error));
        // A settings change is audited with the actor given, not the account name.
        QVERIFY2(ws->setSetting(QStringLiteral("engine.allow_hosts"), QStringLiteral("127.0.0.1"),
                                QStringLiteral("alice"), &error),
                 qPrintable(error));

        AuditArea area(*ws);
        AuditLogModel *model = area.model();
        QAbstractItemModelTester modelTester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(area.proxy(),
                                             QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model->rowCount(), 4);
        const QList<audit::AuditEntry> &entries = model->entries();
        QCOMPARE(entries.at(0).action, QStringLiteral("user.add"));
        QCOMPARE(entries.at(2).action, QStringLiteral("strategy.save"));
        QCOMPARE(entries.at(2).actor, QStringLiteral("eve"));
        QCOMPARE(entries.at(3).action, QStringLiteral("settings.change"));
        QCOMPARE(entries.at(3).actor, QStringLiteral("alice"));
        QVERIFY(area.chainIntact());
        const QString head = entries.last().hash;
        QVERIFY2(area.chainLabel()->text().contains(QStringLiteral("Chain intact")) &&
                     area.chainLabel()->text().contains(head),
                 qPrintable(area.chainLabel()->text()));

        // Filters: action kind, actor, text, date range.
        area.kindFilter()->setCurrentIndex(kindIndex(area.kindFilter(), QStringLiteral("user")));
        QCOMPARE(area.proxy()->rowCount(), 2);
        area.kindFilter()->setCurrentIndex(0);
        area.actorFilter()->setCurrentIndex(area.actorFilter()->findData(QStringLiteral("eve")));
        QCOMPARE(area.proxy()->rowCount(), 1);
        area.actorFilter()->setCurrentIndex(0);
        QTest::keyClicks(area.textFilter(), QStringLiteral("allow_hosts"));
        QCOMPARE(area.proxy()->rowCount(), 1);
        QCOMPARE(area.proxy()->data(area.proxy()->index(0, AuditLogModel::Action)).toString(),
                 QStringLiteral("settings.change"));
        area.textFilter()->clear();
        area.dateFilter()->setChecked(true);
        const QDate today = QDate::currentDate();
        area.fromDate()->setDate(today.addDays(-3));
        area.toDate()->setDate(today.addDays(-1));
        QCOMPARE(area.proxy()->rowCount(), 0);
        area.toDate()->setDate(today.addDays(1));
        QCOMPARE(area.proxy()->rowCount(), 4);
        area.dateFilter()->setChecked(false);
        lw::test::screenshot(&area, QStringLiteral("audit-intact"), QSize(1300, 500));

        // Export: JSON and CSV carry the head hash, which the command line accepts as the head.
        const QString json = m_dir.filePath(QStringLiteral("audit.json"));
        area.setExportPathPrompt([json] { return json; });
        QVERIFY(area.exportLog());
        QFile jsonFile(json);
        QVERIFY(jsonFile.open(QIODevice::ReadOnly));
        const QJsonObject exported = QJsonDocument::fromJson(jsonFile.readAll()).object();
        QCOMPARE(exported.value(QStringLiteral("head_hash")).toString(), head);
        QCOMPARE(exported.value(QStringLiteral("entries")).toArray().size(), 4);
        QVERIFY(exported.value(QStringLiteral("intact")).toBool());
        const QString csv = m_dir.filePath(QStringLiteral("audit.csv"));
        QVERIFY2(area.exportTo(csv, &error), qPrintable(error));
        QFile csvFile(csv);
        QVERIFY(csvFile.open(QIODevice::ReadOnly));
        const QString csvText = QString::fromUtf8(csvFile.readAll());
        QVERIFY(csvText.startsWith(QStringLiteral("seq,at,actor,action,subject,details,prev_hash,hash\n")));
        QVERIFY2(csvText.contains(QStringLiteral("# head_hash,") + head), qPrintable(csvText));
        QString out;
        QCOMPARE(cli({QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--head"),
                      exported.value(QStringLiteral("head_hash")).toString()},
                     &out),
                 0);
        QVERIFY2(out.contains(QStringLiteral("head ") + head), qPrintable(out));

        // Another program edits entry 3 (eve's save): the view names it and highlights it.
        {
            QSqlDatabase other =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tamper"));
            other.setDatabaseName(m_ws);
            QVERIFY(other.open());
            QSqlQuery q(other);
            QVERIFY2(q.exec(QStringLiteral("UPDATE audit SET actor = 'mallory' WHERE seq = 3")),
                     qPrintable(q.lastError().text()));
            q.finish();
            other.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("tamper"));
        area.reload();
        QVERIFY(!area.chainIntact());
        QCOMPARE(model->firstBadSeq(), qint64(3));
        QVERIFY2(area.chainLabel()->text().contains(QStringLiteral("Chain broken at entry 3")),
                 qPrintable(area.chainLabel()->text()));
        QVERIFY(model->data(model->index(2, 0), AuditLogModel::BadRole).toBool());
        QVERIFY(!model->data(model->index(1, 0), AuditLogModel::BadRole).toBool());
        // The broken entry stays listed whatever the filter.
        area.actorFilter()->setCurrentIndex(area.actorFilter()->findData(QStringLiteral("alice")));
        bool badListed = false;
        for (int row = 0; row < area.proxy()->rowCount(); ++row)
            badListed =
                badListed || area.proxy()->data(area.proxy()->index(row, 0), AuditLogModel::BadRole).toBool();
        QVERIFY(badListed);
        area.actorFilter()->setCurrentIndex(0);
        lw::test::screenshot(&area, QStringLiteral("audit-broken"), QSize(1300, 500));
        QCOMPARE(cli({QStringLiteral("audit"), QStringLiteral("verify")}, &out), 1);
        QVERIFY2(out.contains(QStringLiteral("entry 3")), qPrintable(out));
        QVERIFY2(area.exportTo(json, &error), qPrintable(error));
        jsonFile.close();
        QVERIFY(jsonFile.open(QIODevice::ReadOnly));
        QCOMPARE(
            QJsonDocument::fromJson(jsonFile.readAll()).object().value(QStringLiteral("intact")).toBool(),
            false);
    }
};

QTEST_MAIN(TestAuditView)
#include "tst_auditview.moc"
