#include "editor/loadprofilepage.h"

#include "common/reflowcolumns.h"
#include "designer/capacityplanner.h"
#include "designer/loadprofilepreview.h"
#include "designer/strategydocument.h"
#include "editor/columns.h"
#include "editor/issuepath.h"
#include "editor/tableeditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

namespace lw::ui {

namespace {
constexpr int kTargetColumn = 1;

QList<Field<Stage>> stageFields()
{
    return {
        textField<Stage>(QObject::tr("Duration"), QStringLiteral("duration"), &Stage::duration,
                         QStringLiteral("30s"), 120),
        numberField<Stage>(QObject::tr("Target"), QStringLiteral("target"), &Stage::target, 0, 1e7, 1, 150),
        choiceField<Stage>(QObject::tr("Ramp"), QStringLiteral("ramp"), &Stage::ramp, allStageRamps(), 0)};
}

Stage newStage()
{
    Stage s;
    s.duration = QStringLiteral("30s");
    s.target = 10;
    return s;
}
} // namespace

LoadProfilePage::LoadProfilePage(StrategyDocument *doc, QWidget *parent)
    : EditorPage(doc, parent), m_stageModel(new StructListModel<Stage>(stageFields(), newStage(), this)),
      m_stages(new TableEditor(m_stageModel, tr("No stages yet. A profile is a sequence of stages, each "
                                                "ramping to its target over its duration."))),
      m_model(new QComboBox), m_maxConnections(new QSpinBox), m_requestTimeout(new QLineEdit),
      m_thinkTime(new QLineEdit), m_rateCapOn(new QCheckBox(tr("&Cap at"))), m_rateCap(new QDoubleSpinBox),
      m_summary(new QLabel), m_preview(new LoadProfilePreview), m_planner(new CapacityPlanner)
{
    m_stages->setObjectName(QStringLiteral("stagesTable"));
    m_planner->setProperty("lwNotEditor", true); // a calculator: usable on read-only revisions too
    m_preview->setProperty("lwNotEditor", true);
    m_stages->setMovable(true);

    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 8, 0);
    leftLayout->setSpacing(12);
    leftLayout->addWidget(buildSettings());
    auto *stagesBox = new QGroupBox(tr("Stages"));
    auto *stagesLayout = new QVBoxLayout(stagesBox);
    stagesLayout->addWidget(m_stages);
    m_summary->setStyleSheet(QStringLiteral("color: #56606e;"));
    stagesLayout->addWidget(m_summary);
    leftLayout->addWidget(stagesBox, 1);

    auto *right = new QWidget;
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(8, 0, 0, 0);
    rightLayout->setSpacing(12);
    auto *previewBox = new QGroupBox(tr("Profile preview"));
    auto *previewLayout = new QVBoxLayout(previewBox);
    previewLayout->addWidget(m_preview);
    m_preview->setMinimumHeight(260);
    auto *plannerBox = new QGroupBox(tr("Capacity planner (Little's law)"));
    auto *plannerLayout = new QVBoxLayout(plannerBox);
    plannerLayout->addWidget(m_planner);
    rightLayout->addWidget(previewBox, 3);
    rightLayout->addWidget(plannerBox, 2);

    m_columns = new QSplitter(Qt::Horizontal);
    m_columns->setObjectName(QStringLiteral("loadColumns"));
    m_columns->addWidget(left);
    m_columns->addWidget(right);
    m_columns->setStretchFactor(0, 1);
    m_columns->setStretchFactor(1, 1);
    m_columns->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 16, 16, 16);
    layout->addWidget(m_columns);

    bindList(
        m_stageModel, [](auto &s) -> auto & { return s.load.stages; }, tr("Edit stages"));
}

