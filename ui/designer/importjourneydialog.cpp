#include "designer/importjourneydialog.h"

#include "import/curlimport.h"
#include "import/harimport.h"
#include "shell/icons.h"

#include <QCheckBox>
#include <QColor>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace lw::ui {

namespace {

using namespace lw::import;

constexpr int KeyRole = Qt::UserRole + 1;

QString suggestionKey(const CorrelationSuggestion &s)
{
    return s.sourceStepName + QLatin1Char('|') + s.extraction.var + QLatin1Char('|') + s.how;
}

QString secretKey(const FlaggedSecret &s)
{
    return s.stepName + QLatin1Char('|') + s.what + QLatin1Char('|') + s.field;
}

QString usesText(const CorrelationSuggestion &s)
{
    QStringList parts;
    for (const CorrelationUse &u : s.uses)
        parts.append(QStringLiteral("%1 (%2)").arg(u.stepName, u.place));
    return parts.join(QStringLiteral(", "));
}

QTreeWidgetItem *tickItem(const QStringList &cells, bool ticked, const QString &key)
{
    auto *item = new QTreeWidgetItem(cells);
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(ImportJourneyDialog::kTickColumn, ticked ? Qt::Checked : Qt::Unchecked);
    item->setData(ImportJourneyDialog::kTickColumn, KeyRole, key);
    for (int c = 0; c < cells.size(); ++c)
        item->setToolTip(c, cells[c]);
    return item;
}

} // namespace

