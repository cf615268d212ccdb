#include "run/rollbackrunner.h"

#include <QDateTime>
#include <QLocale>
#include <QProcess>
#include <QTimer>

#include <algorithm>
#include <climits>

#include <signal.h>
#include <unistd.h>

namespace lw {

namespace {

constexpr qint64 kDefaultTimeoutMs = 60'000;
constexpr int kOutputLines = 20;
constexpr qsizetype kOutputBytes = 4096;

QString tail(const QByteArray &bytes)
{
    QString text = QString::fromUtf8(bytes.right(kOutputBytes)).trimmed();
    QStringList lines = text.split(QLatin1Char('\n'));
    if (lines.size() > kOutputLines)
        lines = lines.mid(lines.size() - kOutputLines);
    return lines.join(QLatin1Char('\n'));
}

QString seconds(qint64 ms)
{
    return QLocale::c().toString(double(ms) / 1000.0, 'f', 1) + QStringLiteral(" s");
}

} // namespace

RollbackRunner::RollbackRunner(QList<RollbackProcedure> procedures, QObject *parent)
    : QObject(parent), m_procedures(std::move(procedures)), m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &RollbackRunner::onTimeout);
}

RollbackRunner::~RollbackRunner()
{
    if (m_process) {
        m_process->disconnect(this);
        killGroup();
        m_process->waitForFinished(2000);
    }
}

void RollbackRunner::start()
{
    if (m_running)
        return;
    m_running = true;
    m_aborted = false;
    m_results.clear();
    m_index = -1;
    if (m_procedures.isEmpty()) {
        QTimer::singleShot(0, this, &RollbackRunner::finish);
        return;
    }
    nextProcedure();
}

void RollbackRunner::abort()
{
    if (!m_running)
        return;
    m_aborted = true;
    if (m_process)
        killGroup(); // onProcessFinished records the step and finishes
    else
        finish();
}

void RollbackRunner::nextProcedure()
{
    ++m_index;
    if (m_aborted || m_index >= m_procedures.size()) {
        finish();
        return;
    }
    RollbackStepResult r;
    r.name = m_procedures.at(m_index).name;
    r.hasVerify = !m_procedures.at(m_index).verifyCommand.trimmed().isEmpty();
    m_results.append(r);
    Q_EMIT stepStarted(m_index, r.name);
    startStep(false);
}

void RollbackRunner::startStep(bool verify)
{
    const RollbackProcedure &p = m_procedures.at(m_index);
    m_verifying = verify;
    m_timedOut = false;
    m_output.clear();
    const auto timeout = parseDurationMs(p.timeout);
    m_timeoutMs = timeout && *timeout > 0 ? *timeout : kDefaultTimeoutMs;

    m_process = new QProcess(this);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setProgram(QStringLiteral("/bin/sh"));
    m_process->setArguments({QStringLiteral("-c"), verify ? p.verifyCommand : p.command});
    // Own process group, so a timeout kills the shell and everything it started.
    m_process->setChildProcessModifier([] { ::setpgid(0, 0); });
    m_process->setStandardInputFile(QProcess::nullDevice());
    connect(m_process, &QProcess::readyRead, this, [this] {
        m_output += m_process->readAll();
        if (m_output.size() > 4 * kOutputBytes)
            m_output = m_output.right(kOutputBytes);
    });
    connect(m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        onProcessFinished(code, status == QProcess::CrashExit);
    });
    connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart) {
            m_output += m_process->errorString().toUtf8();
            onProcessFinished(-1, true);
        }
    });
    m_clock.start();
    m_timer->start(int(std::min<qint64>(m_timeoutMs, INT_MAX)));
    m_process->start();
}

void RollbackRunner::killGroup()
{
    if (!m_process)
        return;
    const qint64 pid = m_process->processId();
    if (pid > 0) {
        ::kill(-pid_t(pid), SIGKILL); // the group (setpgid in the child)
        ::kill(pid_t(pid), SIGKILL);  // in case the child had not yet made its group
    }
}

