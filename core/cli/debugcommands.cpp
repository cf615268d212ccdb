#include "cli/debugcommands.h"

#include "audit/clock.h"
#include "cli/clicontext.h"
#include "cli/runcommands.h"
#include "cli/signalwatcher.h"
#include "governance/approvalgate.h"
#include "results/debugrecord.h"
#include "services/debugruns.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>
#include <QTimer>

#include <csignal>

namespace lw::cli {

namespace {

// Bodies longer than this are cut in the tree (--json shows them up to the engine's 64 KiB cap).
constexpr qsizetype kTreeBodyChars = 2048;

QString ms(const QJsonValue &us)
{
    return us.isNull() || us.isUndefined() ? QString()
                                           : QStringLiteral("%1 ms").arg(us.toDouble() / 1000.0, 0, 'f', 1);
}

void printHeaders(QTextStream &out, const QJsonArray &headers, const QString &indent)
{
    for (const QJsonValue &h : headers) {
        const QJsonArray pair = h.toArray();
        out << indent << pair.at(0).toString() << ": " << pair.at(1).toString() << "\n";
    }
}

void printBody(QTextStream &out, const QJsonObject &message, const QString &indent)
{
    const QString body = message.value(QLatin1String("body")).toString();
    const qint64 size = message.value(QLatin1String("body_size")).toInteger();
    if (size == 0 && body.isEmpty()) {
        out << indent << "body: (empty)\n";
        return;
    }
    QString shown = prettyBody(body);
    QString note;
    if (shown.size() > kTreeBodyChars) {
        note = QStringLiteral(" ... (cut at %1 characters; --json shows more)").arg(kTreeBodyChars);
        shown.truncate(kTreeBodyChars);
    } else if (message.value(QLatin1String("body_truncated")).toBool()) {
        note = QStringLiteral(" ... (the engine kept the first %1 bytes)").arg(body.toUtf8().size());
    }
    out << indent << "body (" << size << " bytes):";
    if (shown.contains(QLatin1Char('\n'))) {
        out << "\n";
        for (const QString &line : shown.split(QLatin1Char('\n')))
            out << indent << "  " << line << "\n";
        if (!note.isEmpty())
            out << indent << " " << note << "\n";
    } else {
        out << " " << shown << note << "\n";
    }
}

QString rowsText(const QJsonObject &rows)
{
    QStringList parts;
    for (auto it = rows.begin(); it != rows.end(); ++it)
        parts << QStringLiteral("%1 row %2").arg(it.key()).arg(it.value().toInteger() + 1);
    return parts.join(QStringLiteral(", "));
}

} // namespace

QString debugTreeText(const QList<QJsonObject> &records)
{
    QString text;
    QTextStream out(&text);
    qint64 iteration = -1;
    for (const QJsonObject &r : records) {
        const qint64 it = r.value(QLatin1String("iteration")).toInteger();
        if (it != iteration) {
            iteration = it;
            out << (text.isEmpty() ? "" : "\n") << "Iteration " << it + 1;
            const QString scenario = r.value(QLatin1String("scenario")).toString();
            out << " - "
                << (scenario.isEmpty() ? QStringLiteral("target") : QStringLiteral("scenario ") + scenario)
                << " - virtual user " << r.value(QLatin1String("vu")).toInteger();
            const QString rows = rowsText(r.value(QLatin1String("rows")).toObject());
            if (!rows.isEmpty())
                out << " - " << rows;
            out << "\n";
        }
        const QJsonObject request = r.value(QLatin1String("request")).toObject();
        const QJsonObject response = r.value(QLatin1String("response")).toObject();
        const QJsonObject timing = r.value(QLatin1String("timing")).toObject();
        const bool failed = debugStepFailed(r);
        out << "  [" << (failed ? "FAIL" : "PASS") << "] step "
            << r.value(QLatin1String("step_index")).toInt() + 1 << " "
            << r.value(QLatin1String("step")).toString() << ": "
            << request.value(QLatin1String("method")).toString() << " "
            << request.value(QLatin1String("url")).toString() << " -> ";
        if (response.isEmpty())
            out << "no response";
        else
            out << response.value(QLatin1String("status")).toInt() << " "
                << response.value(QLatin1String("reason")).toString();
        out << " (" << ms(timing.value(QLatin1String("latency_us")));
        if (!timing.value(QLatin1String("connect_us")).isNull())
            out << ", connect " << ms(timing.value(QLatin1String("connect_us")));
        if (!timing.value(QLatin1String("tls_us")).isNull())
            out << ", TLS " << ms(timing.value(QLatin1String("tls_us")));
        if (!timing.value(QLatin1String("first_byte_us")).isNull())
            out << ", first byte " << ms(timing.value(QLatin1String("first_byte_us")));
        out << (timing.value(QLatin1String("reused_connection")).toBool() ? ", reused connection" : "")
            << ")\n";

        const QJsonObject error = r.value(QLatin1String("error")).toObject();
        if (!error.isEmpty())
            out << "    error (" << error.value(QLatin1String("class")).toString()
                << "): " << error.value(QLatin1String("message")).toString() << "\n";
        out << "    request\n";
        printHeaders(out, request.value(QLatin1String("headers")).toArray(), QStringLiteral("      "));
        printBody(out, request, QStringLiteral("      "));
        if (!response.isEmpty()) {
            out << "    response\n";
            printHeaders(out, response.value(QLatin1String("headers")).toArray(), QStringLiteral("      "));
            printBody(out, response, QStringLiteral("      "));
        }
        const QJsonArray extractions = r.value(QLatin1String("extractions")).toArray();
        if (!extractions.isEmpty()) {
            out << "    extractions\n";
            for (const QJsonValue &v : extractions) {
                const QJsonObject x = v.toObject();
                const QString how =
                    QStringLiteral("(%1 %2)").arg(x.value(QLatin1String("from")).toString(),
                                                  x.value(QLatin1String("expression")).toString());
                if (x.value(QLatin1String("ok")).toBool())
                    out << "      [ok] " << x.value(QLatin1String("var")).toString() << " = "
                        << x.value(QLatin1String("value")).toString() << " " << how << "\n";
                else
                    out << "      [FAILED] " << x.value(QLatin1String("var")).toString() << ": "
                        << x.value(QLatin1String("error")).toString() << " " << how << "\n";
            }
        }
        const QJsonArray checks = r.value(QLatin1String("checks")).toArray();
        if (!checks.isEmpty()) {
            out << "    checks\n";
            for (const QJsonValue &v : checks) {
                const QJsonObject c = v.toObject();
                out << "      [" << (c.value(QLatin1String("passed")).toBool() ? "pass" : "FAIL") << "] "
                    << c.value(QLatin1String("name")).toString() << ": "
                    << c.value(QLatin1String("measured")).toString() << " (expected "
                    << c.value(QLatin1String("expected")).toString() << ")\n";
            }
        }
        if (r.value(QLatin1String("cookies_enabled")).toBool()) {
            // name=value (domain, path, expiry, Secure, HttpOnly): the attributes as the jar keeps them.
            QStringList jar;
            const QJsonArray attributes = r.value(QLatin1String("cookie_attributes")).toArray();
            const QJsonArray cookies = r.value(QLatin1String("cookies")).toArray();
            for (qsizetype i = 0; i < cookies.size(); ++i) {
                const QJsonArray c = cookies.at(i).toArray();
                QString cookie = c.at(0).toString() + QLatin1Char('=') + c.at(1).toString();
                if (i < attributes.size())
                    cookie += QStringLiteral(" (") + cookieAttributesText(attributes.at(i).toObject()) +
                              QLatin1Char(')');
                jar << cookie;
            }
            out << "    cookies after the step: "
                << (jar.isEmpty() ? QStringLiteral("(none)") : jar.join(QStringLiteral("; "))) << "\n";
        }
        const QJsonObject think = r.value(QLatin1String("think_time")).toObject();
        if (think.value(QLatin1String("configured_us")).toInteger() > 0)
            out << "    think time " << ms(think.value(QLatin1String("configured_us")))
                << (think.value(QLatin1String("applied")).toBool() ? " applied" : " skipped") << "\n";
        const QJsonObject end = r.value(QLatin1String("iteration_end")).toObject();
        if (!end.isEmpty()) {
            out << "  iteration "
                << (end.value(QLatin1String("completed")).toBool() ? "completed" : "ended early") << " in "
                << ms(end.value(QLatin1String("duration_us")));
            const QString reason = end.value(QLatin1String("reason")).toString();
            if (!end.value(QLatin1String("completed")).toBool() && !reason.isEmpty())
                out << ": " << reason;
            out << "\n";
        }
    }
    out.flush();
    return text;
}

int debugCommand(const Invocation &inv, CommandIo &io)
{
    const std::optional<Variables> vars = variables(inv, io);
    if (!vars)
        return ExitBadInput;
    const QString user = actingUser(inv);
    if (user.isEmpty())
        return usageError(io, QStringLiteral("--as needs a user name"));
    DebugOptions debug;
    auto count = [&](const char *name, int *out) {
        const QString key = QLatin1String(name);
        if (!inv.has(key))
            return true;
        bool ok = false;
        *out = inv.value(key).toInt(&ok);
        return ok && *out >= 1 && *out <= 10;
    };
    if (!count("iterations", &debug.iterations))
        return usageError(io, QStringLiteral("--iterations expects a number from 1 to 10 (got '%1')")
                                  .arg(inv.value(QStringLiteral("iterations"))));
    if (!count("rows", &debug.rows))
        return usageError(io, QStringLiteral("--rows expects a number from 1 to 10 (got '%1')")
                                  .arg(inv.value(QStringLiteral("rows"))));
    if (inv.has(QStringLiteral("rows")) && inv.has(QStringLiteral("iterations")))
        return usageError(io, QStringLiteral("--rows and --iterations exclude each other: --rows K sends one "
                                             "iteration per data row of the first K rows"));
    debug.scenario = inv.value(QStringLiteral("scenario"));

    int code = ExitBadInput;
    const std::optional<RunTarget> target = resolveRunTarget(inv, io, *vars, user, &code);
    if (!target)
        return code;

    RunRequest request = runRequestFor(inv, *target, *vars, user);
    request.debug = debug;
    {
        // The same signed-approval gate as `run`, decided with a connection closed again before the
        // controller opens its own (see governance/approvalgate.h).
        const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, false);
        if (!ws)
            return ExitBadInput;
        request.gate = governance::precomputedApprovalGate(*ws, target->strategyId, target->revision);
    }

