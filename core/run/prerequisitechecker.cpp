#include "run/prerequisitechecker.h"

#include "engine/allowlist.h"
#include "run/httpfetch.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QHostAddress>
#include <QHostInfo>
#include <QPointer>
#include <QProcess>
#include <QStorageInfo>
#include <QTcpSocket>
#include <QThreadPool>
#include <QTimer>

#include <arpa/inet.h>
#include <atomic>
#include <csignal>
#include <memory>
#include <netinet/in.h>
#include <optional>
#include <unistd.h>

namespace lw {

namespace {

using Outcome = PrerequisiteResult::Outcome;

QString seconds(qint64 ms)
{
    return QString::number(qRound(ms / 100.0) / 10.0) + QStringLiteral(" s");
}

QString mib(double value)
{
    return value >= 1024 ? QString::number(value / 1024.0, 'f', 1) + QStringLiteral(" GiB")
                         : QString::number(value, 'f', 0) + QStringLiteral(" MiB");
}

bool addressAllowed(const engine::AllowList &allow, const QString &host, const QHostAddress &address)
{
    sockaddr_storage storage{};
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        auto *in = reinterpret_cast<sockaddr_in *>(&storage);
        in->sin_family = AF_INET;
        in->sin_addr.s_addr = htonl(address.toIPv4Address());
    } else {
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&storage);
        in6->sin6_family = AF_INET6;
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        memcpy(in6->sin6_addr.s6_addr, bytes.c, 16);
    }
    return allow.allows(host.toStdString(), reinterpret_cast<const sockaddr *>(&storage));
}

QString lastLine(const QByteArray &text)
{
    const QList<QByteArray> lines = text.trimmed().split('\n');
    return QString::fromUtf8(lines.isEmpty() ? QByteArray() : lines.last().trimmed());
}

} // namespace

struct PrerequisiteChecker::Private
{
    PrerequisiteChecker *q = nullptr;
    QList<Prerequisite> items;
    QList<std::optional<PrerequisiteResult>> results;
    QStringList confirmed;
    QString user;
    engine::AllowList allow;
    int pending = 0;
    bool running = false;
    quint64 generation = 0;
    std::shared_ptr<std::atomic<bool>> cancelHttp = std::make_shared<std::atomic<bool>>(false);
    QList<QPointer<QProcess>> processes;
    QList<QPointer<QObject>> helpers; // sockets and timers of the current check, deleted on cancel
    QElapsedTimer clock;
    QThreadPool pool;

    PrerequisiteResult base(int i) const
    {
        const Prerequisite &p = items.at(i);
        PrerequisiteResult r;
        r.name = p.name;
        r.type = p.type;
        r.required = p.required;
        r.checkedBy = QStringLiteral("auto");
        return r;
    }
    qint64 timeoutMs(int i) const
    {
        const std::optional<qint64> ms = parseDurationMs(items.at(i).timeout);
        return ms && *ms > 0 ? *ms : 5000;
    }
    void complete(int i, quint64 gen, Outcome outcome, const QString &detail, qint64 startedMs,
                  const QString &checkedBy = QStringLiteral("auto"));
    PrerequisiteResult manualTick(int i, const QString &why) const;
    void runDisk(int i, quint64 gen);
    void runHttp(int i, quint64 gen);
    void runTcp(int i, quint64 gen);
    void connectTcp(int i, quint64 gen, const QHostAddress &address, qint64 startedMs);
    void runCommand(int i, quint64 gen);
    void abortAll();
};

void PrerequisiteChecker::Private::complete(int i, quint64 gen, Outcome outcome, const QString &detail,
                                            qint64 startedMs, const QString &checkedBy)
{
    if (gen != generation || !running || results.at(i))
        return;
    PrerequisiteResult r = base(i);
    r.outcome = outcome;
    r.detail = detail;
    r.checkedBy = checkedBy;
    r.durationMs = clock.elapsed() - startedMs;
    r.checkedAt = QDateTime::currentDateTimeUtc();
    results[i] = r;
    Q_EMIT q->checked(r);
    if (--pending == 0 && gen == generation) {
        running = false;
        QList<PrerequisiteResult> all;
        for (const auto &res : std::as_const(results))
            all << *res;
        Q_EMIT q->finished(all);
    }
}

