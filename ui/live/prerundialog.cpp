#include "live/prerundialog.h"

#include "model/strategyvalidator.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace lw::ui {

namespace {

constexpr int kNameRole = Qt::UserRole;
constexpr int kRequiredRole = Qt::UserRole + 1;

QString describe(const Prerequisite &p)
{
    switch (p.type) {
    case PrerequisiteType::HttpHealth:
        return QObject::tr("HTTP %1 from %2").arg(p.expectStatus).arg(p.url);
    case PrerequisiteType::TcpPort:
        return QObject::tr("TCP port %1:%2 open").arg(p.host).arg(p.port);
    case PrerequisiteType::Command:
        return QObject::tr("command exits 0: %1").arg(p.command);
    case PrerequisiteType::FreeDisk:
        return QObject::tr("%1 MiB free in %2").arg(p.minFreeMiB).arg(p.path);
    case PrerequisiteType::Manual:
        return p.description;
    }
    return {};
}

QLabel *wrapLabel(const QString &html)
{
    auto *l = new QLabel(html);
    l->setWordWrap(true);
    l->setTextFormat(Qt::RichText);
    return l;
}

} // namespace

bool parseVariableLines(const QString &text, QMap<QString, QString> *out, QString *error)
{
    static const QRegularExpression line(QStringLiteral("^([A-Za-z_][A-Za-z0-9_]*)=(.*)$"));
    QMap<QString, QString> vars;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString l = lines.at(i).trimmed();
        if (l.isEmpty() || l.startsWith(QLatin1Char('#')))
            continue;
        const QRegularExpressionMatch m = line.match(l);
        if (!m.hasMatch()) {
            if (error)
                *error = QObject::tr("Variables line %1 is not KEY=value: \u201c%2\u201d").arg(i + 1).arg(l);
            return false;
        }
        vars.insert(m.captured(1), m.captured(2));
    }
    *out = vars;
    return true;
}

