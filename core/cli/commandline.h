#pragma once

// The `loadwright` command line as plain QtCore code: parsing, the command table, help text and
// dispatch. main.cpp only decides between the GUI and runCommand(); tests call these in-process.

#include <QHash>
#include <QList>
#include <QMultiHash>
#include <QString>
#include <QStringList>

#include <functional>

class QTextStream;

namespace lw::cli {

// Exit codes shared by every command (documented in --help).
enum ExitCode : int
{
    ExitSuccess = 0,       // done
    ExitVerdictFailed = 1, // a verdict failed (success criteria, audit verification)
    ExitBadInput = 2,      // bad input or usage: invalid strategy, unknown option, refused workspace
    ExitSafetyStop = 3,    // a run was stopped by a safety limit
    ExitRefused = 4,       // refused before start: approvals, prerequisites, testing window
    ExitInternal = 5,      // internal or engine failure
};

// What the user typed, parsed. Options are stored under their long name without dashes.
struct Invocation
{
    QString command;       // "" when none was given (the GUI)
    QStringList arguments; // positional arguments after the command
    QMultiHash<QString, QString>
        options;   // "workspace" -> FILE, "set" -> VAR=value (repeatable), "json" -> ""
    QString error; // a usage error found while parsing; reported with exit 2

    bool has(const QString &option) const { return options.contains(option); }
    QString value(const QString &option) const;      // the last value given
    QStringList values(const QString &option) const; // every value, in the order given
};

struct CommandIo
{
    QTextStream &out;
    QTextStream &err;
};

struct OptionSpec
{
    QString name;      // long name: "workspace" for --workspace
    QChar shortName;   // e.g. 'o' for -o; null when none
    QString valueName; // "FILE"; empty for a flag
    QString help;
};

struct CommandSpec
{
    QString name;
    QString synopsis;    // "validate FILE... [--set VAR=value]"
    QString summary;     // one line for --help
    QStringList options; // command-specific option names (global ones are always accepted)
    int minArguments = 0;
    int maxArguments = -1; // -1: unlimited
    std::function<int(const Invocation &, CommandIo &)> run;
};

// Every option any command knows, and the global ones (accepted by all commands).
const QList<OptionSpec> &optionSpecs();
QStringList globalOptions();

// The commands, in --help order. Later areas add theirs here (run, runs, approve, report, audit...).
const QList<CommandSpec> &commands();
const CommandSpec *findCommand(const QString &name);

// Parses arguments (without the program name). "--opt=value" and "--opt value" both work; options may
// come before or after the command; "--" ends options.
Invocation parseArguments(const QStringList &arguments);

// True when the invocation opens the workbench (no command, "gui", or --demo without a command).
bool wantsGui(const Invocation &inv);

// Checks the invocation against its command's spec and runs it. --help and --version are handled
// here too. Never opens a window; the GUI path is main.cpp's.
int runCommand(const Invocation &inv, CommandIo &io);

QString versionText();
QString usageText();                          // loadwright --help
QString commandHelp(const CommandSpec &spec); // loadwright COMMAND --help

// Writes "loadwright: MESSAGE" and the usage hint to io.err; returns ExitBadInput.
int usageError(CommandIo &io, const QString &message);

} // namespace lw::cli
