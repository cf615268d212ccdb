#include "commandrunner.h"

#include <QElapsedTimer>
#include <QProcess>

#ifdef Q_OS_UNIX
#include <signal.h>
#include <unistd.h>
#endif

namespace lw::plugins {

namespace {

constexpr qsizetype kTailBytes = 4096;

void keepTail(QByteArray *tail, const QByteArray &more)
{
    tail->append(more);
    if (tail->size() > kTailBytes)
        tail->remove(0, tail->size() - kTailBytes);
}

} // namespace

CommandResult runCommand(const CommandSpec &spec)
{
    CommandResult result;
    QElapsedTimer clock;
    clock.start();
    QProcess process;
    process.setProgram(spec.program);
    process.setArguments(spec.arguments);
    process.setProcessEnvironment(spec.environment);
    if (!spec.workingDirectory.isEmpty())
        process.setWorkingDirectory(spec.workingDirectory);
    process.setStandardOutputFile(QProcess::nullDevice());
#ifdef Q_OS_UNIX
    // A process group of its own, so a timeout also ends whatever the program started.
    process.setChildProcessModifier([] { ::setpgid(0, 0); });
#endif
    process.start(QIODevice::ReadWrite);
    if (!process.waitForStarted(qMax(100, spec.timeoutMs))) {
        result.startError = process.errorString();
        result.elapsedMs = clock.elapsed();
        return result;
    }
    result.started = true;
    process.write(spec.input);
    process.closeWriteChannel();

    while (process.state() != QProcess::NotRunning) {
        const qint64 left = spec.timeoutMs - clock.elapsed();
        if (left <= 0) {
            result.timedOut = true;
#ifdef Q_OS_UNIX
            ::kill(-pid_t(process.processId()), SIGKILL);
#endif
            process.kill();
            process.waitForFinished(2000);
            break;
        }
        process.waitForFinished(int(qMin<qint64>(left, 50)));
        keepTail(&result.stderrTail, process.readAllStandardError());
    }
    keepTail(&result.stderrTail, process.readAllStandardError());
    result.elapsedMs = clock.elapsed();
    if (!result.timedOut) {
        result.crashed = process.exitStatus() == QProcess::CrashExit;
        result.exitCode = process.exitCode();
    }
    return result;
}

} // namespace lw::plugins