ImportJourneyDialog::ImportJourneyDialog(Source source, QWidget *parent)
    : QDialog(parent), m_source(source), m_name(new QLineEdit), m_summary(new QLabel),
      m_errorLabel(new QLabel), m_tabs(new QTabWidget),
      m_steps(makeList({tr("Step"), tr("Method"), tr("URL"), tr("Think time")})),
      m_suggestions(makeList(
          {tr("Accept"), tr("Variable"), tr("From step"), tr("Taken from"), tr("Value"), tr("Used by")})),
      m_secrets(makeList({tr("Keep"), tr("Step"), tr("What"), tr("Value"), tr("Instead")}))
{
    setObjectName(QStringLiteral("importJourneyDialog"));
    setWindowTitle(source == Source::Har ? tr("Import HAR recording") : tr("Import curl commands"));
    auto *layout = new QVBoxLayout(this);

    if (source == Source::Curl) {
        m_curl = new QPlainTextEdit;
        m_curl->setObjectName(QStringLiteral("curlEdit"));
        m_curl->setPlaceholderText(
            tr("Paste one or more curl command lines here (\u201cCopy as cURL\u201d in a browser's network "
               "panel; bash or Windows cmd quoting). Each command becomes a step."));
        m_curl->setLineWrapMode(QPlainTextEdit::NoWrap);
        m_curl->setMinimumHeight(fontMetrics().lineSpacing() * 6);
        layout->addWidget(m_curl, 2);
        // Read the lines once typing pauses (a pasted block arrives in one change).
        m_curlDelay = new QTimer(this);
        m_curlDelay->setSingleShot(true);
        m_curlDelay->setInterval(250);
        connect(m_curl, &QPlainTextEdit::textChanged, m_curlDelay, qOverload<>(&QTimer::start));
        connect(m_curlDelay, &QTimer::timeout, this, &ImportJourneyDialog::reimport);
    }

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_name->setObjectName(QStringLiteral("importName"));
    m_name->setPlaceholderText(tr("Name of the new strategy"));
    form->addRow(tr("&Name:"), m_name);
    if (source == Source::Har) {
        m_thinkTimes = new QCheckBox(tr("&Think times from the recorded pauses between requests"));
        m_thinkTimes->setObjectName(QStringLiteral("thinkTimes"));
        m_thinkTimes->setToolTip(tr("Under 200 ms is the browser at work and gives none; longer pauses are "
                                    "rounded (100 ms below 2 s, 500 ms below 10 s, whole seconds above)"));
        form->addRow(QString(), m_thinkTimes);
        connect(m_thinkTimes, &QCheckBox::toggled, this, &ImportJourneyDialog::reimport);
    }
    layout->addLayout(form);

    m_summary->setObjectName(QStringLiteral("importSummary"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_errorLabel->setObjectName(QStringLiteral("importError"));
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setStyleSheet(QStringLiteral("color: #b42318;"));
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->hide();
    layout->addWidget(m_errorLabel);

    m_tabs->setObjectName(QStringLiteral("importTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_steps, QString());
    if (source == Source::Har) {
        m_leftOut = makeList({tr("Put back"), tr("Request"), tr("Why it was left out")});
        m_tabs->addTab(m_leftOut, QString());
    }
    m_tabs->addTab(m_suggestions, QString());
    m_tabs->addTab(m_secrets, QString());
    if (source == Source::Curl) {
        m_options = makeList({tr("Option"), tr("Where"), tr("What happened")});
        m_tabs->addTab(m_options, QString());
    }
    m_steps->setObjectName(QStringLiteral("importSteps"));
    m_suggestions->setObjectName(QStringLiteral("importSuggestions"));
    m_secrets->setObjectName(QStringLiteral("importSecrets"));
    m_suggestions->setToolTip(tr("A value a later request sends that an earlier answer gave: tick it to "
                                 "extract it there and send {{variable}} instead of the recorded value"));
    m_secrets->setToolTip(tr("Recorded credentials become ${VARIABLES} set before a run; tick one to store "
                             "it as recorded in the strategy"));
    layout->addWidget(m_tabs, 5);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_open = buttons->addButton(tr("&Open in editor"), QDialogButtonBox::AcceptRole);
    m_open->setObjectName(QStringLiteral("openImported"));
    m_open->setDefault(true);
    m_open->setEnabled(false);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textEdited, this, &ImportJourneyDialog::rebuild);

    connect(m_suggestions, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem *item, int column) {
        if (m_filling || column != kTickColumn)
            return;
        const QString key = item->data(kTickColumn, KeyRole).toString();
        if (item->checkState(kTickColumn) == Qt::Checked)
            m_accepted.insert(key);
        else
            m_accepted.remove(key);
        rebuild();
    });
    connect(m_secrets, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem *item, int column) {
        if (m_filling || column != kTickColumn)
            return;
        const QString key = item->data(kTickColumn, KeyRole).toString();
        if (item->checkState(kTickColumn) == Qt::Checked)
            m_kept.insert(key);
        else
            m_kept.remove(key);
        rebuild();
    });
    if (m_leftOut) {
        m_leftOut->setObjectName(QStringLiteral("importLeftOut"));
        connect(m_leftOut, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem *item, int column) {
            if (m_filling || column != kTickColumn)
                return;
            const int entry = item->data(kTickColumn, KeyRole).toInt();
            if (item->checkState(kTickColumn) == Qt::Checked)
                m_putBack.insert(entry, {item->text(1), tr("put back (%1)").arg(item->text(2))});
            else
                m_putBack.remove(entry);
            // Deferred: the item belongs to the list a re-import refills.
            QTimer::singleShot(0, this, &ImportJourneyDialog::reimport);
        });
    }
    if (m_options)
        m_options->setObjectName(QStringLiteral("importOptions"));

    // Fits a 1366x768 screen at 120 dpi with room for the window frame.
    const int em = fontMetrics().averageCharWidth();
    resize(qMin(em * 150, 1240), qMin(fontMetrics().lineSpacing() * 34, 640));
    updateTabs();
}

QTreeWidget *ImportJourneyDialog::makeList(const QStringList &headers)
{
    auto *list = new QTreeWidget;
    list->setHeaderLabels(headers);
    list->setRootIsDecorated(false);
    list->setAlternatingRowColors(true);
    list->setUniformRowHeights(true);
    list->setSelectionMode(QAbstractItemView::SingleSelection);
    list->header()->setStretchLastSection(true);
    list->header()->setSectionResizeMode(QHeaderView::Interactive);
    return list;
}

void ImportJourneyDialog::setHar(const QByteArray &har, const QString &fileName)
{
    m_har = har;
    m_fileName = fileName;
    setWindowTitle(tr("Import HAR recording: %1").arg(QFileInfo(fileName).fileName()));
    reimport();
}

void ImportJourneyDialog::setCurlText(const QString &text)
{
    if (m_curl) {
        m_curl->setPlainText(text);
        m_curlDelay->stop();
    }
    reimport();
}

