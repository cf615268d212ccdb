#include "editor/listpage.h"

#include "editor/columns.h"
#include "editor/tableeditor.h"
#include "model/notificationevents.h"

#include <QLabel>

#include <QVBoxLayout>
#include <algorithm>

namespace lw::ui {

void ListPage::build(ListTableModel *model, const QString &intro, const QString &emptyHint)
{
    m_table = new TableEditor(model, emptyHint);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 16, 16, 16);
    layout->setSpacing(10);
    auto *label = new QLabel(intro);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #56606e;"));
    layout->addWidget(label);
    layout->addWidget(m_table, 1);
}

void ListPage::refresh(const Strategy &s)
{
    RefreshGuard guard(this);
    m_load(s);
}

void ListPage::showIssues(const QList<ValidationIssue> &issues)
{
    m_table->showIssues(issues, m_path);
}

namespace {

bool throttles(const SafetyLimit &l)
{
    return l.action == SafetyAction::Throttle;
}

// A throttle setting: editable on every row, used (and greyed out otherwise) only with "throttle".
Field<SafetyLimit> throttleNumber(const QString &title, const QString &key, double ThrottleSpec::*m,
                                  double minimum, double maximum, const QString &toolTip)
{
    Field<SafetyLimit> f =
        numberField<SafetyLimit>(title, key, &SafetyLimit::threshold, minimum, maximum, 2, 90);
    f.get = [m](const SafetyLimit &l) {
        return QVariant(l.throttle.*m);
    };
    f.set = [m](SafetyLimit &l, const QVariant &v) {
        l.throttle.*m = v.toDouble();
        return true;
    };
    f.applies = throttles;
    f.spec.toolTip = toolTip;
    return f;
}

Field<SafetyLimit> throttleCooldown()
{
    Field<SafetyLimit> f = textField<SafetyLimit>(QObject::tr("Cool-down"), QStringLiteral("cooldown"),
                                                  &SafetyLimit::name, QStringLiteral("10s"), 100);
    f.get = [](const SafetyLimit &l) {
        return QVariant(l.throttle.cooldown);
    };
    f.set = [](SafetyLimit &l, const QVariant &v) {
        l.throttle.cooldown = v.toString();
        return true;
    };
    f.applies = throttles;
    f.spec.toolTip =
        QObject::tr("Throttle: at most one throttle per cool-down while the limit stays crossed");
    return f;
}

// The bound relative to the baseline run ("+20%", "+50ms"; throughput "10%"), instead of the threshold.
template <typename T> Field<T> baselineField(int width)
{
    Field<T> f = textField<T>(QObject::tr("Over baseline"), QStringLiteral("max_latency_increase"),
                              &T::baselineChange, QStringLiteral("+20%"), width);
    f.spec.toolTip =
        QObject::tr("Relative to the strategy's baseline run instead of the threshold: a latency "
                    "metric at most +20% or +50ms over the baseline's, throughput at most 10% "
                    "or 100/s under it. Not evaluated while the strategy has no baseline run.");
    return f;
}

template <typename T> Field<T> withoutBaseline(Field<T> f)
{
    f.applies = [](const T &t) {
        return t.baselineChange.isEmpty();
    };
    return f;
}

} // namespace

ListPage *createSafetyLimitsPage(StrategyDocument *doc)
{
    SafetyLimit proto;
    proto.metric = Metric{MetricKind::ErrorRate, 99};
    proto.threshold = 5;
    auto *model = new StructListModel<SafetyLimit>(
        {textField<SafetyLimit>(QObject::tr("Name"), QStringLiteral("name"), &SafetyLimit::name,
                                QObject::tr("name")),
         metricField<SafetyLimit>(QObject::tr("Metric"), QStringLiteral("metric"), &SafetyLimit::metric),
         withoutBaseline(thresholdField<SafetyLimit>(QObject::tr("Threshold"), QStringLiteral("threshold"),
                                                     &SafetyLimit::threshold, &SafetyLimit::metric, 130)),
         baselineField<SafetyLimit>(110),
         textField<SafetyLimit>(QObject::tr("For"), QStringLiteral("for"), &SafetyLimit::forDuration,
                                QStringLiteral("5s"), 100),
         choiceField<SafetyLimit>(QObject::tr("Action"), QStringLiteral("action"), &SafetyLimit::action,
                                  allSafetyActions(), 150),
         throttleNumber(QObject::tr("Factor"), QStringLiteral("factor"), &ThrottleSpec::factor, 0.01, 0.99,
                        QObject::tr("Throttle: the load is multiplied by this (0.5 halves it)")),
         throttleNumber(QObject::tr("Floor"), QStringLiteral("floor"), &ThrottleSpec::floor, 0, 1e6,
                        QObject::tr("Throttle: never below this many requests/s (open model) or virtual "
                                    "users (closed model)")),
         throttleCooldown()},
        proto);
    return new ListPage(
        doc, QObject::tr("Limits"), QStringLiteral("safety_limits"),
        QObject::tr("Guards checked every second while the test runs: when the metric stays "
                    "past the threshold for the given time, the action is taken (throughput: "
                    "below the threshold). Throttle scales the load by its factor, down to its floor, "
                    "and the run goes on."),
        model, [](auto &s) -> auto & { return s.safetyLimits; },
        QObject::tr("No safety limits. Add at least an error-rate limit that stops the run."));
}

