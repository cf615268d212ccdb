#include "editor/stepeditor.h"

#include "editor/columns.h"
#include "editor/issuepath.h"
#include "editor/jsonbody.h"
#include "editor/tableeditor.h"
#include "editor/variablehighlighter.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace lw::ui {

namespace {

QList<Field<StepHeader>> headerFields()
{
    return {textField<StepHeader>(QObject::tr("Header"), QStringLiteral("name"), &StepHeader::name,
                                  QStringLiteral("Authorization"), 150),
            textField<StepHeader>(QObject::tr("Value"), QStringLiteral("value"), &StepHeader::value,
                                  QStringLiteral("Bearer {{token}}"))};
}

// A line edit whose edits are committed as the user types (merged into one undo step per field).
void setTextIfChanged(QLineEdit *edit, const QString &text)
{
    if (edit->text() != text)
        edit->setText(text);
}

} // namespace

StepEditor::StepEditor(StepEdit edit, QWidget *parent)
    : QWidget(parent), m_edit(std::move(edit)), m_name(new QLineEdit), m_method(new QComboBox),
      m_url(new QLineEdit), m_transaction(new QLineEdit), m_thinkTime(new QLineEdit),
      m_onFailure(new QComboBox),
      m_headerModel(new StructListModel<StepHeader>(headerFields(), StepHeader(), this)),
      m_headers(new TableEditor(m_headerModel, tr("No headers. Add e.g. Authorization: Bearer {{token}}."))),
      m_body(new QPlainTextEdit), m_format(new QPushButton(tr("&Format JSON"))), m_bodyStatus(new QLabel),
      m_highlighter(new VariableHighlighter(m_body->document()))
{
    m_name->setObjectName(QStringLiteral("stepName"));
    m_url->setObjectName(QStringLiteral("stepUrl"));
    m_body->setObjectName(QStringLiteral("stepBody"));
    m_headers->setObjectName(QStringLiteral("stepHeaders"));
    m_method->setEditable(true);
    m_method->addItems({QStringLiteral("GET"), QStringLiteral("POST"), QStringLiteral("PUT"),
                        QStringLiteral("PATCH"), QStringLiteral("DELETE"), QStringLiteral("HEAD"),
                        QStringLiteral("OPTIONS")});
    m_method->setMinimumContentsLength(7);
    m_url->setPlaceholderText(QStringLiteral("${TARGET:-http://127.0.0.1:8080}/api/cart/{{cart_id}}"));
    m_url->setToolTip(tr("${VAR} is filled in before the run, {{variable}} when the request is sent "
                         "(after the host only)"));
    m_transaction->setPlaceholderText(tr("none"));
    m_transaction->setToolTip(tr("Consecutive steps with the same transaction name are timed as one"));
    m_thinkTime->setPlaceholderText(QStringLiteral("0s"));
    m_thinkTime->setToolTip(tr("Pause after this step before the next one, e.g. 500ms, 2s"));
    for (StepFailure f : allStepFailures())
        m_onFailure->addItem(humanize(toString(f)), toString(f));
    m_onFailure->setToolTip(tr("What a failed step (error status, missing extraction, failed check, no "
                               "response) does"));
    m_body->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_body->setPlaceholderText(tr("Request body sent as is; {{variables}} are filled in when it is sent"));
    m_body->setTabChangesFocus(true);
    m_body->setMinimumHeight(90);
    m_bodyStatus->setWordWrap(true);
    m_bodyStatus->setObjectName(QStringLiteral("bodyStatus"));
    m_format->setToolTip(tr("Re-indent the JSON body (keys, values and variables stay as written)"));
    m_headers->view()->setMinimumHeight(90);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    m_fields.addRow(form, tr("&Name"), m_name, QStringLiteral("name"));
    auto *request = new QWidget;
    auto *requestRow = new QHBoxLayout(request);
    requestRow->setContentsMargins(0, 0, 0, 0);
    requestRow->addWidget(m_method);
    requestRow->addWidget(m_url, 1);
    auto *requestBox = new QWidget;
    auto *requestCol = new QVBoxLayout(requestBox);
    requestCol->setContentsMargins(0, 0, 0, 0);
    requestCol->setSpacing(2);
    requestCol->addWidget(request);
    QLabel *methodMessage = createMessageLabel(requestBox);
    QLabel *urlMessage = createMessageLabel(requestBox);
    requestCol->addWidget(methodMessage);
    requestCol->addWidget(urlMessage);
    form->addRow(tr("&Request"), requestBox);
    if (auto *l = qobject_cast<QLabel *>(form->labelForField(requestBox)))
        l->setBuddy(m_url);
    m_fields.add(QStringLiteral("method"), m_method, methodMessage);
    m_fields.add(QStringLiteral("url"), m_url, urlMessage);
    auto *timing = new QWidget;
    auto *timingRow = new QHBoxLayout(timing);
    timingRow->setContentsMargins(0, 0, 0, 0);
    auto *thinkLabel = new QLabel(tr("&Think time"));
    thinkLabel->setBuddy(m_thinkTime);
    auto *failLabel = new QLabel(tr("On &failure"));
    failLabel->setBuddy(m_onFailure);
    timingRow->addWidget(thinkLabel);
    timingRow->addWidget(m_thinkTime, 1);
    timingRow->addSpacing(8);
    timingRow->addWidget(failLabel);
    timingRow->addWidget(m_onFailure, 1);
    auto *timingBox = new QWidget;
    auto *timingCol = new QVBoxLayout(timingBox);
    timingCol->setContentsMargins(0, 0, 0, 0);
    timingCol->setSpacing(2);
    timingCol->addWidget(timing);
    QLabel *thinkMessage = createMessageLabel(timingBox);
    timingCol->addWidget(thinkMessage);
    m_fields.add(QStringLiteral("think_time"), m_thinkTime, thinkMessage);
    form->addRow(tr("After"), timingBox);
    m_fields.addRow(form, tr("Trans&action"), m_transaction, QStringLiteral("transaction"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);
    layout->addLayout(form);
    auto *headersLabel = new QLabel(tr("&Headers"));
    headersLabel->setBuddy(m_headers->view());
    layout->addWidget(headersLabel);
    layout->addWidget(m_headers, 2);
    auto *bodyBar = new QHBoxLayout;
    auto *bodyLabel = new QLabel(tr("&Body"));
    bodyLabel->setBuddy(m_body);
    bodyBar->addWidget(bodyLabel);
    bodyBar->addStretch();
    bodyBar->addWidget(m_format);
    layout->addLayout(bodyBar);
    layout->addWidget(m_body, 3);
    layout->addWidget(m_bodyStatus);
    QLabel *bodyMessage = createMessageLabel(this);
    layout->addWidget(bodyMessage);
    m_fields.add(QStringLiteral("body"), m_body, bodyMessage);

    const auto text = [this](QLineEdit *w, const char *key, QString Step::*member, const QString &what) {
        connect(w, &QLineEdit::textEdited, this, [this, member, key, what](const QString &value) {
            if (!loading())
                m_edit([&](Step &st) { st.*member = value; }, m_path + QLatin1Char('.') + QLatin1String(key),
                       what);
        });
    };
    text(m_name, "name", &Step::name, tr("Rename step"));
    text(m_url, "url", &Step::url, tr("Edit step URL"));
    text(m_transaction, "transaction", &Step::transaction, tr("Edit step transaction"));
    text(m_thinkTime, "think_time", &Step::thinkTime, tr("Edit think time"));
    connect(m_method, &QComboBox::currentTextChanged, this, [this](const QString &value) {
        if (!loading())
            m_edit([&](Step &st) { st.method = value.trimmed().toUpper(); },
                   m_path + QStringLiteral(".method"), tr("Edit step method"));
    });
    connect(m_onFailure, &QComboBox::currentIndexChanged, this, [this] {
        if (loading())
            return;
        const std::optional<StepFailure> f = fromString<StepFailure>(m_onFailure->currentData().toString());
        if (f)
            m_edit([&](Step &st) { st.onFailure = *f; }, {}, tr("Edit on failure"));
    });
    connect(m_headerModel, &ListTableModel::rowsEdited, this, [this] {
        if (!loading())
            m_edit([&](Step &st) { st.headers = m_headerModel->items(); }, {}, tr("Edit step headers"));
    });
    connect(m_body, &QPlainTextEdit::textChanged, this, [this] {
        updateBodyStatus();
        if (loading())
            return;
        const QString value = m_body->toPlainText();
        m_edit([&](Step &st) { st.body = value; }, m_path + QStringLiteral(".body"), tr("Edit step body"));
    });
    connect(m_format, &QPushButton::clicked, this, &StepEditor::formatBody);
    setStep(nullptr, {});
}

void StepEditor::setStep(const Step *step, const QString &path)
{
    ++m_loading;
    m_path = path;
    setEnabled(step != nullptr);
    const Step empty;
    const Step &st = step ? *step : empty;
    setTextIfChanged(m_name, step ? st.name : QString());
    if (m_method->currentText() != st.method)
        m_method->setCurrentText(st.method);
    setTextIfChanged(m_url, step ? st.url : QString());
    setTextIfChanged(m_transaction, st.transaction);
    setTextIfChanged(m_thinkTime, st.thinkTime);
    m_onFailure->setCurrentIndex(m_onFailure->findData(toString(st.onFailure)));
    m_headerModel->setItems(st.headers);
    if (m_body->toPlainText() != st.body)
        m_body->setPlainText(st.body);
    updateBodyStatus();
    --m_loading;
}

void StepEditor::showIssues(const QList<ValidationIssue> &local)
{
    m_fields.show(local);
    m_headers->showIssues(local, QStringLiteral("headers"));
    QSet<QString> flagged;
    for (const ValidationIssue &i : local) {
        if (i.path == QLatin1String("body")) {
            const QString ref = referenceOfMessage(i.message);
            if (!ref.isEmpty())
                flagged.insert(ref);
        }
    }
    m_highlighter->setFlagged(flagged);
}

void StepEditor::updateBodyStatus()
{
    const QString body = m_body->toPlainText();
    const bool json = looksLikeJson(body);
    const QString problem = json ? jsonBodyProblem(body) : QString();
    m_format->setEnabled(json && problem.isEmpty());
    if (!json) {
        m_bodyStatus->clear();
        m_bodyStatus->hide();
        return;
    }
    m_bodyStatus->setText(problem.isEmpty() ? tr("Valid JSON") : tr("Not valid JSON: %1").arg(problem));
    m_bodyStatus->setStyleSheet(problem.isEmpty() ? QStringLiteral("color: #2e7d32; font-size: 9pt;")
                                                  : QStringLiteral("color: #b42318; font-size: 9pt;"));
    m_bodyStatus->show();
}

void StepEditor::formatBody()
{
    QString problem;
    const QString formatted = formatJsonBody(m_body->toPlainText(), &problem);
    if (!problem.isEmpty() || formatted == m_body->toPlainText())
        return;
    // The document's refresh puts the formatted text in the field (and nothing, when read-only).
    m_edit([&](Step &st) { st.body = formatted; }, {}, tr("Format JSON body"));
}

bool StepEditor::focusField(const QString &relative)
{
    if (pathIsUnder(relative, QStringLiteral("headers"))) {
        if (!m_headers->focusLocation(relative, QStringLiteral("headers")))
            m_headers->view()->setFocus(Qt::OtherFocusReason); // the list as a whole
        return true;
    }
    QWidget *field = pathIsUnder(relative, QStringLiteral("on_failure")) ? static_cast<QWidget *>(m_onFailure)
                                                                         : m_fields.field(relative);
    if (!field)
        return false;
    field->setFocus(Qt::OtherFocusReason);
    return true;
}

} // namespace lw::ui
