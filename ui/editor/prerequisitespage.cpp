#include "editor/prerequisitespage.h"

#include "designer/strategydocument.h"
#include "editor/columns.h"
#include "editor/tableeditor.h"

#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

namespace lw::ui {

QString prerequisiteTypeName(PrerequisiteType t)
{
    switch (t) {
    case PrerequisiteType::HttpHealth:
        return QObject::tr("HTTP health check");
    case PrerequisiteType::TcpPort:
        return QObject::tr("TCP port open");
    case PrerequisiteType::Command:
        return QObject::tr("Command exits 0");
    case PrerequisiteType::FreeDisk:
        return QObject::tr("Free disk space");
    case PrerequisiteType::Manual:
        return QObject::tr("Manual checklist item");
    }
    return {};
}

namespace {

QList<Field<Prerequisite>> prerequisiteFields()
{
    Field<Prerequisite> type = choiceField<Prerequisite>(QObject::tr("Type"), QStringLiteral("type"),
                                                         &Prerequisite::type, allPrerequisiteTypes(), 190);
    type.spec.choiceNames.clear();
    for (PrerequisiteType t : allPrerequisiteTypes())
        type.spec.choiceNames.append(prerequisiteTypeName(t));
    Field<Prerequisite> autoCheck = checkField<Prerequisite>(
        QObject::tr("Auto-check"), QStringLiteral("auto_check"), &Prerequisite::autoCheck, 100);
    autoCheck.applies = [](const Prerequisite &p) {
        return p.type != PrerequisiteType::Manual;
    };
    Field<Prerequisite> timeout = textField<Prerequisite>(QObject::tr("Timeout"), QStringLiteral("timeout"),
                                                          &Prerequisite::timeout, QStringLiteral("5s"), 90);
    timeout.applies = autoCheck.applies;
    Field<Prerequisite> check;
    check.spec.title = QObject::tr("Checks");
    check.spec.kind = ColumnKind::Derived;
    check.get = [](const Prerequisite &p) -> QVariant {
        switch (p.type) {
        case PrerequisiteType::HttpHealth:
            return QStringLiteral("%1 -> %2").arg(p.url).arg(p.expectStatus);
        case PrerequisiteType::TcpPort:
            return QStringLiteral("%1:%2").arg(p.host).arg(p.port);
        case PrerequisiteType::Command:
            return p.command;
        case PrerequisiteType::FreeDisk:
            return QObject::tr("%1 MiB free on %2").arg(p.minFreeMiB).arg(p.path);
        case PrerequisiteType::Manual:
            return p.description;
        }
        return {};
    };
    return {textField<Prerequisite>(QObject::tr("Name"), QStringLiteral("name"), &Prerequisite::name,
                                    QObject::tr("name"), 200),
            type,
            checkField<Prerequisite>(QObject::tr("Required"), QStringLiteral("required"),
                                     &Prerequisite::required, 90),
            autoCheck,
            timeout,
            check};
}

} // namespace

PrerequisitesPage::PrerequisitesPage(StrategyDocument *doc, QWidget *parent)
    : EditorPage(doc, parent),
      m_model(new StructListModel<Prerequisite>(prerequisiteFields(), Prerequisite(), this)),
      m_table(new TableEditor(m_model, tr("No prerequisites. Add the checks that must pass before this "
                                          "test may start, such as a health endpoint or a checklist item."))),
      m_detail(new QGroupBox), m_url(new QLineEdit), m_expectStatus(new QSpinBox), m_host(new QLineEdit),
      m_port(new QSpinBox), m_command(new QLineEdit), m_path(new QLineEdit), m_minFree(new QDoubleSpinBox),
      m_description(new QLineEdit)
{
    m_table->setAutoSelectFirst(true);
    m_url->setPlaceholderText(QStringLiteral("${TARGET:-http://127.0.0.1:8080}/health"));
    m_expectStatus->setRange(100, 599);
    m_host->setPlaceholderText(QStringLiteral("127.0.0.1"));
    m_port->setRange(0, 65535);
    m_command->setPlaceholderText(QStringLiteral("systemctl is-active nginx"));
    m_path->setPlaceholderText(QStringLiteral("/var/lib/app"));
    m_minFree->setRange(0, 1e9);
    m_minFree->setDecimals(0);
    m_minFree->setSuffix(tr(" MiB"));
    m_description->setPlaceholderText(tr("what the operator must confirm, or a note"));

    m_form = new QFormLayout(m_detail);
    m_form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_form->setHorizontalSpacing(16);
    m_fields.addRow(m_form, tr("&URL:"), m_url, QStringLiteral("url"));
    m_fields.addRow(m_form, tr("E&xpected status:"), m_expectStatus, QStringLiteral("expect_status"));
    m_fields.addRow(m_form, tr("&Host:"), m_host, QStringLiteral("host"));
    m_fields.addRow(m_form, tr("&Port:"), m_port, QStringLiteral("port"));
    m_fields.addRow(m_form, tr("&Command:"), m_command, QStringLiteral("command"));
    m_fields.addRow(m_form, tr("Pa&th:"), m_path, QStringLiteral("path"));
    m_fields.addRow(m_form, tr("&Minimum free:"), m_minFree, QStringLiteral("min_free_mib"));
    m_fields.addRow(m_form, tr("&Description:"), m_description, QStringLiteral("description"));

    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_table);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 16, 16, 16);
    layout->addWidget(splitter);

    bindList(
        m_model, [](auto &s) -> auto & { return s.prerequisites; }, tr("Edit prerequisites"));
    connect(m_table, &TableEditor::currentRowChanged, this, &PrerequisitesPage::showDetail);
    connect(m_url, &QLineEdit::textEdited, this, [this](const QString &t) {
        editRow([&](Prerequisite &p) { p.url = t; }, QStringLiteral("url"));
    });
    connect(m_expectStatus, qOverload<int>(&QSpinBox::valueChanged), this, [this](int v) {
        editRow([&](Prerequisite &p) { p.expectStatus = v; }, QStringLiteral("expect_status"));
    });
    connect(m_host, &QLineEdit::textEdited, this, [this](const QString &t) {
        editRow([&](Prerequisite &p) { p.host = t; }, QStringLiteral("host"));
    });
    connect(m_port, qOverload<int>(&QSpinBox::valueChanged), this,
            [this](int v) { editRow([&](Prerequisite &p) { p.port = v; }, QStringLiteral("port")); });
    connect(m_command, &QLineEdit::textEdited, this, [this](const QString &t) {
        editRow([&](Prerequisite &p) { p.command = t; }, QStringLiteral("command"));
    });
    connect(m_path, &QLineEdit::textEdited, this, [this](const QString &t) {
        editRow([&](Prerequisite &p) { p.path = t; }, QStringLiteral("path"));
    });
    connect(m_minFree, qOverload<double>(&QDoubleSpinBox::valueChanged), this, [this](double v) {
        editRow([&](Prerequisite &p) { p.minFreeMiB = v; }, QStringLiteral("min_free_mib"));
    });
    connect(m_description, &QLineEdit::textEdited, this, [this](const QString &t) {
        editRow([&](Prerequisite &p) { p.description = t; }, QStringLiteral("description"));
    });
    showDetail(-1);
}

