// LiveDashboard: the slots fed by the run controller and the coalesced redraw.

#include "live/livedashboard.h"

#include "live/runcharts.h"
#include "live/runheader.h"
#include "live/runtablemodels.h"
#include "results/metricwindow.h"

#include <QComboBox>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTimer>

#include <cmath>

namespace lw::ui {

void LiveDashboard::onRunCreated(qint64 runId)
{
    m_runId = runId;
    m_header->setRunId(runId);
}

void LiveDashboard::onStatusChanged(lw::RunStatus status, const QString &detail)
{
    if (m_finished)
        return; // the outcome is final; late status signals do not repaint it
    m_status = status;
    m_header->setStatus(status, detail);
    updateButtons();
}

void LiveDashboard::onPrerequisiteChecked(const lw::PrerequisiteResult &result)
{
    ++m_prereqTotal;
    if (!result.blocksRun())
        ++m_prereqPassed;
    if (m_finished)
        return;
    QString text = tr("Prerequisite \u201c%1\u201d: %2").arg(result.name, toString(result.outcome));
    if (!result.detail.isEmpty())
        text += QStringLiteral(" (%1)").arg(result.detail);
    text += tr(" \u2014 %1 of %2 fine so far").arg(m_prereqPassed).arg(m_prereqTotal);
    m_header->setStatus(m_status, text);
}

void LiveDashboard::onEngineReady(const lw::EngineHello &hello)
{
    if (!m_finished)
        m_header->setStatus(
            m_status, tr("Engine %1 %2 ready (pid %3)").arg(hello.engine, hello.version).arg(hello.pid));
}

void LiveDashboard::onIntervalRecorded(const lw::EngineInterval &interval)
{
    const int names = int(m_model.requestNames().size() + m_model.scopes().size());
    m_model.addInterval(interval);
    if (m_model.requestNames().size() + m_model.scopes().size() != names)
        updateScopes();
    m_lastVus = interval.vus > 0 ? interval.vus : interval.connections;
    updateBanner();
    scheduleRedraw();
}

void LiveDashboard::onResourceSampled(const lw::ResourceSample &sample)
{
    m_model.addResource(sample);
    scheduleRedraw();
}

void LiveDashboard::onEventLogged(const lw::RunEvent &event)
{
    m_model.addEvent(event);
    m_events->append(event);
}

void LiveDashboard::onProgressed(const lw::RunProgress &progress)
{
    QString stage;
    if (progress.stageIndex >= 0 && progress.stageCount > 0) {
        stage = tr("Stage %1 of %2").arg(progress.stageIndex + 1).arg(progress.stageCount);
        for (const StageMark &s : m_model.stages()) {
            if (s.number == progress.stageIndex + 1)
                stage += QStringLiteral(" \u00b7 ") + s.label;
        }
    }
    m_header->setProgress(progress.elapsedS, progress.plannedS > 0 ? progress.plannedS : m_model.plannedS(),
                          stage);
}

void LiveDashboard::onFinished(const lw::RunOutcome &outcome)
{
    m_finished = true;
    m_status = outcome.status;
    m_summary = outcome.summary;
    if (outcome.runId > 0) {
        m_runId = outcome.runId;
        m_header->setRunId(outcome.runId);
    }
    m_header->showOutcome(outcome);
    if (outcome.cause == RunOutcome::Cause::Completed)
        m_header->setProgress(m_model.plannedS(), m_model.plannedS(), tr("Finished"));
    else
        m_header->setProgress(m_model.lastTimeS(), m_model.plannedS(),
                              tr("Ended early: %1").arg(displayName(outcome.status)));
    if (const int saturated = m_model.saturatedIntervals(); saturated > 0) {
        QLabel *text = m_header->outcomeLabel();
        text->setText(
            text->text() +
            QStringLiteral("<br><span style='color:#6b4a00'>\u26a0 %1</span>")
                .arg(tr("The load generator was saturated in %1: figures partly measure "
                        "this machine.")
                         .arg(saturated == 1 ? tr("1 interval") : tr("%1 intervals").arg(saturated))));
    }
    updateButtons();
    updateBanner();
    m_redrawTimer->stop();
    redraw();
}

void LiveDashboard::updateBanner()
{
    const int saturated = m_model.saturatedIntervals();
    // Shown while saturation is recent (a few intervals), so one slow second does not flicker it.
    // After the end, the outcome carries the note instead.
    const bool recent = saturated > 0 && m_model.intervalsSinceSaturated() < 3 && !m_finished;
    if (!recent) {
        m_banner->setVisible(false);
        return;
    }
    const EngineBottleneck &b = m_model.lastBottleneck();
    QStringList why;
    if (b.locustCpuWarning)
        why << tr("Locust's CPU warning: a Locust process used more than 90 % of a core");
    else if (b.cpu)
        why << tr("engine CPU %1 cores, busiest thread %2 %")
                   .arg(QLocale().toString(b.engineCpu, 'f', 2))
                   .arg(int(std::lround(b.busiestThread * 100)));
    if (b.scheduleLag)
        why << tr("%1 sends started late (up to %2 ms)")
                   .arg(QLocale().toString(b.lateSends))
                   .arg(QLocale().toString(double(b.maxLagUs) / 1000.0, 'f', 1));
    QString text = tr("<b>The load generator itself is saturated</b> (%1):")
                       .arg(why.isEmpty() ? tr("in a recent interval") : why.join(QStringLiteral(", ")));
    text += QLatin1Char(' ') +
            tr("figures partly measure this machine. Lower the load or give the engine more cores.");
    m_banner->setText(QStringLiteral("\u26a0 ") + text);
    m_banner->setToolTip(
        tr("When the engine's own threads are busy or its sends start late, measured latency includes "
           "the generator's delay and throughput is capped by this machine, not by the target."));
    m_banner->setVisible(true);
}

void LiveDashboard::redraw()
{
    ++m_redraws;
    // Time axis: the planned duration. A run going on past its plan (a tail of late responses, a
    // closed model) gets headroom while live; an ended run fits its data exactly, so the axis never
    // leaves a third of each chart empty after the last interval.
    double span = std::max(m_model.plannedS(), 10.0);
    const double last = m_model.lastTimeS();
    if (m_finished)
        span = std::max(span, std::ceil(last));
    else if (last > span + 1.0)
        span = std::ceil(last * 1.2 / 10.0) * 10.0;
    if (span != m_timeSpan) {
        m_timeSpan = span;
        for (LiveChart *c : charts()) {
            c->setTimeRange(0, span);
            c->setStages(m_model.stages());
        }
    }
    for (LiveChart *c : charts()) {
        c->setActionMarks(m_model.actionMarks());
        c->refresh(m_model);
    }
    LiveChart::alignTimeAxes(charts());

    const QList<ErrorBreakdownRow> rows = m_model.errorBreakdown();
    bool changed = rows.size() != m_errors->rows().size();
    for (qsizetype i = 0; !changed && i < rows.size(); ++i)
        changed =
            rows.at(i).count != m_errors->rows().at(i).count || rows.at(i).key != m_errors->rows().at(i).key;
    if (changed)
        m_errors->setRows(rows);
    updateChecks();
    const qint64 errors = m_model.totalErrors();
    m_errorSummary->setText(
        errors == 0 ? tr("No errors in %1 responses").arg(QLocale().toString(m_model.totalCompleted()))
                    : tr("%1 errors, %2 responses")
                          .arg(QLocale().toString(errors), QLocale().toString(m_model.totalCompleted())));

    RunHeader::Figures f;
    if (m_summary) {
        // Ended: the whole run, the same figures as the outcome banner and the report.
        f.recentWindow = tr("whole run");
        f.throughput = m_summary->rps;
        f.p99Ms = m_summary->latency.count > 0 ? double(m_summary->latency.p99) / 1000.0 : -1;
        f.errorPct =
            MetricWindow::errorRatePercent(m_summary->requests, m_summary->errors, m_summary->errorsByClass)
                .value_or(-1);
        f.vus = m_lastVus;
    } else if (m_model.intervals() > 0) {
        f.recentWindow = tr("last %1 s").arg(QLocale().toString(m_model.lastIntervalS(), 'g', 2));
        f.throughput = m_model.rate(RateSeries::Completed).lastValue();
        f.errorPct = m_model.runErrorPercent().value_or(-1);
        const DecimatedSeries *p99 = m_model.latency(LiveRunModel::allRequests(), LatencyStat::P99);
        f.p99Ms = p99 && !p99->isEmpty() ? p99->lastValue() : -1;
        f.vus = m_lastVus;
    }
    f.requests = m_model.totalCompleted();
    f.errors = errors;
    m_header->setFigures(f);
}

} // namespace lw::ui
