#include "editor/scenariospage.h"

#include "common/reflowcolumns.h"
#include "designer/strategydocument.h"
#include "editor/columns.h"
#include "editor/datasourcespanel.h"
#include "editor/fieldissues.h"
#include "editor/issuepath.h"
#include "editor/stepeditor.h"
#include "editor/steprules.h"
#include "editor/steptreemodel.h"
#include "editor/tableeditor.h"
#include "editor/variablesview.h"
#include "shell/icons.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSet>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace lw::ui {

namespace {

QString at(const QString &path, qsizetype i)
{
    return path + QLatin1Char('[') + QString::number(i) + QLatin1Char(']');
}

QString uniqueName(const QString &base, const QSet<QString> &taken)
{
    if (!taken.contains(base))
        return base;
    static const QRegularExpression numbered(QStringLiteral("^(.*) (\\d+)$"));
    const QRegularExpressionMatch m = numbered.match(base);
    const QString stem = m.hasMatch() ? m.captured(1) : base;
    for (int n = 2;; ++n) {
        const QString candidate = QStringLiteral("%1 %2").arg(stem).arg(n);
        if (!taken.contains(candidate))
            return candidate;
    }
}

// Step and target names share one namespace (they name histograms).
QSet<QString> requestNames(const Strategy &s, int skipScenario = -1)
{
    QSet<QString> names;
    for (const Target &t : s.targets)
        names.insert(t.name);
    for (int i = 0; i < s.scenarios.size(); ++i)
        if (i != skipScenario)
            for (const Step &st : s.scenarios[i].steps)
                names.insert(st.name);
    return names;
}

Step newStep()
{
    Step st;
    st.name = QStringLiteral("step");
    st.url = QStringLiteral("${TARGET:-http://127.0.0.1:8080}/");
    return st;
}

QList<Field<Scenario>> scenarioFields(const std::shared_ptr<double> &total)
{
    Field<Scenario> share;
    share.spec.title = QObject::tr("Share");
    share.spec.key = QStringLiteral("share");
    share.spec.kind = ColumnKind::Derived;
    share.spec.width = 64;
    share.spec.toolTip = QObject::tr("Share of iterations this scenario gets: its weight among the weights "
                                     "of all scenarios and targets");
    share.get = [total](const Scenario &sc) {
        return QVariant(*total > 0 ? QStringLiteral("%1 %").arg(100.0 * sc.weight / *total, 0, 'f', 1)
                                   : QStringLiteral("-"));
    };
    Field<Scenario> steps;
    steps.spec.title = QObject::tr("Steps");
    steps.spec.key = QStringLiteral("steps");
    steps.spec.kind = ColumnKind::Derived;
    steps.spec.width = 54;
    steps.get = [](const Scenario &sc) {
        const auto enabled =
            std::count_if(sc.steps.cbegin(), sc.steps.cend(), [](const Step &st) { return st.enabled; });
        return QVariant(enabled == sc.steps.size()
                            ? QString::number(sc.steps.size())
                            : QStringLiteral("%1/%2").arg(enabled).arg(sc.steps.size()));
    };
    Field<Scenario> cookies =
        checkField<Scenario>(QObject::tr("Cookies"), QStringLiteral("cookies"), &Scenario::cookies, 64);
    cookies.spec.toolTip =
        QObject::tr("Each virtual user keeps its own cookie jar (Set-Cookie answers are sent "
                    "back on later steps)");
    return {textField<Scenario>(QObject::tr("Name"), QStringLiteral("name"), &Scenario::name,
                                QObject::tr("name")),
            numberField<Scenario>(QObject::tr("Weight"), QStringLiteral("weight"), &Scenario::weight, 0, 1e6,
                                  2, 64),
            share, cookies, steps};
}

Scenario newScenario()
{
    Scenario sc;
    sc.name = QStringLiteral("journey");
    sc.steps = {newStep()};
    return sc;
}

} // namespace

