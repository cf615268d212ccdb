#include "runs/runlistmodel.h"

#include "results/errorrate.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>

#include <cmath>

namespace lw::ui {

RunListModel::RunListModel(QObject *parent) : QAbstractTableModel(parent) {}

void RunListModel::setRuns(const QList<RunRecord> &runs, const QSet<qint64> &baselines)
{
    bool sameRows = runs.size() == m_runs.size();
    for (qsizetype i = 0; sameRows && i < runs.size(); ++i)
        sameRows = runs.at(i).id == m_runs.at(i).id;
    m_baselines = baselines;
    if (sameRows) {
        m_runs = runs;
        if (!m_runs.isEmpty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_runs = runs;
    endResetModel();
}

int RunListModel::rowOf(qint64 runId) const
{
    for (qsizetype i = 0; i < m_runs.size(); ++i) {
        if (m_runs.at(i).id == runId)
            return int(i);
    }
    return -1;
}

bool RunListModel::hasLiveRuns() const
{
    return std::any_of(m_runs.cbegin(), m_runs.cend(), [](const RunRecord &r) { return !isFinal(r.status); });
}

int RunListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int RunListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

double RunListModel::errorRate(const RunRecord &run)
{
    return errorRatePercentOfSent(run.sent, run.requests, run.errors).value_or(0.0) / 100.0;
}

QString RunListModel::durationText(double seconds)
{
    const qint64 s = qint64(std::llround(std::max(0.0, seconds)));
    if (s < 60)
        return tr("%1 s").arg(s);
    if (s < 3600)
        return tr("%1 min %2 s").arg(s / 60).arg(s % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 h %2 min").arg(s / 3600).arg((s / 60) % 60, 2, 10, QLatin1Char('0'));
}

QString RunListModel::latencyText(qint64 us)
{
    if (us <= 0)
        return QStringLiteral("\u2014");
    if (us >= 10'000'000)
        return tr("%1 s").arg(double(us) / 1e6, 0, 'f', 1);
    const double ms = double(us) / 1000.0;
    return tr("%1 ms").arg(ms, 0, 'f', ms < 10 ? 2 : 1);
}

QVariant RunListModel::display(const RunRecord &run, int column) const
{
    switch (column) {
    case Id:
        return QString::number(run.id);
    case Strategy:
        return run.kind == RunKind::Debug ? tr("%1 [debug]").arg(run.strategyName) : run.strategyName;
    case Revision:
        return tr("r%1").arg(run.revision);
    case Status:
        return isFinal(run.status) ? displayName(run.status)
                                   : tr("\u25cf Live (%1)").arg(displayName(run.status).toLower());
    case Started: {
        const QDateTime at = run.startedAt.isValid() ? run.startedAt : run.createdAt;
        return at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    }
    case Duration:
        return run.startedAt.isValid() ? durationText(run.durationS) : QStringLiteral("\u2014");
    case Requests:
        return QLocale().toString(run.requests);
    case P99:
        return latencyText(run.p99Us);
    case ErrorRate:
        return errorRatePercentOfSent(run.sent, run.requests, run.errors)
                   ? tr("%1 %").arg(errorRate(run) * 100, 0, 'f', 2)
                   : QStringLiteral("\u2014");
    case Verdict:
        if (run.kind == RunKind::Debug)
            return tr("debug run"); // no criteria are evaluated
        if (!run.passed)
            return isFinal(run.status) ? tr("no verdict") : QString();
        return QString((*run.passed ? tr("Pass") : tr("Fail")) +
                       (run.score ? tr(" \u00b7 %1").arg(*run.score, 0, 'f', 0) : QString()));
    case Baseline:
        return m_baselines.contains(run.id) ? tr("\u2605 baseline") : QString();
    default:
        return {};
    }
}

QVariant RunListModel::sortValue(const RunRecord &run, int column) const
{
    switch (column) {
    case Id:
        return run.id;
    case Strategy:
        return run.strategyName.toLower();
    case Revision:
        return run.revision;
    case Status:
        return int(run.status);
    case Started:
        return (run.startedAt.isValid() ? run.startedAt : run.createdAt).toMSecsSinceEpoch();
    case Duration:
        return run.durationS;
    case Requests:
        return run.requests;
    case P99:
        return run.p99Us;
    case ErrorRate:
        return errorRate(run);
    case Verdict:
        return run.score ? *run.score : -1.0;
    case Baseline:
        return m_baselines.contains(run.id) ? 1 : 0;
    default:
        return {};
    }
}

QVariant RunListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_runs.size())
        return {};
    const RunRecord &run = m_runs.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(run, index.column());
    case SortRole:
        return sortValue(run, index.column());
    case RunIdRole:
        return run.id;
    case Qt::TextAlignmentRole:
        if (index.column() == Id || (index.column() >= Duration && index.column() <= ErrorRate))
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (index.column() == Status) {
            switch (run.status) {
            case RunStatus::Passed:
                return QBrush(QColor(0x1f, 0x7a, 0x3e));
            case RunStatus::Failed:
            case RunStatus::StoppedBySafety:
                return QBrush(QColor(0xb4, 0x23, 0x18));
            case RunStatus::Cancelled:
            case RunStatus::Interrupted:
                return QBrush(QColor(0x8a, 0x5a, 0x00));
            default:
                return QBrush(QColor(0x17, 0x5c, 0xd3));
            }
        }
        if (index.column() == Verdict && run.passed)
            return QBrush(*run.passed ? QColor(0x1f, 0x7a, 0x3e) : QColor(0xb4, 0x23, 0x18));
        if (index.column() == Baseline)
            return QBrush(QColor(0x9a, 0x6b, 0x00));
        if (run.kind == RunKind::Debug) // a few iterations for a look, not a measurement
            return QBrush(QColor(0x6b, 0x72, 0x80));
        return {};
    case Qt::FontRole:
        if (!isFinal(run.status) || (index.column() == Verdict && run.passed)) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::ToolTipRole:
        if (run.kind == RunKind::Debug && index.column() != Started)
            return tr("Debug run: a few iterations sent one by one to look at requests and answers. It "
                      "has no report, is never compared and cannot be a baseline; double-click opens its "
                      "results tree, the context menu deletes it.");
        if (index.column() == Status && !run.statusReason.isEmpty())
            return run.statusReason;
        if (index.column() == Started)
            return tr("Started %1 (local time); run by %2")
                .arg(QLocale().toString(
                         (run.startedAt.isValid() ? run.startedAt : run.createdAt).toLocalTime(),
                         QLocale::LongFormat),
                     run.user);
        return {};
    default:
        return {};
    }
}

QVariant RunListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    static const char *const names[] = {
        QT_TR_NOOP("#"),          QT_TR_NOOP("Strategy"), QT_TR_NOOP("Revision"), QT_TR_NOOP("Status"),
        QT_TR_NOOP("Started"),    QT_TR_NOOP("Duration"), QT_TR_NOOP("Requests"), QT_TR_NOOP("p99"),
        QT_TR_NOOP("Error rate"), QT_TR_NOOP("Verdict"),  QT_TR_NOOP("Baseline")};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}

