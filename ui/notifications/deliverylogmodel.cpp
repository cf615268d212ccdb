#include "notifications/deliverylogmodel.h"

#include "notify/channels.h"

#include <QBrush>
#include <QColor>

namespace lw::ui {

DeliveryLogModel::DeliveryLogModel(const Workspace &ws, QObject *parent)
    : QAbstractTableModel(parent), m_ws(ws)
{}

void DeliveryLogModel::reload()
{
    QString error;
    QList<notify::OutboxRow> rows = notify::Channels(m_ws).recentDeliveries(500, &error);
    m_error = error;
    if (!error.isEmpty())
        return;
    // Same rows in the same order: update in place so selection and scrolling stay.
    bool sameKeys = rows.size() == m_rows.size();
    for (int i = 0; sameKeys && i < rows.size(); ++i)
        sameKeys = rows.at(i).id == m_rows.at(i).id;
    if (sameKeys) {
        m_rows = std::move(rows);
        if (!m_rows.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int DeliveryLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DeliveryLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DeliveryLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const notify::OutboxRow &r = m_rows.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Time:
            return (r.sentAt.isValid() ? r.sentAt : r.createdAt)
                .toLocalTime()
                .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case Event:
            return r.event;
        case Channel:
            return r.channel;
        case State:
            return r.state;
        case Attempts:
            return r.attempts;
        case LastError:
            return r.lastError;
        case Title:
            return r.notification.title;
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == LastError && !r.lastError.isEmpty())
        return r.lastError;
    if (role == Qt::ForegroundRole && index.column() == State) {
        if (r.state == QLatin1String("failed"))
            return QBrush(QColor(0xc6, 0x28, 0x28));
        if (r.state == QLatin1String("retrying"))
            return QBrush(QColor(0xb2, 0x6a, 0x00));
        if (r.state == QLatin1String("sent"))
            return QBrush(QColor(0x2e, 0x7d, 0x32));
    }
    if (role == Qt::TextAlignmentRole && index.column() == Attempts)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant DeliveryLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time:
        return tr("Time");
    case Event:
        return tr("Event");
    case Channel:
        return tr("Channel");
    case State:
        return tr("State");
    case Attempts:
        return tr("Attempts");
    case LastError:
        return tr("Last error");
    case Title:
        return tr("Notification");
    default:
        return {};
    }
}

} // namespace lw::ui
