#pragma once

// The strategy list with a search box: filters by name, type and safety level; sortable columns;
// safety level shown as a coloured badge.

#include <QWidget>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace lw::ui {

class StrategyListModel;

class StrategyBrowser : public QWidget
{
    Q_OBJECT
public:
    explicit StrategyBrowser(StrategyListModel *model, QWidget *parent = nullptr);

    QLineEdit *searchField() const { return m_search; }
    QTableView *view() const { return m_view; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }

    qint64 currentStrategyId() const; // 0 when none
    // Selects the strategy without emitting strategySelected (e.g. to undo a cancelled switch).
    void setCurrentStrategy(qint64 id);

signals:
    void strategySelected(qint64 strategyId); // by the user

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateFooter();

    StrategyListModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QLineEdit *m_search;
    QTableView *m_view;
    QLabel *m_footer;
    QLabel *m_empty;
    bool m_programmatic = false;
};

} // namespace lw::ui
