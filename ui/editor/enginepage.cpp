#include "editor/enginepage.h"

#include "editor/columns.h"
#include "editor/tableeditor.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

namespace lw::ui {

namespace {

QList<Field<RemoteWorker>> remoteFields()
{
    return {textField<RemoteWorker>(QObject::tr("Host"), QStringLiteral("host"), &RemoteWorker::host,
                                    QObject::tr("loadgen-1 or user@10.0.0.21"), 200),
            textField<RemoteWorker>(QObject::tr("Start command"), QStringLiteral("command"),
                                    &RemoteWorker::command, RemoteWorker::defaultCommand())};
}

QSpinBox *countBox(int maximum)
{
    auto *box = new QSpinBox;
    box->setRange(0, maximum);
    box->setMaximumWidth(120);
    return box;
}

} // namespace

EnginePage::EnginePage(StrategyDocument *doc, QWidget *parent)
    : EditorPage(doc, parent), m_kind(new QComboBox), m_locust(new QGroupBox(tr("Locust"))),
      m_workers(countBox(EngineChoice::kMaxWorkers)), m_external(countBox(EngineChoice::kMaxWorkers)),
      m_masterHost(new QLineEdit), m_masterPort(new QSpinBox), m_timeout(new QLineEdit),
      m_remoteModel(new StructListModel<RemoteWorker>(remoteFields(), RemoteWorker(), this)),
      m_remote(new TableEditor(m_remoteModel, tr("No workers on other hosts. Add a host and the command that "
                                                 "starts a worker there (ssh by default)."))),
      m_command(new QLabel)
{
    m_kind->addItem(tr("Built-in engine (loadwright-engine)"), QStringLiteral("builtin"));
    m_kind->addItem(tr("Locust, distributed (master and workers)"), QStringLiteral("locust"));
    m_kind->setAccessibleName(tr("Engine"));
    m_masterHost->setPlaceholderText(QStringLiteral("127.0.0.1"));
    m_masterHost->setMaximumWidth(220);
    m_masterPort->setRange(0, 65535);
    m_masterPort->setSpecialValueText(tr("any free port"));
    m_masterPort->setMaximumWidth(160);
    m_timeout->setPlaceholderText(QStringLiteral("60s"));
    m_timeout->setMaximumWidth(120);
    m_command->setWordWrap(true);
    m_command->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_command->setStyleSheet(QStringLiteral("color: #56606e;"));

    auto *general = new QGroupBox(tr("Engine"));
    auto *top = new QFormLayout(general);
    m_fields.addRow(top, tr("&Runs on:"), m_kind, QStringLiteral("engine.kind"));
    auto *intro =
        new QLabel(tr("Locust spreads the load over a master and its workers, here or on other "
                      "hosts; Loadwright keeps the strategy, the safety limits and the exact merged "
                      "numbers. Debug runs always use the built-in engine."));
    intro->setWordWrap(true);
    intro->setStyleSheet(QStringLiteral("color: #56606e;"));
    top->addRow(intro);

    auto *form = new QFormLayout;
    m_fields.addRow(form, tr("&Workers on this machine:"), m_workers, QStringLiteral("engine.workers"));
    m_fields.addRow(form, tr("Workers started by &hand:"), m_external,
                    QStringLiteral("engine.external_workers"));
    m_fields.addRow(form, tr("Master &listens on:"), m_masterHost, QStringLiteral("engine.master_host"));
    m_fields.addRow(form, tr("Master &port:"), m_masterPort, QStringLiteral("engine.master_port"));
    m_fields.addRow(form, tr("&Wait for workers:"), m_timeout, QStringLiteral("engine.worker_timeout"));
    auto *locustLayout = new QVBoxLayout(m_locust);
    locustLayout->addLayout(form);
    auto *remoteTitle =
        new QLabel(tr("<b>Workers on other hosts</b> (one row per worker; {host}, {worker} and "
                      "{dir} are put into the command)"));
    remoteTitle->setWordWrap(true);
    locustLayout->addWidget(remoteTitle);
    locustLayout->addWidget(m_remote, 1);
    locustLayout->addWidget(m_command);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 16, 16, 16);
    layout->setSpacing(12);
    layout->addWidget(general);
    layout->addWidget(m_locust, 1);

    connect(m_kind, &QComboBox::activated, this, [this](int index) {
        const QString kind = m_kind->itemData(index).toString();
        commit([&](Strategy &s) { s.engine.kind = kind; }, {}, tr("Choose the engine"));
    });
    connect(m_workers, &QSpinBox::valueChanged, this, [this](int n) {
        if (!isRefreshing())
            commit([&](Strategy &s) { s.engine.workers = n; }, QStringLiteral("engine.workers"),
                   tr("Edit local workers"));
    });
    connect(m_external, &QSpinBox::valueChanged, this, [this](int n) {
        if (!isRefreshing())
            commit([&](Strategy &s) { s.engine.externalWorkers = n; },
                   QStringLiteral("engine.external_workers"), tr("Edit workers started by hand"));
    });
    connect(m_masterPort, &QSpinBox::valueChanged, this, [this](int n) {
        if (!isRefreshing())
            commit([&](Strategy &s) { s.engine.masterPort = n; }, QStringLiteral("engine.master_port"),
                   tr("Edit the master's port"));
    });
    connect(m_masterHost, &QLineEdit::textEdited, this, [this](const QString &t) {
        commit([&](Strategy &s) { s.engine.masterHost = t; }, QStringLiteral("engine.master_host"),
               tr("Edit the master's address"));
    });
    connect(m_timeout, &QLineEdit::textEdited, this, [this](const QString &t) {
        commit([&](Strategy &s) { s.engine.workerTimeout = t; }, QStringLiteral("engine.worker_timeout"),
               tr("Edit the wait for workers"));
    });
    bindList(
        m_remoteModel, [](auto &s) -> auto & { return s.engine.remoteWorkers; }, tr("Edit remote workers"));
}

void EnginePage::refresh(const Strategy &s)
{
    RefreshGuard guard(this);
    const EngineChoice &e = s.engine;
    const int index = m_kind->findData(e.kind);
    m_kind->setCurrentIndex(index < 0 ? 0 : index);
    m_workers->setValue(e.workers);
    m_external->setValue(e.externalWorkers);
    m_masterPort->setValue(e.masterPort);
    if (m_masterHost->text() != e.masterHost)
        m_masterHost->setText(e.masterHost);
    if (m_timeout->text() != e.workerTimeout)
        m_timeout->setText(e.workerTimeout);
    m_remoteModel->setItems(e.remoteWorkers);
    m_locust->setEnabled(!e.isBuiltin());
    updateCommand(e);
}

void EnginePage::updateCommand(const EngineChoice &e)
{
    if (e.isBuiltin()) {
        m_command->clear();
        return;
    }
    const QString port = e.masterPort > 0 ? QString::number(e.masterPort) : tr("PORT");
    m_command->setText(
        tr("A worker elsewhere connects to the master at %1:%2 and runs the run's generated locustfile:\n"
           "python3 -m locust -f DIR/locustfile.py --worker --master-host %1 --master-port %2\n"
           "When the run starts, its log shows this command exactly (with DIR, the port and the environment) "
           "and the run waits %3 for %4 worker(s) in all.")
            .arg(e.masterHost, port, e.workerTimeout)
            .arg(e.totalWorkers()));
}

void EnginePage::showIssues(const QList<ValidationIssue> &issues)
{
    m_remote->showIssues(issues, QStringLiteral("engine.remote_workers"));
    m_fields.show(issues);
}

} // namespace lw::ui