QWidget *LoadProfilePage::buildSettings()
{
    for (LoadModel m : allLoadModels())
        m_model->addItem(m == LoadModel::Open ? tr("Open: arrival rate (requests/s)")
                                              : tr("Closed: virtual users with think time"),
                         toString(m));
    m_maxConnections->setRange(1, 1000000);
    m_maxConnections->setAccelerated(true);
    m_requestTimeout->setPlaceholderText(QStringLiteral("10s"));
    m_thinkTime->setPlaceholderText(QStringLiteral("0s"));
    m_rateCap->setRange(0.1, 1e7);
    m_rateCap->setDecimals(1);
    m_rateCap->setSuffix(tr(" req/s"));
    auto *capRow = new QWidget;
    auto *capLayout = new QHBoxLayout(capRow);
    capLayout->setContentsMargins(0, 0, 0, 0);
    capLayout->addWidget(m_rateCapOn);
    capLayout->addWidget(m_rateCap, 1);

    auto *box = new QGroupBox(tr("Model and limits"));
    auto *form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->setHorizontalSpacing(16);
    m_fields.addRow(form, tr("&Model:"), m_model, QStringLiteral("load.model"));
    m_fields.addRow(form, tr("Max co&nnections:"), m_maxConnections, QStringLiteral("load.max_connections"));
    m_fields.addRow(form, tr("Request &timeout:"), m_requestTimeout, QStringLiteral("load.request_timeout"));
    m_fields.addRow(form, tr("T&hink time:"), m_thinkTime, QStringLiteral("load.think_time"));
    m_fields.addRow(form, tr("Rate cap:"), capRow, QStringLiteral("load.rate_cap"));

    connect(m_model, qOverload<int>(&QComboBox::activated), this, [this] {
        if (auto m = fromString<LoadModel>(m_model->currentData().toString()))
            editLoad([&](LoadProfile &p) { p.model = *m; }, {});
    });
    connect(m_maxConnections, qOverload<int>(&QSpinBox::valueChanged), this, [this](int v) {
        editLoad([&](LoadProfile &p) { p.maxConnections = v; }, QStringLiteral("load.max_connections"));
    });
    connect(m_requestTimeout, &QLineEdit::textEdited, this, [this](const QString &t) {
        editLoad([&](LoadProfile &p) { p.requestTimeout = t; }, QStringLiteral("load.request_timeout"));
    });
    connect(m_thinkTime, &QLineEdit::textEdited, this, [this](const QString &t) {
        editLoad([&](LoadProfile &p) { p.thinkTime = t; }, QStringLiteral("load.think_time"));
    });
    connect(m_rateCapOn, &QCheckBox::toggled, this, [this](bool on) {
        const double v = m_rateCap->value();
        editLoad([&](LoadProfile &p) { p.rateCap = on ? std::optional<double>(v) : std::nullopt; }, {});
    });
    connect(m_rateCap, qOverload<double>(&QDoubleSpinBox::valueChanged), this, [this](double v) {
        if (m_rateCapOn->isChecked())
            editLoad([&](LoadProfile &p) { p.rateCap = v; }, QStringLiteral("load.rate_cap"));
    });
    return box;
}

void LoadProfilePage::editLoad(const std::function<void(LoadProfile &)> &mutate, const QString &mergeKey)
{
    commit([&](Strategy &s) { mutate(s.load); }, mergeKey, tr("Edit load profile"));
}

void LoadProfilePage::refresh(const Strategy &s)
{
    RefreshGuard guard(this);
    const LoadProfile &p = s.load;
    m_stageModel->setItems(p.stages);
    m_stageModel->setColumnTitle(kTargetColumn,
                                 p.model == LoadModel::Open ? tr("Target (req/s)") : tr("Target (users)"));
    m_model->setCurrentIndex(m_model->findData(toString(p.model)));
    if (m_maxConnections->value() != p.maxConnections)
        m_maxConnections->setValue(p.maxConnections);
    if (m_requestTimeout->text() != p.requestTimeout)
        m_requestTimeout->setText(p.requestTimeout);
    if (m_thinkTime->text() != p.thinkTime)
        m_thinkTime->setText(p.thinkTime);
    m_thinkTime->setEnabled(p.model == LoadModel::Closed);
    m_thinkTime->setToolTip(p.model == LoadModel::Closed ? QString() : tr("Only used by the closed model"));
    m_rateCapOn->setChecked(p.rateCap.has_value());
    m_rateCap->setEnabled(p.rateCap.has_value());
    if (p.rateCap && m_rateCap->value() != *p.rateCap)
        m_rateCap->setValue(*p.rateCap);

    const qint64 total = plannedDurationMs(p);
    double peak = 0;
    for (const Stage &st : p.stages)
        peak = qMax(peak, st.target);
    const QString stages = p.stages.size() == 1 ? tr("1 stage") : tr("%1 stages").arg(p.stages.size());
    m_summary->setText(tr("%1, %2 in total, peak %3 %4")
                           .arg(stages, formatDuration(total), QString::number(peak),
                                p.model == LoadModel::Open ? tr("req/s") : tr("users")));
    m_preview->setProfile(p);
    m_planner->setProfile(p);
}

void LoadProfilePage::fitToWidth(int width)
{
    // Settings and stages beside the preview and planner when both fit, one above the other on a
    // narrow editor.
    const QMargins m = layout()->contentsMargins();
    reflowColumns(m_columns, width, m.left() + m.right());
}

void LoadProfilePage::showIssues(const QList<ValidationIssue> &issues)
{
    QList<ValidationIssue> fieldIssues;
    for (const ValidationIssue &i : issues) {
        if (!pathIsUnder(i.path, QStringLiteral("load.stages")))
            fieldIssues.append(i);
    }
    m_stages->showIssues(issues, QStringLiteral("load.stages"));
    // Anything left over (e.g. "load: ...") is listed in the editor's problems panel.
    m_fields.show(fieldIssues);
}

} // namespace lw::ui