ScenariosPage::ScenariosPage(StrategyDocument *doc, QWidget *parent)
    : EditorPage(doc, parent), m_totalWeight(std::make_shared<double>(0)),
      m_scenarioModel(new StructListModel<Scenario>(scenarioFields(m_totalWeight), newScenario(), this)),
      m_scenarios(
          new TableEditor(m_scenarioModel, tr("No scenarios. Add a user journey: steps sent in order, "
                                              "with values carried from one answer to the next."))),
      m_stepModel(new StepTreeModel(this)), m_stepsView(new QTreeView), m_stepsMessage(createMessageLabel()),
      m_detail(new QTabWidget),
      m_stepEditor(new StepEditor([this](const std::function<void(Step &)> &mutate, const QString &mergeKey,
                                         const QString &description) {
          const int sc = m_scenario, st = m_step;
          commit(
              [&](Strategy &s) {
                  if (sc >= 0 && sc < s.scenarios.size() && st >= 0 && st < s.scenarios[sc].steps.size())
                      mutate(s.scenarios[sc].steps[st]);
              },
              mergeKey, description);
      })),
      m_rules(new StepRulesEditor([this](const std::function<void(Step &)> &mutate, const QString &mergeKey,
                                         const QString &description) {
          const int sc = m_scenario, st = m_step;
          commit(
              [&](Strategy &s) {
                  if (sc >= 0 && sc < s.scenarios.size() && st >= 0 && st < s.scenarios[sc].steps.size())
                      mutate(s.scenarios[sc].steps[st]);
              },
              mergeKey, description);
      })),
      m_data(new DataSourcesPanel(
          [this](const std::function<void(QList<DataSource> &)> &mutate, const QString &description) {
              commit([&](Strategy &s) { mutate(s.data); }, {}, description);
          })),
      m_variables(new VariablesView)
{
    m_scenarios->setObjectName(QStringLiteral("scenariosTable"));
    m_scenarios->setAutoSelectFirst(true);
    m_scenarios->view()->setMinimumHeight(90);

    // Left: the scenarios over the selected one's steps; right: what the selected step sends and
    // checks, the data, the variables.
    auto *left = new QSplitter(Qt::Vertical);
    left->addWidget(m_scenarios);
    left->addWidget(buildStepsPanel());
    // The steps need the height: one scenario row is common, a dozen steps with transactions too.
    left->setStretchFactor(0, 1);
    left->setStretchFactor(1, 3);
    left->setSizes({130, 390});
    left->setChildrenCollapsible(false);

    auto *requestScroll = new QScrollArea;
    requestScroll->setWidget(m_stepEditor);
    requestScroll->setWidgetResizable(true);
    requestScroll->setFrameShape(QFrame::NoFrame);
    m_stepEditor->setMinimumHeight(420);
    m_detail->setObjectName(QStringLiteral("scenarioDetailTabs"));
    m_detail->setDocumentMode(true);
    m_detail->addTab(requestScroll, tr("Request"));
    m_detail->addTab(m_rules, tr("Extract && checks"));
    m_detail->addTab(m_data, tr("Data"));
    m_detail->addTab(m_variables, tr("Variables"));

    auto *splitter = new QSplitter(Qt::Horizontal);
    m_columns = splitter;
    splitter->addWidget(left);
    splitter->addWidget(m_detail);
    // Near half and half: step names and transactions must be readable in the tree, and the request
    // editor's URL and think time need the rest (checked at 1366x768 with 120 dpi fonts).
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 5);
    splitter->setSizes({400, 500});
    splitter->setChildrenCollapsible(false);
    left->setMinimumWidth(250);
    m_detail->setMinimumWidth(360);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->addWidget(splitter);

    connect(m_scenarioModel, &ListTableModel::rowsEdited, this, [this] {
        QList<Scenario> items = m_scenarioModel->items();
        const Strategy &current = strategy();
        // An added or duplicated scenario gets names of its own (step names are unique strategy-wide).
        if (items.size() == current.scenarios.size() + 1) {
            int added = 0;
            while (added < current.scenarios.size() && items[added] == current.scenarios[added])
                ++added;
            Strategy probe = current;
            probe.scenarios = items;
            QSet<QString> scenarioNames;
            for (int i = 0; i < items.size(); ++i)
                if (i != added)
                    scenarioNames.insert(items[i].name);
            items[added].name = uniqueName(items[added].name, scenarioNames);
            QSet<QString> taken = requestNames(probe, added);
            for (Step &st : items[added].steps) {
                st.name = uniqueName(st.name, taken);
                taken.insert(st.name);
            }
        }
        commit([&](Strategy &s) { s.scenarios = items; }, {}, tr("Edit scenarios"));
    });
    connect(m_scenarios, &TableEditor::currentRowChanged, this, [this](int row) {
        if (isRefreshing() || row == m_scenario)
            return;
        m_step = -1;
        showScenario();
    });
    connect(
        m_stepModel, &StepTreeModel::stepsEdited, this,
        [this](const QList<Step> &steps, const QString &description, int select) {
            commitSteps([&](QList<Step> &list) { list = steps; }, description, select);
        },
        Qt::QueuedConnection); // a drop must finish before the tree is rebuilt
    connect(m_stepsView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) {
                if (m_selecting)
                    return;
                m_step = m_stepModel->stepAt(current);
                showStep();
            });
    connect(m_variables, &VariablesView::pathActivated, this, &ScenariosPage::showPath);
}

