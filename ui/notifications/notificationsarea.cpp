#include "notifications/notificationsarea.h"
#include "common/columnfit.h"

#include "common/emptyhint.h"
#include "notifications/channeldialog.h"
#include "notifications/deliverylogmodel.h"
#include "notify/channels.h"
#include "notify/deliveryworker.h"
#include "notify/events.h"
#include "notify/pluginregistry.h"
#include "shell/icons.h"
#include "storage/workspace.h"

#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace lw::ui {

namespace {

constexpr int kLogRefreshMs = 2000;

QTableWidget *makeTable(const QStringList &headers)
{
    auto *t = new QTableWidget(0, int(headers.size()));
    t->setHorizontalHeaderLabels(headers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
    t->setAlternatingRowColors(true);
    return t;
}

QString sqlUser()
{
    const QString user = qEnvironmentVariable("USER", qEnvironmentVariable("LOGNAME"));
    return user.isEmpty() ? QStringLiteral("unknown") : user;
}

} // namespace

NotificationsArea::NotificationsArea(lw::Workspace &workspace, QWidget *parent)
    : NotificationsArea(workspace, Options(), parent)
{}

NotificationsArea::NotificationsArea(lw::Workspace &workspace, Options options, QWidget *parent)
    : QWidget(parent), m_ws(workspace), m_registry(std::make_shared<notify::PluginRegistry>()),
      m_tabs(new QTabWidget)
{
    m_registry->load();
    m_log = new DeliveryLogModel(m_ws, this);
    buildChannelsTab();

    m_logView = new QTableView;
    m_logView->setObjectName(QStringLiteral("deliveryLog"));
    m_logView->setModel(m_log);
    m_logView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_logView->setAlternatingRowColors(true);
    m_logView->verticalHeader()->hide();
    m_logView->horizontalHeader()->setStretchLastSection(true);
    m_workerState = new QLabel;
    m_workerState->setWordWrap(true);
    auto *logPage = new QWidget;
    auto *logLayout = new QVBoxLayout(logPage);
    logLayout->addWidget(m_workerState);
    logLayout->addWidget(m_logView);
    m_tabs->addTab(logPage, tr("Delivery log"));
    buildPluginsTab();

    auto *layout = new QVBoxLayout(this);
    auto *title =
        new QLabel(tr("<h2>Notifications</h2>Channels hear the events they subscribe to and those a "
                      "strategy routes to them. Delivery goes through the workspace's outbox: "
                      "retried with backoff, kept across restarts."));
    title->setWordWrap(true);
    layout->addWidget(title);
    layout->addWidget(m_tabs);

    m_refresh = new QTimer(this);
    m_refresh->setInterval(kLogRefreshMs); // rows raised by runs in other threads or processes
    connect(m_refresh, &QTimer::timeout, this, &NotificationsArea::reloadLog);
    m_refresh->start();
    if (options.startWorker) {
        m_service = std::make_unique<notify::DeliveryService>(
            notify::DeliveryOptions::fromEnvironment(m_ws.path()), m_registry);
        connect(m_service.get(), &notify::DeliveryService::attempted, this,
                [this](const notify::DeliveryAttempt &a) {
                    reloadLog();
                    if (a.state != QLatin1String("sent"))
                        Q_EMIT statusMessage(
                            tr("Notification %1 to %2: %3 (%4)").arg(a.event, a.channel, a.state, a.detail));
                });
        connect(m_service.get(), &notify::DeliveryService::problem, this,
                [this](const QString &message) { m_workerState->setText(message); });
        m_service->start();
        m_workerState->setText(tr("Delivering in the background; this log refreshes by itself."));
    } else {
        m_workerState->setText(tr("Delivery is paused."));
    }
    reloadChannels();
    reloadLog();
}

NotificationsArea::~NotificationsArea() = default; // the service stops its worker and waits

void NotificationsArea::buildChannelsTab()
{
    m_channels = makeTable({tr("Name"), tr("Plugin"), tr("Events"), tr("Min. severity"), tr("Settings")});
    m_channels->setObjectName(QStringLiteral("channelTable"));
    EmptyHint::install(m_channels,
                       tr("<b>No channels yet.</b><br>A channel is where notifications go (a webhook, Slack, "
                          "e-mail, the desktop...): <b>Add...</b> sets one up, then <b>Send test "
                          "notification</b> checks it."));
    auto *add = new QPushButton(icon(IconId::Add), tr("Add..."));
    add->setObjectName(QStringLiteral("addChannel"));
    m_edit = new QPushButton(tr("Edit..."));
    m_edit->setObjectName(QStringLiteral("editChannel"));
    m_remove = new QPushButton(icon(IconId::Remove), tr("Remove"));
    m_remove->setObjectName(QStringLiteral("removeChannel"));
    m_test = new QPushButton(tr("Send test notification"));
    m_test->setObjectName(QStringLiteral("testChannel"));
    m_testResult = new QLabel;
    m_testResult->setObjectName(QStringLiteral("testResult"));
    m_testResult->setWordWrap(true);
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(add, &QPushButton::clicked, this, [this] { openChannelDialog()->open(); });
    connect(m_edit, &QPushButton::clicked, this, [this] { openChannelDialog(selectedChannel())->open(); });
    connect(m_remove, &QPushButton::clicked, this, &NotificationsArea::removeSelected);
    connect(m_test, &QPushButton::clicked, this, &NotificationsArea::sendTest);
    connect(m_channels, &QTableWidget::itemSelectionChanged, this, &NotificationsArea::updateButtons);
    connect(m_channels, &QTableWidget::cellDoubleClicked, this,
            [this] { openChannelDialog(selectedChannel())->open(); });

    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : {add, m_edit, m_remove, m_test})
        buttons->addWidget(b);
    buttons->addStretch();
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(buttons);
    layout->addWidget(m_channels);
    layout->addWidget(m_testResult);
    m_tabs->addTab(page, tr("Channels"));
}

