#include "editor/riskspage.h"

#include "designer/riskmatrixview.h"
#include "designer/strategydocument.h"
#include "editor/columns.h"
#include "editor/tableeditor.h"

#include <QGroupBox>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace lw::ui {

QColor severityColor(SafetyLevel level)
{
    switch (level) {
    case SafetyLevel::Low:
        return QColor(0x2b, 0x8a, 0x3e);
    case SafetyLevel::Medium:
        return QColor(0xc2, 0x85, 0x00);
    case SafetyLevel::High:
        return QColor(0xe0, 0x59, 0x0c);
    case SafetyLevel::Critical:
        return QColor(0xc9, 0x2a, 0x2a);
    }
    return QColor(Qt::gray);
}

QColor severityTint(SafetyLevel level)
{
    switch (level) {
    case SafetyLevel::Low:
        return QColor(0xd3, 0xf9, 0xd8);
    case SafetyLevel::Medium:
        return QColor(0xff, 0xf3, 0xbf);
    case SafetyLevel::High:
        return QColor(0xff, 0xe0, 0xc2);
    case SafetyLevel::Critical:
        return QColor(0xff, 0xc9, 0xc9);
    }
    return QColor(Qt::white);
}

namespace {

QList<Field<Risk>> riskFields()
{
    Field<Risk> severity;
    severity.spec.title = QObject::tr("Severity");
    severity.spec.kind = ColumnKind::Derived;
    severity.spec.width = 90;
    severity.spec.toolTip =
        QObject::tr("Probability x impact: 1-4 low, 5-9 medium, 10-16 high, 20-25 critical");
    severity.get = [](const Risk &r) {
        return QVariant(displayName(riskSeverity(r.probability, r.impact)));
    };
    severity.color = [](const Risk &r) {
        return severityTint(riskSeverity(r.probability, r.impact));
    };

    Field<Risk> mitigation;
    mitigation.spec.title = QObject::tr("Mitigation");
    mitigation.spec.key = QStringLiteral("mitigation.description");
    mitigation.spec.placeholder = QObject::tr("how the risk is reduced");
    mitigation.get = [](const Risk &r) {
        return QVariant(r.mitigation.description);
    };
    mitigation.set = [](Risk &r, const QVariant &v) {
        r.mitigation.description = v.toString();
        return true;
    };
    Field<Risk> actions;
    actions.spec.title = QObject::tr("Actions");
    actions.spec.key = QStringLiteral("mitigation.actions");
    actions.spec.placeholder = QObject::tr("action; action");
    actions.spec.toolTip = QObject::tr("Mitigation actions, separated by semicolons");
    actions.get = [](const Risk &r) {
        return QVariant(r.mitigation.actions.join(QStringLiteral("; ")));
    };
    actions.set = [](Risk &r, const QVariant &v) {
        QStringList list;
        for (const QString &a : v.toString().split(QLatin1Char(';'))) {
            if (!a.trimmed().isEmpty())
                list.append(a.trimmed());
        }
        r.mitigation.actions = list;
        return true;
    };
    return {
        textField<Risk>(QObject::tr("ID"), QStringLiteral("id"), &Risk::id, QStringLiteral("R1"), 60),
        textField<Risk>(QObject::tr("Name"), QStringLiteral("name"), &Risk::name, QObject::tr("name"), 170),
        textField<Risk>(QObject::tr("Category"), QStringLiteral("category"), &Risk::category,
                        QObject::tr("availability"), 110),
        intField<Risk>(QObject::tr("Probability"), QStringLiteral("probability"), &Risk::probability, 1, 5,
                       90),
        intField<Risk>(QObject::tr("Impact"), QStringLiteral("impact"), &Risk::impact, 1, 5, 70),
        severity,
        textField<Risk>(QObject::tr("Description"), QStringLiteral("description"), &Risk::description,
                        QObject::tr("what could go wrong"), 200),
        mitigation,
        actions};
}

} // namespace

RisksPage::RisksPage(StrategyDocument *doc, QWidget *parent)
    : EditorPage(doc, parent), m_model(new StructListModel<Risk>(riskFields(), Risk(), this)),
      m_table(new TableEditor(m_model, tr("No risks recorded. List what could go wrong for the system under "
                                          "test, how likely it is and how bad it would be."))),
      m_matrix(new RiskMatrixView)
{
    auto *tableBox = new QGroupBox(tr("Risk register"));
    auto *tableLayout = new QVBoxLayout(tableBox);
    tableLayout->addWidget(m_table);
    auto *matrixBox = new QGroupBox(tr("Risk matrix"));
    auto *matrixLayout = new QVBoxLayout(matrixBox);
    matrixLayout->addWidget(m_matrix);
    m_matrix->setMinimumHeight(250);

    // Stacked: the register needs the width for its columns, the matrix reads well wide and short.
    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(tableBox);
    splitter->addWidget(matrixBox);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 16, 16, 16);
    layout->addWidget(splitter);

    bindList(
        m_model, [](auto &s) -> auto & { return s.risks; }, tr("Edit risks"));
    connect(m_matrix, &RiskMatrixView::riskActivated, this, [this](const QString &id) {
        const QList<Risk> &risks = m_model->items();
        for (int i = 0; i < risks.size(); ++i) {
            if (risks[i].id == id) {
                m_table->selectRow(i);
                m_table->view()->setFocus();
                return;
            }
        }
    });
}

void RisksPage::refresh(const Strategy &s)
{
    RefreshGuard guard(this);
    m_model->setItems(s.risks);
    m_matrix->setRisks(s.risks);
}

void RisksPage::showIssues(const QList<ValidationIssue> &issues)
{
    m_table->showIssues(issues, QStringLiteral("risks"));
}

} // namespace lw::ui