QWidget *ScenariosPage::buildStepsPanel()
{
    auto *panel = new QWidget;
    auto *v = new QVBoxLayout(panel);
    v->setContentsMargins(0, 0, 0, 0);
    v->setSpacing(4);
    auto *bar = new QHBoxLayout;
    bar->setSpacing(2);
    auto *title = new QLabel(tr("<b>Steps</b>"));
    bar->addWidget(title);
    bar->addSpacing(6);
    const auto button = [this, panel, bar](const QIcon &ic, const QString &text, QList<QKeySequence> keys,
                                           auto slot) {
        auto *b = new QToolButton(panel);
        b->setIcon(ic);
        b->setText(text);
        b->setAutoRaise(true);
        b->setToolButtonStyle(ic.isNull() ? Qt::ToolButtonTextOnly : Qt::ToolButtonIconOnly);
        QString plain = text;
        plain.remove(QLatin1Char('&'));
        b->setToolTip(QStringLiteral("%1 (%2)").arg(plain, keys.first().toString(QKeySequence::NativeText)));
        auto *action = new QAction(panel);
        action->setShortcuts(keys);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, b, &QToolButton::click);
        panel->addAction(action);
        connect(b, &QToolButton::clicked, this, slot);
        bar->addWidget(b);
        return b;
    };
    m_addStep = button(icon(IconId::Add), tr("Add step"), {QKeySequence(Qt::CTRL | Qt::Key_Return)},
                       [this] { addStep(); });
    m_removeStep = button(icon(IconId::Remove), tr("Remove step"), {QKeySequence(Qt::CTRL | Qt::Key_Delete)},
                          [this] { removeStep(); });
    m_duplicateStep = button(icon(IconId::Duplicate), tr("Duplicate step"),
                             {QKeySequence(Qt::CTRL | Qt::Key_D)}, [this] { duplicateStep(); });
    m_upStep = button(icon(IconId::MoveUp), tr("Move step up"),
                      {QKeySequence(Qt::CTRL | Qt::Key_Up), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Up)},
                      [this] { moveStep(-1); });
    m_downStep =
        button(icon(IconId::MoveDown), tr("Move step down"),
               {QKeySequence(Qt::CTRL | Qt::Key_Down), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Down)},
               [this] { moveStep(+1); });
    m_toggleStep =
        button(QIcon(), tr("Disable"), {QKeySequence(Qt::CTRL | Qt::Key_E)}, [this] { toggleStepEnabled(); });
    m_toggleStep->setObjectName(QStringLiteral("toggleStep"));
    bar->addStretch();
    v->addLayout(bar);

    m_stepsView->setObjectName(QStringLiteral("stepsView"));
    m_stepsView->setModel(m_stepModel);
    m_stepsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_stepsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_stepsView->setDragEnabled(true);
    m_stepsView->setAcceptDrops(true);
    m_stepsView->setDropIndicatorShown(true);
    m_stepsView->setDragDropMode(QAbstractItemView::DragDrop);
    m_stepsView->setDefaultDropAction(Qt::MoveAction);
    m_stepsView->setAlternatingRowColors(true);
    m_stepsView->setUniformRowHeights(true);
    m_stepsView->setAllColumnsShowFocus(true);
    m_stepsView->setMinimumHeight(120);
    m_stepsView->header()->setStretchLastSection(true);
    m_stepsView->setColumnWidth(StepTreeModel::NameColumn, 190);
    m_stepsView->setToolTip(tr("Drag a step to reorder it (into a transaction to join it); Ctrl+Up/Down "
                               "moves the selected step; untick to disable it"));
    v->addWidget(m_stepsView, 1);
    v->addWidget(m_stepsMessage);
    updateStepButtons();
    return panel;
}

