#include "approvals/auditarea.h"
#include "common/columnfit.h"

#include "approvals/auditexport.h"
#include "approvals/auditlogmodel.h"
#include "audit/trail.h"
#include "audit/users.h"
#include "storage/workspace.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSet>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace lw::ui {

AuditArea::AuditArea(Workspace &ws, QWidget *parent)
    : QWidget(parent), m_ws(ws), m_model(new AuditLogModel(this)), m_proxy(new AuditFilterProxy(this)),
      m_chain(new QLabel), m_kind(new QComboBox), m_actor(new QComboBox), m_text(new QLineEdit),
      m_dates(new QCheckBox(tr("From"))), m_from(new QDateEdit), m_to(new QDateEdit),
      m_export(new QPushButton(tr("Export..."))), m_refresh(new QPushButton(tr("Refresh"))),
      m_count(new QLabel), m_table(new QTableView)
{
    m_chain->setObjectName(QStringLiteral("chainStatus"));
    m_chain->setTextFormat(Qt::RichText);
    m_chain->setWordWrap(true);
    m_chain->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_kind->setObjectName(QStringLiteral("kindFilter"));
    m_actor->setObjectName(QStringLiteral("actorFilter"));
    m_text->setObjectName(QStringLiteral("textFilter"));
    m_text->setPlaceholderText(tr("Search actor, action, subject, details"));
    m_text->setClearButtonEnabled(true);
    m_dates->setObjectName(QStringLiteral("dateFilter"));
    m_dates->setToolTip(tr("Only entries between these local dates (inclusive)"));
    for (QDateEdit *d : {m_from, m_to}) {
        d->setCalendarPopup(true);
        d->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        d->setDate(QDate::currentDate());
        d->setEnabled(false);
    }
    m_from->setObjectName(QStringLiteral("fromDate"));
    m_to->setObjectName(QStringLiteral("toDate"));
    m_export->setObjectName(QStringLiteral("exportAudit"));
    m_export->setToolTip(tr("Write the whole log with its head hash to a JSON or CSV file"));
    m_refresh->setObjectName(QStringLiteral("refreshAudit"));
    m_count->setObjectName(QStringLiteral("auditCount"));

    m_proxy->setSourceModel(m_model);
    m_table->setObjectName(QStringLiteral("auditTable"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);

    auto *filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Action:")));
    filters->addWidget(m_kind);
    filters->addWidget(new QLabel(tr("Actor:")));
    filters->addWidget(m_actor);
    filters->addWidget(m_text, 1);
    filters->addWidget(m_dates);
    filters->addWidget(m_from);
    filters->addWidget(new QLabel(tr("to")));
    filters->addWidget(m_to);
    filters->addSpacing(12);
    filters->addWidget(m_refresh);
    filters->addWidget(m_export);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(m_chain);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_count);

    connect(m_kind, &QComboBox::currentIndexChanged, this, &AuditArea::applyFilters);
    connect(m_actor, &QComboBox::currentIndexChanged, this, &AuditArea::applyFilters);
    connect(m_text, &QLineEdit::textChanged, this, &AuditArea::applyFilters);
    connect(m_dates, &QCheckBox::toggled, this, [this](bool on) {
        m_from->setEnabled(on);
        m_to->setEnabled(on);
        applyFilters();
    });
    connect(m_from, &QDateEdit::dateChanged, this, &AuditArea::applyFilters);
    connect(m_to, &QDateEdit::dateChanged, this, &AuditArea::applyFilters);
    connect(m_refresh, &QPushButton::clicked, this, &AuditArea::reload);
    connect(m_export, &QPushButton::clicked, this, &AuditArea::exportLog);
    reload();
}

void AuditArea::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    reload(); // every save, decision and run appends to the log
}

void AuditArea::resetChoices(QComboBox *combo, const QString &allText, const QStringList &values)
{
    const QString current = combo->currentData().toString();
    const QSignalBlocker block(combo);
    combo->clear();
    combo->addItem(allText, QString());
    for (const QString &v : values)
        combo->addItem(v, v);
    combo->setCurrentIndex(std::max(0, combo->findData(current)));
}