    const bool json = inv.has(QStringLiteral("json"));
    const bool showSecrets = inv.has(QStringLiteral("show-secrets"));
    RunController controller(request);
    SignalWatcher signalWatcher;
    int stopSignal = 0;
    QObject::connect(&signalWatcher, &SignalWatcher::received, &controller, [&](int signalNumber, int) {
        stopSignal = signalNumber;
        controller.emergencyStop();
    });
    qint64 runId = 0;
    QObject::connect(&controller, &RunController::runCreated, &controller, [&](qint64 id) {
        runId = id;
        io.err << "debug run " << id << " of '" << target->name << "' revision " << target->revision
               << (debug.rows > 0
                       ? QStringLiteral(": one iteration per data row, first %1 rows").arg(debug.rows)
                       : QStringLiteral(": %1 iteration(s)").arg(debug.iterations))
               << (debug.scenario.isEmpty() ? QString()
                                            : QStringLiteral(" of scenario '%1'").arg(debug.scenario))
               << ", think times skipped" << Qt::endl;
    });
    QList<QJsonObject> records;
    QObject::connect(&controller, &RunController::debugStepRecorded, &controller,
                     [&](const QJsonObject &record) { records.append(record); });
    QObject::connect(&controller, &RunController::eventLogged, &controller, [&](const RunEvent &e) {
        if (e.kind == QLatin1String("engine") && e.severity != AlertSeverity::Info)
            io.err << "warning: " << e.message << Qt::endl;
    });

