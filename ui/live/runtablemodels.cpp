#include "live/runtablemodels.h"

#include <QLocale>
#include <QPainter>
#include <QPixmap>

#include <cmath>

namespace lw::ui {

namespace {

QString elapsedText(double s)
{
    const bool negative = s < 0;
    const qint64 t = qint64(std::floor(std::fabs(s)));
    QString text = t >= 3600 ? QStringLiteral("%1:%2:%3")
                                   .arg(t / 3600)
                                   .arg((t / 60) % 60, 2, 10, QLatin1Char('0'))
                                   .arg(t % 60, 2, 10, QLatin1Char('0'))
                             : QStringLiteral("%1:%2")
                                   .arg(t / 60, 2, 10, QLatin1Char('0'))
                                   .arg(t % 60, 2, 10, QLatin1Char('0'));
    return negative ? QStringLiteral("-") + text : text;
}

QString severityText(AlertSeverity s)
{
    switch (s) {
    case AlertSeverity::Info:
        return QObject::tr("Info");
    case AlertSeverity::Warning:
        return QObject::tr("Warning");
    case AlertSeverity::Critical:
        return QObject::tr("Critical");
    }
    return {};
}

} // namespace

QColor severityColor(AlertSeverity severity)
{
    switch (severity) {
    case AlertSeverity::Info:
        return QColor(0x2f, 0x6f, 0xde);
    case AlertSeverity::Warning:
        return QColor(0xc9, 0x82, 0x00);
    case AlertSeverity::Critical:
        return QColor(0xc6, 0x2f, 0x3b);
    }
    return Qt::gray;
}

QIcon severityIcon(AlertSeverity severity)
{
    QIcon icon;
    for (const int size : {16, 32}) {
        QPixmap pm(size, size);
        pm.fill(Qt::transparent);
        QPainter p(&pm);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(Qt::NoPen);
        p.setBrush(severityColor(severity));
        const double r = size * 0.36;
        p.drawEllipse(QPointF(size / 2.0, size / 2.0), r, r);
        p.setPen(QPen(Qt::white, size / 9.0, Qt::SolidLine, Qt::RoundCap));
        const double c = size / 2.0;
        if (severity == AlertSeverity::Info) {
            p.drawLine(QPointF(c, c - r * 0.05), QPointF(c, c + r * 0.5));
            p.drawPoint(QPointF(c, c - r * 0.45));
        } else {
            p.drawLine(QPointF(c, c - r * 0.5), QPointF(c, c + r * 0.05));
            p.drawPoint(QPointF(c, c + r * 0.45));
        }
        p.end();
        icon.addPixmap(pm);
    }
    return icon;
}

// ---- Event log ----------------------------------------------------------------------------------

EventLogModel::EventLogModel(QObject *parent) : QAbstractTableModel(parent) {}

void EventLogModel::append(const RunEvent &event)
{
    if (m_events.size() >= LiveRunModel::kMaxEvents) {
        beginRemoveRows({}, 0, 0);
        m_events.removeFirst();
        endRemoveRows();
    }
    const int row = int(m_events.size());
    beginInsertRows({}, row, row);
    m_events.append(event);
    endInsertRows();
}

void EventLogModel::clear()
{
    beginResetModel();
    m_events.clear();
    endResetModel();
}

int EventLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int EventLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_events.size())
        return {};
    const RunEvent &e = m_events.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return elapsedText(e.elapsedS);
        case SeverityColumn:
            return severityText(e.severity);
        case KindColumn:
            return e.kind;
        case MessageColumn:
            return e.message;
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == SeverityColumn)
            return severityIcon(e.severity);
        break;
    case Qt::ForegroundRole:
        if (index.column() == MessageColumn && e.severity == AlertSeverity::Critical)
            return severityColor(e.severity);
        break;
    case Qt::ToolTipRole:
        return QStringLiteral("%1  %2\n%3")
            .arg(QDateTime::fromMSecsSinceEpoch(e.atMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")),
                 e.kind, e.message);
    case Qt::TextAlignmentRole:
        if (index.column() == TimeColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    }
    return {};
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case SeverityColumn:
        return tr("Severity");
    case KindColumn:
        return tr("Kind");
    case MessageColumn:
        return tr("Message");
    }
    return {};
}

// ---- Error breakdown ----------------------------------------------------------------------------

ErrorBreakdownModel::ErrorBreakdownModel(QObject *parent) : QAbstractTableModel(parent) {}

void ErrorBreakdownModel::setRows(const QList<ErrorBreakdownRow> &rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

int ErrorBreakdownModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ErrorBreakdownModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ErrorBreakdownModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const ErrorBreakdownRow &r = m_rows.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case ClassColumn:
            return r.label;
        case CountColumn:
            return QLocale().toString(r.count);
        case ShareColumn:
            return QStringLiteral("%1 %").arg(r.share * 100, 0, 'f', 1);
        }
    } else if (role == Qt::TextAlignmentRole && index.column() != ClassColumn) {
        return int(Qt::AlignRight | Qt::AlignVCenter);
    } else if (role == Qt::UserRole) {
        return r.key;
    }
    return {};
}

QVariant ErrorBreakdownModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ClassColumn:
        return tr("Class / status");
    case CountColumn:
        return tr("Count");
    case ShareColumn:
        return tr("Share");
    }
    return {};
}

} // namespace lw::ui
