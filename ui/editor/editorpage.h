#pragma once

// One page of the strategy editor. A page shows part of the strategy, turns user input into edits of
// the document (never touching the strategy directly) and shows the validation issues of its part.

#include "editor/listtablemodel.h"
#include "model/strategy.h"
#include "model/strategyjson.h"

#include <QWidget>

#include <functional>

namespace lw::ui {

class StrategyDocument;

class EditorPage : public QWidget
{
    Q_OBJECT
public:
    EditorPage(StrategyDocument *doc, QWidget *parent = nullptr);

    virtual QString title() const = 0;
    // Top-level JSON keys this page shows ("targets", "load"); issues under them are routed here.
    virtual QStringList issuePrefixes() const = 0;
    // Widgets <- strategy. Must leave widgets whose value is unchanged alone (cursor, selection).
    virtual void refresh(const Strategy &s) = 0;
    // Shows this page's issues next to their fields.
    virtual void showIssues(const QList<ValidationIssue> &issues) = 0;
    // Read-only revision views: no editing, but text stays selectable.
    virtual void setReadOnly(bool readOnly);
    // The width the page is about to be shown in (the editor scrolls a page that needs more). A
    // page with columns side by side stacks them when they would not fit, rather than scroll.
    virtual void fitToWidth(int width) { Q_UNUSED(width) }
    // Brings the field of an issue path into view and focuses it (the problems list calls this when
    // a problem is activated). Pages whose fields are all in sight need not.
    virtual void showPath(const QString &path) { Q_UNUSED(path) }

protected:
    // Applies mutate to a copy of the open strategy and records it as one undoable edit.
    void commit(const std::function<void(Strategy &)> &mutate, const QString &mergeKey = {},
                const QString &description = {});
    const Strategy &strategy() const;
    // Keeps a table model and a list inside the strategy in step: access is a generic lambda
    // returning the list by reference ([](auto &s) -> auto & { return s.targets; }).
    template <typename T, typename Access>
    void bindList(StructListModel<T> *model, Access access, const QString &description)
    {
        connect(model, &ListTableModel::rowsEdited, this, [this, model, access, description] {
            commit([&](Strategy &s) { access(s) = model->items(); }, {}, description);
        });
    }
    bool isRefreshing() const { return m_refreshing > 0; }
    // Guards refresh(): widget signals fired while loading values must not become edits.
    struct RefreshGuard
    {
        explicit RefreshGuard(EditorPage *p) : page(p) { ++page->m_refreshing; }
        ~RefreshGuard() { --page->m_refreshing; }
        EditorPage *page;
    };

    StrategyDocument *m_doc;

private:
    int m_refreshing = 0;
};

} // namespace lw::ui