void NotificationsArea::buildPluginsTab()
{
    m_plugins =
        makeTable({tr("Plugin"), tr("Version"), tr("State"), tr("Description or reason"), tr("File")});
    m_plugins->setObjectName(QStringLiteral("pluginTable"));
    for (const notify::PluginInfo &p : m_registry->plugins()) {
        const int row = m_plugins->rowCount();
        m_plugins->insertRow(row);
        const QStringList cells{p.name, p.version, p.loaded ? tr("loaded") : tr("failed"),
                                p.loaded ? p.description : p.error, p.file};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells.at(c));
            item->setToolTip(cells.at(c));
            if (!p.loaded && c == 2)
                item->setForeground(QColor(0xc6, 0x28, 0x28));
            m_plugins->setItem(row, c, item);
        }
    }
    fitColumns(m_plugins, 3, 600);
    auto *dirs = new QLabel(tr("Searched: %1").arg(m_registry->directories().join(QStringLiteral(", "))));
    dirs->setWordWrap(true);
    dirs->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_plugins);
    layout->addWidget(dirs);
    m_tabs->addTab(page, tr("Plugins (%1 loaded, %2 failed)")
                             .arg(m_registry->loadedNames().size())
                             .arg(m_registry->plugins().size() - m_registry->loadedNames().size()));
}

void NotificationsArea::reloadChannels()
{
    const QString keep = selectedChannel();
    QString error;
    const QList<notify::Channel> list = notify::Channels(m_ws).list(&error);
    m_channels->setRowCount(0);
    for (const notify::Channel &c : list) {
        const int row = m_channels->rowCount();
        m_channels->insertRow(row);
        QStringList settings;
        for (auto it = c.config.cbegin(); it != c.config.cend(); ++it)
            settings << it.key() + QLatin1Char('=') + it.value().toString().simplified();
        for (const QString &s : c.secretFields)
            settings << s + tr("=(in the keychain)");
        const QStringList cells{c.name, c.plugin, c.events, c.minSeverity,
                                settings.join(QStringLiteral("  "))};
        for (int col = 0; col < cells.size(); ++col)
            m_channels->setItem(row, col, new QTableWidgetItem(cells.at(col)));
        if (!m_registry->find(c.plugin))
            m_channels->item(row, 1)->setForeground(QColor(0xc6, 0x28, 0x28));
        if (c.name == keep)
            m_channels->selectRow(row);
    }
    if (!error.isEmpty())
        m_testResult->setText(error);
    fitColumns(m_channels, 4, 600);
    updateButtons();
}

