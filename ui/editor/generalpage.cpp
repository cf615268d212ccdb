#include "editor/generalpage.h"

#include "designer/strategydocument.h"
#include "model/strategytemplates.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace lw::ui {

QStringList parseTags(const QString &text)
{
    QStringList tags;
    for (const QString &t : text.split(QLatin1Char(','))) {
        const QString tag = t.trimmed();
        if (!tag.isEmpty())
            tags.append(tag);
    }
    return tags;
}

GeneralPage::GeneralPage(StrategyDocument *doc, QWidget *parent)
    : EditorPage(doc, parent), m_name(new QLineEdit), m_owner(new QLineEdit), m_type(new QComboBox),
      m_level(new QComboBox), m_tags(new QLineEdit), m_description(new QPlainTextEdit),
      m_approval(new QLabel), m_other(createMessageLabel())
{
    m_name->setObjectName(QStringLiteral("nameEdit"));
    m_name->setPlaceholderText(tr("e.g. checkout-api steady load"));
    m_owner->setPlaceholderText(tr("team or person responsible"));
    m_tags->setPlaceholderText(tr("comma separated, e.g. checkout, nightly"));
    m_description->setPlaceholderText(tr("What this test shows, what it is aimed at and why."));
    m_description->setTabChangesFocus(true);
    for (StrategyType t : allStrategyTypes()) {
        m_type->addItem(displayName(t), toString(t));
        m_type->setItemData(m_type->count() - 1, templateSummary(t), Qt::ToolTipRole);
    }
    for (SafetyLevel l : allSafetyLevels())
        m_level->addItem(displayName(l), toString(l));

    auto *identity = new QGroupBox(tr("Identity"));
    auto *form = new QFormLayout(identity);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->setVerticalSpacing(6);
    form->setHorizontalSpacing(16);
    m_fields.addRow(form, tr("&Name:"), m_name, QStringLiteral("name"));
    m_fields.addRow(form, tr("&Owner:"), m_owner, QStringLiteral("owner"));
    m_fields.addRow(form, tr("T&ype:"), m_type, QStringLiteral("type"));
    m_fields.addRow(form, tr("&Safety level:"), m_level, QStringLiteral("safety_level"));
    m_fields.addRow(form, tr("T&ags:"), m_tags, QStringLiteral("tags"));

    auto *descBox = new QGroupBox(tr("&Description"));
    auto *descLayout = new QVBoxLayout(descBox);
    descLayout->addWidget(m_description);
    QLabel *descMessage = createMessageLabel();
    descLayout->addWidget(descMessage);
    m_fields.add(QStringLiteral("description"), m_description, descMessage);

    auto *approvalBox = new QGroupBox(tr("Approval (derived)"));
    auto *approvalLayout = new QVBoxLayout(approvalBox);
    m_approval->setWordWrap(true);
    m_approval->setTextFormat(Qt::RichText);
    m_approval->setTextInteractionFlags(Qt::TextSelectableByMouse);
    approvalLayout->addWidget(m_approval);

    auto *column = new QVBoxLayout;
    column->setSpacing(12);
    column->addWidget(m_other);
    column->addWidget(identity);
    column->addWidget(descBox, 1);
    column->addWidget(approvalBox);
    auto *outer = new QHBoxLayout(this);
    outer->setContentsMargins(16, 16, 16, 16);
    auto *holder = new QWidget;
    holder->setLayout(column);
    holder->setMaximumWidth(820); // long lines of form fields are hard to read on wide screens
    outer->addWidget(holder, 1);
    outer->addStretch(0);

    connect(m_name, &QLineEdit::textEdited, this, [this](const QString &t) {
        commit([&](Strategy &s) { s.name = t; }, QStringLiteral("name"), tr("Edit name"));
    });
    connect(m_owner, &QLineEdit::textEdited, this, [this](const QString &t) {
        commit([&](Strategy &s) { s.owner = t; }, QStringLiteral("owner"), tr("Edit owner"));
    });
    connect(m_tags, &QLineEdit::textEdited, this, [this](const QString &t) {
        commit([&](Strategy &s) { s.tags = parseTags(t); }, QStringLiteral("tags"), tr("Edit tags"));
    });
    connect(m_description, &QPlainTextEdit::textChanged, this, [this] {
        const QString text = m_description->toPlainText();
        commit([&](Strategy &s) { s.description = text; }, QStringLiteral("description"),
               tr("Edit description"));
    });
    connect(m_type, qOverload<int>(&QComboBox::activated), this, [this] {
        if (auto t = fromString<StrategyType>(m_type->currentData().toString()))
            commit([&](Strategy &s) { s.type = *t; }, {}, tr("Change type"));
    });
    connect(m_level, qOverload<int>(&QComboBox::activated), this, [this] {
        if (auto l = fromString<SafetyLevel>(m_level->currentData().toString()))
            commit([&](Strategy &s) { s.safetyLevel = *l; }, {}, tr("Change safety level"));
    });
}

QStringList GeneralPage::issuePrefixes() const
{
    return {QStringLiteral("name"), QStringLiteral("description"),  QStringLiteral("owner"),
            QStringLiteral("type"), QStringLiteral("safety_level"), QStringLiteral("tags")};
}

void GeneralPage::refresh(const Strategy &s)
{
    RefreshGuard guard(this);
    if (m_name->text() != s.name)
        m_name->setText(s.name);
    if (m_owner->text() != s.owner)
        m_owner->setText(s.owner);
    if (parseTags(m_tags->text()) != s.tags)
        m_tags->setText(s.tags.join(QStringLiteral(", ")));
    if (m_description->toPlainText() != s.description)
        m_description->setPlainText(s.description);
    m_type->setCurrentIndex(m_type->findData(toString(s.type)));
    m_level->setCurrentIndex(m_level->findData(toString(s.safetyLevel)));

    const ApprovalRequirement req = approvalRequirement(s);
    const RiskSeverity risk = highestRiskSeverity(s);
    QString who;
    if (req.approvals == 0)
        who = tr("No approval needed before running.");
    else
        who = (req.approvals == 1 ? tr("1 approval needed before running")
                                  : tr("%1 approvals needed before running").arg(req.approvals)) +
              (req.adminRequired ? tr(", one of them by an admin.") : QStringLiteral("."));
    m_approval->setText(tr("<b>Effective level: %1</b> (safety level %2, highest risk %3)<br>%4")
                            .arg(displayName(req.effectiveLevel), displayName(s.safetyLevel).toLower(),
                                 s.risks.isEmpty() ? tr("none") : displayName(risk).toLower(), who));
}

void GeneralPage::showIssues(const QList<ValidationIssue> &issues)
{
    const QList<ValidationIssue> rest = m_fields.show(issues);
    QStringList lines;
    for (const ValidationIssue &i : rest)
        lines.append(i.toString());
    m_other->setText(lines.join(QLatin1Char('\n')));
    m_other->setVisible(!lines.isEmpty());
}

} // namespace lw::ui
