#pragma once

// The left-hand navigator: one entry per work area (Strategies now; Runs, Approvals... as they are
// built), switching a stack of area widgets. Ctrl+1..9 select areas.

#include <QWidget>

class QListWidget;
class QStackedWidget;

namespace lw::ui {

class Navigator : public QWidget
{
    Q_OBJECT
public:
    explicit Navigator(QWidget *parent = nullptr);

    // Adds an area (in a scroll area of its own); returns its index. The navigator takes ownership.
    int addArea(const QIcon &icon, const QString &name, QWidget *area);
    void setCurrentArea(int index);
    int currentArea() const;
    QListWidget *list() const { return m_list; }

signals:
    void currentAreaChanged(int index);

private:
    QListWidget *m_list;
    QStackedWidget *m_stack;
};

} // namespace lw::ui