PrerequisiteResult PrerequisiteChecker::Private::manualTick(int i, const QString &why) const
{
    PrerequisiteResult r = base(i);
    const bool ticked = confirmed.contains(items.at(i).name);
    r.outcome = ticked ? Outcome::Confirmed : Outcome::Unconfirmed;
    r.checkedBy = ticked ? user : QString();
    r.detail = why + (ticked ? QStringLiteral("confirmed by ") + user : QStringLiteral("not confirmed"));
    r.checkedAt = QDateTime::currentDateTimeUtc();
    return r;
}

void PrerequisiteChecker::Private::runDisk(int i, quint64 gen)
{
    const qint64 started = clock.elapsed();
    const Prerequisite &p = items.at(i);
    if (!QFileInfo::exists(p.path)) {
        complete(i, gen, Outcome::Failed, QStringLiteral("path %1 does not exist").arg(p.path), started);
        return;
    }
    const QStorageInfo storage(p.path);
    if (!storage.isValid()) {
        complete(i, gen, Outcome::Failed, QStringLiteral("cannot read free space at %1").arg(p.path),
                 started);
        return;
    }
    const double freeMiB = storage.bytesAvailable() / (1024.0 * 1024.0);
    const bool enough = freeMiB >= p.minFreeMiB;
    complete(i, gen, enough ? Outcome::Passed : Outcome::Failed,
             QStringLiteral("%1 free at %2 (%3 %4 MiB)")
                 .arg(mib(freeMiB), p.path, enough ? QStringLiteral("needs") : QStringLiteral("below"))
                 .arg(p.minFreeMiB),
             started);
}

void PrerequisiteChecker::Private::runHttp(int i, quint64 gen)
{
    const qint64 started = clock.elapsed();
    const Prerequisite p = items.at(i);
    FetchOptions o;
    o.connectTimeoutMs = o.totalTimeoutMs = timeoutMs(i);
    o.maxBytes = 1024 * 1024;
    o.followSameHostRedirects = false; // a health URL that redirects reports its own status
    const std::shared_ptr<std::atomic<bool>> cancel = cancelHttp;
    const engine::AllowList allowCopy = allow;
    pool.start([this, i, gen, started, p, o, cancel, allowCopy]() mutable {
        o.allowList = &allowCopy;
        o.cancelled = cancel.get();
        const FetchResult r = httpGet(p.url, o);
        if (cancel->load())
            return;
        Outcome outcome = Outcome::Failed;
        QString detail;
        if (r.blockedByAllowList) {
            detail = QStringLiteral("host %1 is not on the workspace allow-list (allowed: %2)")
                         .arg(QUrl(p.url).host(), QString::fromStdString(allowCopy.describe()));
        } else if (!r.ok) {
            detail = r.error;
        } else {
            outcome = r.status == p.expectStatus ? Outcome::Passed : Outcome::Failed;
            detail = QStringLiteral("HTTP %1 in %2 ms").arg(r.status).arg(r.elapsedMs);
            if (outcome == Outcome::Failed)
                detail += QStringLiteral(" (expected %1)").arg(p.expectStatus);
        }
        QMetaObject::invokeMethod(
            q, [this, i, gen, outcome, detail, started] { complete(i, gen, outcome, detail, started); },
            Qt::QueuedConnection);
    });
}

void PrerequisiteChecker::Private::runTcp(int i, quint64 gen)
{
    const qint64 started = clock.elapsed();
    const Prerequisite &p = items.at(i);
    auto *timer = new QTimer(q);
    helpers << timer;
    timer->setSingleShot(true);
    const qint64 limit = timeoutMs(i);
    QObject::connect(timer, &QTimer::timeout, q, [this, i, gen, started, limit] {
        complete(i, gen, Outcome::Failed, QStringLiteral("timed out after %1").arg(seconds(limit)), started);
    });
    timer->start(int(limit));

    const QString host = p.host;
    auto pick = [this, i, gen, host, started](const QList<QHostAddress> &addresses,
                                              const QString &lookupError) {
        if (gen != generation)
            return;
        if (addresses.isEmpty()) {
            complete(i, gen, Outcome::Failed, QStringLiteral("host name not found: %1").arg(lookupError),
                     started);
            return;
        }
        for (const QHostAddress &a : addresses) {
            if (addressAllowed(allow, host, a)) {
                connectTcp(i, gen, a, started);
                return;
            }
        }
        complete(i, gen, Outcome::Failed,
                 QStringLiteral("host %1 is not on the workspace allow-list (allowed: %2)")
                     .arg(host, QString::fromStdString(allow.describe())),
                 started);
    };
    const QHostAddress literal(host);
    if (!literal.isNull()) {
        pick({literal}, {});
        return;
    }
    QHostInfo::lookupHost(host, q, [pick](const QHostInfo &info) {
        pick(info.error() == QHostInfo::NoError ? info.addresses() : QList<QHostAddress>{},
             info.errorString());
    });
}

