#include "model/engineoptions.h"

#include <QRegularExpression>

#include <arpa/inet.h>

namespace lw {

QList<ValidationIssue> validateEngineChoice(const EngineChoice &e)
{
    QList<ValidationIssue> issues;
    const auto fail = [&issues](const QString &path, const QString &message) {
        issues.append(ValidationIssue{QStringLiteral("engine.") + path, message});
    };
    if (e.kind != QLatin1String("builtin") && e.kind != QLatin1String("locust"))
        fail(QStringLiteral("kind"),
             QStringLiteral("must be \"builtin\" or \"locust\", not \"%1\"").arg(e.kind));
    const int k = EngineChoice::kMaxWorkers;
    const bool elsewhere = e.externalWorkers > 0 || !e.remoteWorkers.isEmpty();
    if (e.workers < (elsewhere ? 0 : 1) || e.workers > k)
        fail(QStringLiteral("workers"), elsewhere
                                            ? QStringLiteral("must be 0..%1, not %2").arg(k).arg(e.workers)
                                            : QStringLiteral("must be 1..%1, not %2").arg(k).arg(e.workers));
    if (e.externalWorkers < 0 || e.externalWorkers > k)
        fail(QStringLiteral("external_workers"),
             QStringLiteral("must be 0..%1, not %2").arg(k).arg(e.externalWorkers));
    if (e.totalWorkers() > k && e.workers <= k && e.externalWorkers <= k)
        fail(QStringLiteral("remote_workers"),
             QStringLiteral("at most %1 workers in all, not %2").arg(k).arg(e.totalWorkers()));
    // A host name or an address: no spaces, no shell or URL syntax (it is substituted into a command).
    static const QRegularExpression hostName(
        QStringLiteral("^[A-Za-z0-9_]([A-Za-z0-9_.:@-]*[A-Za-z0-9_])?$"));
    for (qsizetype i = 0; i < e.remoteWorkers.size(); ++i) {
        const RemoteWorker &w = e.remoteWorkers.at(i);
        const QString p = QStringLiteral("remote_workers[%1]").arg(i);
        if (w.host.trimmed().isEmpty())
            fail(p + QStringLiteral(".host"), QStringLiteral("must not be empty"));
        else if (!hostName.match(w.host).hasMatch())
            fail(p + QStringLiteral(".host"),
                 QStringLiteral("\"%1\" is not a host name or address (user@ is allowed)").arg(w.host));
        if (!w.command.contains(QLatin1String("{worker}")))
            fail(p + QStringLiteral(".command"),
                 QStringLiteral("must contain {worker}, where the worker command goes"));
    }
    unsigned char address[16];
    const QByteArray master = e.masterHost.toLatin1();
    if (inet_pton(AF_INET, master.constData(), address) != 1 &&
        inet_pton(AF_INET6, master.constData(), address) != 1)
        fail(QStringLiteral("master_host"),
             QStringLiteral(
                 "\"%1\" is not an IP address this machine can listen on (e.g. 127.0.0.1, 10.0.0.5, "
                 "0.0.0.0)")
                 .arg(e.masterHost));
    if (e.masterPort < 0 || e.masterPort > 65535)
        fail(QStringLiteral("master_port"),
             QStringLiteral("must be 0..65535 (0: any free port), not %1").arg(e.masterPort));
    const std::optional<qint64> timeout = parseDurationMs(e.workerTimeout);
    if (!timeout || *timeout < 1000)
        fail(QStringLiteral("worker_timeout"),
             QStringLiteral("\"%1\" is not a duration of at least 1s; write e.g. 30s, 2m")
                 .arg(e.workerTimeout));
    return issues;
}

} // namespace lw
