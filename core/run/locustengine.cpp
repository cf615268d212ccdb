#include "run/locustengine.h"

#include "model/engineoptions.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace lw {

namespace {
const QString kBridge = QStringLiteral("loadwright_locust_bridge.py");
} // namespace

QString locustAdapterDir()
{
    QStringList candidates;
    const QString env = qEnvironmentVariable("LOADWRIGHT_LOCUST_DIR");
    if (!env.isEmpty())
        candidates << env;
    if (QCoreApplication::instance()) {
        const QDir app(QCoreApplication::applicationDirPath());
        candidates << app.filePath(QStringLiteral("locust"))
                   << app.filePath(QStringLiteral("../share/loadwright/locust"));
    }
    candidates << QStringLiteral(LW_LOCUST_BUILD_DIR);
    for (const QString &dir : candidates) {
        if (QFileInfo(QDir(dir).filePath(kBridge)).isFile())
            return QDir(dir).absolutePath();
    }
    return {};
}

QString locustPython()
{
    const QString env = qEnvironmentVariable("LOADWRIGHT_LOCUST_PYTHON");
    return env.isEmpty() ? QStringLiteral("/usr/bin/python3") : env;
}

EngineLaunch locustEngineLaunch(int workers)
{
    EngineChoice engine;
    engine.kind = QStringLiteral("locust");
    engine.workers = workers;
    return locustEngineLaunch(engine);
}

EngineLaunch locustEngineLaunch(const EngineChoice &engine)
{
    EngineLaunch launch;
    launch.program = locustPython();
    const QString dir = locustAdapterDir();
    const QList<ValidationIssue> issues = validateEngineChoice(engine);
    if (!issues.isEmpty())
        launch.problem = QStringLiteral("the Locust engine's options are not valid: %1: %2")
                             .arg(issues.first().path, issues.first().message);
    else if (!QFileInfo(launch.program).isExecutable())
        launch.problem = QStringLiteral("the Locust engine needs %1: install the Debian packages python3 and "
                                        "python3-locust")
                             .arg(launch.program);
    else if (dir.isEmpty())
        launch.problem =
            QStringLiteral("cannot find the Locust adapter (%1): set LOADWRIGHT_LOCUST_DIR to the "
                           "directory that holds it")
                .arg(kBridge);
    launch.arguments = {QDir(dir).filePath(kBridge), QStringLiteral("--protocol"),
                        QStringLiteral("--workers"), QString::number(engine.workers)};
    if (engine.hasWorkerOptions()) {
        QJsonArray remote;
        for (const RemoteWorker &w : engine.remoteWorkers)
            remote.append(
                QJsonObject{{QStringLiteral("host"), w.host}, {QStringLiteral("command"), w.command}});
        const qint64 timeoutMs = parseDurationMs(engine.workerTimeout).value_or(60000);
        launch.arguments << QStringLiteral("--external-workers") << QString::number(engine.externalWorkers)
                         << QStringLiteral("--remote-workers")
                         << QString::fromUtf8(QJsonDocument(remote).toJson(QJsonDocument::Compact))
                         << QStringLiteral("--master-host") << engine.masterHost
                         << QStringLiteral("--master-port") << QString::number(engine.masterPort)
                         << QStringLiteral("--worker-timeout") << QString::number(double(timeoutMs) / 1000.0);
    }
    return launch;
}

} // namespace lw