void PrerequisiteChecker::Private::connectTcp(int i, quint64 gen, const QHostAddress &address, qint64 started)
{
    auto *socket = new QTcpSocket(q);
    helpers << socket;
    const QString where = QStringLiteral("%1:%2").arg(items.at(i).host).arg(items.at(i).port);
    QObject::connect(socket, &QTcpSocket::connected, q, [this, i, gen, socket, started, where] {
        complete(
            i, gen, Outcome::Passed,
            QStringLiteral("%1 accepted a connection in %2 ms").arg(where).arg(clock.elapsed() - started),
            started);
        socket->abort();
        socket->deleteLater();
    });
    QObject::connect(socket, &QTcpSocket::errorOccurred, q,
                     [this, i, gen, socket, started, where](QAbstractSocket::SocketError e) {
                         complete(i, gen, Outcome::Failed,
                                  e == QAbstractSocket::ConnectionRefusedError
                                      ? QStringLiteral("connection refused by %1").arg(where)
                                      : QStringLiteral("%1: %2").arg(where, socket->errorString()),
                                  started);
                         socket->deleteLater();
                     });
    socket->connectToHost(address, quint16(items.at(i).port));
}

void PrerequisiteChecker::Private::runCommand(int i, quint64 gen)
{
    const qint64 started = clock.elapsed();
    const qint64 limit = timeoutMs(i);
    auto *process = new QProcess(q);
    processes << process;
    process->setStandardInputFile(QProcess::nullDevice());
    process->setStandardOutputFile(QProcess::nullDevice());
    // Own process group, so a timeout kills the shell and everything it started.
    process->setChildProcessModifier([] { ::setpgid(0, 0); });
    auto timedOut = std::make_shared<bool>(false);
    auto group = std::make_shared<pid_t>(0);
    QObject::connect(process, &QProcess::started, process,
                     [process, group] { *group = pid_t(process->processId()); });
    auto *timer = new QTimer(process);
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, process, [process, timedOut] {
        *timedOut = true;
        if (process->processId() > 0)
            ::kill(-pid_t(process->processId()), SIGKILL);
    });
    QObject::connect(
        process, &QProcess::finished, q,
        [this, i, gen, process, started, limit, timedOut, group](int code, QProcess::ExitStatus status) {
            // Whatever the shell left running in its group (cmd &) does not outlive the check.
            if (*group > 0)
                ::kill(-*group, SIGKILL);
            const QString err = lastLine(process->readAllStandardError());
            const qint64 ms = clock.elapsed() - started;
            if (*timedOut) {
                complete(i, gen, Outcome::Failed,
                         QStringLiteral("timed out after %1; process group killed").arg(seconds(limit)),
                         started);
            } else if (status == QProcess::CrashExit) {
                complete(i, gen, Outcome::Failed,
                         QStringLiteral("killed by a signal after %1 ms%2")
                             .arg(ms)
                             .arg(err.isEmpty() ? QString() : QStringLiteral(": ") + err),
                         started);
            } else {
                complete(i, gen, code == 0 ? Outcome::Passed : Outcome::Failed,
                         QStringLiteral("exit %1 in %2 ms%3")
                             .arg(code)
                             .arg(ms)
                             .arg(err.isEmpty() ? QString() : QStringLiteral(": ") + err),
                         started);
            }
            process->deleteLater();
        });
    QObject::connect(
        process, &QProcess::errorOccurred, q, [this, i, gen, process, started](QProcess::ProcessError e) {
            if (e == QProcess::FailedToStart) {
                complete(i, gen, Outcome::Failed,
                         QStringLiteral("cannot start /bin/sh: %1").arg(process->errorString()), started);
                process->deleteLater();
            }
        });
    process->start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), items.at(i).command});
    timer->start(int(limit));
}