ListPage *createSuccessCriteriaPage(StrategyDocument *doc)
{
    SuccessCriterion proto;
    proto.metric = Metric{MetricKind::LatencyPercentile, 95};
    proto.threshold = 200;
    auto *model = new StructListModel<SuccessCriterion>(
        {metricField<SuccessCriterion>(QObject::tr("Metric"), QStringLiteral("metric"),
                                       &SuccessCriterion::metric, 160),
         withoutBaseline(choiceField<SuccessCriterion>(QObject::tr("Operator"), QStringLiteral("operator"),
                                                       &SuccessCriterion::op, allComparisons(), 110)),
         withoutBaseline(
             thresholdField<SuccessCriterion>(QObject::tr("Threshold"), QStringLiteral("threshold"),
                                              &SuccessCriterion::threshold, &SuccessCriterion::metric, 140)),
         baselineField<SuccessCriterion>(110),
         numberField<SuccessCriterion>(QObject::tr("Weight"), QStringLiteral("weight"),
                                       &SuccessCriterion::weight, 0, 1000, 2, 110),
         checkField<SuccessCriterion>(QObject::tr("Required"), QStringLiteral("required"),
                                      &SuccessCriterion::required, 100)},
        proto);
    return new ListPage(
        doc, QObject::tr("Criteria"), QStringLiteral("success_criteria"),
        QObject::tr("How the run is judged afterwards. Each criterion scores its weight when "
                    "met; a failed required criterion fails the run whatever the score."),
        model, [](auto &s) -> auto & { return s.successCriteria; },
        QObject::tr("No success criteria. Add latency and error-rate criteria to get a verdict."));
}

ListPage *createNotificationsPage(StrategyDocument *doc)
{
    NotificationRoute proto;
    proto.event = QStringLiteral("run.*");
    Field<NotificationRoute> event =
        textField<NotificationRoute>(QObject::tr("Event"), QStringLiteral("event"), &NotificationRoute::event,
                                     QStringLiteral("run.*"), 220);
    event.spec.kind = ColumnKind::Combo;
    // The patterns people reach for first, then every event some code raises (one catalogue with
    // the validator, so the list never offers a route that cannot fire).
    event.spec.choices = {QStringLiteral("*"), QStringLiteral("run.*"), QStringLiteral("safety.*"),
                          QStringLiteral("approval.*")};
    event.spec.choices << notificationEventNames();
    auto *model = new StructListModel<NotificationRoute>(
        {event,
         textField<NotificationRoute>(QObject::tr("Channel"), QStringLiteral("channel"),
                                      &NotificationRoute::channel, QObject::tr("channel name")),
         choiceField<NotificationRoute>(QObject::tr("Min severity"), QStringLiteral("min_severity"),
                                        &NotificationRoute::minSeverity, allAlertSeverities(), 140)},
        proto);
    return new ListPage(
        doc, QObject::tr("Notifications"), QStringLiteral("notifications"),
        QObject::tr("Routes events of this strategy's runs to notification channels configured "
                    "in the workspace. Patterns: \"run.*\", \"safety.*\", \"*\"."),
        model, [](auto &s) -> auto & { return s.notifications; },
        QObject::tr("No notification routes: runs of this strategy notify nobody."));
}

} // namespace lw::ui

namespace lw::ui {

ListPage *createTestingWindowsPage(StrategyDocument *doc)
{
    QList<Field<TestingWindow>> fields;
    for (Weekday d : allWeekdays()) {
        Field<TestingWindow> f;
        f.spec.title = humanize(toString(d));
        f.spec.key = QStringLiteral("days");
        f.spec.kind = ColumnKind::Check;
        f.spec.width = 60;
        f.get = [d](const TestingWindow &w) {
            return QVariant(w.days.contains(d));
        };
        f.set = [d](TestingWindow &w, const QVariant &v) {
            w.days.removeAll(d);
            if (v.toBool())
                w.days.append(d);
            std::sort(w.days.begin(), w.days.end());
            return true;
        };
        fields.append(f);
    }
    fields.append(textField<TestingWindow>(QObject::tr("Start"), QStringLiteral("start"),
                                           &TestingWindow::start, QStringLiteral("HH:MM"), 100));
    fields.append(textField<TestingWindow>(QObject::tr("End"), QStringLiteral("end"), &TestingWindow::end,
                                           QStringLiteral("HH:MM"), 100));
    TestingWindow proto;
    proto.days = {Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri};
    proto.start = QStringLiteral("22:00");
    proto.end = QStringLiteral("06:00");
    auto *model = new StructListModel<TestingWindow>(fields, proto);
    return new ListPage(
        doc, QObject::tr("Windows"), QStringLiteral("windows"),
        QObject::tr("When this strategy may run, in local time. A window whose end is earlier "
                    "than its start crosses midnight; no day ticked means every day."),
        model, [](auto &s) -> auto & { return s.windows; },
        QObject::tr("No testing windows: the strategy may run at any time."));
}

} // namespace lw::ui
