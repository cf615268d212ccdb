#pragma once

// A table model over a list of structs, described by columns: the generic part of every table in
// the strategy editor. StructListModel<T> binds the columns to a struct type with getter/setter
// functions; the delegate (tabledelegate.h) picks an editor widget from the column kind.

#include <QAbstractTableModel>
#include <QColor>
#include <QHash>
#include <QList>
#include <QStringList>

#include <functional>
#include <utility>

namespace lw::ui {

enum class ColumnKind
{
    Text,    // line edit
    Integer, // spin box
    Number,  // double spin box
    Choice,  // combo box with fixed choices (values are their JSON text)
    Combo,   // editable combo box: suggestions, free text allowed (metrics such as "p99.9")
    Check,   // check box (Qt::CheckStateRole)
    Derived, // read-only, computed from the row
};

struct ColumnSpec
{
    QString title;
    QString key; // JSON key of the field, for mapping validation issues to cells
    ColumnKind kind = ColumnKind::Text;
    QStringList choices;     // Choice/Combo: values
    QStringList choiceNames; // Choice: display names (same order; empty = values)
    double minimum = 0;
    double maximum = 1e9;
    int decimals = 2;
    QString specialText; // Integer/Number: shown for the minimum (e.g. "any")
    QString placeholder; // Text: hint in the editor and the empty cell
    QString toolTip;     // header tooltip
    int width = 0;       // preferred width in pixels; 0 = stretch/auto
};

class ListTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role
    {
        ColumnKindRole = Qt::UserRole + 1,
        ChoicesRole,
        MinimumRole,
        MaximumRole,
        DecimalsRole,
        SpecialTextRole,
        PlaceholderRole,
        HasIssueRole
    };

    explicit ListTableModel(QList<ColumnSpec> columns, QObject *parent = nullptr);

    const QList<ColumnSpec> &columns() const { return m_columns; }
    void setColumnTitle(int column, const QString &title);
    int columnForKey(const QString &key) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;

    // Row operations of the table editor; each emits rowsEdited().
    void addRow(int row);
    void duplicateRow(int row);
    void removeRowAt(int row);
    void moveRowTo(int from, int to);

    // Validation messages per cell (row, column); column -1 marks the whole row.
    void setIssues(const QHash<std::pair<int, int>, QStringList> &issues);

    void setReadOnly(bool readOnly) { m_readOnly = readOnly; }
    bool isReadOnly() const { return m_readOnly; }

signals:
    void rowsEdited(); // the user changed the list (cell, add, remove, move)

protected:
    virtual int itemCount() const = 0;
    virtual QVariant cellValue(int row, int column) const = 0;
    virtual bool setCellValue(int row, int column, const QVariant &value) = 0;
    virtual bool isCellEditable(int row, int column) const = 0;
    virtual QColor cellColor(int row, int column) const = 0; // derived colour; invalid = none
    virtual QString cellUnit(int, int) const { return {}; }  // shown after the value ("ms")
    virtual void insertItem(int row, bool duplicateOfPrevious) = 0;
    virtual void removeItem(int row) = 0;
    virtual void moveItem(int from, int to) = 0;

private:
    QString displayText(const ColumnSpec &c, const QVariant &v) const;
    QStringList issuesAt(int row, int column) const;

    QList<ColumnSpec> m_columns;
    QHash<std::pair<int, int>, QStringList> m_issues;
    bool m_readOnly = false;
};

// Binds columns to a struct T. get returns the cell value (QString for Text/Choice/Combo, int,
// double, bool for Check); set stores a value and returns false to reject it.
template <typename T> struct Field
{
    ColumnSpec spec;
    std::function<QVariant(const T &)> get;
    std::function<bool(T &, const QVariant &)> set; // empty: read-only column
    std::function<QColor(const T &)> color = {};    // optional cell background
    std::function<bool(const T &)> applies = {};    // optional: false greys the cell out
    std::function<QString(const T &)> unit = {};    // optional: unit shown after the value
};

template <typename T> class StructListModel : public ListTableModel
{
public:
    StructListModel(QList<Field<T>> fields, T prototype, QObject *parent = nullptr)
        : ListTableModel(specsOf(fields), parent), m_fields(std::move(fields)),
          m_prototype(std::move(prototype))
    {}

    const QList<T> &items() const { return m_items; }
    // Replaces the content; keeps rows (and the selection) when only values changed.
    void setItems(const QList<T> &items)
    {
        if (items == m_items)
            return;
        if (items.size() == m_items.size()) {
            m_items = items;
            if (!m_items.isEmpty())
                emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
            return;
        }
        beginResetModel();
        m_items = items;
        endResetModel();
    }

protected:
    int itemCount() const override { return int(m_items.size()); }
    QVariant cellValue(int row, int column) const override { return m_fields[column].get(m_items[row]); }
    bool setCellValue(int row, int column, const QVariant &value) override
    {
        const Field<T> &f = m_fields[column];
        if (!f.set)
            return false;
        T copy = m_items[row];
        if (!f.set(copy, value) || copy == m_items[row])
            return false;
        m_items[row] = copy;
        return true;
    }
    bool isCellEditable(int row, int column) const override
    {
        const Field<T> &f = m_fields[column];
        return f.set && (!f.applies || f.applies(m_items[row]));
    }
    QColor cellColor(int row, int column) const override
    {
        const Field<T> &f = m_fields[column];
        if (f.applies && !f.applies(m_items[row]))
            return QColor(0xee, 0xef, 0xf1);
        return f.color ? f.color(m_items[row]) : QColor();
    }
    QString cellUnit(int row, int column) const override
    {
        const Field<T> &f = m_fields[column];
        return f.unit ? f.unit(m_items[row]) : QString();
    }
    void insertItem(int row, bool duplicateOfPrevious) override
    {
        m_items.insert(row, duplicateOfPrevious ? m_items[row - 1] : m_prototype);
    }
    void removeItem(int row) override { m_items.removeAt(row); }
    void moveItem(int from, int to) override { m_items.move(from, to); }

private:
    static QList<ColumnSpec> specsOf(const QList<Field<T>> &fields)
    {
        QList<ColumnSpec> specs;
        for (const Field<T> &f : fields)
            specs.append(f.spec);
        return specs;
    }

    QList<Field<T>> m_fields;
    T m_prototype;
    QList<T> m_items;
};

} // namespace lw::ui
