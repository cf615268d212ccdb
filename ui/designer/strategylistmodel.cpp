#include "designer/strategylistmodel.h"

#include <QLocale>

namespace lw::ui {

QString relativeTime(const QDateTime &when, const QDateTime &now)
{
    if (!when.isValid())
        return {};
    const qint64 secs = when.secsTo(now);
    if (secs < 60)
        return QObject::tr("just now");
    if (secs < 3600)
        return QObject::tr("%n min ago", nullptr, int(secs / 60));
    const QDateTime local = when.toLocalTime();
    const QDate today = now.toLocalTime().date();
    const QString time = local.time().toString(QStringLiteral("HH:mm"));
    if (local.date() == today)
        return QObject::tr("today %1").arg(time);
    if (local.date() == today.addDays(-1))
        return QObject::tr("yesterday %1").arg(time);
    return local.date().toString(Qt::ISODate);
}

StrategyListModel::StrategyListModel(QObject *parent) : QAbstractTableModel(parent) {}

void StrategyListModel::setStrategies(const QList<StrategySummary> &strategies)
{
    beginResetModel();
    m_items = strategies;
    endResetModel();
}

int StrategyListModel::rowOf(qint64 strategyId) const
{
    for (int i = 0; i < m_items.size(); ++i) {
        if (m_items[i].id == strategyId)
            return i;
    }
    return -1;
}

int StrategyListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int StrategyListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StrategyListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_items.size())
        return {};
    const StrategySummary &s = m_items[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return s.name;
        case TypeColumn:
            return displayName(s.type);
        case SafetyColumn:
            return displayName(s.safetyLevel);
        case RevisionColumn:
            return s.latestRevision;
        case UpdatedColumn:
            return relativeTime(s.updatedAt, QDateTime::currentDateTimeUtc());
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == UpdatedColumn)
            return tr("%1 by %2")
                .arg(QLocale().toString(s.updatedAt.toLocalTime(), QLocale::ShortFormat),
                     s.updatedBy.isEmpty() ? tr("unknown") : s.updatedBy);
        if (index.column() == RevisionColumn)
            return tr("Revision %1, content hash %2").arg(s.latestRevision).arg(s.latestHash.left(12));
        return tr("%1\nRevision %2, changed %3 by %4")
            .arg(s.name)
            .arg(s.latestRevision)
            .arg(QLocale().toString(s.updatedAt.toLocalTime(), QLocale::ShortFormat),
                 s.updatedBy.isEmpty() ? tr("unknown") : s.updatedBy);
    case Qt::TextAlignmentRole:
        if (index.column() == RevisionColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case StrategyIdRole:
        return s.id;
    case SafetyLevelRole:
        return int(s.safetyLevel);
    case SortRole:
        switch (index.column()) {
        case NameColumn:
            return s.name.toLower();
        case TypeColumn:
            return displayName(s.type);
        case SafetyColumn:
            return int(s.safetyLevel);
        case RevisionColumn:
            return s.latestRevision;
        case UpdatedColumn:
            return s.updatedAt;
        }
        return {};
    case SearchTextRole:
        return QStringList{s.name, displayName(s.type), toString(s.type), displayName(s.safetyLevel),
                           s.updatedBy}
            .join(QLatin1Char(' '));
    default:
        return {};
    }
}

QVariant StrategyListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case TypeColumn:
        return tr("Type");
    case SafetyColumn:
        return tr("Safety");
    case RevisionColumn:
        return tr("Rev");
    case UpdatedColumn:
        return tr("Updated");
    }
    return {};
}

} // namespace lw::ui
