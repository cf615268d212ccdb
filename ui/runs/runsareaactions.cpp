// RunsArea: what can be done with a run (open its report, compare, mark as baseline, export,
// delete) from the context menu, the keyboard and the report tabs.

#include "live/runlauncher.h"
#include "report/reportexport.h"
#include "report/savedreports.h"
#include "runs/comparisonview.h"
#include "runs/reportview.h"
#include "runs/runlistmodel.h"
#include "runs/runsarea.h"
#include "runs/trendview.h"
#include "services/debugruns.h"
#include "storage/runstore.h"
#include "storage/workspace.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QMenu>
#include <QProgressDialog>
#include <QTabWidget>
#include <QTableView>

#include <functional>

namespace lw::ui {

QString RunsArea::user() const
{
    return RunLauncher::defaultUser();
}

void RunsArea::showError(const QString &title, const QString &text)
{
    emit statusMessage(text);
    if (m_prompts.error)
        m_prompts.error(this, title, text);
}

ReportView *RunsArea::addReportTab(ReportView *view)
{
    view->setPrompts(m_prompts);
    connect(view, &ReportView::statusMessage, this, &RunsArea::statusMessage);
    connect(view, &ReportView::reportSaved, this, &RunsArea::reloadSavedReports);
    connect(view, &ReportView::compareRequested, this, [this](qint64 runId) { compareWithBaseline(runId); });
    const int index = m_tabs->addTab(view, view->title());
    m_tabs->setTabToolTip(index, tr("%1, revision %2, run #%3")
                                     .arg(view->report().run.strategyName)
                                     .arg(view->report().run.revision)
                                     .arg(view->report().run.id));
    m_tabs->setCurrentIndex(index);
    return view;
}

ReportView *RunsArea::openReport(qint64 runId)
{
    if (runId <= 0)
        return nullptr;
    if (const auto run = RunStore(m_ws).run(runId); run && run->kind == RunKind::Debug) {
        emit debugRunRequested(runId); // its results tree, not a report
        return nullptr;
    }
    for (int i = 1; i < m_tabs->count(); ++i) {
        auto *view = qobject_cast<ReportView *>(m_tabs->widget(i));
        if (view && view->runId() == runId && view->savedReportId() == 0) {
            m_tabs->setCurrentIndex(i);
            return view;
        }
    }
    QString error;
    // A run stored before histogram pyramids (or per-interval column blocks) existed gets them once,
    // here, with progress (a 24 h soak takes a while); buildRunReport() would build them silently.
    // On failure (a read-only file) the report reads every interval instead.
    const RunStore store(m_ws);
    auto prepare =
        [&](const std::function<bool(const std::function<void(int, int)> &, StoreError *)> &build) {
            QProgressDialog progress(tr("Preparing run #%1 for fast reports (once)...").arg(runId), QString(),
                                     0, 0, this);
            progress.setWindowTitle(tr("Opening the report"));
            progress.setWindowModality(Qt::WindowModal);
            progress.setMinimumDuration(300);
            StoreError se;
            build(
                [&progress](int done, int total) {
                    progress.setMaximum(total);
                    progress.setValue(done);
                    QCoreApplication::processEvents(QEventLoop::ExcludeUserInputEvents);
                },
                &se);
        };
    if (store.hasPyramid(runId) == std::optional<bool>(false))
        prepare(
            [&](const auto &progress, StoreError *se) { return store.ensurePyramid(runId, progress, se); });
    if (store.hasIntervalBlocks(runId) == std::optional<bool>(false))
        prepare([&](const auto &progress, StoreError *se) {
            return store.ensureIntervalBlocks(runId, progress, se);
        });
    // The slicer the report is computed with: the intervals are read and decoded once.
    auto slicer = std::make_shared<report::RangeSlicer>();
    auto built = report::buildRunReport(m_ws, runId, report::IntervalRange{}, user(), &error, slicer.get());
    if (!built) {
        showError(tr("Cannot open the report"),
                  tr("The report of run #%1 cannot be read: %2").arg(runId).arg(error));
        return nullptr;
    }
    if (slicer->intervalCount() == 0)
        slicer.reset(); // nothing to re-slice; the view says so
    return addReportTab(new ReportView(m_ws, std::move(*built), 0, std::move(slicer)));
}

ReportView *RunsArea::openSavedReport(qint64 savedReportId)
{
    for (int i = 1; i < m_tabs->count(); ++i) {
        auto *view = qobject_cast<ReportView *>(m_tabs->widget(i));
        if (view && view->savedReportId() == savedReportId) {
            m_tabs->setCurrentIndex(i);
            return view;
        }
    }
    QString error;
    auto saved = report::openSavedReport(m_ws, savedReportId, &error);
    if (!saved) {
        showError(tr("Cannot open the saved report"),
                  tr("Saved report %1 cannot be opened: %2").arg(savedReportId).arg(error));
        return nullptr;
    }
    return addReportTab(new ReportView(m_ws, std::move(*saved), savedReportId));
}

ComparisonView *RunsArea::openComparison(qint64 baseRunId, qint64 candidateRunId)
{
    auto *view = new ComparisonView(m_ws);
    connect(view, &ComparisonView::statusMessage, this, &RunsArea::statusMessage);
    connect(view, &ComparisonView::baselineMarked, this, &RunsArea::reload);
    connect(view, &ComparisonView::comparisonFinished, this, [this, view] {
        const int index = m_tabs->indexOf(view);
        if (index > 0)
            m_tabs->setTabText(index, view->title());
    });
    const int index = m_tabs->addTab(view, tr("Compare"));
    m_tabs->setCurrentIndex(index);
    if (baseRunId > 0 && candidateRunId > 0)
        view->compare(baseRunId, candidateRunId);
    return view;
}

ComparisonView *RunsArea::compareWithBaseline(qint64 runId)
{
    RunStore store(m_ws);
    const auto run = store.run(runId);
    if (!run) {
        showError(tr("Cannot compare"), tr("Run #%1 no longer exists.").arg(runId));
        return nullptr;
    }
    QString error;
    const auto base = report::baselineRun(m_ws, run->strategyId, &error);
    if (!base) {
        showError(tr("No baseline"),
                  error.isEmpty() ? tr("The strategy \u201c%1\u201d has no baseline run yet. Mark a good run "
                                       "as its baseline (right-click it \u25b8 Mark as baseline), or use "
                                       "Compare with... to pick a run.")
                                        .arg(run->strategyName)
                                  : error);
        return nullptr;
    }
    if (*base == runId) {
        showError(tr("Cannot compare"),
                  tr("Run #%1 is the baseline itself: pick another run to compare with it.").arg(runId));
        return nullptr;
    }
    return openComparison(*base, runId);
}

TrendView *RunsArea::openTrend(const QString &strategyName)
{
    QString name = strategyName;
    if (name.isEmpty() && currentRunId() > 0) {
        if (const auto run = RunStore(m_ws).run(currentRunId()))
            name = run->strategyName;
    }
    if (name.isEmpty())
        name = m_strategy->currentData().toString();
    for (int i = 1; i < m_tabs->count(); ++i) {
        auto *view = qobject_cast<TrendView *>(m_tabs->widget(i));
        if (view && (name.isEmpty() || (view->trend() && view->trend()->strategyName == name))) {
            view->reload();
            m_tabs->setCurrentIndex(i);
            return view;
        }
    }
    auto *view = new TrendView(m_ws);
    connect(view, &TrendView::statusMessage, this, &RunsArea::statusMessage);
    connect(view, &TrendView::openReportRequested, this, [this](qint64 runId) { openReport(runId); });
    connect(view, &TrendView::titleChanged, this, [this, view] {
        const int index = m_tabs->indexOf(view);
        if (index > 0)
            m_tabs->setTabText(index, view->title());
    });
    const int index = m_tabs->addTab(view, tr("Trend"));
    m_tabs->setCurrentIndex(index);
    if (name.isEmpty())
        view->reload();
    else
        view->showStrategy(name);
    return view;
}

bool RunsArea::markBaseline(qint64 runId)
{
    RunStore store(m_ws);
    const auto run = store.run(runId);
    QString error;
    if (!run) {
        showError(tr("Cannot mark the baseline"), tr("Run #%1 no longer exists.").arg(runId));
        return false;
    }
    if (!isFinal(run->status)) {
        showError(tr("Cannot mark the baseline"),
                  tr("Run #%1 is still live: mark it once it has finished.").arg(runId));
        return false;
    }
    if (!report::setBaseline(m_ws, run->strategyId, runId, user(), &error)) {
        showError(tr("Cannot mark the baseline"), error);
        return false;
    }
    reload();
    emit statusMessage(tr("Run #%1 is now the baseline of %2").arg(runId).arg(run->strategyName));
    return true;
}

bool RunsArea::deleteRun(qint64 runId)
{
    RunStore store(m_ws);
    const auto run = store.run(runId);
    if (!run)
        return false;
    if (!isFinal(run->status)) {
        showError(tr("Cannot delete the run"), tr("Run #%1 is still live: stop it first.").arg(runId));
        return false;
    }
    const bool debug = run->kind == RunKind::Debug;
    if (!m_prompts.confirm(this, debug ? tr("Delete debug run") : tr("Delete run"),
                           debug ? tr("Delete debug run #%1 of %2 (revision %3) and the requests and answers "
                                      "it recorded? This cannot be undone.")
                                       .arg(runId)
                                       .arg(run->strategyName)
                                       .arg(run->revision)
                                 : tr("Delete run #%1 of %2 (revision %3) and everything recorded with it? "
                                      "Saved reports of it are kept. This cannot be undone.")
                                       .arg(runId)
                                       .arg(run->strategyName)
                                       .arg(run->revision)))
        return false;
    if (debug) {
        // Audited like the debug panel's delete.
        QString why;
        if (!deleteDebugRun(m_ws, runId, user(), &why)) {
            showError(tr("Cannot delete the run"), why);
            return false;
        }
    } else {
        StoreError error;
        if (!store.deleteRun(runId, &error)) {
            showError(tr("Cannot delete the run"), error.message);
            return false;
        }
    }
    for (int i = m_tabs->count() - 1; i > 0; --i) {
        auto *view = qobject_cast<ReportView *>(m_tabs->widget(i));
        if (view && view->runId() == runId && view->savedReportId() == 0) {
            m_tabs->removeTab(i);
            view->deleteLater();
        }
    }
    reload();
    emit statusMessage(tr("Run #%1 deleted").arg(runId));
    return true;
}

bool RunsArea::exportRun(qint64 runId)
{
    QString error;
    const auto built = report::buildRunReport(m_ws, runId, report::IntervalRange{}, user(), &error);
    if (!built) {
        showError(tr("Export failed"), tr("The report of run #%1 cannot be read: %2").arg(runId).arg(error));
        return false;
    }
    const auto target = m_prompts.exportTarget(this, report::exportBaseName(built->run.strategyName, runId));
    if (!target)
        return false;
    RunStore store(m_ws);
    if (!report::exportReport(*built, target->format, target->path, &store, &error)) {
        showError(tr("Export failed"), error);
        return false;
    }
    emit statusMessage(
        tr("Exported run #%1 as %2 to %3").arg(runId).arg(report::toString(target->format), target->path));
    return true;
}

void RunsArea::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_table->indexAt(pos);
    if (!index.isValid())
        return;
    const qint64 runId = index.data(RunListModel::RunIdRole).toLongLong();
    const RunRecord &run = m_model->record(m_proxy->mapToSource(index).row());
    QMenu menu(this);
    if (run.kind == RunKind::Debug) {
        // No report, comparison, baseline or export: a debug run is looked at and deleted.
        QAction *open =
            menu.addAction(tr("Open results tree"), this, [this, runId] { emit debugRunRequested(runId); });
        menu.setDefaultAction(open);
        menu.addSeparator();
        menu.addAction(tr("Delete debug run..."), this, [this, runId] { deleteRun(runId); })
            ->setEnabled(isFinal(run.status));
        menu.exec(m_table->viewport()->mapToGlobal(pos));
        return;
    }
    QAction *open = menu.addAction(tr("Open report"), this, [this, runId] { openReport(runId); });
    menu.setDefaultAction(open);
    menu.addSeparator();
    QAction *base =
        menu.addAction(tr("Compare with baseline"), this, [this, runId] { compareWithBaseline(runId); });
    menu.addAction(tr("Compare with..."), this, [this, runId] { openComparison(0, runId); });
    QAction *mark = menu.addAction(tr("Mark as baseline"), this, [this, runId] { markBaseline(runId); });
    menu.addAction(tr("Trend of %1").arg(run.strategyName), this,
                   [this, name = run.strategyName] { openTrend(name); });
    menu.addSeparator();
    QAction *exp = menu.addAction(tr("Export..."), this, [this, runId] { exportRun(runId); });
    menu.addSeparator();
    QAction *del = menu.addAction(tr("Delete run..."), this, [this, runId] { deleteRun(runId); });
    const bool final = isFinal(run.status);
    base->setEnabled(final && !m_model->isBaseline(runId));
    mark->setEnabled(final && !m_model->isBaseline(runId));
    exp->setEnabled(true);
    del->setEnabled(final);
    menu.exec(m_table->viewport()->mapToGlobal(pos));
}

} // namespace lw::ui
