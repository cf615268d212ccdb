#pragma once

// What `loadwright run` prints while a run goes on and at its end: a live one-line progress on a
// terminal (rewritten with '\r'), one line every ~5 s otherwise, notable events on their own lines,
// and the final summary as text or as one JSON object.

#include "run/runcontroller.h"

#include <QJsonObject>
#include <QString>

class QTextStream;

namespace lw::cli {

class RunPrinter
{
public:
    static constexpr double kPlainLineEveryS = 5.0;

    // live: where progress and events go; terminal: rewrite one line instead of appending lines.
    RunPrinter(QTextStream &live, bool terminal);

    void setStrategy(const QString &name, int revision);
    void onStatus(RunStatus status, const QString &detail);
    void onInterval(const EngineInterval &interval);
    void onProgress(const RunProgress &progress);
    void onEvent(const RunEvent &event);
    void onPrerequisite(const PrerequisiteResult &result);
    void message(const QString &line); // a line of its own (clears the progress line first)
    void endLive();                    // leaves the progress line on a terminal

    // The line as it would be shown now: "12.0/60 s  stage 2/3  98.7 req/s  p99 12.4 ms  errors 0.00 %".
    QString progressLine() const;

private:
    void clearLine();

    QTextStream &m_live;
    bool m_terminal;
    QString m_strategy;
    int m_revision = 0;
    RunProgress m_progress;
    bool m_haveInterval = false;
    double m_rps = 0;
    double m_p99Ms = 0;
    double m_errorPercent = 0;
    double m_nextPlainLineS = 0;
    int m_lastWidth = 0;
};

// Whether an event deserves a line of its own in the CLI's output.
bool isNotable(const RunEvent &event);

// The final summary as text (several lines) and as the --json object: run_id, strategy, revision,
// status, cause, reason, exit_code, requests, sent, errors, error_rate_percent, dropped, intervals,
// duration_s, rps, latency_ms {p50, p90, p99, p999, max}, verdict (null or
// {passed, score, criteria[], violations[], recommendations[]}).
QString summaryText(const RunOutcome &outcome, const QString &strategy, int revision);
QJsonObject summaryJson(const RunOutcome &outcome, const QString &strategy, qint64 strategyId, int revision,
                        int exitCode);
QString toString(RunOutcome::Cause cause); // "completed", "invalid", "prerequisite", ...

} // namespace lw::cli
