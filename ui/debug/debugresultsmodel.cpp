#include "debug/debugresultsmodel.h"

#include "results/debugrecord.h"
#include "shell/icons.h"

#include <QApplication>
#include <QJsonArray>
#include <QStyle>

namespace lw::ui {

struct DebugResultsModel::Node
{
    QString label;
    QString value;
    QString fullText;
    QString kind;
    State state = State::None;
    Node *parent = nullptr;
    int row = 0;
    std::vector<std::unique_ptr<Node>> children;

    Node *add(const QString &l, const QString &v = {}, const QString &k = {}, State s = State::None)
    {
        auto n = std::make_unique<Node>();
        n->label = l;
        n->value = v;
        n->kind = k;
        n->state = s;
        n->parent = this;
        n->row = int(children.size());
        children.push_back(std::move(n));
        return children.back().get();
    }
};

namespace {

QString ms(const QJsonValue &us)
{
    return QStringLiteral("%1 ms").arg(us.toDouble() / 1000.0, 0, 'f', 1);
}

QString firstLine(const QString &text)
{
    const qsizetype nl = text.indexOf(QLatin1Char('\n'));
    return nl < 0 ? text : text.left(nl) + QStringLiteral(" \u2026");
}

template <class N> void addHeaders(N *parent, const QJsonArray &headers)
{
    auto *h = parent->add(DebugResultsModel::tr("Headers"), QString::number(headers.size()),
                          QStringLiteral("headers"));
    for (const QJsonValue &v : headers) {
        const QJsonArray pair = v.toArray();
        h->add(pair.at(0).toString(), pair.at(1).toString(), QStringLiteral("header"));
        h->children.back()->fullText = pair.at(1).toString();
    }
}

template <class N> void addBody(N *parent, const QJsonObject &message)
{
    const qint64 size = message.value(QLatin1String("body_size")).toInteger();
    QString body = prettyBody(message.value(QLatin1String("body")).toString());
    QString note;
    if (body.size() > DebugResultsModel::kMaxBodyChars) {
        body.truncate(DebugResultsModel::kMaxBodyChars);
        note = DebugResultsModel::tr(" (cut at %1 characters)").arg(DebugResultsModel::kMaxBodyChars);
    } else if (message.value(QLatin1String("body_truncated")).toBool()) {
        note = DebugResultsModel::tr(" (the engine kept the first %1 bytes)")
                   .arg(message.value(QLatin1String("body")).toString().toUtf8().size());
    }
    const QString label = DebugResultsModel::tr("Body (%1 bytes)%2").arg(size).arg(note);
    auto *b = parent->add(label, size == 0 ? DebugResultsModel::tr("(empty)") : firstLine(body),
                          QStringLiteral("body"));
    b->fullText = body;
}

} // namespace

DebugResultsModel::DebugResultsModel(QObject *parent)
    : QAbstractItemModel(parent), m_root(std::make_unique<Node>())
{
    m_pass = icon(IconId::Valid);
    m_fail = QApplication::style()->standardIcon(QStyle::SP_MessageBoxCritical);
}

DebugResultsModel::~DebugResultsModel() = default;

void DebugResultsModel::setRecords(const QList<QJsonObject> &records)
{
    m_records = records;
    rebuild();
}

void DebugResultsModel::appendRecord(const QJsonObject &record)
{
    m_records.append(record);
    rebuild(); // a secret found in this step is masked in the earlier ones too
}

void DebugResultsModel::clear()
{
    m_records.clear();
    rebuild();
}

void DebugResultsModel::setShowSecrets(bool show)
{
    if (show == m_showSecrets)
        return;
    m_showSecrets = show;
    rebuild();
}

int DebugResultsModel::failedSteps() const
{
    int n = 0;
    for (const QJsonObject &r : m_records)
        n += debugStepFailed(r) ? 1 : 0;
    return n;
}

void DebugResultsModel::rebuild()
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    m_masked = 0;
    const QList<QJsonObject> shown = m_showSecrets ? m_records : maskDebugRecords(m_records, &m_masked);
    Node *iteration = nullptr;
    qint64 current = -1;
    for (const QJsonObject &r : shown) {
        const qint64 it = r.value(QLatin1String("iteration")).toInteger();
        if (!iteration || it != current) {
            current = it;
            const QString scenario = r.value(QLatin1String("scenario")).toString();
            QStringList what{scenario.isEmpty() ? tr("target") : tr("scenario %1").arg(scenario),
                             tr("virtual user %1").arg(r.value(QLatin1String("vu")).toInteger())};
            const QJsonObject rows = r.value(QLatin1String("rows")).toObject();
            for (auto row = rows.begin(); row != rows.end(); ++row)
                what << tr("%1 row %2").arg(row.key()).arg(row.value().toInteger() + 1);
            iteration = m_root->add(tr("Iteration %1").arg(it + 1), what.join(QStringLiteral(" \u00b7 ")),
                                    QStringLiteral("iteration"), State::Passed);
        }
        const bool failed = debugStepFailed(r);
        if (failed)
            iteration->state = State::Failed;
        const QJsonObject request = r.value(QLatin1String("request")).toObject();
        const QJsonObject response = r.value(QLatin1String("response")).toObject();
        const QJsonObject timing = r.value(QLatin1String("timing")).toObject();
        QString summary = request.value(QLatin1String("method")).toString() + QLatin1Char(' ') +
                          request.value(QLatin1String("url")).toString() + QStringLiteral(" \u2192 ");
        summary += response.isEmpty() ? tr("no response")
                                      : QStringLiteral("%1 %2")
                                            .arg(response.value(QLatin1String("status")).toInt())
                                            .arg(response.value(QLatin1String("reason")).toString());
        summary += QStringLiteral(" \u00b7 ") + ms(timing.value(QLatin1String("latency_us")));
        Node *step = iteration->add(tr("%1. %2")
                                        .arg(r.value(QLatin1String("step_index")).toInt() + 1)
                                        .arg(r.value(QLatin1String("step")).toString()),
                                    summary, QStringLiteral("step"), failed ? State::Failed : State::Passed);
        step->fullText = debugStepProblems(r).join(QLatin1Char('\n'));

        const QJsonObject error = r.value(QLatin1String("error")).toObject();
        if (!error.isEmpty())
            step->add(tr("Error (%1)").arg(error.value(QLatin1String("class")).toString()),
                      error.value(QLatin1String("message")).toString(), QStringLiteral("error"),
                      State::Failed);

        Node *req = step->add(tr("Request"),
                              request.value(QLatin1String("method")).toString() + QLatin1Char(' ') +
                                  request.value(QLatin1String("url")).toString(),
                              QStringLiteral("request"));
        addHeaders(req, request.value(QLatin1String("headers")).toArray());
        addBody(req, request);
        if (!response.isEmpty()) {
            Node *resp =
                step->add(tr("Response"),
                          QStringLiteral("%1 %2")
                              .arg(response.value(QLatin1String("status")).toInt())
                              .arg(response.value(QLatin1String("reason")).toString()),
                          QStringLiteral("response"),
                          r.value(QLatin1String("http_error")).toBool() ? State::Failed : State::None);
            addHeaders(resp, response.value(QLatin1String("headers")).toArray());
            addBody(resp, response);
        }
        QStringList times{tr("latency %1").arg(ms(timing.value(QLatin1String("latency_us"))))};
        if (!timing.value(QLatin1String("connect_us")).isNull())
            times << tr("connect %1").arg(ms(timing.value(QLatin1String("connect_us"))));
        if (!timing.value(QLatin1String("tls_us")).isNull())
            times << tr("TLS %1").arg(ms(timing.value(QLatin1String("tls_us"))));
        if (!timing.value(QLatin1String("first_byte_us")).isNull())
            times << tr("first byte %1").arg(ms(timing.value(QLatin1String("first_byte_us"))));
        if (timing.value(QLatin1String("reused_connection")).toBool())
            times << tr("reused connection");
        step->add(tr("Timing"), times.join(QStringLiteral(", ")), QStringLiteral("timing"));

        const QJsonArray extractions = r.value(QLatin1String("extractions")).toArray();
        if (!extractions.isEmpty()) {
            Node *ex = step->add(tr("Extractions"), QString::number(extractions.size()),
                                 QStringLiteral("extractions"));
            for (const QJsonValue &v : extractions) {
                const QJsonObject x = v.toObject();
                const bool ok = x.value(QLatin1String("ok")).toBool();
                Node *n = ex->add(x.value(QLatin1String("var")).toString(),
                                  ok ? x.value(QLatin1String("value")).toString()
                                     : x.value(QLatin1String("error")).toString(),
                                  QStringLiteral("extraction"), ok ? State::Passed : State::Failed);
                n->fullText = QStringLiteral("%1 %2\n%3")
                                  .arg(x.value(QLatin1String("from")).toString(),
                                       x.value(QLatin1String("expression")).toString(), n->value);
                if (!ok)
                    ex->state = State::Failed;
            }
        }
        const QJsonArray checks = r.value(QLatin1String("checks")).toArray();
        if (!checks.isEmpty()) {
            Node *ch = step->add(tr("Checks"), QString::number(checks.size()), QStringLiteral("checks"));
            for (const QJsonValue &v : checks) {
                const QJsonObject c = v.toObject();
                const bool pass = c.value(QLatin1String("passed")).toBool();
                Node *n = ch->add(c.value(QLatin1String("name")).toString(),
                                  tr("%1 (expected %2)")
                                      .arg(c.value(QLatin1String("measured")).toString(),
                                           c.value(QLatin1String("expected")).toString()),
                                  QStringLiteral("check"), pass ? State::Passed : State::Failed);
                n->fullText = n->value;
                if (!pass)
                    ch->state = State::Failed;
            }
        }
        if (r.value(QLatin1String("cookies_enabled")).toBool()) {
            const QJsonArray jar = r.value(QLatin1String("cookies")).toArray();
            Node *ck = step->add(tr("Cookies after the step"),
                                 jar.isEmpty() ? tr("(none)") : QString::number(jar.size()),
                                 QStringLiteral("cookies"));
            const QJsonArray attributes = r.value(QLatin1String("cookie_attributes")).toArray();
            for (qsizetype i = 0; i < jar.size(); ++i) {
                const QString kept =
                    i < attributes.size() ? cookieAttributesText(attributes.at(i).toObject()) : QString();
                ck->add(jar.at(i).toArray().at(0).toString(),
                        jar.at(i).toArray().at(1).toString() +
                            (kept.isEmpty() ? QString() : QStringLiteral("  (") + kept + QLatin1Char(')')),
                        QStringLiteral("cookie"));
            }
        }
        const QJsonObject think = r.value(QLatin1String("think_time")).toObject();
        if (think.value(QLatin1String("configured_us")).toInteger() > 0)
            step->add(tr("Think time"),
                      tr("%1 %2").arg(ms(think.value(QLatin1String("configured_us"))),
                                      think.value(QLatin1String("applied")).toBool() ? tr("applied")
                                                                                     : tr("skipped")),
                      QStringLiteral("think"));
        const QJsonObject end = r.value(QLatin1String("iteration_end")).toObject();
        if (!end.isEmpty()) {
            const bool completed = end.value(QLatin1String("completed")).toBool();
            step->add(completed ? tr("Iteration completed") : tr("Iteration ended here"),
                      completed ? ms(end.value(QLatin1String("duration_us")))
                                : end.value(QLatin1String("reason")).toString(),
                      QStringLiteral("end"), completed ? State::None : State::Failed);
        }
    }
    endResetModel();
}