PreRunDialog::PreRunDialog(const PreRunInfo &info, QWidget *parent)
    : QDialog(parent), m_info(info), m_checklist(new QListWidget), m_variables(new QPlainTextEdit),
      m_windowOverride(new QCheckBox), m_overrideReason(new QLineEdit), m_targets(new QLabel),
      m_block(new QLabel), m_start(nullptr)
{
    setWindowTitle(tr("Run %1").arg(info.strategy.name));
    setObjectName(QStringLiteral("preRunDialog"));
    resize(640, 560);
    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(10);

    QString head = tr("<span style='font-size:12pt'><b>%1</b></span> &nbsp; revision %2 &nbsp;\u00b7&nbsp; "
                      "run as <b>%3</b>")
                       .arg(info.strategy.name.toHtmlEscaped())
                       .arg(info.revision)
                       .arg(info.user.toHtmlEscaped());
    const qint64 plannedMs = plannedDurationMs(info.strategy.load);
    head += QStringLiteral("<br><span style='color:#5b6472'>%1</span>")
                .arg(tr("%1 planned \u00b7 %2 model \u00b7 %3")
                         .arg(formatDuration(plannedMs), toString(info.strategy.load.model),
                              info.strategy.targets.size() == 1
                                  ? tr("1 request")
                                  : tr("%1 requests").arg(info.strategy.targets.size())));
    if (!info.strategy.engine.isBuiltin()) {
        const EngineChoice &e = info.strategy.engine;
        const int workers = e.totalWorkers();
        QString engine =
            workers == 1 ? tr("Engine: Locust, 1 worker") : tr("Engine: Locust, %1 workers").arg(workers);
        if (info.strategy.load.model == LoadModel::Open)
            engine += tr(" (open model approximated with pacing)");
        head += QStringLiteral("<br><span style='color:#5b6472'>%1</span>").arg(engine);
        if (e.externalWorkers > 0 || !e.remoteWorkers.isEmpty()) {
            QStringList where;
            if (e.workers > 0)
                where << tr("%1 on this machine").arg(e.workers);
            for (const RemoteWorker &w : e.remoteWorkers)
                where << tr("1 on %1").arg(w.host.toHtmlEscaped());
            if (e.externalWorkers > 0)
                where << tr("%1 started by hand").arg(e.externalWorkers);
            const QString port = e.masterPort > 0 ? QString::number(e.masterPort) : tr("a free port");
            head += QStringLiteral("<br><span style='color:#5b6472'>%1</span>")
                        .arg(tr("Workers: %1. The master listens on %2, %3, and waits %4 for them; the run's "
                                "event log shows the exact command that starts a worker elsewhere.")
                                 .arg(where.join(QStringLiteral(", ")), e.masterHost.toHtmlEscaped(), port,
                                      e.workerTimeout.toHtmlEscaped()));
        }
    }
    if (info.unsavedChanges)
        head +=
            QStringLiteral("<br><span style='color:#b54a00'>\u26a0 %1</span>")
                .arg(tr("The editor has unsaved changes; they are not part of revision %1 and will not run.")
                         .arg(info.revision));
    layout->addWidget(wrapLabel(head));
    // Where the load goes, as it will be sent: ${TARGET} and friends resolved (updateTargets).
    m_targets->setObjectName(QStringLiteral("targetsLabel"));
    m_targets->setWordWrap(true);
    m_targets->setTextFormat(Qt::RichText);
    m_targets->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_targets);

    // Prerequisites.
    auto *prereqBox = new QGroupBox(tr("Prerequisites"));
    auto *pl = new QVBoxLayout(prereqBox);
    m_checklist->setObjectName(QStringLiteral("prerequisiteChecklist"));
    m_checklist->setIconSize(QSize(16, 16));
    m_checklist->setSpacing(2);
    for (const Prerequisite &p : info.strategy.prerequisites) {
        auto *item = new QListWidgetItem(m_checklist);
        item->setData(kNameRole, p.name);
        item->setData(kRequiredRole, p.required);
        const QString req = p.required ? tr("required") : tr("optional");
        if (p.type == PrerequisiteType::Manual) {
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
            item->setCheckState(Qt::Unchecked);
            item->setText(tr("%1 \u2014 %2 (%3, tick to confirm)").arg(p.name, describe(p), req));
        } else {
            item->setFlags(Qt::ItemIsEnabled);
            item->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
            item->setText(p.autoCheck
                              ? tr("%1 \u2014 %2 (%3, checked at start)").arg(p.name, describe(p), req)
                              : tr("%1 \u2014 %2 (%3, automatic check off)").arg(p.name, describe(p), req));
        }
        item->setToolTip(p.description.isEmpty() ? describe(p) : p.description);
    }
    if (info.strategy.prerequisites.isEmpty()) {
        pl->addWidget(
            wrapLabel(tr("<span style='color:#5b6472'>This strategy lists no prerequisites.</span>")));
        m_checklist->setVisible(false);
    }
    m_checklist->setMaximumHeight(150);
    pl->addWidget(m_checklist);
    layout->addWidget(prereqBox);

    // Approval and testing window.
    auto *govBox = new QGroupBox(tr("Approval and testing window"));
    auto *form = new QFormLayout(govBox);
    const ApprovalRequirement req = approvalRequirement(info.strategy);
    const QString need =
        req.approvals == 0
            ? tr("no sign-off needed")
            : (req.approvals == 1 ? tr("1 approval needed") : tr("%1 approvals needed").arg(req.approvals)) +
                  (req.adminRequired ? tr(", including an admin") : QString());
    form->addRow(
        tr("Requirement:"),
        wrapLabel(tr("%1 (effective level %2)").arg(need, displayName(req.effectiveLevel).toLower())));
    auto *gate = wrapLabel(
        info.gate.allowed
            ? QStringLiteral("<span style='color:#1f7a3e'>\u2714 %1</span>")
                  .arg(info.gate.reason.toHtmlEscaped())
            : QStringLiteral("<span style='color:#b42318'>\u2716 %1</span>")
                  .arg(tr("The approval gate refuses this run: %1").arg(info.gate.reason.toHtmlEscaped())));
    gate->setObjectName(QStringLiteral("gateLabel"));
    form->addRow(tr("Gate:"), gate);
    if (!info.gate.allowed) {
        // Who can sign, and how to ask: a dead end otherwise.
        const QString who =
            info.signers.isEmpty()
                ? tr("Nobody in this workspace can sign it yet: an admin adds approvers under Approvals "
                     "▸ Users.")
                : tr("Can sign: <b>%1</b>. Ask them with Approvals ▸ Request approval (it notifies "
                     "the approvers' channels), or <tt>loadwright approve</tt>.")
                      .arg(info.signers.join(QStringLiteral(", ")).toHtmlEscaped());
        auto *signers = wrapLabel(QStringLiteral("<span style='color:#5b6472'>%1</span>").arg(who));
        signers->setObjectName(QStringLiteral("signersLabel"));
        form->addRow(QString(), signers);
    }
    auto *window =
        wrapLabel(QStringLiteral("<span style='color:%1'>%2 %3</span>")
                      .arg(info.window.allowed ? QStringLiteral("#1f7a3e") : QStringLiteral("#b42318"),
                           info.window.allowed ? QStringLiteral("\u2714") : QStringLiteral("\u2716"),
                           info.window.reason.toHtmlEscaped()));
    window->setObjectName(QStringLiteral("windowLabel"));
    form->addRow(tr("Window:"), window);
    m_windowOverride->setText(tr("Run outside the testing window anyway (recorded with the run and "
                                 "on the audit trail)"));
    m_windowOverride->setObjectName(QStringLiteral("windowOverride"));
    m_windowOverride->setVisible(!info.window.allowed);
    m_windowOverride->setEnabled(info.windowOverride.allowed);
    m_windowOverride->setToolTip(
        info.windowOverride.allowed
            ? tr("You may, as %1").arg(info.windowOverride.reason)
            : tr("Only an admin or an approver of this strategy may: %1").arg(info.windowOverride.reason));
    form->addRow(QString(), m_windowOverride);
    m_overrideReason->setObjectName(QStringLiteral("windowOverrideReason"));
    m_overrideReason->setPlaceholderText(tr("Why it cannot wait for the window (required)"));
    m_overrideReason->setVisible(!info.window.allowed && info.windowOverride.allowed);
    m_overrideReason->setEnabled(false);
    form->addRow(QString(), m_overrideReason);
    if (!info.window.allowed && !info.windowOverride.allowed) {
        auto *who = wrapLabel(QStringLiteral("<span style='color:#5b6472'>%1</span>")
                                  .arg(tr("Only an admin or an approver of this strategy may run it outside "
                                          "the testing window (%1).")
                                           .arg(info.windowOverride.reason.toHtmlEscaped())));
        who->setObjectName(QStringLiteral("windowOverrideWho"));
        form->addRow(QString(), who);
    }
    if (!info.baselineNotes.isEmpty() || !info.baselineWarnings.isEmpty()) {
        QStringList lines;
        for (const QString &w : info.baselineWarnings)
            lines << QStringLiteral("<span style='color:#9a6700'>\u26a0 %1</span>").arg(w.toHtmlEscaped());
        for (const QString &n : info.baselineNotes)
            lines << QStringLiteral("<span style='color:#5b6472'>%1</span>").arg(n.toHtmlEscaped());
        auto *baseline = wrapLabel(lines.join(QStringLiteral("<br>")));
        baseline->setObjectName(QStringLiteral("baselineLabel"));
        form->addRow(tr("Baseline:"), baseline);
    }
    layout->addWidget(govBox);

    // Variables.
    auto *varBox = new QGroupBox(tr("Variables"));
    auto *vl = new QVBoxLayout(varBox);
    const QStringList used = referencedVariables(info.strategy);
    vl->addWidget(wrapLabel(
        used.isEmpty()
            ? tr("<span style='color:#5b6472'>The strategy uses no ${VAR} references.</span>")
            : tr("<span style='color:#5b6472'>One KEY=value per line (like <tt>--set</tt>); unset ones come "
                 "from the environment or their default; Shift+Enter for a new line. Used: "
                 "<tt>%1</tt></span>")
                  .arg(used.join(QStringLiteral(", ")).toHtmlEscaped())));
    m_variables->setObjectName(QStringLiteral("variablesEdit"));
    m_variables->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_variables->setPlaceholderText(used.isEmpty() ? QStringLiteral("KEY=value")
                                                   : used.first() + QStringLiteral("=..."));
    QStringList lines;
    for (auto it = info.variables.cbegin(); it != info.variables.cend(); ++it)
        lines << it.key() + QLatin1Char('=') + it.value();
    m_variables->setPlainText(lines.join(QLatin1Char('\n')));
    m_variables->setMaximumHeight(90);
    m_variables->setTabChangesFocus(true);
    m_variables->installEventFilter(this);
    vl->addWidget(m_variables);
    layout->addWidget(varBox);

    m_block->setObjectName(QStringLiteral("blockReason"));
    m_block->setWordWrap(true);
    m_block->setStyleSheet(QStringLiteral("color: #b42318;"));
    layout->addStretch(1);
    layout->addWidget(m_block);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_start = buttons->addButton(tr("Start run"), QDialogButtonBox::AcceptRole);
    m_start->setObjectName(QStringLiteral("startRunButton"));
    m_start->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_start->setDefault(true);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_checklist, &QListWidget::itemChanged, this, &PreRunDialog::updateStart);
    connect(m_variables, &QPlainTextEdit::textChanged, this, &PreRunDialog::updateStart);
    connect(m_variables, &QPlainTextEdit::textChanged, this, &PreRunDialog::updateTargets);
    connect(m_windowOverride, &QCheckBox::toggled, this, [this](bool on) {
        m_overrideReason->setEnabled(on);
        if (on)
            m_overrideReason->setFocus();
        updateStart();
    });
    connect(m_overrideReason, &QLineEdit::textChanged, this, &PreRunDialog::updateStart);
    updateTargets();
    updateStart();
}