void ScenariosPage::refresh(const Strategy &s)
{
    RefreshGuard guard(this);
    double total = 0;
    for (const Target &t : s.targets)
        total += t.weight;
    for (const Scenario &sc : s.scenarios)
        total += sc.weight;
    const bool totalChanged = *m_totalWeight != total;
    *m_totalWeight = total;
    m_scenarioModel->setItems(s.scenarios);
    if (totalChanged && m_scenarioModel->rowCount() > 0)
        emit m_scenarioModel->dataChanged(
            m_scenarioModel->index(0, 0),
            m_scenarioModel->index(m_scenarioModel->rowCount() - 1, m_scenarioModel->columnCount() - 1));
    m_data->setSources(s.data);
    showScenario();
    m_variables->setContent(s, m_issues);
}

void ScenariosPage::showScenario()
{
    const Strategy &s = strategy();
    const int row = m_scenarios->currentRow();
    m_scenario = row >= 0 && row < s.scenarios.size() ? row : -1;
    const QList<Step> steps = m_scenario >= 0 ? s.scenarios[m_scenario].steps : QList<Step>();
    m_selecting = true;
    m_stepModel->setSteps(steps);
    m_stepsView->expandAll();
    if (m_pendingStep >= 0)
        m_step = m_pendingStep;
    if (m_step >= steps.size())
        m_step = int(steps.size()) - 1;
    if (m_step < 0 && !steps.isEmpty())
        m_step = 0;
    const QModelIndex idx = m_stepModel->indexOfStep(m_step);
    if (idx.isValid())
        m_stepsView->setCurrentIndex(idx);
    else
        m_stepsView->setCurrentIndex({});
    m_selecting = false;
    showStep();
}

void ScenariosPage::showStep()
{
    const Strategy &s = strategy();
    const Step *st = nullptr;
    if (m_scenario >= 0 && m_scenario < s.scenarios.size() && m_step >= 0 &&
        m_step < s.scenarios[m_scenario].steps.size())
        st = &s.scenarios[m_scenario].steps[m_step];
    else
        m_step = -1;
    const QString path =
        st ? at(at(QStringLiteral("scenarios"), m_scenario) + QStringLiteral(".steps"), m_step) : QString();
    m_stepEditor->setStep(st, path);
    m_rules->setStep(st);
    routeStepIssues();
    updateStepButtons();
}