DebugResultsModel::Node *DebugResultsModel::node(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex DebugResultsModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= 2 || (parent.isValid() && parent.column() != 0))
        return {};
    const Node *p = node(parent);
    if (row < 0 || size_t(row) >= p->children.size())
        return {};
    return createIndex(row, column, p->children[size_t(row)].get());
}

QModelIndex DebugResultsModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Node *n = node(child);
    if (!n->parent || n->parent == m_root.get())
        return {};
    return createIndex(n->parent->row, 0, n->parent);
}

int DebugResultsModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(node(parent)->children.size());
}

int DebugResultsModel::columnCount(const QModelIndex &) const
{
    return 2;
}

QVariant DebugResultsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node *n = node(index);
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == 0 ? n->label : n->value;
    case Qt::ToolTipRole:
        return n->fullText.isEmpty() ? QVariant() : QVariant(n->fullText.left(2000));
    case Qt::DecorationRole:
        if (index.column() != 0 || n->state == State::None)
            return {};
        return n->state == State::Passed ? m_pass : m_fail;
    case StateRole:
        return int(n->state);
    case FullTextRole:
        return n->fullText.isEmpty() ? n->value : n->fullText;
    case KindRole:
        return n->kind;
    default:
        return {};
    }
}

QVariant DebugResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == 0 ? tr("Step") : tr("Details");
}

} // namespace lw::ui