    QEventLoop loop;
    std::optional<RunOutcome> outcome;
    QObject::connect(&controller, &RunController::finished, &loop, [&](const RunOutcome &o) {
        outcome = o;
        loop.quit();
    });
    QTimer::singleShot(0, &controller, &RunController::start);
    loop.exec();
    if (!outcome) {
        io.err << "loadwright: the debug run ended without an outcome" << Qt::endl;
        return ExitInternal;
    }
    const int exitCode = exitCodeFor(*outcome, stopSignal);
    int masked = 0;
    const QList<QJsonObject> shown = showSecrets ? records : maskDebugRecords(records, &masked);
    if (json) {
        QJsonArray steps;
        for (const QJsonObject &r : shown)
            steps.append(r);
        io.out << QJsonDocument(QJsonObject{{QStringLiteral("run_id"), outcome->runId},
                                            {QStringLiteral("kind"), QStringLiteral("debug")},
                                            {QStringLiteral("strategy"), target->name},
                                            {QStringLiteral("revision"), target->revision},
                                            {QStringLiteral("status"), toString(outcome->status)},
                                            {QStringLiteral("reason"), outcome->reason},
                                            {QStringLiteral("exit_code"), exitCode},
                                            {QStringLiteral("secrets_masked"), !showSecrets},
                                            {QStringLiteral("steps"), steps}})
                      .toJson(QJsonDocument::Indented);
    } else {
        io.out << debugTreeText(shown);
        if (!records.isEmpty())
            io.out << "\n";
        io.out << "Debug run " << outcome->runId << ": " << displayName(outcome->status) << " - "
               << outcome->reason << "\n";
        if (!showSecrets && masked > 0)
            io.out << masked << " secret value(s) masked as " << secretMask()
                   << " (--show-secrets shows them)\n";
    }
    io.out.flush();
    if (exitCode == ExitBadInput || exitCode == ExitRefused || exitCode == ExitInternal)
        io.err << "loadwright: " << outcome->reason << Qt::endl;
    (void)runId;
    return exitCode;
}

int deleteDebugRunCommand(const Invocation &inv, CommandIo &io)
{
    if (inv.arguments.size() != 2)
        return usageError(io, QStringLiteral("'runs delete' expects one run id"));
    const std::optional<qint64> id = parseRunId(inv.arguments.at(1));
    if (!id)
        return usageError(io,
                          QStringLiteral("'runs delete' expects a run id (see 'loadwright runs'), got '%1'")
                              .arg(inv.arguments.at(1)));
    const QString user = actingUser(inv);
    const std::unique_ptr<Workspace> ws = openWorkspace(inv, io, false);
    if (!ws)
        return ExitBadInput;
    QString error;
    if (!deleteDebugRun(*ws, *id, user, &error)) {
        io.err << "loadwright: " << error << Qt::endl;
        return ExitBadInput;
    }
    io.out << "Debug run " << *id << " deleted" << Qt::endl;
    return ExitSuccess;
}

} // namespace lw::cli
