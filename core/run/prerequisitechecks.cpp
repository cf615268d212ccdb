#include "run/httpfetch.h"
#include "run/prerequisitechecker_p.h"

#include <QFileInfo>
#include <QHostInfo>
#include <QStorageInfo>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <arpa/inet.h>
#include <csignal>
#include <cstring>
#include <netinet/in.h>
#include <unistd.h>

// The individual checks: each ends in complete(), from the event loop, however it goes.

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

} // namespace lw
