#include "approvals/auditlogmodel.h"

#include "storage/sqlutil.h"

#include <QColor>
#include <QFont>
#include <QLocale>

namespace lw::ui {

AuditLogModel::AuditLogModel(QObject *parent) : QAbstractTableModel(parent) {}

void AuditLogModel::setEntries(const QList<audit::AuditEntry> &entries, qint64 firstBadSeq)
{
    beginResetModel();
    m_entries = entries;
    m_firstBadSeq = firstBadSeq;
    m_times.clear();
    m_times.reserve(entries.size());
    for (const audit::AuditEntry &e : entries)
        m_times.append(sql::fromDbTime(e.at));
    endResetModel();
}

int AuditLogModel::rowOfSeq(qint64 seq) const
{
    for (int i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).seq == seq)
            return i;
    }
    return -1;
}

int AuditLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AuditLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AuditLogModel::actionKind(const QString &action)
{
    return action.section(QLatin1Char('.'), 0, 0);
}

QVariant AuditLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const audit::AuditEntry &e = m_entries.at(index.row());
    const bool bad = m_firstBadSeq != 0 && e.seq == m_firstBadSeq;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case Seq:
            return e.seq;
        case Time: {
            const QDateTime t = m_times.at(index.row());
            if (!t.isValid())
                return e.at;
            return role == Qt::ToolTipRole ? e.at
                                           : t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        }
        case Actor:
            return e.actor;
        case Action:
            return e.action;
        case Subject:
            return e.subject;
        case Details:
            return role == Qt::ToolTipRole
                       ? QStringLiteral("%1\n\nhash %2\nprev %3").arg(e.details, e.hash, e.prevHash)
                       : e.details;
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == Seq)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::BackgroundRole:
        if (bad)
            return QColor(0xfd, 0xe2, 0xe1);
        break;
    case Qt::ForegroundRole:
        if (bad)
            return QColor(0xb4, 0x23, 0x18);
        break;
    case Qt::FontRole:
        if (bad) {
            QFont f;
            f.setBold(true);
            return f;
        }
        break;
    case BadRole:
        return bad;
    case TimeRole:
        return m_times.at(index.row());
    default:
        break;
    }
    return {};
}

QVariant AuditLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Seq:
        return tr("#");
    case Time:
        return tr("Time (local)");
    case Actor:
        return tr("Actor");
    case Action:
        return tr("Action");
    case Subject:
        return tr("Subject");
    case Details:
        return tr("Details");
    }
    return {};
}

AuditFilterProxy::AuditFilterProxy(QObject *parent) : QSortFilterProxyModel(parent) {}

void AuditFilterProxy::setActionKind(const QString &kind)
{
    m_kind = kind;
    invalidateFilter();
}

void AuditFilterProxy::setActor(const QString &actor)
{
    m_actor = actor;
    invalidateFilter();
}

void AuditFilterProxy::setText(const QString &text)
{
    m_text = text.trimmed();
    invalidateFilter();
}

void AuditFilterProxy::setDateRange(const QDate &from, const QDate &to)
{
    m_from = from;
    m_to = to;
    invalidateFilter();
}

bool AuditFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const auto *model = qobject_cast<const AuditLogModel *>(sourceModel());
    if (!model || sourceParent.isValid() || sourceRow >= model->entries().size())
        return false;
    const audit::AuditEntry &e = model->entries().at(sourceRow);
    if (model->firstBadSeq() != 0 && e.seq == model->firstBadSeq())
        return true; // the broken entry is always shown
    if (!m_kind.isEmpty() && AuditLogModel::actionKind(e.action) != m_kind)
        return false;
    if (!m_actor.isEmpty() && e.actor != m_actor)
        return false;
    if (!m_text.isEmpty()) {
        const bool found = e.actor.contains(m_text, Qt::CaseInsensitive) ||
                           e.action.contains(m_text, Qt::CaseInsensitive) ||
                           e.subject.contains(m_text, Qt::CaseInsensitive) ||
                           e.details.contains(m_text, Qt::CaseInsensitive);
        if (!found)
            return false;
    }
    if (m_from.isValid() || m_to.isValid()) {
        const QDate day = model->data(model->index(sourceRow, AuditLogModel::Time), AuditLogModel::TimeRole)
                              .toDateTime()
                              .toLocalTime()
                              .date();
        if ((m_from.isValid() && day < m_from) || (m_to.isValid() && day > m_to))
            return false;
    }
    return true;
}

} // namespace lw::ui
