#pragma once

// The delivery log as a table: one row per outbox row (event, channel), newest first, with its state
// (pending, retrying, sent, failed), attempts, last error and time. reload() reads the workspace.

#include "notify/outbox.h"

#include <QAbstractTableModel>
namespace lw {
class Workspace;
}

namespace lw::ui {

class DeliveryLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Time,
        Event,
        Channel,
        State,
        Attempts,
        LastError,
        Title,
        ColumnCount
    };

    explicit DeliveryLogModel(const Workspace &ws, QObject *parent = nullptr);

    void reload(); // keeps the newest 500 rows
    const notify::OutboxRow &rowAt(int row) const { return m_rows.at(row); }
    QString lastError() const { return m_error; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    const Workspace &m_ws;
    QList<notify::OutboxRow> m_rows;
    QString m_error;
};

} // namespace lw::ui
