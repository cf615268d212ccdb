#pragma once

// Delivers the outbox. A DeliveryWorker lives in its own thread with its own workspace connection:
// every poll it leases the due rows, calls the channel's plugin (config and keychain secrets merged)
// with a timeout, logs the attempt and schedules a retry with exponential backoff and full jitter,
// or marks the row sent or failed. Rows stay in the file, so a restart picks up where it stopped
// (a lease of a worker that died runs out after the delivery timeout plus a margin).
// DeliveryService owns the thread; its signals arrive in the thread that created it.

#include "notify/notificationplugin.h"

#include <QDateTime>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

class QThread;
class QTimer;

namespace lw {
class Workspace;
}

namespace lw::notify {

class PluginRegistry;

struct DeliveryOptions
{
    QString workspacePath;
    QString owner;         // lease owner; empty: "<host>:<pid>:<random>"
    int pollMs = 500;      // how often due rows are looked for
    int timeoutMs = 10000; // per attempt
    qint64 backoffBaseMs = 2000;
    qint64 backoffCapMs = 5 * 60 * 1000;
    int maxAttempts = 10;
    int batch = 20;

    // Defaults, overridden by LOADWRIGHT_NOTIFY_POLL_MS, _TIMEOUT_MS, _RETRY_BASE_MS, _RETRY_CAP_MS and
    // _MAX_ATTEMPTS (for tests and impatient people).
    static DeliveryOptions fromEnvironment(const QString &workspacePath);
};

struct DeliveryAttempt
{
    qint64 outboxId = 0;
    QString eventId;
    QString event;
    QString channel;
    int attempt = 0;
    QString state; // sent, retrying, failed
    QString detail;
    qint64 durationMs = 0;
};

class DeliveryWorker : public QObject
{
    Q_OBJECT
public:
    DeliveryWorker(DeliveryOptions options, std::shared_ptr<const PluginRegistry> registry,
                   QObject *parent = nullptr);
    ~DeliveryWorker() override;

    // One pass over the due rows, synchronously; the number of attempts made, -1 on a storage problem.
    int deliverDue();
    // Thread-safe: the current pass ends after its current attempt (a plugin still running is left to
    // its own thread; its row stays leased until the lease runs out).
    void requestStop();

public Q_SLOTS:
    void start(); // opens the workspace (in this object's thread) and polls
    void stop();

Q_SIGNALS:
    void attempted(const lw::notify::DeliveryAttempt &attempt);
    void problem(const QString &message); // the workspace could not be opened or read

private:
    bool ensureOpen();

    DeliveryOptions m_options;
    std::shared_ptr<const PluginRegistry> m_registry;
    std::unique_ptr<Workspace> m_ws;
    QTimer *m_timer = nullptr;
    QString m_lastProblem;
    std::atomic<bool> m_stopRequested{false};
};

class DeliveryService : public QObject
{
    Q_OBJECT
public:
    DeliveryService(DeliveryOptions options, std::shared_ptr<const PluginRegistry> registry,
                    QObject *parent = nullptr);
    ~DeliveryService() override; // stops the worker and waits for its current attempt

    void start();
    void stop();
    bool isRunning() const;

Q_SIGNALS:
    void attempted(const lw::notify::DeliveryAttempt &attempt);
    void problem(const QString &message);

private:
    QThread *m_thread;
    DeliveryWorker *m_worker;
    bool m_started = false;
};

} // namespace lw::notify

Q_DECLARE_METATYPE(lw::notify::DeliveryAttempt)
