#include "editor/targetspage.h"

#include "designer/strategydocument.h"
#include "editor/columns.h"
#include "editor/tableeditor.h"

#include <QFontDatabase>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QVBoxLayout>

namespace lw::ui {

namespace {

QList<Field<Target>> targetFields()
{
    Field<Target> method =
        textField<Target>(QObject::tr("Method"), QStringLiteral("method"), &Target::method, {}, 100);
    method.spec.kind = ColumnKind::Combo;
    method.spec.choices = {QStringLiteral("GET"),    QStringLiteral("POST"),   QStringLiteral("PUT"),
                           QStringLiteral("PATCH"),  QStringLiteral("DELETE"), QStringLiteral("HEAD"),
                           QStringLiteral("OPTIONS")};
    method.set = [](Target &t, const QVariant &v) {
        t.method = v.toString().trimmed().toUpper();
        return true;
    };
    Field<Target> status;
    status.spec.title = QObject::tr("Expect status");
    status.spec.key = QStringLiteral("expect_status");
    status.spec.kind = ColumnKind::Integer;
    status.spec.minimum = 0;
    status.spec.maximum = 599;
    status.spec.specialText = QObject::tr("any");
    status.spec.width = 110;
    status.spec.toolTip = QObject::tr("Responses with any other status count as errors; \"any\" accepts all "
                                      "statuses below 400.");
    status.get = [](const Target &t) {
        return QVariant(t.expectStatus.value_or(0));
    };
    status.set = [](Target &t, const QVariant &v) {
        const int code = v.toInt();
        t.expectStatus = code > 0 ? std::optional<int>(code) : std::nullopt;
        return true;
    };
    Field<Target> headers;
    headers.spec.title = QObject::tr("Headers");
    headers.spec.key = QStringLiteral("headers");
    headers.spec.kind = ColumnKind::Derived;
    headers.spec.width = 80;
    headers.get = [](const Target &t) {
        return QVariant(QString::number(t.headers.size()));
    };
    return {
        textField<Target>(QObject::tr("Name"), QStringLiteral("name"), &Target::name, QObject::tr("name"),
                          180),
        method,
        textField<Target>(QObject::tr("URL"), QStringLiteral("url"), &Target::url,
                          QStringLiteral("${TARGET}/path")),
        numberField<Target>(QObject::tr("Weight"), QStringLiteral("weight"), &Target::weight, 0, 1e6, 2, 90),
        status,
        headers};
}

QList<Field<HttpHeader>> headerFields()
{
    return {textField<HttpHeader>(QObject::tr("Header"), QStringLiteral("name"), &HttpHeader::name,
                                  QStringLiteral("Content-Type"), 180),
            textField<HttpHeader>(QObject::tr("Value"), QStringLiteral("value"), &HttpHeader::value,
                                  QStringLiteral("application/json"))};
}

Target newTarget()
{
    Target t;
    t.url = QStringLiteral("${TARGET:-http://127.0.0.1:8080}/");
    return t;
}

} // namespace

TargetsPage::TargetsPage(StrategyDocument *doc, QWidget *parent)
    : EditorPage(doc, parent), m_targetModel(new StructListModel<Target>(targetFields(), newTarget(), this)),
      m_headerModel(new StructListModel<HttpHeader>(headerFields(), HttpHeader(), this)),
      m_targets(new TableEditor(m_targetModel, tr("No targets yet. Add the requests this test sends: "
                                                  "each is picked in proportion to its weight."))),
      m_headers(new TableEditor(m_headerModel, tr("No extra headers."))), m_detail(new QGroupBox),
      m_body(new QPlainTextEdit)
{
    m_targets->setObjectName(QStringLiteral("targetsTable"));
    m_targets->setAutoSelectFirst(true);
    m_body->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_body->setPlaceholderText(tr("Request body sent as is (for POST/PUT/PATCH)"));
    m_body->setTabChangesFocus(true);

    auto *detailLayout = new QHBoxLayout(m_detail);
    auto *headersBox = new QVBoxLayout;
    headersBox->addWidget(new QLabel(tr("Headers")));
    headersBox->addWidget(m_headers);
    auto *bodyBox = new QVBoxLayout;
    auto *bodyLabel = new QLabel(tr("&Body"));
    bodyLabel->setBuddy(m_body);
    bodyBox->addWidget(bodyLabel);
    bodyBox->addWidget(m_body, 1);
    QLabel *bodyMessage = createMessageLabel();
    bodyBox->addWidget(bodyMessage);
    m_bodyIssues.add(QStringLiteral("body"), m_body, bodyMessage);
    detailLayout->addLayout(headersBox, 1);
    detailLayout->addLayout(bodyBox, 1);

    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_targets);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 16, 16, 16);
    layout->addWidget(splitter);

    bindList(
        m_targetModel, [](auto &s) -> auto & { return s.targets; }, tr("Edit targets"));
    connect(m_headerModel, &ListTableModel::rowsEdited, this, [this] {
        const int row = m_row;
        commit(
            [&](Strategy &s) {
                if (row >= 0 && row < s.targets.size())
                    s.targets[row].headers = m_headerModel->items();
            },
            {}, tr("Edit headers"));
    });
    connect(m_body, &QPlainTextEdit::textChanged, this, [this] {
        const int row = m_row;
        const QString text = m_body->toPlainText();
        commit(
            [&](Strategy &s) {
                if (row >= 0 && row < s.targets.size())
                    s.targets[row].body = text;
            },
            QStringLiteral("targets[%1].body").arg(row), tr("Edit body"));
    });
    connect(m_targets, &TableEditor::currentRowChanged, this, &TargetsPage::showDetail);
    showDetail(-1);
}

void TargetsPage::refresh(const Strategy &s)
{
    RefreshGuard guard(this);
    m_targetModel->setItems(s.targets);
    showDetail(m_targets->currentRow());
}

void TargetsPage::showDetail(int row)
{
    RefreshGuard guard(this);
    const QList<Target> &targets = m_targetModel->items();
    m_row = row >= 0 && row < targets.size() ? row : -1;
    m_detail->setEnabled(m_row >= 0);
    if (m_row < 0) {
        m_detail->setTitle(tr("Request details (select a target)"));
        m_headerModel->setItems({});
        if (!m_body->toPlainText().isEmpty())
            m_body->clear();
        return;
    }
    const Target &t = targets[m_row];
    m_detail->setTitle(
        tr("Request details: %1").arg(t.name.isEmpty() ? tr("target %1").arg(m_row + 1) : t.name));
    m_headerModel->setItems(t.headers);
    if (m_body->toPlainText() != t.body)
        m_body->setPlainText(t.body);
    showIssues(m_issues);
}

void TargetsPage::showIssues(const QList<ValidationIssue> &issues)
{
    m_issues = issues;
    m_targets->showIssues(issues, QStringLiteral("targets"));
    const QString prefix = QStringLiteral("targets[%1]").arg(m_row);
    QList<ValidationIssue> detail;
    for (const ValidationIssue &i : issues) {
        if (m_row >= 0 && i.path.startsWith(prefix + QLatin1Char('.'))) {
            ValidationIssue local = i;
            local.path = i.path.mid(prefix.size() + 1);
            detail.append(local);
        }
    }
    m_headers->showIssues(detail, QStringLiteral("headers"));
    m_bodyIssues.show(detail);
}

} // namespace lw::ui
