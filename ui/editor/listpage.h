#pragma once

// A tab that is one table bound to one list of the strategy (safety limits, success criteria,
// notification routes), with a short explanation above it.

#include "editor/editorpage.h"

#include <functional>

namespace lw::ui {

class TableEditor;

class ListPage : public EditorPage
{
    Q_OBJECT
public:
    // access: generic lambda returning the list by reference, see EditorPage::bindList.
    template <typename T, typename Access>
    ListPage(StrategyDocument *doc, const QString &title, const QString &path, const QString &intro,
             StructListModel<T> *model, Access access, const QString &emptyHint, QWidget *parent = nullptr)
        : EditorPage(doc, parent), m_title(title), m_path(path)
    {
        model->setParent(this);
        build(model, intro, emptyHint);
        bindList(model, access, tr("Edit %1").arg(title.toLower()));
        m_load = [model, access](const Strategy &s) {
            model->setItems(access(s));
        };
    }

    QString title() const override { return m_title; }
    QStringList issuePrefixes() const override { return {m_path}; }
    void refresh(const Strategy &s) override;
    void showIssues(const QList<ValidationIssue> &issues) override;

    TableEditor *table() const { return m_table; }

private:
    void build(ListTableModel *model, const QString &intro, const QString &emptyHint);

    QString m_title;
    QString m_path;
    TableEditor *m_table = nullptr;
    std::function<void(const Strategy &)> m_load;
};

// The simple list tabs.
ListPage *createSafetyLimitsPage(StrategyDocument *doc);
ListPage *createSuccessCriteriaPage(StrategyDocument *doc);
ListPage *createNotificationsPage(StrategyDocument *doc);
ListPage *createTestingWindowsPage(StrategyDocument *doc);

} // namespace lw::ui