void ScenariosPage::updateStepButtons()
{
    if (!m_addStep)
        return;
    const int n = int(m_stepModel->steps().size());
    const bool editable = !m_readOnly && m_scenario >= 0;
    const bool has = editable && m_step >= 0 && m_step < n;
    m_addStep->setEnabled(editable);
    m_removeStep->setEnabled(has);
    m_duplicateStep->setEnabled(has);
    m_upStep->setEnabled(has && m_step > 0);
    m_downStep->setEnabled(has && m_step < n - 1);
    m_toggleStep->setEnabled(has);
    m_toggleStep->setText(has && !m_stepModel->steps()[m_step].enabled ? tr("Enable") : tr("Disable"));
}

void ScenariosPage::commitSteps(const std::function<void(QList<Step> &)> &mutate, const QString &description,
                                int select)
{
    const int sc = m_scenario;
    if (sc < 0)
        return;
    m_pendingStep = select;
    commit(
        [&](Strategy &s) {
            if (sc < s.scenarios.size())
                mutate(s.scenarios[sc].steps);
        },
        {}, description);
    m_pendingStep = -1;
}

QString ScenariosPage::uniqueStepName(const QString &base, const Strategy &s) const
{
    return uniqueName(base, requestNames(s));
}

void ScenariosPage::addStep()
{
    if (m_scenario < 0)
        return;
    const QList<Step> &steps = m_stepModel->steps();
    Step st = newStep();
    st.name = uniqueStepName(st.name, strategy());
    // A step added inside a transaction joins it.
    const int pos = m_step >= 0 ? m_step + 1 : int(steps.size());
    if (m_step >= 0)
        st.transaction = steps[m_step].transaction;
    commitSteps([&](QList<Step> &list) { list.insert(pos, st); }, tr("Add step"), pos);
}

void ScenariosPage::duplicateStep()
{
    if (m_step < 0)
        return;
    const int from = m_step;
    Step copy = m_stepModel->steps()[from];
    copy.name = uniqueStepName(copy.name, strategy());
    commitSteps([&](QList<Step> &list) { list.insert(from + 1, copy); }, tr("Duplicate step"), from + 1);
}

void ScenariosPage::removeStep()
{
    if (m_step < 0)
        return;
    const int from = m_step;
    commitSteps([&](QList<Step> &list) { list.removeAt(from); }, tr("Remove step"),
                qMin(from, int(m_stepModel->steps().size()) - 2));
}

void ScenariosPage::moveStep(int delta)
{
    const int from = m_step;
    const int to = from + delta;
    if (from < 0 || to < 0 || to >= m_stepModel->steps().size())
        return;
    commitSteps([&](QList<Step> &list) { list.move(from, to); }, tr("Move step"), to);
}

void ScenariosPage::toggleStepEnabled()
{
    const int step = m_step;
    if (step < 0)
        return;
    const bool on = !m_stepModel->steps()[step].enabled;
    commitSteps([&](QList<Step> &list) { list[step].enabled = on; },
                on ? tr("Enable step") : tr("Disable step"), step);
}

void ScenariosPage::selectStep(int scenario, int step)
{
    if (scenario != m_scenario) {
        m_scenarios->selectRow(scenario); // shows the scenario with its first step
    }
    m_step = step;
    showScenario();
}

void ScenariosPage::showPath(const QString &path)
{
    static const QRegularExpression stepPath(
        QStringLiteral("^scenarios\\[(\\d+)\\](?:\\.steps\\[(\\d+)\\](.*))?"));
    static const QRegularExpression dataPath(QStringLiteral("^data\\[(\\d+)\\]"));
    if (const QRegularExpressionMatch m = stepPath.match(path); m.hasMatch()) {
        const int scenario = m.captured(1).toInt();
        if (scenario >= m_scenarioModel->rowCount())
            return;
        if (m.captured(2).isEmpty()) {
            // The scenario itself ("scenarios[1].weight"): its cell in the scenarios table.
            selectStep(scenario, 0);
            m_scenarios->focusLocation(path, QStringLiteral("scenarios"));
            return;
        }
        selectStep(scenario, m.captured(2).toInt());
        const QString rest = m.captured(3).mid(1); // "extract[0].expression", "url", ""
        const bool rules =
            pathIsUnder(rest, QStringLiteral("extract")) || pathIsUnder(rest, QStringLiteral("checks"));
        m_detail->setCurrentIndex(rules ? 1 : 0);
        const bool focused =
            !rest.isEmpty() && (rules ? m_rules->focusField(rest) : m_stepEditor->focusField(rest));
        if (!focused)
            m_stepsView->setFocus(Qt::OtherFocusReason);
        else if (auto *scroll = qobject_cast<QScrollArea *>(m_detail->currentWidget()))
            scroll->ensureWidgetVisible(focusWidget()); // the request editor scrolls on short screens
    } else if (const QRegularExpressionMatch d = dataPath.match(path); d.hasMatch()) {
        m_detail->setCurrentWidget(m_data);
        m_data->table()->selectRow(d.captured(1).toInt());
    }
}

