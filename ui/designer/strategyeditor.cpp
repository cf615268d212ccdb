#include "designer/strategyeditor.h"

#include "designer/strategydocument.h"
#include "editor/enginepage.h"
#include "editor/generalpage.h"
#include "editor/issuepath.h"
#include "editor/jsonpage.h"
#include "editor/listpage.h"
#include "editor/loadprofilepage.h"
#include "editor/monitoringpage.h"
#include "editor/prerequisitespage.h"
#include "editor/riskspage.h"
#include "editor/rollbackpage.h"
#include "editor/scenariospage.h"
#include "editor/targetspage.h"
#include "shell/icons.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace lw::ui {

namespace {
// Invalid fields get a red border; applies to every field of the editor (see setInvalid()).
const char *const kEditorStyle = R"(
QLineEdit[lwInvalid="true"], QPlainTextEdit[lwInvalid="true"], QAbstractSpinBox[lwInvalid="true"],
QComboBox[lwInvalid="true"] { border: 1px solid #d93025; border-radius: 3px; background: #fff8f7; padding: 2px; }
QCheckBox[lwInvalid="true"] { color: #b42318; }
QListWidget#editorSections { border: none; background: transparent; outline: 0; }
QListWidget#editorSections::item { padding: 5px 6px; border-radius: 4px; }
QListWidget#editorSections::item:selected { background: #dfe8fb; color: #1d4fb8; }
)";

// Scrolls a page that needs more room than the editor has, after letting the page fit itself to
// the width first (stacking side-by-side columns).
class PageScroll : public QScrollArea
{
public:
    explicit PageScroll(EditorPage *page) : m_page(page) { setWidget(page); }

protected:
    void resizeEvent(QResizeEvent *event) override
    {
        m_page->fitToWidth(viewport()->width());
        QScrollArea::resizeEvent(event);
    }

private:
    EditorPage *m_page;
};
} // namespace

StrategyEditor::StrategyEditor(StrategyDocument *doc, QWidget *parent)
    : QWidget(parent), m_doc(doc), m_tabs(new QTabWidget), m_banner(new QFrame), m_bannerText(new QLabel),
      m_useAsBase(new QPushButton(tr("&Use as base for a new revision"))),
      m_backToLatest(new QPushButton(tr("Back to &latest"))), m_problems(new QListWidget),
      m_sections(new QListWidget)
{
    setStyleSheet(QString::fromLatin1(kEditorStyle));
    m_banner->setObjectName(QStringLiteral("revisionBanner"));
    m_banner->setStyleSheet(
        QStringLiteral("#revisionBanner { background: #fff4d6; border: 1px solid #e8c766; "
                       "border-radius: 4px; }"));
    auto *bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(12, 6, 8, 6);
    m_bannerText->setWordWrap(true);
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(m_useAsBase);
    bannerLayout->addWidget(m_backToLatest);
    m_banner->hide();

    m_tabs->setDocumentMode(true);
    // The pages are listed down the side, not in a tab bar: a dozen titles (with their problem
    // counts) never fit across an editor on a laptop screen, and shortened or scrolled-away tabs
    // hide where a problem is. The tab widget stays as the pages' container.
    m_tabs->tabBar()->hide();
    m_sections->setObjectName(QStringLiteral("editorSections"));
    m_sections->setAccessibleName(tr("Strategy sections"));
    m_sections->setIconSize(QSize(16, 16));
    m_sections->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_sections->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Expanding);
    addPage(new GeneralPage(doc));
    addPage(new TargetsPage(doc));
    addPage(new ScenariosPage(doc));
    addPage(new LoadProfilePage(doc));
    addPage(createSafetyLimitsPage(doc));
    addPage(new RollbackPage(doc));
    addPage(new RisksPage(doc));
    addPage(new PrerequisitesPage(doc));
    addPage(createSuccessCriteriaPage(doc));
    addPage(new MonitoringPage(doc));
    addPage(createTestingWindowsPage(doc));
    addPage(createNotificationsPage(doc));
    addPage(new EnginePage(doc));
    addPage(new JsonPage(doc));