RunFilterProxy::RunFilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(RunListModel::SortRole);
    setDynamicSortFilter(true);
}

void RunFilterProxy::setStrategy(const QString &name)
{
    m_strategy = name;
    invalidateFilter();
}

void RunFilterProxy::setStatusGroup(StatusGroup group)
{
    m_group = group;
    invalidateFilter();
}

void RunFilterProxy::setDateRange(const QDate &from, const QDate &to)
{
    m_from = from;
    m_to = to;
    invalidateFilter();
}

void RunFilterProxy::setSearchText(const QString &text)
{
    m_search = text.trimmed();
    invalidateFilter();
}

bool RunFilterProxy::inGroup(RunStatus status, StatusGroup group)
{
    switch (group) {
    case StatusGroup::All:
        return true;
    case StatusGroup::Live:
        return !isFinal(status);
    case StatusGroup::Passed:
        return status == RunStatus::Passed;
    case StatusGroup::Failed:
        return status == RunStatus::Failed || status == RunStatus::StoppedBySafety;
    case StatusGroup::Other:
        return status == RunStatus::Cancelled || status == RunStatus::Interrupted;
    }
    return true;
}

bool RunFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    const auto *model = qobject_cast<const RunListModel *>(sourceModel());
    if (!model || sourceRow >= model->rowCount())
        return false;
    const RunRecord &run = model->record(sourceRow);
    if (!m_strategy.isEmpty() && run.strategyName != m_strategy)
        return false;
    if (!inGroup(run.status, m_group))
        return false;
    const QDate day = (run.startedAt.isValid() ? run.startedAt : run.createdAt).toLocalTime().date();
    if ((m_from.isValid() && day < m_from) || (m_to.isValid() && day > m_to))
        return false;
    if (m_search.isEmpty())
        return true;
    QStringList haystack{
        run.strategyName,        run.user,         displayName(run.status), toString(run.status),
        QString::number(run.id), run.statusReason, run.contentHash,         toString(run.kind)};
    for (auto it = run.variables.cbegin(); it != run.variables.cend(); ++it)
        haystack << it.key() + QLatin1Char('=') + it.value();
    const QStringList words = m_search.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    const QString all = haystack.join(QLatin1Char('\n'));
    return std::all_of(words.cbegin(), words.cend(),
                       [&](const QString &w) { return all.contains(w, Qt::CaseInsensitive); });
}

} // namespace lw::ui
