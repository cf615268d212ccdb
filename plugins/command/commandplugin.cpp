#include "commandplugin.h"

#include "commandrunner.h"
#include "pluginsupport.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>

namespace lw::plugins {

using lw::notify::ConfigField;
using lw::notify::DeliveryResult;

namespace {

constexpr int kExTempFail = 75; // sysexits.h EX_TEMPFAIL
constexpr int kMaxStderrChars = 300;

QString resolveProgram(const QString &program)
{
    if (program.contains(QLatin1Char('/'))) {
        const QFileInfo info(program);
        return info.isFile() && info.isExecutable() ? info.absoluteFilePath() : QString();
    }
    return QStandardPaths::findExecutable(program);
}

QStringList argumentLines(const QVariantMap &config)
{
    QStringList arguments = config.value(QStringLiteral("args")).toString().split(QLatin1Char('\n'));
    for (QString &argument : arguments)
        if (argument.endsWith(QLatin1Char('\r')))
            argument.chop(1);
    while (!arguments.isEmpty() && arguments.constLast().isEmpty())
        arguments.removeLast();
    return arguments;
}

QString stderrNote(const QByteArray &tail)
{
    QString text = QString::fromUtf8(tail).trimmed();
    if (text.isEmpty())
        return {};
    text.replace(QLatin1Char('\n'), QLatin1String(" | "));
    if (text.size() > kMaxStderrChars)
        text = QChar(0x2026) + text.right(kMaxStderrChars - 1);
    return QStringLiteral(": ") + text;
}

} // namespace

QString CommandPlugin::description() const
{
    return QStringLiteral("Runs a program (no shell) with the notification as JSON on its standard input");
}

QList<ConfigField> CommandPlugin::configFields() const
{
    using T = ConfigField::Type;
    return {
        {QStringLiteral("program"),
         QStringLiteral("Program"),
         T::String,
         true,
         {},
         QStringLiteral("absolute path, or a name found in PATH; run directly, never through a shell")},
        {QStringLiteral("args"),
         QStringLiteral("Arguments"),
         T::Text,
         false,
         {},
         QStringLiteral("one argument per line, passed as written (no quoting, no expansion)")},
        {QStringLiteral("working_dir"),
         QStringLiteral("Working directory"),
         T::String,
         false,
         {},
         QStringLiteral("empty for the current directory")},
        {QStringLiteral("timeout_seconds"),
         QStringLiteral("Timeout (s)"),
         T::Integer,
         false,
         {},
         QStringLiteral("kill the program after this long; never longer than the delivery timeout")},
        {QStringLiteral("on_timeout"), QStringLiteral("On timeout"), T::String, false,
         QStringLiteral("retry"), QStringLiteral("retry or fail")},
        {QStringLiteral("secret"),
         QStringLiteral("Secret"),
         T::Secret,
         false,
         {},
         QStringLiteral("given to the program as LOADWRIGHT_CHANNEL_SECRET in its environment")},
    };
}

QString CommandPlugin::validateConfig(const QVariantMap &config) const
{
    const QString program = configString(config, QStringLiteral("program"));
    if (program.isEmpty())
        return QStringLiteral("program: set the program to run (an absolute path or a name in PATH)");
    if (resolveProgram(program).isEmpty())
        return QStringLiteral("program: '%1' is not an executable file (nor found in PATH)").arg(program);
    const QString dir = configString(config, QStringLiteral("working_dir"));
    if (!dir.isEmpty() && !QFileInfo(dir).isDir())
        return QStringLiteral("working_dir: '%1' is not a directory").arg(dir);
    bool ok = true;
    const int seconds = configInt(config, QStringLiteral("timeout_seconds"), 0, &ok);
    if (!ok || seconds < 0 || seconds > 3600)
        return QStringLiteral("timeout_seconds: expected a number of seconds from 1 to 3600, or empty");
    const QString onTimeout = configString(config, QStringLiteral("on_timeout"), QStringLiteral("retry"));
    if (onTimeout != QLatin1String("retry") && onTimeout != QLatin1String("fail"))
        return QStringLiteral("on_timeout: '%1' is not retry or fail").arg(onTimeout);
    return {};
}

DeliveryResult CommandPlugin::deliver(const lw::notify::Notification &notification, const QVariantMap &config,
                                      const lw::notify::DeliveryContext &context)
{
    using Outcome = DeliveryResult::Outcome;
    const QList<ConfigField> fields = configFields();
    if (const QString problem = validateConfig(config); !problem.isEmpty())
        return redacted({Outcome::Failed, problem}, config, fields);

    CommandSpec spec;
    spec.program = resolveProgram(configString(config, QStringLiteral("program")));
    spec.arguments = argumentLines(config);
    spec.workingDirectory = configString(config, QStringLiteral("working_dir"));
    spec.input = QJsonDocument(notification.toJson()).toJson(QJsonDocument::Compact) + '\n';
    const int contextMs = context.timeoutMs > 0 ? context.timeoutMs : 10000;
    const int configuredSeconds = configInt(config, QStringLiteral("timeout_seconds"), 0);
    spec.timeoutMs = configuredSeconds > 0 ? qMin(contextMs, configuredSeconds * 1000) : contextMs;
    spec.environment.insert(QStringLiteral("LOADWRIGHT_EVENT"), notification.event);
    spec.environment.insert(QStringLiteral("LOADWRIGHT_NOTIFICATION_ID"), notification.id);
    spec.environment.insert(QStringLiteral("LOADWRIGHT_ATTEMPT"), QString::number(context.attempt));
    const QString secret = config.value(QStringLiteral("secret")).toString();
    if (!secret.isEmpty())
        spec.environment.insert(QStringLiteral("LOADWRIGHT_CHANNEL_SECRET"), secret);
    else
        spec.environment.remove(QStringLiteral("LOADWRIGHT_CHANNEL_SECRET"));

    const CommandResult r = runCommand(spec);
    const QString name = QFileInfo(spec.program).fileName();
    DeliveryResult result;
    if (!r.started) {
        result = {Outcome::Failed, QStringLiteral("cannot start %1: %2").arg(name, r.startError)};
    } else if (r.timedOut) {
        const bool retry = configString(config, QStringLiteral("on_timeout"), QStringLiteral("retry")) ==
                           QLatin1String("retry");
        result = {retry ? Outcome::Retry : Outcome::Failed,
                  QStringLiteral("%1 still ran after %2 ms and was killed%3")
                      .arg(name)
                      .arg(spec.timeoutMs)
                      .arg(stderrNote(r.stderrTail))};
    } else if (r.crashed) {
        result = {Outcome::Failed, QStringLiteral("%1 crashed%2").arg(name, stderrNote(r.stderrTail))};
    } else if (r.exitCode == 0) {
        result = {Outcome::Sent, QStringLiteral("%1 exited 0 in %2 ms").arg(name).arg(r.elapsedMs)};
    } else if (r.exitCode == kExTempFail) {
        result = {Outcome::Retry,
                  QStringLiteral("%1 exited 75 (temporary failure)%2").arg(name, stderrNote(r.stderrTail))};
    } else {
        result = {Outcome::Failed,
                  QStringLiteral("%1 exited %2%3").arg(name).arg(r.exitCode).arg(stderrNote(r.stderrTail))};
    }
    return redacted(result, config, fields);
}

} // namespace lw::plugins