    m_problems->setObjectName(QStringLiteral("problemsList"));
    m_problems->setIconSize(QSize(16, 16));
    m_problems->setAlternatingRowColors(true);
    m_problems->setToolTip(tr("Problems that block saving; double-click (or Enter) to go to the field"));
    m_problems->hide();

    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addWidget(m_banner);
    auto *pagesRow = new QHBoxLayout;
    pagesRow->setSpacing(8);
    pagesRow->addWidget(m_sections);
    pagesRow->addWidget(m_tabs, 1);
    layout->addLayout(pagesRow, 1);
    layout->addWidget(m_problems);

    // Nothing open: say what to do instead of showing an empty, disabled form.
    m_emptyState = new QWidget;
    auto *emptyLayout = new QVBoxLayout(m_emptyState);
    emptyLayout->addStretch(2);
    auto *emptyTitle = new QLabel(tr("No strategy open"));
    emptyTitle->setAlignment(Qt::AlignCenter);
    emptyTitle->setStyleSheet(QStringLiteral("font-size: 15pt; color: #2b313b;"));
    auto *emptyText = new QLabel(tr("Pick a strategy in the list, start a new one from a template, or import "
                                    "a strategy JSON file."));
    emptyText->setAlignment(Qt::AlignCenter);
    emptyText->setWordWrap(true);
    emptyText->setStyleSheet(QStringLiteral("color: #56606e;"));
    auto *buttons = new QHBoxLayout;
    auto *newButton = new QPushButton(icon(IconId::New), tr("New strategy..."));
    auto *importButton = new QPushButton(icon(IconId::Import), tr("Import JSON..."));
    buttons->addStretch();
    buttons->addWidget(newButton);
    buttons->addWidget(importButton);
    buttons->addStretch();
    emptyLayout->addWidget(emptyTitle);
    emptyLayout->addWidget(emptyText);
    emptyLayout->addSpacing(12);
    emptyLayout->addLayout(buttons);
    emptyLayout->addStretch(3);
    connect(newButton, &QPushButton::clicked, this, &StrategyEditor::newRequested);
    connect(importButton, &QPushButton::clicked, this, &StrategyEditor::importRequested);

    m_stack = new QStackedWidget;
    m_stack->addWidget(m_emptyState);
    m_stack->addWidget(content);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_stack);

    connect(doc, &StrategyDocument::strategyChanged, this, &StrategyEditor::refreshPages);
    connect(doc, &StrategyDocument::issuesChanged, this, &StrategyEditor::routeIssues);
    connect(doc, &StrategyDocument::originChanged, this, &StrategyEditor::updateBanner);
    connect(m_useAsBase, &QPushButton::clicked, doc, &StrategyDocument::useAsBase);
    connect(m_backToLatest, &QPushButton::clicked, this, &StrategyEditor::backToLatestRequested);
    connect(m_sections, &QListWidget::currentRowChanged, m_tabs, &QTabWidget::setCurrentIndex);
    connect(m_tabs, &QTabWidget::currentChanged, m_sections, [this](int i) { m_sections->setCurrentRow(i); });
    m_sections->setCurrentRow(0);
    connect(m_problems, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        const QString path = item->data(Qt::UserRole).toString();
        if (EditorPage *p = pageFor(path)) {
            showPage(p);
            p->showPath(path);
        }
    });
    refreshPages();
    routeIssues();
    updateBanner();
}

void StrategyEditor::addPage(EditorPage *page)
{
    m_pages.append(page);
    // Each page scrolls on its own when the editor is narrower or shorter than the page needs, so
    // one wide page (the load profile's chart, the JSON) never widens the editor or squeezes the
    // strategy list.
    auto *scroll = new PageScroll(page);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    const int index = m_tabs->addTab(scroll, page->title());
    m_tabs->setTabToolTip(index, page->title());
    m_sections->addItem(new QListWidgetItem(page->title()));
    // Wide enough for every title with an icon and a problem count ("Notifications (12)").
    const QFontMetrics fm(m_sections->font());
    int widest = 0;
    for (EditorPage *p : std::as_const(m_pages))
        widest = qMax(widest, fm.horizontalAdvance(p->title() + QStringLiteral(" (88)")));
    m_sections->setFixedWidth(widest + m_sections->iconSize().width() + fm.averageCharWidth() * 4 + 16);
}

