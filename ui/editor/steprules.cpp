#include "editor/steprules.h"

#include "editor/columns.h"
#include "editor/tableeditor.h"

#include <QLabel>
#include <QRegularExpression>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace lw::ui {

QString statusText(const Check &c)
{
    if (!c.statuses.isEmpty()) {
        QStringList parts;
        for (int s : c.statuses)
            parts.append(QString::number(s));
        return parts.join(QStringLiteral(", "));
    }
    if (c.min == 0 && c.max == 0)
        return {};
    return QStringLiteral("%1-%2").arg(c.min).arg(c.max);
}

bool parseStatusText(const QString &text, Check &c)
{
    static const QRegularExpression range(QStringLiteral("^\\s*(\\d{3})\\s*-\\s*(\\d{3})\\s*$"));
    static const QRegularExpression set(QStringLiteral("^\\s*\\d{3}(\\s*[,; ]\\s*\\d{3})*\\s*$"));
    if (const QRegularExpressionMatch m = range.match(text); m.hasMatch()) {
        c.statuses.clear();
        c.min = m.captured(1).toInt();
        c.max = m.captured(2).toInt();
        return true;
    }
    if (!set.match(text).hasMatch())
        return false;
    c.statuses.clear();
    for (const QString &part : text.split(QRegularExpression(QStringLiteral("[,; ]+")), Qt::SkipEmptyParts))
        c.statuses.append(part.toInt());
    c.min = c.max = 0;
    return true;
}

namespace {

QList<Field<Extraction>> extractionFields()
{
    Field<Extraction> group =
        intField<Extraction>(QObject::tr("Group"), QStringLiteral("group"), &Extraction::group, 0, 99, 70);
    group.applies = [](const Extraction &e) {
        return e.from == ExtractFrom::Regex;
    };
    group.spec.toolTip = QObject::tr("Regex only: the capture group (0 = the whole match)");
    Field<Extraction> expression =
        textField<Extraction>(QObject::tr("Expression"), QStringLiteral("expression"),
                              &Extraction::expression, QStringLiteral("$.token"));
    expression.spec.toolTip = QObject::tr("json: a JSON pointer (/items/0/id) or $.items[0].id; regex: a "
                                          "regular expression; header or cookie: its name");
    return {textField<Extraction>(QObject::tr("Variable"), QStringLiteral("var"), &Extraction::var,
                                  QStringLiteral("token"), 120),
            choiceField<Extraction>(QObject::tr("From"), QStringLiteral("from"), &Extraction::from,
                                    allExtractFroms(), 90),
            expression, group};
}

template <typename Pred>
Field<Check> checkText(const QString &title, const QString &key, QString Check::*m,
                       const QString &placeholder, Pred applies, int width = 0)
{
    Field<Check> f = textField<Check>(title, key, m, placeholder, width);
    f.applies = applies;
    return f;
}

QList<Field<Check>> checkFields()
{
    Field<Check> status;
    status.spec.title = QObject::tr("Status");
    status.spec.key = QStringLiteral("status");
    status.spec.placeholder = QStringLiteral("200, 201 or 200-299");
    status.spec.width = 110;
    status.get = [](const Check &c) {
        return QVariant(statusText(c));
    };
    status.set = [](Check &c, const QVariant &v) {
        return parseStatusText(v.toString(), c);
    };
    status.applies = [](const Check &c) {
        return c.type == CheckType::Status;
    };
    const auto is = [](std::initializer_list<CheckType> types) {
        const QList<CheckType> list(types);
        return [list](const Check &c) {
            return list.contains(c.type);
        };
    };
    return {
        textField<Check>(QObject::tr("Name"), QStringLiteral("name"), &Check::name, QObject::tr("name"), 110),
        choiceField<Check>(QObject::tr("Type"), QStringLiteral("type"), &Check::type, allCheckTypes(), 130),
        status,
        checkText(QObject::tr("Value"), QStringLiteral("value"), &Check::value, QObject::tr("text or regex"),
                  is({CheckType::BodyContains, CheckType::BodyMatches, CheckType::JsonEquals})),
        checkText(QObject::tr("Path"), QStringLiteral("path"), &Check::path, QStringLiteral("$.id"),
                  is({CheckType::JsonEquals, CheckType::JsonExists}), 90),
        checkText(QObject::tr("Header"), QStringLiteral("header"), &Check::header, QStringLiteral("Location"),
                  is({CheckType::HeaderPresent}), 90),
        checkText(QObject::tr("Under"), QStringLiteral("under"), &Check::under, QStringLiteral("500ms"),
                  is({CheckType::ResponseTime}), 70)};
}

// Blank: the editor opens on its variable name, and the validator asks for what is still missing
// (the placeholders show examples).
Extraction newExtraction()
{
    return Extraction{};
}

Check newCheck()
{
    Check c;
    c.name = QStringLiteral("status ok");
    c.statuses = {200};
    return c;
}

} // namespace

