#pragma once

// The strategy editor: a tab per part of the strategy, inline validation with per-tab error counts,
// a problems list, and a banner when an older revision is shown.

#include "model/strategyjson.h"

#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;
class QTabWidget;
class QFrame;
class QStackedWidget;

namespace lw::ui {

class EditorPage;
class StrategyDocument;

class StrategyEditor : public QWidget
{
    Q_OBJECT
public:
    explicit StrategyEditor(StrategyDocument *doc, QWidget *parent = nullptr);

    QTabWidget *tabs() const { return m_tabs; }
    QList<EditorPage *> pages() const { return m_pages; }
    // The page showing issue path ("load.stages[1].duration" -> Load profile).
    EditorPage *pageFor(const QString &path) const;
    template <typename Page> Page *page() const
    {
        for (EditorPage *p : m_pages) {
            if (auto *typed = qobject_cast<Page *>(p))
                return typed;
        }
        return nullptr;
    }
    QListWidget *problems() const { return m_problems; }
    // The list of pages down the editor's side (the tab widget's own bar is hidden).
    QListWidget *sections() const { return m_sections; }
    void showPage(EditorPage *page);
    // The page's index in tabs() and sections() (pages sit in scroll areas), or -1.
    int pageIndex(EditorPage *page) const;

signals:
    void backToLatestRequested();
    // From the empty state (no strategy open).
    void newRequested();
    void importRequested();

private:
    void addPage(EditorPage *page);
    void refreshPages();
    void routeIssues();
    void updateBanner();

    StrategyDocument *m_doc;
    QTabWidget *m_tabs;
    QList<EditorPage *> m_pages;
    QFrame *m_banner;
    QLabel *m_bannerText;
    QPushButton *m_useAsBase;
    QPushButton *m_backToLatest;
    QListWidget *m_problems;
    QListWidget *m_sections;
    QStackedWidget *m_stack;
    QWidget *m_emptyState;
};

} // namespace lw::ui