void ImportJourneyDialog::reimport()
{
    m_result.reset();
    m_error.clear();
    if (m_source == Source::Har) {
        HarOptions options;
        for (auto it = m_putBack.cbegin(); it != m_putBack.cend(); ++it)
            options.include.insert(it.key());
        options.thinkTimes = m_thinkTimes->isChecked();
        HarError error;
        m_result = importHar(m_har, options, &error);
        if (!m_result)
            m_error = QStringLiteral("%1: %2").arg(QFileInfo(m_fileName).fileName(), error.message);
    } else {
        const QString text = m_curl->toPlainText();
        if (!text.trimmed().isEmpty()) {
            CurlError error;
            m_result = importCurl(text, CurlOptions{}, &error);
            if (!m_result)
                m_error = error.message;
        }
    }
    if (m_result && m_name->text().isEmpty())
        m_name->setText(m_result->strategy.name);
    fillLists();
    rebuild();
}

void ImportJourneyDialog::fillLists()
{
    ++m_filling;
    for (QTreeWidget *list : {m_leftOut, m_suggestions, m_secrets, m_options}) {
        if (list)
            list->clear();
    }
    if (m_result) {
        if (m_leftOut) {
            for (const LeftOutRequest &l : m_result->leftOut) {
                QTreeWidgetItem *item =
                    tickItem({QString(), QStringLiteral("%1 %2").arg(l.method, l.url), l.describe()}, false,
                             QString());
                item->setData(kTickColumn, KeyRole, l.entry);
                if (!l.canPutBack())
                    item->setFlags(item->flags() & ~Qt::ItemIsUserCheckable & ~Qt::ItemIsEnabled);
                m_leftOut->addTopLevelItem(item);
            }
            // Requests put back are steps now; they stay listed (ticked) so they can be left out again.
            for (auto it = m_putBack.cbegin(); it != m_putBack.cend(); ++it) {
                QTreeWidgetItem *item =
                    tickItem({QString(), it.value().first, it.value().second}, true, QString());
                item->setData(kTickColumn, KeyRole, it.key());
                m_leftOut->addTopLevelItem(item);
            }
        }
        for (const CorrelationSuggestion &s : m_result->suggestions) {
            const QString key = suggestionKey(s);
            m_suggestions->addTopLevelItem(
                tickItem({QString(), QStringLiteral("{{%1}}").arg(s.extraction.var), s.sourceStepName, s.how,
                          s.shownValue, usesText(s)},
                         m_accepted.contains(key), key));
        }
        for (const FlaggedSecret &s : m_result->secrets) {
            const QString key = secretKey(s);
            const QString instead =
                s.variable.isEmpty() ? tr("left to the cookie jar") : QStringLiteral("${%1}").arg(s.variable);
            QTreeWidgetItem *item =
                tickItem({QString(), s.stepName, s.what, s.shownValue, instead}, m_kept.contains(key), key);
            item->setIcon(1, icon(IconId::Warning));
            if (!s.note.isEmpty())
                item->setToolTip(4, s.note);
            m_secrets->addTopLevelItem(item);
        }
        if (m_options) {
            for (const CurlOptionNote &n : m_result->unknownOptions) {
                auto *item =
                    new QTreeWidgetItem({n.option, tr("line %1, column %2").arg(n.line).arg(n.column),
                                         tr("not understood: left out of the step")});
                item->setIcon(0, icon(IconId::Warning));
                item->setForeground(2, QColor(0xb4, 0x23, 0x18));
                m_options->addTopLevelItem(item);
            }
            for (const CurlOptionNote &n : m_result->ignoredOptions)
                m_options->addTopLevelItem(new QTreeWidgetItem(
                    {n.option, tr("line %1, column %2").arg(n.line).arg(n.column), n.note}));
        }
    }
    for (QTreeWidget *list : {m_leftOut, m_suggestions, m_secrets, m_options}) {
        if (!list)
            continue;
        for (int c = 0; c + 1 < list->columnCount(); ++c)
            list->resizeColumnToContents(c);
        // Long URLs and values must not push the last column away; the left-out list's requests
        // are what it is about, so they get more room.
        const int cap = fontMetrics().averageCharWidth() * (list == m_leftOut ? 64 : 32);
        for (int c = 1; c + 1 < list->columnCount(); ++c)
            list->setColumnWidth(c, qMin(list->columnWidth(c), cap));
    }
    --m_filling;
}

