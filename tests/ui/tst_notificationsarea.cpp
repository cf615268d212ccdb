// The Notifications area driven like a user would: the plugin list with the broken files and their
// reasons, a channel added through the generated form, "Send test notification" with its result,
// and the delivery log filling in as the area's own worker delivers (with a retry).

#include "notifytestutil.h"
#include "services/openworkspace.h"

#include "notifications/channeldialog.h"
#include "notifications/deliverylogmodel.h"
#include "notifications/notificationsarea.h"
#include "notify/events.h"
#include "notify/outbox.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QtTest>

using namespace lw;

class TestNotificationsArea : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_tmp;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_tmp.isValid());
        const QString plugins = m_tmp.filePath(QStringLiteral("plugins"));
        QVERIFY(test::fillPluginDir(plugins));
        qputenv("LOADWRIGHT_PLUGIN_PATH", plugins.toUtf8());
        qputenv("LOADWRIGHT_NOTIFY_POLL_MS", "100");
        qputenv("LOADWRIGHT_NOTIFY_RETRY_BASE_MS", "100");
        qputenv("LOADWRIGHT_NOTIFY_RETRY_CAP_MS", "200");
        qputenv("XDG_DATA_HOME", m_tmp.filePath(QStringLiteral("data")).toUtf8());
    }

    void channelsTestAndLiveLog()
    {
        QString error;
        auto ws = lw::openWorkspace(m_tmp.filePath(QStringLiteral("ws.lwdb")), &error);
        QVERIFY2(ws, qPrintable(error));
        ui::NotificationsArea area(*ws);
        QAbstractItemModelTester tester(area.logModel());
        area.resize(1000, 560);
        area.show();
        QVERIFY(QTest::qWaitForWindowExposed(&area));

        // Plugins: the test plugin loaded, the three broken files listed with a reason.
        QTableWidget *plugins = area.pluginTable();
        QStringList states;
        for (int r = 0; r < plugins->rowCount(); ++r) {
            if (plugins->item(r, 4)->text().startsWith(m_tmp.path()))
                states << plugins->item(r, 2)->text();
        }
        QCOMPARE(states.count(QStringLiteral("loaded")), 1);
        QCOMPARE(states.count(QStringLiteral("failed")), 3);

        // Add a channel through the generated form.
        const QString out = m_tmp.filePath(QStringLiteral("out.jsonl"));
        QPointer<ui::ChannelDialog> dialog = area.openChannelDialog();
        dialog->show();
        QVERIFY(qobject_cast<QLineEdit *>(dialog->fieldEditor(QStringLiteral("token"))));
        QCOMPARE(qobject_cast<QLineEdit *>(dialog->fieldEditor(QStringLiteral("token")))->echoMode(),
                 QLineEdit::Password);
        QVERIFY(qobject_cast<QSpinBox *>(dialog->fieldEditor(QStringLiteral("retries"))));
        QVERIFY(qobject_cast<QCheckBox *>(dialog->fieldEditor(QStringLiteral("fail"))));
        QVERIFY(qobject_cast<QPlainTextEdit *>(dialog->fieldEditor(QStringLiteral("note"))));
        dialog->nameEdit()->setText(QStringLiteral("team"));
        dialog->accept(); // "file" is required
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("channelError"))
                    ->text()
                    .contains(QStringLiteral("needs file")));
        qobject_cast<QLineEdit *>(dialog->fieldEditor(QStringLiteral("file")))->setText(out);
        qobject_cast<QSpinBox *>(dialog->fieldEditor(QStringLiteral("retries")))->setValue(1);
        dialog->findChild<QLineEdit *>(QStringLiteral("channelEvents"))->setText(QStringLiteral("run.*"));
        QTest::qWait(50);
        dialog->grab().save(m_tmp.filePath(QStringLiteral("dialog.png")));
        dialog->accept();
        QTRY_VERIFY(!dialog);
        QCOMPARE(area.channelTable()->rowCount(), 1);
        QCOMPARE(area.channelTable()->item(0, 0)->text(), QStringLiteral("team"));
        QCOMPARE(area.channelTable()->item(0, 2)->text(), QStringLiteral("run.*"));

        // Send test notification: the plugin asks for one retry, so the test reports it.
        area.channelTable()->selectRow(0);
        area.findChild<QPushButton *>(QStringLiteral("testChannel"))->click();
        QVERIFY2(area.testResult()->text().startsWith(QStringLiteral("Not delivered to team")),
                 qPrintable(area.testResult()->text()));
        // ... and the delivery log keeps it, as every message sent.
        QTRY_COMPARE_WITH_TIMEOUT(area.logModel()->rowCount(), 1, 5000);
        QCOMPARE(area.logModel()->index(0, ui::DeliveryLogModel::Event).data().toString(),
                 QStringLiteral("test"));
        QCOMPARE(area.logModel()->index(0, ui::DeliveryLogModel::State).data().toString(),
                 QStringLiteral("failed"));
        QCOMPARE(area.logModel()->index(0, ui::DeliveryLogModel::Channel).data().toString(),
                 QStringLiteral("team"));

        // An event raised elsewhere (a run's thread) is delivered by the area's worker after a retry,
        // and the log shows it without anyone pressing a button.
        QSqlDatabase db = QSqlDatabase::database(ws->connectionName(), false);
        const notify::Notification n = notify::makeNotification(
            QStringLiteral("ui-1"), QStringLiteral("run.passed"), QStringLiteral("info"), ws->path(),
            QStringLiteral("Run 1 of demo passed"), QStringLiteral("ok"), {});
        QCOMPARE(notify::enqueue(db, ws->path(), n, {}, &error), 1);
        area.tabs()->setCurrentIndex(1);
        QTRY_COMPARE_WITH_TIMEOUT(area.logModel()->rowCount(), 2, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(area.logModel()->index(0, ui::DeliveryLogModel::State).data().toString(),
                                  QStringLiteral("sent"), 10000);
        QCOMPARE(area.logModel()->index(0, ui::DeliveryLogModel::Attempts).data().toInt(), 2);
        QCOMPARE(area.logModel()->index(0, ui::DeliveryLogModel::Channel).data().toString(),
                 QStringLiteral("team"));
        QCOMPARE(test::sinkEvents(out), QStringList{QStringLiteral("run.passed")});
        area.grab().save(m_tmp.filePath(QStringLiteral("log.png")));
        area.tabs()->setCurrentIndex(0);
        area.grab().save(m_tmp.filePath(QStringLiteral("channels.png")));
        area.tabs()->setCurrentIndex(2);
        area.grab().save(m_tmp.filePath(QStringLiteral("plugins.png")));
        if (qEnvironmentVariableIsSet("LW_SCREENSHOT_DIR")) {
            for (const char *name : {"dialog.png", "log.png", "channels.png", "plugins.png"})
                QFile::copy(m_tmp.filePath(QLatin1String(name)), qEnvironmentVariable("LW_SCREENSHOT_DIR") +
                                                                     QLatin1Char('/') + QLatin1String(name));
        }
    }
};

QTEST_MAIN(TestNotificationsArea)
#include "tst_notificationsarea.moc"
