#pragma once

// Runs a program without a shell, feeds it bytes on stdin and waits at most a timeout; on expiry
// the program and everything it started (its process group) are killed. Any thread.

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace lw::plugins {

struct CommandSpec
{
    QString program;
    QStringList arguments;
    QString workingDirectory;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    QByteArray input;
    int timeoutMs = 10000;
};

struct CommandResult
{
    bool started = false;
    QString startError; // why it did not start
    bool timedOut = false;
    bool crashed = false;
    int exitCode = -1;
    QByteArray stderrTail; // the last 4 KB written to stderr
    qint64 elapsedMs = 0;
};

CommandResult runCommand(const CommandSpec &spec);

} // namespace lw::plugins