void ScenariosPage::showIssues(const QList<ValidationIssue> &issues)
{
    m_issues = issues;
    // The scenarios table names its own fields; a scenario's step problems are summed up in its
    // Steps cell (the steps tree and the step editor show them in full).
    QList<ValidationIssue> scenarioIssues;
    QHash<int, int> stepProblems;
    static const QRegularExpression underStep(QStringLiteral("^scenarios\\[(\\d+)\\]\\.steps\\["));
    for (const ValidationIssue &i : issues) {
        if (const QRegularExpressionMatch m = underStep.match(i.path); m.hasMatch())
            ++stepProblems[m.captured(1).toInt()];
        else if (pathIsUnder(i.path, QStringLiteral("scenarios")))
            scenarioIssues.append(i);
    }
    for (auto it = stepProblems.cbegin(); it != stepProblems.cend(); ++it)
        scenarioIssues.append(ValidationIssue{
            at(QStringLiteral("scenarios"), it.key()) + QStringLiteral(".steps"),
            it.value() == 1 ? tr("1 problem in its steps") : tr("%1 problems in its steps").arg(it.value())});
    m_scenarios->showIssues(scenarioIssues, QStringLiteral("scenarios"));
    m_data->showIssues(issues);
    routeStepIssues();
    m_variables->setContent(strategy(), issues);
}

void ScenariosPage::routeStepIssues()
{
    QHash<int, QStringList> byStep;
    QStringList scenarioSteps;
    QList<ValidationIssue> local;
    if (m_scenario >= 0) {
        const QString stepsPath = at(QStringLiteral("scenarios"), m_scenario) + QStringLiteral(".steps");
        const QString current = at(stepsPath, m_step) + QLatin1Char('.');
        for (const ValidationIssue &i : m_issues) {
            if (i.path == stepsPath) {
                scenarioSteps.append(i.message);
                continue;
            }
            const std::optional<ListLocation> loc = locateInList(i.path, stepsPath);
            if (!loc || loc->row < 0)
                continue;
            byStep[loc->row].append(loc->field.isEmpty() ? i.message
                                                         : loc->field + QStringLiteral(": ") + i.message);
            if (m_step >= 0 && i.path.startsWith(current))
                local.append(ValidationIssue{i.path.mid(current.size()), i.message});
        }
    }
    m_stepModel->setIssues(byStep);
    m_stepsMessage->setText(scenarioSteps.join(QLatin1Char('\n')));
    m_stepsMessage->setVisible(!scenarioSteps.isEmpty());
    m_stepEditor->showIssues(local);
    m_rules->showIssues(local);
}

void ScenariosPage::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    EditorPage::setReadOnly(readOnly);
    m_stepsView->setDragEnabled(!readOnly);
    m_stepsView->setAcceptDrops(!readOnly);
    updateStepButtons();
}

void ScenariosPage::fitToWidth(int width)
{
    // The step list beside the step's details when both fit, above them on a narrow editor.
    const QMargins m = layout()->contentsMargins();
    reflowColumns(m_columns, width, m.left() + m.right());
}

} // namespace lw::ui