StepRulesEditor::StepRulesEditor(StepEdit edit, QWidget *parent)
    : QWidget(parent), m_edit(std::move(edit)),
      m_extractModel(new StructListModel<Extraction>(extractionFields(), newExtraction(), this)),
      m_checkModel(new StructListModel<Check>(checkFields(), newCheck(), this)),
      m_extract(new TableEditor(m_extractModel, tr("No extractions. Take a value from the response (a token, "
                                                   "an id) for later steps as {{variable}}."))),
      m_checks(new TableEditor(m_checkModel, tr("No checks. Name what a good response looks like: a status, "
                                                "a body text, a JSON value, a header, a time bound.")))
{
    m_extract->setObjectName(QStringLiteral("extractTable"));
    m_checks->setObjectName(QStringLiteral("checksTable"));
    const auto box = [](const QString &title, const QString &hint, TableEditor *table) {
        auto *w = new QWidget;
        auto *v = new QVBoxLayout(w);
        v->setContentsMargins(0, 0, 0, 0);
        v->setSpacing(4);
        auto *label =
            new QLabel(QStringLiteral("<b>%1</b>  <span style=\"color:#56606e\">%2</span>").arg(title, hint));
        label->setWordWrap(true);
        v->addWidget(label);
        v->addWidget(table, 1);
        table->view()->setMinimumHeight(80);
        return w;
    };
    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(
        box(tr("Extractions"), tr("values for later steps; a missing value is an extract error"), m_extract));
    splitter->addWidget(box(tr("Checks"), tr("named assertions; a failure is a check error"), m_checks));
    splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(splitter);

    connect(m_extractModel, &ListTableModel::rowsEdited, this, [this] {
        if (m_loading == 0)
            m_edit([&](Step &st) { st.extract = m_extractModel->items(); }, {}, tr("Edit extractions"));
    });
    connect(m_checkModel, &ListTableModel::rowsEdited, this, [this] {
        if (m_loading == 0)
            m_edit([&](Step &st) { st.checks = m_checkModel->items(); }, {}, tr("Edit checks"));
    });
    setStep(nullptr);
}

void StepRulesEditor::setStep(const Step *step)
{
    ++m_loading;
    setEnabled(step != nullptr);
    m_extractModel->setItems(step ? step->extract : QList<Extraction>());
    m_checkModel->setItems(step ? step->checks : QList<Check>());
    --m_loading;
}

void StepRulesEditor::showIssues(const QList<ValidationIssue> &local)
{
    m_extract->showIssues(local, QStringLiteral("extract"));
    // A status check's range is reported at .min/.max: both live in the Status column.
    QList<ValidationIssue> checks = local;
    static const QRegularExpression minMax(QStringLiteral("^(checks\\[\\d+\\])\\.(min|max)$"));
    for (ValidationIssue &i : checks)
        i.path.replace(minMax, QStringLiteral("\\1.status"));
    m_checks->showIssues(checks, QStringLiteral("checks"));
}

bool StepRulesEditor::focusField(const QString &relative)
{
    return m_extract->focusLocation(relative, QStringLiteral("extract")) ||
           m_checks->focusLocation(relative, QStringLiteral("checks"));
}

} // namespace lw::ui