void AuditArea::reload()
{
    const audit::Trail trail(m_ws);
    QString error;
    const QList<audit::AuditEntry> entries = trail.entries(&error);
    const audit::AuditVerification check = trail.verify();
    m_intact = error.isEmpty() && check.intact;
    m_model->setEntries(entries, m_intact ? 0 : check.firstBadSeq);

    if (!error.isEmpty()) {
        m_chain->setText(
            tr("<b style='color:#b42318'>The audit log cannot be read:</b> %1").arg(error.toHtmlEscaped()));
    } else if (check.intact) {
        m_chain->setText(
            tr("<b style='color:#1f7a3e'>\u2714 Chain intact</b> \u2014 %1 entries, every one "
               "follows the one before. Head hash <tt>%2</tt> (keep it: a later export or "
               "<tt>loadwright audit verify --head HASH</tt> shows whether the log was rewritten since).")
                .arg(check.entries)
                .arg(check.headHash));
    } else {
        m_chain->setText(
            tr("<b style='color:#b42318'>\u26a0 Chain broken at entry %1</b> \u2014 %2. Entries from "
               "there on cannot be trusted; the entry is highlighted below.")
                .arg(check.firstBadSeq)
                .arg(check.problem.toHtmlEscaped()));
    }
    m_chain->setStyleSheet(
        QStringLiteral(
            "QLabel#chainStatus { border: 1px solid %1; border-radius: 4px; padding: 8px; background: %2; }")
            .arg(m_intact ? QStringLiteral("#9fd5b0") : QStringLiteral("#f2b8b5"),
                 m_intact ? QStringLiteral("#eef8f1") : QStringLiteral("#fdecea")));

    QSet<QString> kinds, actors;
    for (const audit::AuditEntry &e : entries) {
        kinds.insert(AuditLogModel::actionKind(e.action));
        actors.insert(e.actor);
    }
    QStringList kindList(kinds.cbegin(), kinds.cend()), actorList(actors.cbegin(), actors.cend());
    kindList.sort();
    actorList.sort();
    resetChoices(m_kind, tr("All actions"), kindList);
    resetChoices(m_actor, tr("All actors"), actorList);
    applyFilters();
    fitColumns(m_table, AuditLogModel::Details, 900);
    if (!m_intact && check.firstBadSeq != 0) {
        const int row = m_model->rowOfSeq(check.firstBadSeq);
        if (row >= 0)
            m_table->scrollTo(m_proxy->mapFromSource(m_model->index(row, 0)),
                              QAbstractItemView::PositionAtCenter);
    } else {
        m_table->scrollToBottom();
    }
}

void AuditArea::applyFilters()
{
    m_proxy->setActionKind(m_kind->currentData().toString());
    m_proxy->setActor(m_actor->currentData().toString());
    m_proxy->setText(m_text->text());
    if (m_dates->isChecked())
        m_proxy->setDateRange(m_from->date(), m_to->date());
    else
        m_proxy->setDateRange({}, {});
    updateCount();
}

void AuditArea::updateCount()
{
    const int shown = m_proxy->rowCount();
    const int all = m_model->rowCount();
    m_count->setText(shown == all ? tr("%n entries", nullptr, all)
                                  : tr("Showing %1 of %2 entries").arg(shown).arg(all));
}

bool AuditArea::exportTo(const QString &path, QString *error)
{
    const audit::Trail trail(m_ws);
    AuditExport log;
    log.workspacePath = m_ws.path();
    log.workspaceId = audit::workspaceId(m_ws);
    QString readError;
    log.entries = trail.entries(&readError);
    if (!readError.isEmpty()) {
        *error = readError;
        return false;
    }
    log.verification = trail.verify();
    return writeAuditExport(log, path, error);
}

bool AuditArea::exportLog()
{
    const QString path = m_prompt ? m_prompt()
                                  : QFileDialog::getSaveFileName(this, tr("Export audit log"),
                                                                 QStringLiteral("audit-log.json"),
                                                                 tr("JSON (*.json);;CSV (*.csv)"));
    if (path.isEmpty())
        return false;
    QString error;
    if (!exportTo(path, &error)) {
        QMessageBox::warning(this, tr("Export failed"), error);
        return false;
    }
    emit statusMessage(tr("Exported the audit log to %1").arg(path));
    return true;
}

} // namespace lw::ui
