#pragma once

// The Notifications area: the workspace's channels (add, edit, remove, "Send test notification"
// with its result), the delivery log refreshed live, and the plugins found with the reason of each
// one that failed. It owns the GUI's delivery worker (its own thread and workspace connection), so
// notifications left by a command-line run are sent as soon as the workbench is open.

#include <QWidget>

#include <memory>

class QLabel;
class QPushButton;
class QTableView;
class QTableWidget;
class QTabWidget;
class QTimer;

namespace lw {
class Workspace;
}

namespace lw::notify {
class DeliveryService;
class PluginRegistry;
struct DeliveryAttempt;
} // namespace lw::notify

namespace lw::ui {

class ChannelDialog;
class DeliveryLogModel;

class NotificationsArea : public QWidget
{
    Q_OBJECT
public:
    struct Options
    {
        bool startWorker = true; // tests may drive delivery themselves
    };
    NotificationsArea(lw::Workspace &workspace, Options options, QWidget *parent = nullptr);
    explicit NotificationsArea(lw::Workspace &workspace, QWidget *parent = nullptr);
    ~NotificationsArea() override;

    void reloadChannels();
    void reloadLog();
    QString selectedChannel() const;

    // Opens the editor for a new channel (existing: edit it); returns the dialog (owned by the area,
    // deleted on close) so tests can fill it in.
    ChannelDialog *openChannelDialog(const QString &existing = {});
    void sendTest(); // to the selected channel; the outcome appears in testResult()

    QTableWidget *channelTable() const { return m_channels; }
    QTableWidget *pluginTable() const { return m_plugins; }
    QTableView *logView() const { return m_logView; }
    DeliveryLogModel *logModel() const { return m_log; }
    QLabel *testResult() const { return m_testResult; }
    QTabWidget *tabs() const { return m_tabs; }

Q_SIGNALS:
    void statusMessage(const QString &message);

private:
    void buildChannelsTab();
    void buildPluginsTab();
    void removeSelected();
    void updateButtons();

    lw::Workspace &m_ws;
    std::shared_ptr<notify::PluginRegistry> m_registry;
    std::unique_ptr<notify::DeliveryService> m_service;
    QTabWidget *m_tabs;
    QTableWidget *m_channels = nullptr;
    QTableWidget *m_plugins = nullptr;
    QTableView *m_logView = nullptr;
    DeliveryLogModel *m_log = nullptr;
    QLabel *m_testResult = nullptr;
    QLabel *m_workerState = nullptr;
    QPushButton *m_edit = nullptr;
    QPushButton *m_remove = nullptr;
    QPushButton *m_test = nullptr;
    QTimer *m_refresh = nullptr;
};

} // namespace lw::ui
