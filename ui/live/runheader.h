#pragma once

// Top of the live dashboard: strategy, revision, status (coloured), run id, the status detail, a
// progress bar with elapsed and remaining time and the current stage, a strip of current figures,
// and, once the run is over, its outcome (status, reason, verdict score, violations).

#include "run/runcontroller.h"

#include <QFrame>

class QHBoxLayout;
class QLabel;
class QProgressBar;

namespace lw::ui {

QColor statusColor(RunStatus status);

class RunHeader : public QFrame
{
    Q_OBJECT
public:
    explicit RunHeader(QWidget *parent = nullptr);

    void setStrategy(const QString &name, int revision);
    void setRunId(qint64 runId);
    void setStatus(RunStatus status, const QString &detail);
    // stageText: "Stage 2 of 3 · hold 50 req/s" (empty before the first stage).
    void setProgress(double elapsedS, double plannedS, const QString &stageText);
    // Throughput and p99 are of recentWindow ("last 1 s" while live, "whole run" once it ended, as the
    // outcome banner); the error rate is always of the whole run so far.
    struct Figures
    {
        double throughput = -1; // completed/s; < 0: not known yet
        double p99Ms = -1;
        QString recentWindow;
        double errorPct = -1; // whole run so far
        qint64 requests = 0;
        qint64 errors = 0;
        qint64 vus = -1;
    };
    void setFigures(const Figures &f);
    QLabel *figureCaption(const QString &key) const;
    void showOutcome(const RunOutcome &outcome);

    QHBoxLayout *buttonArea() const { return m_buttons; }
    QLabel *statusLabel() const { return m_status; }
    QLabel *runIdLabel() const { return m_runId; }
    QLabel *detailLabel() const { return m_detail; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *timeLabel() const { return m_time; }
    QFrame *outcomeFrame() const { return m_outcome; }
    QLabel *outcomeLabel() const { return m_outcomeText; }
    QLabel *figureLabel(const QString &key) const; // "throughput", "p99", "errors", "requests", "vus"

private:
    QLabel *m_name;
    QLabel *m_revision;
    QLabel *m_status;
    QLabel *m_runId;
    QLabel *m_detail;
    QHBoxLayout *m_buttons;
    QProgressBar *m_progress;
    QLabel *m_time;
    QList<std::pair<QString, QLabel *>> m_figures;
    QList<std::pair<QString, QLabel *>> m_captions;
    QFrame *m_outcome;
    QLabel *m_outcomeText;
};

} // namespace lw::ui
