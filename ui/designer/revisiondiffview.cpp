#include "designer/revisiondiffview.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBlock>
#include <QVBoxLayout>

namespace lw::ui {

namespace {

QColor blend(const QColor &a, const QColor &b, double t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t),
                            float(a.greenF() * (1 - t) + b.greenF() * t),
                            float(a.blueF() * (1 - t) + b.blueF() * t));
}

QString describe(const StrategyRevision &r)
{
    if (r.revision <= 0)
        return QObject::tr("<b>No earlier revision</b><br><i>everything on the other side is new</i>");
    QString html = QObject::tr("<b>Revision %1</b> by %2 · %3")
                       .arg(QString::number(r.revision),
                            r.author.isEmpty() ? QObject::tr("unknown") : r.author.toHtmlEscaped(),
                            r.createdAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    html += QStringLiteral(" · <code>%1</code>").arg(r.hash.left(12));
    html += QStringLiteral("<br><i>%1</i>")
                .arg(r.comment.isEmpty() ? QObject::tr("no comment") : r.comment.toHtmlEscaped());
    return html;
}

// Line range of a path: its first line and its last (the closing bracket for containers).
std::pair<int, int> lineRange(const AnnotatedJson &json, const QString &path)
{
    const int first = int(json.paths.indexOf(path));
    if (first < 0)
        return {-1, -1};
    return {first, int(json.paths.lastIndexOf(path))};
}

// The line in `to` showing the same part of the document as `line` in `from`: the same path, or
// its nearest ancestor present on the other side.
int counterpartLine(const AnnotatedJson &from, const AnnotatedJson &to, int line)
{
    if (line < 0 || line >= from.paths.size())
        return line;
    QString path = from.paths.at(line);
    const bool closing = line > 0 && from.paths.indexOf(path) != line;
    while (true) {
        const auto [first, last] = lineRange(to, path);
        if (first >= 0)
            return closing ? last : first;
        if (path.isEmpty())
            return line;
        const qsizetype cut =
            std::max(path.lastIndexOf(QLatin1Char('.')), path.lastIndexOf(QLatin1Char('[')));
        path = cut > 0 ? path.left(cut) : QString();
    }
}

QPlainTextEdit *makePane(QWidget *parent)
{
    auto *pane = new QPlainTextEdit(parent);
    pane->setReadOnly(true);
    pane->setLineWrapMode(QPlainTextEdit::NoWrap);
    pane->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    pane->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return pane;
}

} // namespace

