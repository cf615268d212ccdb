#include "cli/runprinter.h"

#include "results/runjson.h"

#include <QJsonArray>
#include <QStringList>
#include <QTextStream>

#include <algorithm>

namespace lw::cli {

namespace {
double ms(qint64 us)
{
    return double(us) / 1000.0;
}

QString fixed(double v, int decimals)
{
    return QString::number(v, 'f', decimals);
}

double checkFailurePercent(const EngineSummary &s)
{
    const qint64 all = s.checkPasses + s.checkFails;
    return all > 0 ? 100.0 * double(s.checkFails) / double(all) : 0.0;
}

double errorPercent(qint64 completed, qint64 errors)
{
    // Errors without a response (connect, timeout) are not among the completed ones.
    const qint64 base = std::max(completed, errors);
    return base > 0 ? 100.0 * double(errors) / double(base) : 0.0;
}
} // namespace

QString toString(RunOutcome::Cause cause)
{
    switch (cause) {
    case RunOutcome::Cause::Completed:
        return QStringLiteral("completed");
    case RunOutcome::Cause::Invalid:
        return QStringLiteral("invalid");
    case RunOutcome::Cause::Prerequisite:
        return QStringLiteral("prerequisite");
    case RunOutcome::Cause::Gate:
        return QStringLiteral("approval_gate");
    case RunOutcome::Cause::Window:
        return QStringLiteral("testing_window");
    case RunOutcome::Cause::EngineRefused:
        return QStringLiteral("engine_refused");
    case RunOutcome::Cause::EngineFailure:
        return QStringLiteral("engine_failure");
    case RunOutcome::Cause::EngineCrash:
        return QStringLiteral("engine_crash");
    case RunOutcome::Cause::Storage:
        return QStringLiteral("storage");
    case RunOutcome::Cause::UserStop:
        return QStringLiteral("user_stop");
    case RunOutcome::Cause::SafetyStop:
        return QStringLiteral("safety_stop");
    case RunOutcome::Cause::ControllerGone:
        return QStringLiteral("controller_gone");
    case RunOutcome::Cause::WorkspaceError:
        return QStringLiteral("workspace_error");
    }
    return {};
}

bool isNotable(const RunEvent &event)
{
    static const QStringList kinds = {
        QStringLiteral("limit.crossed"), QStringLiteral("limit.unevaluable"), QStringLiteral("action"),
        QStringLiteral("rollback.step"), QStringLiteral("rollback.verify"),   QStringLiteral("storage"),
        QStringLiteral("user"),          QStringLiteral("bottleneck"),        QStringLiteral("gate"),
        QStringLiteral("window"),        QStringLiteral("baseline")};
    return kinds.contains(event.kind) || event.severity != AlertSeverity::Info;
}

RunPrinter::RunPrinter(QTextStream &live, bool terminal) : m_live(live), m_terminal(terminal) {}

void RunPrinter::setStrategy(const QString &name, int revision)
{
    m_strategy = name;
    m_revision = revision;
}

void RunPrinter::clearLine()
{
    if (m_terminal && m_lastWidth > 0) {
        m_live << '\r' << QString(m_lastWidth, QLatin1Char(' ')) << '\r';
        m_lastWidth = 0;
    }
}

void RunPrinter::message(const QString &line)
{
    clearLine();
    m_live << line << '\n' << Qt::flush;
}

void RunPrinter::endLive()
{
    if (m_terminal && m_lastWidth > 0) {
        m_live << '\n' << Qt::flush;
        m_lastWidth = 0;
    }
}

void RunPrinter::onStatus(RunStatus status, const QString &detail)
{
    if (status == RunStatus::Checking || status == RunStatus::Running)
        message(QStringLiteral("%1: %2").arg(displayName(status), detail));
}

void RunPrinter::onPrerequisite(const PrerequisiteResult &r)
{
    message(QStringLiteral("  prerequisite %1: %2%3")
                .arg(r.name, toString(r.outcome),
                     r.detail.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(r.detail)));
}

void RunPrinter::onEvent(const RunEvent &event)
{
    if (event.kind == QLatin1String("state") || event.kind == QLatin1String("prerequisite") ||
        !isNotable(event))
        return;
    const QString when =
        event.elapsedS > 0 ? QStringLiteral("[%1 s] ").arg(fixed(event.elapsedS, 1)) : QString();
    message(QStringLiteral("  %1%2").arg(when, event.message));
}

void RunPrinter::onInterval(const EngineInterval &interval)
{
    const double span = interval.endS - interval.startS;
    m_rps = span > 0 ? double(interval.completed) / span : 0;
    m_p99Ms = ms(interval.latency.p99);
    m_errorPercent = errorPercent(interval.completed, interval.errors);
    m_haveInterval = true;
}

QString RunPrinter::progressLine() const
{
    QString line =
        QStringLiteral("%1/%2 s").arg(fixed(m_progress.elapsedS, 1), fixed(m_progress.plannedS, 0));
    if (m_progress.stageCount > 0)
        line += QStringLiteral("  stage %1/%2").arg(m_progress.stageIndex + 1).arg(m_progress.stageCount);
    if (m_haveInterval)
        line += QStringLiteral("  %1 req/s  p99 %2 ms  errors %3 %")
                    .arg(fixed(m_rps, 1), fixed(m_p99Ms, 1), fixed(m_errorPercent, 2));
    return line;
}

void RunPrinter::onProgress(const RunProgress &progress)
{
    m_progress = progress;
    const QString line = progressLine();
    if (m_terminal) {
        m_live << '\r' << line;
        if (line.size() < m_lastWidth)
            m_live << QString(m_lastWidth - line.size(), QLatin1Char(' '));
        m_live << Qt::flush;
        m_lastWidth = int(line.size());
    } else if (progress.elapsedS >= m_nextPlainLineS) {
        m_live << line << '\n' << Qt::flush;
        m_nextPlainLineS = progress.elapsedS + kPlainLineEveryS;
    }
}

QString summaryText(const RunOutcome &o, const QString &strategy, int revision)
{
    QString text;
    QTextStream s(&text);
    s << "run " << o.runId << " of '" << strategy << "' revision " << revision << ": "
      << displayName(o.status).toLower() << " - " << o.reason << '\n';
    if (o.summary) {
        const EngineSummary &sum = *o.summary;
        s << "  requests " << sum.requests << ", errors " << sum.errors << " ("
          << fixed(errorPercent(sum.requests, sum.errors), 2) << " %), " << fixed(sum.rps, 1)
          << " req/s over " << fixed(sum.durationS, 1) << " s, " << o.intervals << " intervals";
        if (sum.dropped > 0)
            s << ", " << sum.dropped << " sends dropped";
        s << '\n';
        if (sum.errors > 0) {
            // What went wrong, by kind (connect, timeout, tls, protocol, http_<status>), most first.
            QList<std::pair<qint64, QString>> kinds;
            for (auto it = sum.errorsByClass.cbegin(); it != sum.errorsByClass.cend(); ++it) {
                if (it.value() > 0)
                    kinds.append({it.value(), it.key()});
            }
            std::sort(kinds.begin(), kinds.end(),
                      [](const auto &a, const auto &b) { return a.first > b.first; });
            QStringList parts;
            for (const auto &[count, kind] : kinds)
                parts << kind + QLatin1Char(' ') + QString::number(count);
            s << "  errors by kind: " << parts.join(QStringLiteral(", ")) << '\n';
        }
        const LatencySummary &l = sum.latency;
        s << "  latency ms: p50 " << fixed(ms(l.p50), 2) << "  p90 " << fixed(ms(l.p90), 2) << "  p99 "
          << fixed(ms(l.p99), 2) << "  p99.9 " << fixed(ms(l.p999), 2) << "  max " << fixed(ms(l.max), 2)
          << '\n';
        // Scenarios: iterations per scenario and every check, as the engine's summary has them.
        const QJsonObject scenarios = sum.raw.value(QStringLiteral("scenarios")).toObject();
        for (const QJsonValue &v : scenarios.value(QStringLiteral("iterations")).toArray()) {
            const QJsonObject it = v.toObject();
            s << "  scenario '" << it.value(QStringLiteral("name")).toString()
              << "': " << qint64(it.value(QStringLiteral("completed")).toDouble())
              << " iterations completed, " << qint64(it.value(QStringLiteral("failed")).toDouble())
              << " ended early\n";
        }
        if (sum.checkPasses + sum.checkFails > 0) {
            s << "  checks: " << sum.checkPasses << " passed, " << sum.checkFails << " failed ("
              << fixed(checkFailurePercent(sum), 2) << " % check_failure_rate)\n";
            for (const QJsonValue &v : scenarios.value(QStringLiteral("checks")).toArray()) {
                const QJsonObject c = v.toObject();
                s << "    " << (c.value(QStringLiteral("fails")).toDouble() > 0 ? "[fail] " : "[ok]   ")
                  << c.value(QStringLiteral("name")).toString() << ": "
                  << qint64(c.value(QStringLiteral("passes")).toDouble()) << " passed, "
                  << qint64(c.value(QStringLiteral("fails")).toDouble()) << " failed\n";
            }
        }
    } else if (o.intervals > 0) {
        s << "  " << o.intervals << " intervals received and stored\n";
    }
    if (o.verdict) {
        s << "  verdict: " << (o.verdict->passed ? "passed" : "failed") << ", score "
          << fixed(o.verdict->score, 0) << '\n';
        for (const CriterionResult &c : o.verdict->criteria)
            s << "    [" << (c.passed ? "met" : (c.evaluable ? "missed" : "no data")) << "] " << c.detail
              << '\n';
        for (const QString &v : o.verdict->violations)
            s << "    violation: " << v << '\n';
        for (const QString &r : o.verdict->recommendations)
            s << "    recommendation: " << r << '\n';
    }
    return text;
}

QJsonObject summaryJson(const RunOutcome &o, const QString &strategy, qint64 strategyId, int revision,
                        int exitCode)
{
    QJsonObject json{{QStringLiteral("run_id"), o.runId},
                     {QStringLiteral("strategy"), strategy},
                     {QStringLiteral("strategy_id"), strategyId},
                     {QStringLiteral("revision"), revision},
                     {QStringLiteral("status"), toString(o.status)},
                     {QStringLiteral("cause"), toString(o.cause)},
                     {QStringLiteral("reason"), o.reason},
                     {QStringLiteral("exit_code"), exitCode},
                     {QStringLiteral("intervals"), o.intervals}};
    const EngineSummary sum = o.summary.value_or(EngineSummary());
    json.insert(QStringLiteral("requests"), sum.requests);
    json.insert(QStringLiteral("sent"), sum.sent);
    json.insert(QStringLiteral("errors"), sum.errors);
    json.insert(QStringLiteral("error_rate_percent"), errorPercent(sum.requests, sum.errors));
    json.insert(QStringLiteral("dropped"), sum.dropped);
    QJsonObject byClass;
    for (auto it = sum.errorsByClass.cbegin(); it != sum.errorsByClass.cend(); ++it) {
        if (it.value() > 0)
            byClass.insert(it.key(), it.value());
    }
    json.insert(QStringLiteral("errors_by_class"), byClass);
    if (sum.checkPasses + sum.checkFails > 0) {
        json.insert(QStringLiteral("check_failure_rate_percent"), checkFailurePercent(sum));
        json.insert(QStringLiteral("scenarios"), sum.raw.value(QStringLiteral("scenarios")));
    }
    json.insert(QStringLiteral("duration_s"), sum.durationS);
    json.insert(QStringLiteral("rps"), sum.rps);
    json.insert(QStringLiteral("latency_ms"), QJsonObject{{QStringLiteral("p50"), ms(sum.latency.p50)},
                                                          {QStringLiteral("p90"), ms(sum.latency.p90)},
                                                          {QStringLiteral("p99"), ms(sum.latency.p99)},
                                                          {QStringLiteral("p999"), ms(sum.latency.p999)},
                                                          {QStringLiteral("max"), ms(sum.latency.max)}});
    json.insert(QStringLiteral("summary"), o.summary.has_value());
    json.insert(QStringLiteral("verdict"), o.verdict ? QJsonValue(lw::toJson(*o.verdict)) : QJsonValue());
    return json;
}

} // namespace lw::cli
