#include "run/locustengine.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

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
    EngineLaunch launch;
    launch.program = locustPython();
    const QString dir = locustAdapterDir();
    if (workers < 1 || workers > 64)
        launch.problem = QStringLiteral("the Locust engine needs 1..64 workers, not %1").arg(workers);
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
                        QStringLiteral("--workers"), QString::number(workers)};
    return launch;
}

} // namespace lw