RevisionDiffView::RevisionDiffView(QWidget *parent)
    : QWidget(parent), m_headerA(new QLabel(this)), m_headerB(new QLabel(this)), m_summary(new QLabel(this)),
      m_table(new QTableWidget(this)), m_paneA(makePane(this)), m_paneB(makePane(this))
{
    for (QLabel *h : {m_headerA, m_headerB}) {
        h->setTextFormat(Qt::RichText);
        h->setWordWrap(true);
        h->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_paneA->setAccessibleName(tr("Revision A JSON"));
    m_paneB->setAccessibleName(tr("Revision B JSON"));

    m_table->setColumnCount(3);
    m_table->setHorizontalHeaderLabels({tr("Field"), tr("Revision A"), tr("Revision B")});
    m_table->verticalHeader()->setVisible(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(0, 260);
    m_table->setColumnWidth(1, 260);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);

    auto *tableBox = new QWidget(this);
    auto *tv = new QVBoxLayout(tableBox);
    tv->setContentsMargins(0, 0, 0, 0);
    tv->setSpacing(4);
    tv->addWidget(m_summary);
    tv->addWidget(m_table);

    auto *sideA = new QWidget(this);
    auto *va = new QVBoxLayout(sideA);
    va->setContentsMargins(0, 0, 0, 0);
    va->addWidget(m_headerA);
    va->addWidget(m_paneA, 1);
    auto *sideB = new QWidget(this);
    auto *vb = new QVBoxLayout(sideB);
    vb->setContentsMargins(0, 0, 0, 0);
    vb->addWidget(m_headerB);
    vb->addWidget(m_paneB, 1);
    auto *panes = new QSplitter(Qt::Horizontal, this);
    panes->addWidget(sideA);
    panes->addWidget(sideB);
    panes->setChildrenCollapsible(false);

    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(tableBox);
    split->addWidget(panes);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(m_table, &QTableWidget::currentCellChanged, this, [this](int row) { showChange(row); });
    auto sync = [this](QPlainTextEdit *from, QPlainTextEdit *to, const AnnotatedJson *jf,
                       const AnnotatedJson *jt) {
        connect(from->verticalScrollBar(), &QScrollBar::valueChanged, this, [=](int value) {
            if (m_syncing)
                return;
            m_syncing = true;
            // The scroll value of a QPlainTextEdit is its first visible line.
            to->verticalScrollBar()->setValue(counterpartLine(*jf, *jt, value));
            m_syncing = false;
        });
        connect(from->horizontalScrollBar(), &QScrollBar::valueChanged, this, [=](int value) {
            if (!m_syncing)
                to->horizontalScrollBar()->setValue(value);
        });
    };
    sync(m_paneA, m_paneB, &m_jsonA, &m_jsonB);
    sync(m_paneB, m_paneA, &m_jsonB, &m_jsonA);
    clear();
}

QColor RevisionDiffView::kindColor(FieldChange::Kind kind, const QPalette &palette)
{
    QColor c;
    switch (kind) {
    case FieldChange::Added:
        c = QColor(0x2e, 0xa0, 0x43);
        break;
    case FieldChange::Removed:
        c = QColor(0xd1, 0x24, 0x2f);
        break;
    case FieldChange::Changed:
        c = QColor(0xe0, 0xa0, 0x10);
        break;
    }
    return blend(palette.color(QPalette::Base), c, 0.2);
}

void RevisionDiffView::clear(const QString &message)
{
    m_changes.clear();
    m_jsonA = {};
    m_jsonB = {};
    m_linesA.clear();
    m_linesB.clear();
    m_colorsA.clear();
    m_colorsB.clear();
    m_table->setRowCount(0);
    m_paneA->clear();
    m_paneB->clear();
    m_headerA->clear();
    m_headerB->clear();
    m_summary->setText(message.isEmpty() ? tr("Select a revision to compare") : message);
}

QString RevisionDiffView::summaryText() const
{
    return m_summary->text();
}

QString RevisionDiffView::headerText(int side) const
{
    return (side == 0 ? m_headerA : m_headerB)->text();
}

void RevisionDiffView::setRevisions(const StrategyRevision &a, const StrategyRevision &b)
{
    clear();
    const QByteArray jsonA = a.revision > 0 ? a.json : QByteArrayLiteral("{}");
    QString error;
    if (!diffJsonDocuments(jsonA, b.json, &m_changes, &error)) {
        m_summary->setText(tr("Cannot compare: %1").arg(error));
        return;
    }
    m_headerA->setText(describe(a));
    m_headerB->setText(describe(b));
    m_jsonA = a.revision > 0 ? annotateJson(a.json) : AnnotatedJson();
    m_jsonB = annotateJson(b.json);

    int added = 0;
    int removed = 0;
    int changed = 0;
    m_table->setRowCount(int(m_changes.size()));
    for (int row = 0; row < m_changes.size(); ++row) {
        const FieldChange &c = m_changes.at(row);
        added += c.kind == FieldChange::Added;
        removed += c.kind == FieldChange::Removed;
        changed += c.kind == FieldChange::Changed;
        const QString marker = c.kind == FieldChange::Added     ? QStringLiteral("+ ")
                               : c.kind == FieldChange::Removed ? QStringLiteral("− ")
                                                                : QStringLiteral("~ ");
        const QStringList texts = {marker + c.path, c.before, c.after};
        const QColor bg = kindColor(c.kind, palette());
        for (int col = 0; col < 3; ++col) {
            auto *item = new QTableWidgetItem(texts.at(col));
            item->setBackground(bg);
            item->setToolTip(col == 0 ? QStringLiteral("%1 (%2)").arg(c.path, toString(c.kind))
                                      : texts.at(col));
            m_table->setItem(row, col, item);
        }
        // Lines to highlight on each side; the first change touching a line decides its colour.
        if (c.kind != FieldChange::Added) {
            for (int line : m_jsonA.linesWithin({c.oldPath.isEmpty() ? c.path : c.oldPath})) {
                if (!m_linesA.contains(line)) {
                    m_linesA << line;
                    m_colorsA << bg;
                }
            }
        }
        if (c.kind != FieldChange::Removed) {
            for (int line : m_jsonB.linesWithin({c.path})) {
                if (!m_linesB.contains(line)) {
                    m_linesB << line;
                    m_colorsB << bg;
                }
            }
        }
    }

    if (m_changes.isEmpty()) {
        m_summary->setText(
            a.hash == b.hash && !a.hash.isEmpty()
                ? tr("No differences: both revisions have the same content (hash %1)").arg(a.hash.left(12))
                : tr("No differences"));
    } else {
        m_summary->setText(
            (m_changes.size() == 1 ? tr("<b>1 field differs</b>")
                                   : tr("<b>%1 fields differ</b>").arg(m_changes.size())) +
            QStringLiteral(" &nbsp;·&nbsp; ") +
            tr("%1 changed, %2 added, %3 removed")
                .arg(QString::number(changed), QString::number(added), QString::number(removed)));
    }
    m_paneA->setPlainText(a.revision > 0 ? m_jsonA.lines.join(QLatin1Char('\n')) : QString());
    m_paneB->setPlainText(m_jsonB.lines.join(QLatin1Char('\n')));
    highlight(m_paneA, m_linesA, m_colorsA);
    highlight(m_paneB, m_linesB, m_colorsB);
    if (!m_changes.isEmpty())
        m_table->setCurrentCell(0, 0);
}

void RevisionDiffView::highlight(QPlainTextEdit *pane, const QList<int> &lines, const QList<QColor> &colors)
{
    QList<QTextEdit::ExtraSelection> selections;
    for (int k = 0; k < lines.size(); ++k) {
        QTextEdit::ExtraSelection sel;
        sel.cursor = QTextCursor(pane->document()->findBlockByNumber(lines.at(k)));
        sel.format.setBackground(colors.at(k));
        sel.format.setProperty(QTextFormat::FullWidthSelection, true);
        selections << sel;
    }
    pane->setExtraSelections(selections);
}

void RevisionDiffView::showChange(int row)
{
    if (row < 0 || row >= m_changes.size())
        return;
    const FieldChange &c = m_changes.at(row);
    const QString pathA = c.oldPath.isEmpty() ? c.path : c.oldPath;
    int lineA = c.kind == FieldChange::Added ? -1 : int(m_jsonA.paths.indexOf(pathA));
    int lineB = c.kind == FieldChange::Removed ? -1 : int(m_jsonB.paths.indexOf(c.path));
    // The side without the field shows where it would be.
    if (lineA < 0 && lineB >= 0)
        lineA = counterpartLine(m_jsonB, m_jsonA, lineB);
    if (lineB < 0 && lineA >= 0)
        lineB = counterpartLine(m_jsonA, m_jsonB, lineA);
    m_syncing = true;
    for (auto [pane, line] : {std::pair{m_paneA, lineA}, std::pair{m_paneB, lineB}}) {
        if (line < 0)
            continue;
        // Put the line a few rows below the top so its context is visible.
        pane->verticalScrollBar()->setValue(std::max(0, line - 3));
        QTextCursor cursor(pane->document()->findBlockByNumber(line));
        pane->setTextCursor(cursor);
    }
    m_syncing = false;
}

} // namespace lw::ui