void ImportJourneyDialog::rebuild()
{
    m_built.reset();
    m_steps->clear();
    if (m_result) {
        ImportChoices choices;
        for (const CorrelationSuggestion &s : m_result->suggestions) {
            if (m_accepted.contains(suggestionKey(s)))
                choices.acceptedSuggestions.insert(s.id);
        }
        for (const FlaggedSecret &s : m_result->secrets) {
            if (m_kept.contains(secretKey(s)))
                choices.keptSecrets.insert(s.id);
        }
        Strategy built = buildStrategy(*m_result, choices);
        const QString name = m_name->text().trimmed();
        if (!name.isEmpty())
            built.name = name;
        int steps = 0;
        for (const Scenario &sc : built.scenarios) {
            for (const Step &st : sc.steps) {
                auto *item = new QTreeWidgetItem({st.name, st.method, st.url, st.thinkTime});
                item->setToolTip(2, st.url);
                m_steps->addTopLevelItem(item);
                ++steps;
            }
        }
        if (steps > 0)
            m_built = built;
    }
    for (int c = 0; c + 1 < m_steps->columnCount(); ++c)
        m_steps->resizeColumnToContents(c);
    m_steps->setColumnWidth(0, qMin(m_steps->columnWidth(0), fontMetrics().averageCharWidth() * 36));
    m_steps->setColumnWidth(2, qMax(m_steps->columnWidth(2), fontMetrics().averageCharWidth() * 50));

    QString summary;
    if (m_result) {
        const int steps = m_steps->topLevelItemCount();
        const qsizetype left = m_result->leftOut.size();
        const qsizetype unknown = m_result->unknownOptions.size();
        if (m_source == Source::Har) {
            summary =
                (steps == 1 ? tr("1 step from the recording") : tr("%1 steps from the recording").arg(steps));
            if (left > 0)
                summary += left == 1 ? tr("; 1 request left out") : tr("; %1 requests left out").arg(left);
        } else {
            summary = steps == 1 ? tr("1 step from the command lines")
                                 : tr("%1 steps from the command lines").arg(steps);
        }
        const QStringList needed = secretVariables();
        if (!needed.isEmpty())
            summary += tr(". Before a run, set %1 (they replace recorded credentials)")
                           .arg(needed.join(QStringLiteral(", ")));
        if (unknown > 0)
            summary += unknown == 1 ? tr(". 1 option not understood: see Options")
                                    : tr(". %1 options not understood: see Options").arg(unknown);
        summary += QLatin1Char('.');
    } else if (m_error.isEmpty()) {
        summary =
            m_source == Source::Har ? tr("No recording read yet.") : tr("Paste curl command lines above.");
    }
    m_summary->setText(summary);
    m_summary->setVisible(!summary.isEmpty());
    m_errorLabel->setText(m_error.isEmpty() ? QString() : tr("Cannot import: %1").arg(m_error));
    m_errorLabel->setVisible(!m_error.isEmpty());
    m_open->setEnabled(m_built.has_value());
    updateTabs();
}

void ImportJourneyDialog::updateTabs()
{
    const auto count = [](QTreeWidget *list) {
        return list->topLevelItemCount();
    };
    int i = 0;
    m_tabs->setTabText(i++, tr("Steps (%1)").arg(count(m_steps)));
    if (m_leftOut) {
        m_tabs->setTabText(i++, tr("Left out (%1)").arg(m_result ? m_result->leftOut.size() : 0));
    }
    const int accepted = m_result
                             ? int(std::count_if(m_result->suggestions.cbegin(), m_result->suggestions.cend(),
                                                 [this](const CorrelationSuggestion &s) {
                                                     return m_accepted.contains(suggestionKey(s));
                                                 }))
                             : 0;
    m_tabs->setTabText(i++, tr("Correlation (%1 of %2)").arg(accepted).arg(count(m_suggestions)));
    const int secrets = count(m_secrets);
    m_tabs->setTabText(i, tr("Secrets (%1)").arg(secrets));
    m_tabs->setTabIcon(i++, secrets > 0 ? icon(IconId::Warning) : QIcon());
    if (m_options) {
        const bool unknown = m_result && !m_result->unknownOptions.isEmpty();
        m_tabs->setTabText(i, tr("Options (%1)").arg(count(m_options)));
        m_tabs->setTabIcon(i, unknown ? icon(IconId::Warning) : QIcon());
    }
}

std::optional<Strategy> ImportJourneyDialog::strategy() const
{
    return m_built;
}

QStringList ImportJourneyDialog::secretVariables() const
{
    return m_result && m_built ? secretVariablesUsed(*m_result, *m_built) : QStringList();
}

QString ImportJourneyDialog::errorText() const
{
    return m_error;
}

} // namespace lw::ui