void RollbackRunner::onTimeout()
{
    m_timedOut = true;
    killGroup();
}

void RollbackRunner::onProcessFinished(int exitCode, bool crashed)
{
    if (!m_process)
        return;
    m_timer->stop();
    m_output += m_process->readAll();
    QProcess *done = m_process;
    m_process = nullptr;
    done->disconnect(this);
    done->deleteLater();

    RollbackStepResult &r = m_results[m_index];
    const bool ok = !crashed && !m_timedOut && exitCode == 0;
    const int code = crashed ? -1 : exitCode;
    if (m_verifying) {
        r.verifyOk = ok;
        r.verifyExitCode = code;
        r.verifyTimedOut = m_timedOut;
        r.verifyDurationMs = m_clock.elapsed();
        r.verifyOutput = tail(m_output);
    } else {
        r.commandOk = ok;
        r.exitCode = code;
        r.timedOut = m_timedOut;
        r.durationMs = m_clock.elapsed();
        r.output = tail(m_output);
    }
    Q_EMIT eventLogged(makeEvent(m_verifying));

    if (!m_verifying && ok && r.hasVerify && !m_aborted) {
        startStep(true);
        return;
    }
    // A failed step does not stop the rollback: the next procedures still run.
    nextProcedure();
}

RunEvent RollbackRunner::makeEvent(bool verify) const
{
    const RollbackProcedure &p = m_procedures.at(m_index);
    const RollbackStepResult &r = m_results.at(m_index);
    const bool ok = verify ? r.verifyOk : r.commandOk;
    const int code = verify ? r.verifyExitCode : r.exitCode;
    const bool timedOut = verify ? r.verifyTimedOut : r.timedOut;
    const qint64 ms = verify ? r.verifyDurationMs : r.durationMs;
    const QString output = verify ? r.verifyOutput : r.output;

    RunEvent e;
    e.atMs = QDateTime::currentMSecsSinceEpoch();
    e.elapsedS = m_runStartMs > 0 ? double(e.atMs - m_runStartMs) / 1000.0 : 0.0;
    e.kind = verify ? QStringLiteral("rollback.verify") : QStringLiteral("rollback.step");
    e.severity = ok ? AlertSeverity::Info : AlertSeverity::Critical;
    const QString what =
        (verify ? QStringLiteral("rollback verification %1 '%2'") : QStringLiteral("rollback step %1 '%2'"))
            .arg(m_index + 1)
            .arg(p.name);
    if (ok)
        e.message = what + QStringLiteral(" succeeded in ") + seconds(ms);
    else if (timedOut)
        e.message =
            what + QStringLiteral(" timed out after ") + seconds(ms) + QStringLiteral(" and was killed");
    else if (m_aborted)
        e.message = what + QStringLiteral(" was aborted after ") + seconds(ms);
    else if (code < 0)
        e.message = what + QStringLiteral(" ended abnormally (killed or not started) after ") + seconds(ms);
    else
        e.message = what + QStringLiteral(" failed with exit code %1 in ").arg(code) + seconds(ms);
    e.data.insert(QStringLiteral("procedure"), p.name);
    e.data.insert(QStringLiteral("index"), m_index);
    e.data.insert(QStringLiteral("command"), verify ? p.verifyCommand : p.command);
    e.data.insert(QStringLiteral("exit_code"), code);
    e.data.insert(QStringLiteral("duration_ms"), ms);
    e.data.insert(QStringLiteral("timed_out"), timedOut);
    e.data.insert(QStringLiteral("timeout_ms"), m_timeoutMs);
    e.data.insert(QStringLiteral("succeeded"), ok);
    e.data.insert(QStringLiteral("output"), output);
    return e;
}

void RollbackRunner::finish()
{
    if (!m_running)
        return;
    m_running = false;
    bool all = !m_aborted && m_results.size() == m_procedures.size();
    for (const RollbackStepResult &r : std::as_const(m_results))
        all = all && r.succeeded();
    Q_EMIT finished(all);
}

} // namespace lw