void StrategyEditor::showPage(EditorPage *page)
{
    const int index = pageIndex(page);
    if (index >= 0)
        m_tabs->setCurrentIndex(index);
}

int StrategyEditor::pageIndex(EditorPage *page) const
{
    return int(m_pages.indexOf(page));
}

EditorPage *StrategyEditor::pageFor(const QString &path) const
{
    for (EditorPage *p : m_pages) {
        for (const QString &prefix : p->issuePrefixes()) {
            if (pathIsUnder(path, prefix))
                return p;
        }
    }
    return m_pages.first(); // General: the strategy as a whole
}

void StrategyEditor::refreshPages()
{
    for (EditorPage *p : m_pages)
        p->refresh(m_doc->strategy());
}

void StrategyEditor::routeIssues()
{
    QHash<EditorPage *, QList<ValidationIssue>> byPage;
    const QList<ValidationIssue> &issues = m_doc->issues();
    m_problems->clear();
    for (const ValidationIssue &issue : issues) {
        EditorPage *p = pageFor(issue.path);
        byPage[p].append(issue);
        auto *item = new QListWidgetItem(icon(IconId::Warning),
                                         QStringLiteral("%1  \u203a  %2").arg(p->title(), issue.toString()));
        item->setData(Qt::UserRole, issue.path);
        m_problems->addItem(item);
    }
    for (int i = 0; i < m_pages.size(); ++i) {
        EditorPage *p = m_pages[i];
        const QList<ValidationIssue> mine = byPage.value(p);
        p->showIssues(mine);
        const QString text =
            mine.isEmpty() ? p->title() : QStringLiteral("%1 (%2)").arg(p->title()).arg(mine.size());
        const QIcon mark = mine.isEmpty() ? QIcon() : icon(IconId::Warning);
        m_tabs->setTabText(i, text);
        m_tabs->setTabIcon(i, mark);
        if (QListWidgetItem *item = m_sections->item(i)) {
            item->setText(text);
            item->setIcon(mark);
            item->setToolTip(mine.isEmpty()
                                 ? p->title()
                                 : tr("%1: %n problem(s)", nullptr, int(mine.size())).arg(p->title()));
        }
    }
    // As tall as its rows, up to five; the tabs keep the room.
    const int rows = int(qMin<qsizetype>(issues.size(), 5));
    const int rowHeight = qMax(m_problems->sizeHintForRow(0), 20);
    m_problems->setFixedHeight(rows * rowHeight + 2 * m_problems->frameWidth() + 2);
    m_problems->setVisible(!issues.isEmpty());
}

void StrategyEditor::updateBanner()
{
    const auto origin = m_doc->origin();
    const bool readOnly = m_doc->isReadOnly();
    m_stack->setCurrentIndex(m_doc->isOpen() ? 1 : 0);
    for (EditorPage *p : m_pages)
        p->setReadOnly(readOnly || !m_doc->isOpen());
    switch (origin) {
    case StrategyDocument::Origin::RevisionView:
        m_bannerText->setText(
            tr("<b>Revision %1, read-only.</b> You are looking at an older revision. Use it "
               "as the base for a new revision to edit it, or go back to the latest.")
                .arg(m_doc->revision()));
        m_useAsBase->show();
        break;
    case StrategyDocument::Origin::RevisionAsBase:
        m_bannerText->setText(tr("<b>Editing from revision %1.</b> Saving creates a new latest revision "
                                 "from this content; the history keeps every revision.")
                                  .arg(m_doc->revision()));
        m_useAsBase->hide();
        break;
    default:
        m_banner->hide();
        return;
    }
    m_banner->show();
}

} // namespace lw::ui