void PrerequisitesPage::editRow(const std::function<void(Prerequisite &)> &mutate, const QString &field)
{
    const int row = m_row;
    commit(
        [&](Strategy &s) {
            if (row >= 0 && row < s.prerequisites.size())
                mutate(s.prerequisites[row]);
        },
        QStringLiteral("prerequisites[%1].%2").arg(row).arg(field), tr("Edit prerequisite"));
}

void PrerequisitesPage::refresh(const Strategy &s)
{
    RefreshGuard guard(this);
    m_model->setItems(s.prerequisites);
    showDetail(m_table->currentRow());
}

void PrerequisitesPage::showDetail(int row)
{
    RefreshGuard guard(this);
    const QList<Prerequisite> &items = m_model->items();
    m_row = row >= 0 && row < items.size() ? row : -1;
    m_detail->setEnabled(m_row >= 0);
    const Prerequisite p = m_row >= 0 ? items[m_row] : Prerequisite();
    m_detail->setTitle(m_row >= 0 ? tr("%1: %2").arg(prerequisiteTypeName(p.type),
                                                     p.name.isEmpty() ? tr("row %1").arg(m_row + 1) : p.name)
                                  : tr("Check details (select a prerequisite)"));
    const auto set = [](QLineEdit *e, const QString &v) {
        if (e->text() != v)
            e->setText(v);
    };
    set(m_url, p.url);
    set(m_host, p.host);
    set(m_command, p.command);
    set(m_path, p.path);
    set(m_description, p.description);
    m_expectStatus->setValue(p.expectStatus);
    m_port->setValue(p.port);
    m_minFree->setValue(p.minFreeMiB);
    // Only the fields the selected type uses are shown.
    const PrerequisiteType t = p.type;
    m_form->setRowVisible(m_url->parentWidget(), t == PrerequisiteType::HttpHealth);
    m_form->setRowVisible(m_expectStatus->parentWidget(), t == PrerequisiteType::HttpHealth);
    m_form->setRowVisible(m_host->parentWidget(), t == PrerequisiteType::TcpPort);
    m_form->setRowVisible(m_port->parentWidget(), t == PrerequisiteType::TcpPort);
    m_form->setRowVisible(m_command->parentWidget(), t == PrerequisiteType::Command);
    m_form->setRowVisible(m_path->parentWidget(), t == PrerequisiteType::FreeDisk);
    m_form->setRowVisible(m_minFree->parentWidget(), t == PrerequisiteType::FreeDisk);
    showIssues(m_issues);
}

void PrerequisitesPage::showIssues(const QList<ValidationIssue> &issues)
{
    m_issues = issues;
    m_table->showIssues(issues, QStringLiteral("prerequisites"));
    const QString prefix = QStringLiteral("prerequisites[%1].").arg(m_row);
    QList<ValidationIssue> detail;
    for (const ValidationIssue &i : issues) {
        if (m_row >= 0 && i.path.startsWith(prefix)) {
            ValidationIssue local = i;
            local.path = i.path.mid(prefix.size());
            detail.append(local);
        }
    }
    m_fields.show(detail);
}

} // namespace lw::ui