void PrerequisiteChecker::Private::abortAll()
{
    ++generation;
    cancelHttp->store(true);
    for (const QPointer<QProcess> &p : std::as_const(processes)) {
        if (p && p->processId() > 0)
            ::kill(-pid_t(p->processId()), SIGKILL);
        if (p) {
            p->disconnect(q);
            p->waitForFinished(1000); // SIGKILL is immediate; reap so no zombie is left behind
            p->deleteLater();
        }
    }
    processes.clear();
    for (const QPointer<QObject> &h : std::as_const(helpers)) {
        if (h) {
            h->disconnect(q);
            h->deleteLater();
        }
    }
    helpers.clear();
}

PrerequisiteChecker::PrerequisiteChecker(QObject *parent) : QObject(parent), d(std::make_unique<Private>())
{
    qRegisterMetaType<lw::PrerequisiteResult>();
    qRegisterMetaType<QList<lw::PrerequisiteResult>>();
    d->q = this;
}

PrerequisiteChecker::~PrerequisiteChecker()
{
    d->running = false;
    d->abortAll();
    d->pool.waitForDone();
}

bool PrerequisiteChecker::isRunning() const
{
    return d->running;
}

void PrerequisiteChecker::start(const QList<Prerequisite> &resolved, const QStringList &confirmedManual,
                                const QString &user, const QStringList &allowHosts)
{
    if (d->running)
        return;
    d->items = resolved;
    d->results = QList<std::optional<PrerequisiteResult>>(resolved.size());
    d->confirmed = confirmedManual;
    d->user = user;
    d->allow = engine::AllowList();
    for (const QString &host : allowHosts) {
        std::string ignored; // the workspace validates its allow-list when it is edited
        d->allow.add(host.trimmed().toStdString(), ignored);
    }
    for (const QPointer<QObject> &h : std::as_const(d->helpers)) {
        if (h)
            h->deleteLater(); // timers of the previous check that did not fire
    }
    d->helpers.clear();
    d->processes.clear();
    d->cancelHttp = std::make_shared<std::atomic<bool>>(false);
    d->pool.setMaxThreadCount(qMax(1, int(resolved.size())));
    d->pending = int(resolved.size());
    d->running = true;
    d->clock.start();
    const quint64 gen = ++d->generation;

    // Every result, even an immediate one, is delivered from the event loop after start() returns.
    QMetaObject::invokeMethod(
        this,
        [this, gen] {
            if (gen != d->generation)
                return;
            if (d->items.isEmpty()) {
                d->running = false;
                Q_EMIT finished({});
                return;
            }
            for (int i = 0; i < d->items.size() && gen == d->generation; ++i) {
                const Prerequisite &p = d->items.at(i);
                if (p.type == PrerequisiteType::Manual || (!p.autoCheck && p.required)) {
                    const PrerequisiteResult r = d->manualTick(
                        i, p.type == PrerequisiteType::Manual ? QString()
                                                              : QStringLiteral("automatic check off; "));
                    d->complete(i, gen, r.outcome, r.detail, d->clock.elapsed(), r.checkedBy);
                    continue;
                }
                if (!p.autoCheck) {
                    d->complete(i, gen, Outcome::Skipped, QStringLiteral("automatic check off"),
                                d->clock.elapsed());
                    continue;
                }
                switch (p.type) {
                case PrerequisiteType::HttpHealth:
                    d->runHttp(i, gen);
                    break;
                case PrerequisiteType::TcpPort:
                    d->runTcp(i, gen);
                    break;
                case PrerequisiteType::Command:
                    d->runCommand(i, gen);
                    break;
                case PrerequisiteType::FreeDisk:
                    d->runDisk(i, gen);
                    break;
                case PrerequisiteType::Manual:
                    break;
                }
            }
        },
        Qt::QueuedConnection);
}

void PrerequisiteChecker::cancel()
{
    if (!d->running)
        return;
    d->abortAll();
    QList<PrerequisiteResult> all;
    for (int i = 0; i < d->items.size(); ++i) {
        if (!d->results.at(i)) {
            PrerequisiteResult r = d->base(i);
            r.outcome = Outcome::Failed;
            r.detail = QStringLiteral("cancelled");
            r.checkedAt = QDateTime::currentDateTimeUtc();
            d->results[i] = r;
            Q_EMIT checked(r);
        }
        all << *d->results.at(i);
    }
    d->running = false;
    Q_EMIT finished(all);
}

} // namespace lw
