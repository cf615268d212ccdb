#pragma once

// Owns one loadwright-engine process for one run and turns its JSON-lines protocol
// (core/engine/PROTOCOL.md) into commands in and value-type signals out. Lives in, and emits from,
// the thread that owns it (moveToThread() before start() to keep parsing off the GUI thread); every
// signal is emitted from the event loop, never from inside a command.

#include "results/engineevents.h"

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTimer>

namespace lw {

// How to start a program that speaks the engine protocol: the built-in loadwright-engine, or an
// engine adapter such as the Locust bridge (locustengine.h). The controller does not care which.
struct EngineLaunch
{
    QString program;
    QStringList arguments;
    QString problem; // non-empty: it cannot be launched, and why (a message a person can act on)
};

class EngineProcess : public QObject
{
    Q_OBJECT
public:
    static constexpr int kEngineProtocolVersion = 1;
    // After emergencyStop(), an engine still alive this long is killed.
    static constexpr int kEmergencyKillMs = 3000;

    enum class State
    {
        Idle,
        Launching,
        Starting,
        Running,
        Stopping,
        Finished
    };
    Q_ENUM(State)

    // enginePath empty: defaultEnginePath().
    explicit EngineProcess(const QString &enginePath = {}, QObject *parent = nullptr);
    // Any engine speaking the protocol; launch.problem makes start() fail with that message.
    explicit EngineProcess(const EngineLaunch &launch, QObject *parent = nullptr);
    // A still-running engine is told to stop by closing its stdin (its dead-man switch), then killed.
    ~EngineProcess() override;

    // loadwright-engine next to the application binary, else on PATH; empty when neither exists.
    static QString defaultEnginePath();

    QString enginePath() const { return m_enginePath; }
    // The program and its arguments, for logs.
    QString commandLine() const;
    State state() const { return m_state; }
    bool isActive() const { return m_state != State::Idle && m_state != State::Finished; }

    // Launches the engine and, after its hello, sends start with spec (see runspecbuilder.h).
    // One run per object: a second call emits engineFailed.
    void start(const QJsonObject &spec);
    // Before the run has started, stop() and emergencyStop() cancel it: engineFailed("... cancelled ...").
    void stop();                 // graceful: in-flight requests finish, then runFinished
    void emergencyStop();        // every socket closed at once; killed if still alive after kEmergencyKillMs
    void setRate(double rate);   // open model: requests/s; closed model: virtual users
    void setScale(double scale); // multiplies the remaining stage profile

Q_SIGNALS:
    void engineReady(const lw::EngineHello &hello);
    void runStarted();
    void intervalReceived(const lw::EngineInterval &interval);
    void warningReceived(const QString &message);
    void runFinished(const lw::EngineSummary &summary);
    // Debug runs: the engine's record of one step (its debug_step event, as sent).
    void debugStepReceived(const QJsonObject &record);
    // The run could not start or was refused: bad spec, refused or unresolvable host, missing binary.
    void engineFailed(const QString &message);
    // The engine died without saying bye. exitCodeOrSignal is the signal number when killed.
    void engineCrashed(int exitCodeOrSignal, const QString &message);

private:
    void onReadyRead();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void onProcessError(QProcess::ProcessError error);
    void handleLine(const QByteArray &line);
    void handleEvent(const QJsonObject &event);
    void send(const QJsonObject &command);
    void closeInput();
    void fail(const QString &message);
    void warnMalformed(const QString &what);
    QString stderrTail() const;

    QString m_enginePath;
    QStringList m_arguments{QStringLiteral("--protocol")};
    QString m_launchProblem;
    QProcess *m_process = nullptr;
    QTimer m_heartbeat;
    QTimer m_killTimer;
    QJsonObject m_spec;
    QByteArray m_buffer;
    QByteArray m_stderr;
    State m_state = State::Idle;
    bool m_failed = false; // engineFailed emitted: the exit that follows is not a crash
    bool m_bye = false;
    bool m_summary = false;
    bool m_warnedMalformed = false;
    bool m_killedAfterEmergency = false;
    bool m_cancelled = false; // stopped before the run started
    bool m_runStarted = false;
    bool m_inputClosed = false; // stdin closed: nothing more can be sent
};

} // namespace lw
