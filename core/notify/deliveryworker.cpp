#include "notify/deliveryworker.h"

#include "notify/channelstore.h"
#include "notify/delivery.h"
#include "notify/events.h"
#include "notify/outbox.h"
#include "notify/pluginregistry.h"
#include "notify/secretstore.h"
#include "storage/workspace.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHostInfo>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QThread>
#include <QTimer>

namespace lw::notify {

namespace {

qint64 envNumber(const char *name, qint64 fallback)
{
    bool ok = false;
    const qint64 v = qEnvironmentVariable(name).toLongLong(&ok);
    return ok && v >= 0 ? v : fallback;
}

} // namespace

DeliveryOptions DeliveryOptions::fromEnvironment(const QString &workspacePath)
{
    DeliveryOptions o;
    o.workspacePath = workspacePath;
    o.pollMs = int(envNumber("LOADWRIGHT_NOTIFY_POLL_MS", o.pollMs));
    o.timeoutMs = int(envNumber("LOADWRIGHT_NOTIFY_TIMEOUT_MS", o.timeoutMs));
    o.backoffBaseMs = envNumber("LOADWRIGHT_NOTIFY_RETRY_BASE_MS", o.backoffBaseMs);
    o.backoffCapMs = envNumber("LOADWRIGHT_NOTIFY_RETRY_CAP_MS", o.backoffCapMs);
    o.maxAttempts = int(std::max<qint64>(1, envNumber("LOADWRIGHT_NOTIFY_MAX_ATTEMPTS", o.maxAttempts)));
    return o;
}

DeliveryWorker::DeliveryWorker(DeliveryOptions options, std::shared_ptr<const PluginRegistry> registry,
                               QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_registry(std::move(registry))
{
    if (m_options.owner.isEmpty())
        m_options.owner = QStringLiteral("%1:%2:%3")
                              .arg(QHostInfo::localHostName())
                              .arg(QCoreApplication::applicationPid())
                              .arg(QRandomGenerator::global()->generate(), 8, 16, QLatin1Char('0'));
}

DeliveryWorker::~DeliveryWorker() = default;

bool DeliveryWorker::ensureOpen()
{
    if (m_ws)
        return true;
    Workspace::OpenOptions open;
    open.createIfMissing = false;
    QString error;
    m_ws = Workspace::open(m_options.workspacePath, open, &error);
    if (!m_ws && error != m_lastProblem) {
        m_lastProblem = error;
        Q_EMIT problem(QStringLiteral("notifications cannot be delivered: %1").arg(error));
    }
    return bool(m_ws);
}

void DeliveryWorker::start()
{
    if (!m_timer) {
        m_timer = new QTimer(this);
        m_timer->setInterval(m_options.pollMs);
        connect(m_timer, &QTimer::timeout, this, [this] { deliverDue(); });
    }
    m_stopRequested = false;
    m_timer->start();
    QTimer::singleShot(0, this, [this] { deliverDue(); });
}

void DeliveryWorker::requestStop()
{
    m_stopRequested = true;
}

void DeliveryWorker::stop()
{
    if (m_timer)
        m_timer->stop();
    m_ws.reset();
}

int DeliveryWorker::deliverDue()
{
    if (!ensureOpen())
        return -1;
    QSqlDatabase db = QSqlDatabase::database(m_ws->connectionName(), false);
    const QString path = m_ws->path();
    QString error;
    // One row leased at a time, for as long as one attempt may take plus a margin: a worker that dies
    // holds a row for seconds, not for the length of a batch.
    const qint64 leaseMs = qint64(m_options.timeoutMs) + 5000;
    const SecretStore secrets(workspaceIdOf(db));
    int attempts = 0;
    for (int i = 0; i < m_options.batch && !m_stopRequested; ++i) {
        const QList<OutboxRow> rows =
            claimDue(db, path, m_options.owner, QDateTime::currentMSecsSinceEpoch(), leaseMs, 1, &error);
        if (!error.isEmpty()) {
            if (error != m_lastProblem)
                Q_EMIT problem(error);
            m_lastProblem = error;
            return attempts > 0 ? attempts : -1;
        }
        if (rows.isEmpty())
            break;
        const OutboxRow &row = rows.constFirst();
        DeliveryResult result;
        qint64 durationMs = 0;
        const std::optional<Channel> channel = loadChannel(db, path, row.channel, &error);
        NotificationPlugin *plugin = channel ? m_registry->plugin(channel->plugin) : nullptr;
        if (!channel) {
            result = {DeliveryResult::Outcome::Failed,
                      error.isEmpty() ? QStringLiteral("channel '%1' no longer exists").arg(row.channel)
                                      : error};
        } else if (!plugin) {
            result = {DeliveryResult::Outcome::Retry, m_registry->missingMessage(channel->plugin)};
        } else {
            QString secretError;
            const std::optional<QVariantMap> config =
                effectiveConfig(*channel, *plugin, secrets, &secretError);
            DeliveryContext context;
            context.timeoutMs = m_options.timeoutMs;
            context.attempt = row.attempts + 1;
            if (!config) {
                result = {DeliveryResult::Outcome::Retry, secretError};
            } else {
                const std::optional<DeliveryResult> r =
                    callPlugin(plugin, row.notification, *config, context, &durationMs, &m_stopRequested);
                if (!r)
                    return attempts; // shutting down: the lease runs out and the row is tried again
                result = *r;
            }
        }
        const qint64 next = QDateTime::currentMSecsSinceEpoch() +
                            backoffDelayMs(row.attempts + 1, m_options.backoffBaseMs, m_options.backoffCapMs);
        error.clear();
        const QString state =
            recordAttempt(db, path, row, result, durationMs, next, m_options.maxAttempts, &error);
        if (state.isEmpty()) {
            Q_EMIT problem(error); // the lease runs out and the row is tried again
            continue;
        }
        ++attempts;
        Q_EMIT attempted({row.id, row.eventId, row.event, row.channel, row.attempts + 1, state, result.detail,
                          durationMs});
    }
    return attempts;
}

DeliveryService::DeliveryService(DeliveryOptions options, std::shared_ptr<const PluginRegistry> registry,
                                 QObject *parent)
    : QObject(parent), m_thread(new QThread(this)),
      m_worker(new DeliveryWorker(std::move(options), std::move(registry)))
{
    qRegisterMetaType<lw::notify::DeliveryAttempt>();
    m_thread->setObjectName(QStringLiteral("notification delivery"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &DeliveryWorker::attempted, this, &DeliveryService::attempted);
    connect(m_worker, &DeliveryWorker::problem, this, &DeliveryService::problem);
}

DeliveryService::~DeliveryService()
{
    if (!m_started)
        delete m_worker;
    stop();
}

void DeliveryService::start()
{
    if (!m_thread->isRunning()) {
        m_started = true;
        m_thread->start();
    }
    QMetaObject::invokeMethod(m_worker, &DeliveryWorker::start, Qt::QueuedConnection);
}

void DeliveryService::stop()
{
    if (!m_thread->isRunning())
        return;
    m_worker->requestStop(); // ends a wait for a plugin at once
    QMetaObject::invokeMethod(m_worker, &DeliveryWorker::stop, Qt::QueuedConnection);
    m_thread->quit();
    m_thread->wait();
}

bool DeliveryService::isRunning() const
{
    return m_thread->isRunning();
}

} // namespace lw::notify