bool PreRunDialog::eventFilter(QObject *watched, QEvent *event)
{
    // In the variables box Enter starts the run, as everywhere else in the dialog; Shift+Enter
    // (or Ctrl+Enter) adds a line.
    if (watched == m_variables && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
        if (enter && !(key->modifiers() & (Qt::ShiftModifier | Qt::ControlModifier))) {
            if (m_start->isEnabled())
                m_start->click();
            return true;
        }
        if (enter) {
            m_variables->insertPlainText(QStringLiteral("\n"));
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

void PreRunDialog::updateTargets()
{
    Variables vars;
    QMap<QString, QString> typed;
    parseVariableLines(m_variables->toPlainText(), &typed, nullptr);
    for (auto it = typed.cbegin(); it != typed.cend(); ++it)
        vars.values.insert(it.key(), it.value());
    QStringList lines;
    QStringList missing;
    for (const Target &t : m_info.strategy.targets) {
        const QString url = expandVariables(t.url, vars, &missing);
        lines << QStringLiteral("%1 <tt>%2</tt>").arg(t.method.toHtmlEscaped(), url.toHtmlEscaped());
        if (lines.size() == 3 && m_info.strategy.targets.size() > 3) {
            lines << tr("and %1 more").arg(m_info.strategy.targets.size() - 3);
            break;
        }
    }
    missing.removeDuplicates();
    QString html = tr("Load goes to: %1").arg(lines.join(QStringLiteral(" · ")));
    if (!missing.isEmpty())
        html += QStringLiteral("<br><span style='color:#b42318'>%1</span>")
                    .arg(tr("Not set: %1 (set it below or in the environment)")
                             .arg(missing.join(QStringLiteral(", ")).toHtmlEscaped()));
    m_targets->setText(html);
}

QString PreRunDialog::blockReason() const
{
    for (int i = 0; i < m_checklist->count(); ++i) {
        const QListWidgetItem *item = m_checklist->item(i);
        if ((item->flags() & Qt::ItemIsUserCheckable) && item->data(kRequiredRole).toBool() &&
            item->checkState() != Qt::Checked)
            return tr("Tick \u201c%1\u201d: it is a required manual prerequisite.")
                .arg(item->data(kNameRole).toString());
    }
    if (!m_info.gate.allowed)
        return tr("The approval gate refuses this run: %1").arg(m_info.gate.reason);
    if (!m_info.window.allowed && !m_windowOverride->isChecked())
        return tr("Outside the testing windows: %1").arg(m_info.window.reason);
    if (!m_info.window.allowed && m_overrideReason->text().trimmed().isEmpty())
        return tr("Say why the run cannot wait for the testing window.");
    QMap<QString, QString> vars;
    QString error;
    if (!parseVariableLines(m_variables->toPlainText(), &vars, &error))
        return error;
    return {};
}

void PreRunDialog::updateStart()
{
    const QString reason = blockReason();
    m_block->setText(reason);
    m_block->setVisible(!reason.isEmpty());
    m_start->setEnabled(reason.isEmpty());
    m_start->setToolTip(reason.isEmpty() ? tr("Start the run and show it live") : reason);
}

PreRunChoice PreRunDialog::choice() const
{
    PreRunChoice c;
    parseVariableLines(m_variables->toPlainText(), &c.variables, nullptr);
    for (int i = 0; i < m_checklist->count(); ++i) {
        const QListWidgetItem *item = m_checklist->item(i);
        if ((item->flags() & Qt::ItemIsUserCheckable) && item->checkState() == Qt::Checked)
            c.confirmedManualPrerequisites << item->data(kNameRole).toString();
    }
    c.ignoreTestingWindows = !m_info.window.allowed && m_windowOverride->isChecked();
    if (c.ignoreTestingWindows)
        c.windowOverrideReason = m_overrideReason->text().trimmed();
    return c;
}

} // namespace lw::ui