void NotificationsArea::reloadLog()
{
    m_log->reload();
    if (m_logView->horizontalHeader()->sectionSize(0) < 20 || m_log->rowCount() < 3)
        fitColumns(m_logView, -1, 600);
}

QString NotificationsArea::selectedChannel() const
{
    const QList<QTableWidgetItem *> items = m_channels->selectedItems();
    return items.isEmpty() ? QString() : m_channels->item(items.first()->row(), 0)->text();
}

void NotificationsArea::updateButtons()
{
    const bool selected = !selectedChannel().isEmpty();
    m_edit->setEnabled(selected);
    m_remove->setEnabled(selected);
    m_test->setEnabled(selected);
}

ChannelDialog *NotificationsArea::openChannelDialog(const QString &existing)
{
    std::optional<notify::Channel> channel;
    QString error;
    if (!existing.isEmpty())
        channel = notify::Channels(m_ws).find(existing, &error);
    auto *dialog = new ChannelDialog(*m_registry, channel, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setSaver([this](const notify::Channel &c, const QVariantMap &secrets) -> QString {
        const notify::NotificationPlugin *plugin = m_registry->plugin(c.plugin);
        if (!plugin)
            return m_registry->missingMessage(c.plugin);
        QApplication::setOverrideCursor(Qt::WaitCursor); // the keychain may take a moment
        const notify::ChannelSetupResult r = notify::Channels(m_ws).setUp(*plugin, c, secrets, sqlUser());
        QApplication::restoreOverrideCursor();
        if (!r.ok())
            return r.message;
        reloadChannels();
        Q_EMIT statusMessage(r.message);
        return {};
    });
    return dialog;
}

void NotificationsArea::removeSelected()
{
    const QString name = selectedChannel();
    if (name.isEmpty())
        return;
    if (QMessageBox::question(this, tr("Remove channel"),
                              tr("Remove channel %1? Its undelivered notifications are marked failed and its "
                                 "secrets are deleted from the keychain.")
                                  .arg(name)) != QMessageBox::Yes)
        return;
    const notify::Channels::Removal r = notify::Channels(m_ws).remove(name, sqlUser());
    if (!r.removed) {
        QMessageBox::warning(this, tr("Remove channel"), r.error);
        return;
    }
    if (!r.secretProblems.isEmpty())
        QMessageBox::warning(
            this, tr("Remove channel"),
            tr("Channel %1 was removed, but some of its secrets are still in the keychain:\n%2")
                .arg(name, r.secretProblems.join(QLatin1Char('\n'))));
    reloadChannels();
    reloadLog();
}

void NotificationsArea::sendTest()
{
    const QString name = selectedChannel();
    if (name.isEmpty())
        return;
    m_testResult->setText(tr("Sending a test notification to %1...").arg(name));
    m_test->setEnabled(false);
    QApplication::setOverrideCursor(Qt::WaitCursor);
    qint64 ms = 0;
    // Bounded by the delivery timeout (a plugin that overruns is abandoned).
    const notify::DeliveryResult r = notify::Channels(m_ws).sendTest(
        *m_registry, name, notify::DeliveryOptions::fromEnvironment(m_ws.path()).timeoutMs, &ms);
    QApplication::restoreOverrideCursor();
    m_test->setEnabled(true);
    const bool sent = r.outcome == notify::DeliveryResult::Outcome::Sent;
    m_testResult->setStyleSheet(sent ? QStringLiteral("color: #2e7d32;") : QStringLiteral("color: #c62828;"));
    m_testResult->setText(sent ? tr("Delivered to %1 in %2 ms: %3").arg(name).arg(ms).arg(r.detail)
                               : tr("Not delivered to %1: %2").arg(name, r.detail));
}

} // namespace lw::ui
