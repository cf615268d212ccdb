#include "editor/monitoringpage.h"

#include "editor/columns.h"
#include "editor/tableeditor.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLineEdit>
#include <QVBoxLayout>

namespace lw::ui {

namespace {

QList<Field<ProcessWatch>> processFields()
{
    Field<ProcessWatch> pid;
    pid.spec.title = QObject::tr("PID");
    pid.spec.key = QStringLiteral("pid");
    pid.spec.kind = ColumnKind::Integer;
    pid.spec.minimum = 0;
    pid.spec.maximum = 4194304; // Linux pid_max limit
    pid.spec.specialText = QObject::tr("by name");
    pid.spec.width = 110;
    pid.get = [](const ProcessWatch &p) {
        return QVariant(p.pid.value_or(0));
    };
    pid.set = [](ProcessWatch &p, const QVariant &v) {
        const qint64 n = v.toLongLong();
        p.pid = n > 0 ? std::optional<qint64>(n) : std::nullopt;
        return true;
    };
    return {pid,
            textField<ProcessWatch>(QObject::tr("Process name"), QStringLiteral("name"), &ProcessWatch::name,
                                    QObject::tr("as in /proc/PID/comm, e.g. nginx"))};
}

QList<Field<PrometheusEndpoint>> prometheusFields()
{
    Field<PrometheusEndpoint> metrics;
    metrics.spec.title = QObject::tr("Metrics kept");
    metrics.spec.key = QStringLiteral("metrics");
    metrics.spec.placeholder = QObject::tr("comma separated; empty keeps a default set");
    metrics.get = [](const PrometheusEndpoint &e) {
        return QVariant(e.metrics.join(QStringLiteral(", ")));
    };
    metrics.set = [](PrometheusEndpoint &e, const QVariant &v) {
        QStringList list;
        for (const QString &m : v.toString().split(QLatin1Char(','))) {
            if (!m.trimmed().isEmpty())
                list.append(m.trimmed());
        }
        e.metrics = list;
        return true;
    };
    return {textField<PrometheusEndpoint>(QObject::tr("Name"), QStringLiteral("name"),
                                          &PrometheusEndpoint::name, QObject::tr("name"), 160),
            textField<PrometheusEndpoint>(QObject::tr("URL"), QStringLiteral("url"), &PrometheusEndpoint::url,
                                          QStringLiteral("http://127.0.0.1:9100/metrics")),
            metrics};
}

} // namespace

MonitoringPage::MonitoringPage(StrategyDocument *doc, QWidget *parent)
    : EditorPage(doc, parent),
      m_processModel(new StructListModel<ProcessWatch>(processFields(), ProcessWatch(), this)),
      m_promModel(new StructListModel<PrometheusEndpoint>(prometheusFields(), PrometheusEndpoint(), this)),
      m_processes(new TableEditor(m_processModel, tr("No processes watched. Add the server processes whose "
                                                     "CPU and memory should be sampled."))),
      m_prometheus(new TableEditor(m_promModel, tr("No Prometheus endpoints. Add exporters (text format) to "
                                                   "scrape during the run."))),
      m_host(new QCheckBox(tr("Sample this &host (CPU, memory, network)"))), m_interval(new QLineEdit)
{
    m_interval->setPlaceholderText(QStringLiteral("1s"));
    m_interval->setMaximumWidth(200);
    auto *general = new QGroupBox(tr("Sampling"));
    auto *form = new QFormLayout(general);
    form->setHorizontalSpacing(16);
    form->addRow(m_host);
    m_fields.addRow(form, tr("&Interval:"), m_interval, QStringLiteral("monitoring.interval"));
    m_fields.add(QStringLiteral("monitoring.host"), m_host, nullptr);

    auto *procBox = new QGroupBox(tr("Processes"));
    (new QVBoxLayout(procBox))->addWidget(m_processes);
    auto *promBox = new QGroupBox(tr("Prometheus endpoints"));
    (new QVBoxLayout(promBox))->addWidget(m_prometheus);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 16, 16, 16);
    layout->setSpacing(12);
    layout->addWidget(general);
    layout->addWidget(procBox, 1);
    layout->addWidget(promBox, 1);

    bindList(
        m_processModel, [](auto &s) -> auto & { return s.monitoring.processes; }, tr("Edit processes"));
    bindList(
        m_promModel, [](auto &s) -> auto & { return s.monitoring.prometheus; },
        tr("Edit Prometheus endpoints"));
    connect(m_host, &QCheckBox::toggled, this, [this](bool on) {
        commit([&](Strategy &s) { s.monitoring.host = on; }, {}, tr("Toggle host sampling"));
    });
    connect(m_interval, &QLineEdit::textEdited, this, [this](const QString &t) {
        commit([&](Strategy &s) { s.monitoring.interval = t; }, QStringLiteral("monitoring.interval"),
               tr("Edit sampling interval"));
    });
}

void MonitoringPage::refresh(const Strategy &s)
{
    RefreshGuard guard(this);
    m_host->setChecked(s.monitoring.host);
    if (m_interval->text() != s.monitoring.interval)
        m_interval->setText(s.monitoring.interval);
    m_processModel->setItems(s.monitoring.processes);
    m_promModel->setItems(s.monitoring.prometheus);
}

void MonitoringPage::showIssues(const QList<ValidationIssue> &issues)
{
    m_processes->showIssues(issues, QStringLiteral("monitoring.processes"));
    m_prometheus->showIssues(issues, QStringLiteral("monitoring.prometheus"));
    m_fields.show(issues);
}

} // namespace lw::ui
