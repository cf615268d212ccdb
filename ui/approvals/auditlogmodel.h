#pragma once

// The audit log as a table (seq, local time, actor, action, subject, details), with the first entry
// the chain verification found bad marked, and a filter proxy (action kind, actor, text, date range).

#include "audit/auditlog.h"

#include <QAbstractTableModel>
#include <QDate>
#include <QSortFilterProxyModel>

namespace lw::ui {

class AuditLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Seq,
        Time,
        Actor,
        Action,
        Subject,
        Details,
        ColumnCount
    };
    static constexpr int BadRole = Qt::UserRole + 1;  // bool: the first bad entry
    static constexpr int TimeRole = Qt::UserRole + 2; // QDateTime (UTC) of the entry

    explicit AuditLogModel(QObject *parent = nullptr);

    void setEntries(const QList<audit::AuditEntry> &entries, qint64 firstBadSeq);
    const QList<audit::AuditEntry> &entries() const { return m_entries; }
    qint64 firstBadSeq() const { return m_firstBadSeq; }
    int rowOfSeq(qint64 seq) const; // -1 when absent

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "approval.approve" -> "approval"
    static QString actionKind(const QString &action);

private:
    QList<audit::AuditEntry> m_entries;
    QList<QDateTime> m_times;
    qint64 m_firstBadSeq = 0;
};

class AuditFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit AuditFilterProxy(QObject *parent = nullptr);

    void setActionKind(const QString &kind); // empty: all
    void setActor(const QString &actor);     // empty: all
    void setText(const QString &text);       // in actor, action, subject or details, case-insensitive
    void setDateRange(const QDate &from, const QDate &to); // local dates, inclusive; invalid: open

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_kind;
    QString m_actor;
    QString m_text;
    QDate m_from;
    QDate m_to;
};

} // namespace lw::ui
