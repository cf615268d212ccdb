#include "run/engineprocess.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QStandardPaths>

namespace lw {

namespace {
constexpr qsizetype kMaxLineBytes = 64 * 1024 * 1024; // far above any summary; guards memory
constexpr qsizetype kStderrTailBytes = 4096;
const QString kEngineName = QStringLiteral("loadwright-engine");

bool isStartRefusal(const QString &code)
{
    return code == QLatin1String("invalid_spec") || code == QLatin1String("host_refused") ||
           code == QLatin1String("unresolvable_host") || code == QLatin1String("already_started") ||
           code == QLatin1String("engine_unavailable"); // an adapter's engine is not installed
}
} // namespace

EngineProcess::EngineProcess(const QString &enginePath, QObject *parent)
    : QObject(parent), m_enginePath(enginePath.isEmpty() ? defaultEnginePath() : enginePath),
      m_heartbeat(this), m_killTimer(this) // children, so moveToThread() takes them along
{
    qRegisterMetaType<lw::EngineHello>();
    qRegisterMetaType<lw::EngineInterval>();
    qRegisterMetaType<lw::EngineSummary>();
    m_heartbeat.setInterval(1000); // the engine's dead-man switch fires after 3 s of silence
    connect(&m_heartbeat, &QTimer::timeout, this, [this] {
        send({{QStringLiteral("cmd"), QStringLiteral("heartbeat")}});
    });
    m_killTimer.setSingleShot(true);
    m_killTimer.setInterval(kEmergencyKillMs);
    connect(&m_killTimer, &QTimer::timeout, this, [this] {
        if (m_process && m_process->state() != QProcess::NotRunning) {
            m_killedAfterEmergency = true;
            m_process->kill();
        }
    });
}

EngineProcess::EngineProcess(const EngineLaunch &launch, QObject *parent)
    : EngineProcess(launch.program.isEmpty() ? QStringLiteral("-") : launch.program, parent)
{
    m_arguments = launch.arguments;
    m_launchProblem = launch.problem;
}

QString EngineProcess::commandLine() const
{
    return (QStringList{m_enginePath} + m_arguments).join(QLatin1Char(' '));
}

EngineProcess::~EngineProcess()
{
    if (!m_process)
        return;
    m_process->disconnect(this);
    if (m_process->state() != QProcess::NotRunning) {
        m_process->closeWriteChannel(); // dead-man switch: the engine stops sending at once
        if (!m_process->waitForFinished(1000)) {
            m_process->kill();
            m_process->waitForFinished(1000);
        }
    }
}

QString EngineProcess::defaultEnginePath()
{
    if (QCoreApplication::instance()) {
        const QFileInfo beside(QDir(QCoreApplication::applicationDirPath()).filePath(kEngineName));
        if (beside.isFile() && beside.isExecutable())
            return beside.absoluteFilePath();
    }
    return QStandardPaths::findExecutable(kEngineName);
}

void EngineProcess::start(const QJsonObject &spec)
{
    if (m_state != State::Idle) {
        QTimer::singleShot(0, this, [this] {
            Q_EMIT engineFailed(
                QStringLiteral("this engine process already ran a test; use a new one per run"));
        });
        return;
    }
    m_spec = spec;
    m_state = State::Launching;
    QString problem = m_launchProblem;
    const QFileInfo binary(m_enginePath);
    if (!problem.isEmpty()) {
        // the launch already says why it cannot run
    } else if (m_enginePath.isEmpty()) {
        problem =
            QStringLiteral("cannot find the load engine: %1 is neither next to the application nor on PATH")
                .arg(kEngineName);
    } else if (!binary.exists()) {
        problem = QStringLiteral("cannot find the load engine: %1 does not exist").arg(m_enginePath);
    } else if (!binary.isFile() || !binary.isExecutable()) {
        problem =
            QStringLiteral("cannot start the load engine: %1 is not an executable file").arg(m_enginePath);
    }
    if (!problem.isEmpty()) {
        QTimer::singleShot(0, this, [this, problem] {
            m_state = State::Finished;
            fail(problem);
        });
        return;
    }

    m_process = new QProcess(this);
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    connect(m_process, &QProcess::readyReadStandardOutput, this, &EngineProcess::onReadyRead);
    connect(m_process, &QProcess::readyReadStandardError, this, [this] {
        m_stderr += m_process->readAllStandardError();
        if (m_stderr.size() > kStderrTailBytes)
            m_stderr = m_stderr.right(kStderrTailBytes);
    });
    connect(m_process, &QProcess::started, this, [this] { m_heartbeat.start(); });
    connect(m_process, &QProcess::finished, this, &EngineProcess::onFinished);
    connect(m_process, &QProcess::errorOccurred, this, &EngineProcess::onProcessError);
    m_process->start(m_enginePath, m_arguments);
}

void EngineProcess::stop()
{
    if (m_state == State::Running) {
        send({{QStringLiteral("cmd"), QStringLiteral("stop")}});
        m_state = State::Stopping;
    } else if (m_state == State::Launching || m_state == State::Starting) {
        // Not started yet: closing stdin makes the engine end at once (with a summary and bye).
        m_spec = {};
        m_cancelled = true;
        closeInput();
        m_state = State::Stopping;
    }
}

void EngineProcess::emergencyStop()
{
    if (!m_process || m_process->state() == QProcess::NotRunning)
        return;
    if (m_state == State::Running || m_state == State::Stopping) {
        send({{QStringLiteral("cmd"), QStringLiteral("emergency_stop")}});
    } else {
        m_cancelled = true;
        closeInput();
    }
    m_spec = {};
    m_state = State::Stopping;
    m_killTimer.start();
}

void EngineProcess::setRate(double rate)
{
    if (m_state == State::Running)
        send({{QStringLiteral("cmd"), QStringLiteral("set_rate")}, {QStringLiteral("rate"), rate}});
}

void EngineProcess::setScale(double scale)
{
    if (m_state == State::Running)
        send({{QStringLiteral("cmd"), QStringLiteral("set_rate")}, {QStringLiteral("scale"), scale}});
}

void EngineProcess::send(const QJsonObject &command)
{
    if (!m_process || m_process->state() != QProcess::Running || m_inputClosed)
        return;
    QByteArray line = QJsonDocument(command).toJson(QJsonDocument::Compact);
    line += '\n';
    m_process->write(line);
}

void EngineProcess::closeInput()
{
    // The engine's dead-man switch: with stdin closed it stops sending at once and exits.
    m_heartbeat.stop();
    m_inputClosed = true;
    if (m_process)
        m_process->closeWriteChannel();
}

void EngineProcess::onReadyRead()
{
    m_buffer += m_process->readAllStandardOutput();
    qsizetype from = 0;
    for (qsizetype nl = m_buffer.indexOf('\n'); nl >= 0; nl = m_buffer.indexOf('\n', from)) {
        handleLine(m_buffer.mid(from, nl - from));
        from = nl + 1;
        if (!m_process)
            return;
    }
    m_buffer.remove(0, from);
    if (m_buffer.size() > kMaxLineBytes) {
        warnMalformed(QStringLiteral("a line longer than %1 MiB").arg(kMaxLineBytes / (1024 * 1024)));
        m_buffer.clear();
    }
}

void EngineProcess::handleLine(const QByteArray &line)
{
    if (line.trimmed().isEmpty())
        return;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
    if (!doc.isObject()) {
        warnMalformed(error.error != QJsonParseError::NoError ? error.errorString()
                                                              : QStringLiteral("not a JSON object"));
        return;
    }
    handleEvent(doc.object());
}

void EngineProcess::handleEvent(const QJsonObject &e)
{
    if (m_failed)
        return; // after a refusal only the exit is left; its shutdown events mean nothing
    const QString event = e.value(QLatin1String("event")).toString();
    QString error;
    if (event == QLatin1String("hello")) {
        EngineHello hello;
        if (!parseEngineHello(e, &hello, &error))
            return fail(QStringLiteral("the load engine at %1 is not usable: %2").arg(m_enginePath, error));
        if (hello.protocol != kEngineProtocolVersion) {
            return fail(
                QStringLiteral("the load engine at %1 speaks protocol %2, this version needs protocol %3")
                    .arg(m_enginePath)
                    .arg(hello.protocol)
                    .arg(kEngineProtocolVersion));
        }
        Q_EMIT engineReady(hello);
        if (m_state == State::Launching && !m_spec.isEmpty()) {
            m_state = State::Starting;
            send({{QStringLiteral("cmd"), QStringLiteral("start")}, {QStringLiteral("spec"), m_spec}});
        }
    } else if (event == QLatin1String("started")) {
        if (m_state == State::Starting)
            m_state = State::Running;
        m_runStarted = true;
        Q_EMIT runStarted();
    } else if (event == QLatin1String("interval")) {
        EngineInterval interval;
        if (parseEngineInterval(e, &interval, &error))
            Q_EMIT intervalReceived(interval);
        else
            warnMalformed(error);
    } else if (event == QLatin1String("debug_step")) {
        Q_EMIT debugStepReceived(e);
    } else if (event == QLatin1String("warning")) {
        Q_EMIT warningReceived(e.value(QLatin1String("message")).toString());
    } else if (event == QLatin1String("error")) {
        const QString code = e.value(QLatin1String("code")).toString();
        const QString message = e.value(QLatin1String("message")).toString();
        if (m_state == State::Starting && isStartRefusal(code))
            fail(QStringLiteral("the run was refused (%1): %2").arg(code, message));
        else
            Q_EMIT warningReceived(
                QStringLiteral("the load engine rejected a command (%1): %2").arg(code, message));
    } else if (event == QLatin1String("summary")) {
        if (m_cancelled && !m_runStarted)
            return; // the summary of a run that never began: onFinished reports the cancel
        EngineSummary summary;
        if (parseEngineSummary(e, &summary, &error)) {
            m_summary = true;
            Q_EMIT runFinished(summary);
        } else {
            warnMalformed(error);
        }
    } else if (event == QLatin1String("bye")) {
        m_bye = true;
    }
    // status and events added by later protocol versions need nothing here.
}

void EngineProcess::onFinished(int exitCode, QProcess::ExitStatus status)
{
    m_stderr += m_process->readAllStandardError();
    m_buffer += m_process->readAllStandardOutput();
    if (!m_buffer.isEmpty()) {
        m_buffer += '\n'; // a last line cut by the exit is still worth parsing
        onReadyRead();
    }
    m_heartbeat.stop();
    m_killTimer.stop();
    m_state = State::Finished;
    if (m_failed)
        return;
    if (m_cancelled && !m_runStarted) {
        fail(QStringLiteral("the run was cancelled before it started"));
        return;
    }
    if (m_bye && m_summary)
        return;
    if (m_bye) {
        fail(QStringLiteral("the load engine finished without a usable summary"));
        return;
    }
    QString message;
    if (m_killedAfterEmergency)
        message =
            QStringLiteral("the load engine did not stop within %1 ms of an emergency stop and was killed")
                .arg(kEmergencyKillMs);
    else if (status == QProcess::CrashExit)
        message = QStringLiteral("the load engine was killed by signal %1 during the run").arg(exitCode);
    else
        message =
            QStringLiteral("the load engine exited with code %1 before finishing the run").arg(exitCode);
    const QString tail = stderrTail();
    if (!tail.isEmpty())
        message += QStringLiteral(" (it said: %1)").arg(tail);
    Q_EMIT engineCrashed(exitCode, message);
}

void EngineProcess::onProcessError(QProcess::ProcessError error)
{
    if (error != QProcess::FailedToStart)
        return; // crashes arrive through finished()
    m_heartbeat.stop();
    m_state = State::Finished;
    fail(QStringLiteral("cannot start the load engine %1: %2").arg(m_enginePath, m_process->errorString()));
}

void EngineProcess::fail(const QString &message)
{
    if (m_failed)
        return;
    m_failed = true;
    m_spec = {};
    if (m_process && m_process->state() != QProcess::NotRunning) {
        // The engine waits for commands after a refusal; closing stdin ends it.
        closeInput();
        m_killTimer.start();
    }
    Q_EMIT engineFailed(message);
}

void EngineProcess::warnMalformed(const QString &what)
{
    if (m_warnedMalformed)
        return;
    m_warnedMalformed = true;
    Q_EMIT warningReceived(QStringLiteral("the load engine sent a line that could not be read (%1); "
                                          "further bad lines are ignored")
                               .arg(what));
}

QString EngineProcess::stderrTail() const
{
    QString text = QString::fromUtf8(m_stderr).trimmed();
    const qsizetype nl = text.lastIndexOf(QLatin1Char('\n'));
    return nl >= 0 ? text.mid(nl + 1) : text;
}

} // namespace lw
