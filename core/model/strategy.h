#pragma once

// The strategy model: a test plan as plain value types. Strings keep what the author wrote, including
// ${VAR} / ${VAR:-default} references and duration text such as "30s"; they are resolved and parsed
// by validation (strategyvalidator.h), never silently rewritten. JSON I/O lives in strategyjson.h.

#include "model/scenario.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

namespace lw {

enum class StrategyType
{
    Load,
    Stress,
    Spike,
    Soak,
    Canary,
    BlueGreen,
    AB,
    Shadow,
    Chaos,
    Volume
};
enum class SafetyLevel
{
    Low,
    Medium,
    High,
    Critical
};
// Severity of a risk (derived from the risk matrix) uses the same four levels as SafetyLevel.
using RiskSeverity = SafetyLevel;
enum class LoadModel
{
    Open,
    Closed
};
enum class StageRamp
{
    Linear,
    Step
};
enum class SafetyAction
{
    Alert,
    Stop,
    EmergencyStop,
    Rollback,
    Throttle // safety limits only: scale the load down instead of stopping (ThrottleSpec)
};
enum class AlertSeverity
{
    Info,
    Warning,
    Critical
};
enum class PrerequisiteType
{
    HttpHealth,
    TcpPort,
    Command,
    FreeDisk,
    Manual
};
enum class Comparison
{
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual
};
enum class Weekday
{
    Mon = 1,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun
};

// A measured quantity. JSON text: "p50", "p99", "p99.9" (latency percentile, ms), "mean" and "max"
// (latency, ms), "throughput" (completed requests/s), "error_rate" (percent of completed requests),
// "cpu" (percent of one core x cores, as top shows it), "memory" (MiB resident), "check_failure_rate"
// (percent of failed scenario checks among all checks evaluated).
enum class MetricKind
{
    LatencyPercentile,
    LatencyMean,
    LatencyMax,
    Throughput,
    ErrorRate,
    Cpu,
    Memory,
    CheckFailureRate
};
struct Metric
{
    MetricKind kind = MetricKind::LatencyPercentile;
    double percentile = 99.0; // only for LatencyPercentile, in (0, 100)
    bool operator==(const Metric &o) const;
    bool operator!=(const Metric &o) const { return !(*this == o); }
};

struct HttpHeader
{
    QString name;
    QString value;
    bool operator==(const HttpHeader &o) const { return name == o.name && value == o.value; }
};

// One request the engine sends; chosen by weight among all targets.
struct Target
{
    QString name; // unique within the strategy; names the per-request histograms
    QString method = QStringLiteral("GET");
    QString url; // may contain ${VAR}
    QList<HttpHeader> headers;
    QString body;
    double weight = 1.0;             // > 0
    std::optional<int> expectStatus; // if set, any other status counts as an error
    bool operator==(const Target &o) const;
};

struct Stage
{
    QString duration;                   // duration text, e.g. "30s", "2m", "1h30m"
    double target = 0;                  // requests/s (open) or virtual users (closed)
    StageRamp ramp = StageRamp::Linear; // Linear: from the previous stage's target (0 at start) to this one
    bool operator==(const Stage &o) const;
};

struct LoadProfile
{
    LoadModel model = LoadModel::Open;
    QList<Stage> stages;
    int maxConnections = 64;
    QString requestTimeout = QStringLiteral("10s");
    QString thinkTime = QStringLiteral("0s"); // closed model: pause between a VU's requests
    std::optional<double> rateCap;            // global ceiling in requests/s, whatever the stages say
    bool operator==(const LoadProfile &o) const;
};

// How a "throttle" safety action scales the load: the current level (requests/s in the open model,
// virtual users in the closed one) times factor, never below floor, through the engine's set_rate;
// again at most once per cooldown while the limit stays crossed. Written only with "action": "throttle".
struct ThrottleSpec
{
    double factor = 0.5;                      // in (0, 1)
    double floor = 0;                         // >= 0, requests/s (open) or virtual users (closed)
    QString cooldown = QStringLiteral("10s"); // > 0
    bool operator==(const ThrottleSpec &o) const
    {
        return factor == o.factor && floor == o.floor && cooldown == o.cooldown;
    }
};

struct SafetyLimit
{
    QString name;
    Metric metric;
    double threshold = 0;                       // crossing means metric > threshold (< for throughput)
    QString forDuration = QStringLiteral("5s"); // held this long before acting
    SafetyAction action = SafetyAction::Stop;
    ThrottleSpec throttle; // only used (and written) with SafetyAction::Throttle
    // Relative to the strategy's baseline run instead of threshold (see BaselineChange): JSON
    // "max_latency_increase" (latency metrics) or "max_throughput_decrease" (throughput). Empty: none.
    QString baselineChange;
    bool operator==(const SafetyLimit &o) const;
};

struct RollbackTrigger
{
    Metric metric;
    double threshold = 0;
    QString forDuration = QStringLiteral("10s");
    AlertSeverity severity = AlertSeverity::Critical;
    SafetyAction action = SafetyAction::Rollback;
    bool operator==(const RollbackTrigger &o) const;
};

struct RollbackProcedure
{
    QString name;
    QString command; // run with /bin/sh -c
    QString timeout = QStringLiteral("60s");
    QString verifyCommand; // optional; exit 0 means the step worked
    bool operator==(const RollbackProcedure &o) const;
};

struct RollbackPlan
{
    QList<RollbackTrigger> triggers;
    QList<RollbackProcedure> procedures; // run in order
    bool operator==(const RollbackPlan &o) const
    {
        return triggers == o.triggers && procedures == o.procedures;
    }
};

struct Mitigation
{
    QString description;
    QStringList actions;
    bool operator==(const Mitigation &o) const
    {
        return description == o.description && actions == o.actions;
    }
};

struct Risk
{
    QString id; // unique, e.g. "R1"
    QString name;
    QString description;
    QString category;    // free text: "availability", "data", "cost", ...
    int probability = 1; // 1 (rare) .. 5 (almost certain)
    int impact = 1;      // 1 (negligible) .. 5 (severe)
    Mitigation mitigation;
    bool operator==(const Risk &o) const;
};

struct Prerequisite
{
    QString name;
    PrerequisiteType type = PrerequisiteType::Manual;
    QString url;            // HttpHealth
    int expectStatus = 200; // HttpHealth
    QString host;           // TcpPort
    int port = 0;           // TcpPort
    QString command;        // Command: exit code 0 passes
    QString path;           // FreeDisk
    double minFreeMiB = 0;  // FreeDisk
    QString description;    // Manual checklist text (and optional note for the others)
    QString timeout = QStringLiteral("5s");
    bool required = true;
    bool autoCheck = true; // checked automatically before a run (ignored for Manual)
    bool operator==(const Prerequisite &o) const;
};

struct SuccessCriterion
{
    Metric metric;
    Comparison op = Comparison::LessOrEqual;
    double threshold = 0;
    double weight = 1.0;
    bool required = false; // a failed required criterion fails the run whatever the score
    // Relative to the baseline run instead of op and threshold, as in SafetyLimit::baselineChange.
    QString baselineChange;
    bool operator==(const SuccessCriterion &o) const;
};

// A bound relative to the strategy's baseline run: "+20%" / "+50ms" (at most that much slower than
// the baseline's whole-run value of a latency metric), "10%" / "100/s" (at most that much less
// throughput). parseBaselineChange returns nullopt for text that is neither (no variables).
struct BaselineChange
{
    double amount = 0;    // percent, or ms (latency) / requests/s (throughput)
    bool percent = false; // amount is a percentage of the baseline's value
    // The absolute threshold over (under, for throughput) the baseline's value.
    double thresholdFrom(double baselineValue, const Metric &metric) const;
    QString toString(const Metric &metric) const; // "+20 %", "+50 ms", "-10 %", "-100 req/s"
};
std::optional<BaselineChange> parseBaselineChange(const QString &text, const Metric &metric);
// "max_latency_increase" or "max_throughput_decrease": the JSON key of a relative bound on metric.
const char *baselineChangeKey(const Metric &metric);
bool measuresLatency(const Metric &metric); // p<N>, mean or max

struct ProcessWatch
{
    std::optional<qint64> pid;
    QString name; // process name as in /proc/PID/comm; one of pid or name
    bool operator==(const ProcessWatch &o) const { return pid == o.pid && name == o.name; }
};

struct PrometheusEndpoint
{
    QString name;
    QString url;         // text exposition format, e.g. http://127.0.0.1:9100/metrics
    QStringList metrics; // metric names to keep; empty keeps a default set
    bool operator==(const PrometheusEndpoint &o) const;
};

struct MonitoringPlan
{
    bool host = true;
    // The load generator's host is the system under test (a local demo): comparisons and findings use
    // its CPU and memory; otherwise only a watched process or Prometheus endpoint stands for the target.
    bool hostIsTarget = false;
    QList<ProcessWatch> processes;
    QList<PrometheusEndpoint> prometheus;
    QString interval = QStringLiteral("1s");
    bool operator==(const MonitoringPlan &o) const;
};

// A Locust worker on another host, started by the bridge through a shell command template:
// {host}, {worker} (the exact worker command) and {dir} (the generated files) are substituted, each
// as one shell-quoted word. The default copies the files over ssh, then runs the worker there.
struct RemoteWorker
{
    static QString defaultCommand()
    {
        return QStringLiteral(
            "ssh {host} mkdir -p {dir} && scp -q {dir}/* {host}:{dir}/ && ssh {host} {worker}");
    }
    QString host;
    QString command = defaultCommand();
    bool operator==(const RemoteWorker &o) const { return host == o.host && command == o.command; }
};

// Which load engine runs the strategy: the built-in loadwright-engine, or Locust's distributed mode
// (a master and its workers, see the README's "Locust" section). Workers run on this machine
// (`workers`), on other hosts started through a command (`remoteWorkers`), or are started by hand
// (`externalWorkers`, the run's log shows the exact command); the master listens on masterHost.
struct EngineChoice
{
    static constexpr int kMaxWorkers = 64;
    QString kind = QStringLiteral("builtin"); // "builtin" or "locust"
    int workers = 1;                          // locust: worker processes on this machine, 0..kMaxWorkers
    int externalWorkers = 0;                  // locust: workers started by hand elsewhere
    QList<RemoteWorker> remoteWorkers;        // locust: workers started through a command, one each
    QString masterHost = QStringLiteral("127.0.0.1"); // where the master listens; workers connect to it
    int masterPort = 0;                               // 0: any free port
    QString workerTimeout = QStringLiteral("60s");    // how long the master waits for every worker
    bool isBuiltin() const { return kind == QLatin1String("builtin"); }
    int totalWorkers() const { return workers + externalWorkers + int(remoteWorkers.size()); }
    // Only kind and workers set (what older documents hold): the other fields are not written.
    bool hasWorkerOptions() const
    {
        return externalWorkers != 0 || !remoteWorkers.isEmpty() || masterHost != QLatin1String("127.0.0.1") ||
               masterPort != 0 || workerTimeout != QLatin1String("60s");
    }
    bool operator==(const EngineChoice &o) const
    {
        return kind == o.kind && workers == o.workers && externalWorkers == o.externalWorkers &&
               remoteWorkers == o.remoteWorkers && masterHost == o.masterHost && masterPort == o.masterPort &&
               workerTimeout == o.workerTimeout;
    }
};

struct TestingWindow
{
    QList<Weekday> days; // empty = every day
    QString start;       // "HH:MM" local time
    QString end;         // "HH:MM"; may be earlier than start (window crosses midnight)
    bool operator==(const TestingWindow &o) const;
};

struct NotificationRoute
{
    QString event;   // event name or pattern: "run.started", "run.*", "safety.*", "*"
    QString channel; // channel name configured in the workspace
    AlertSeverity minSeverity = AlertSeverity::Info;
    bool operator==(const NotificationRoute &o) const;
};

struct Strategy
{
    // Newest schema this version reads and writes. A strategy that uses no schema-2 feature (no
    // scenarios, no data) is written as schema 1, byte for byte as before, so its content hash and
    // the approvals bound to it do not change.
    static constexpr int kSchemaVersion = 2;

    QString name;
    QString description;
    QString owner;
    StrategyType type = StrategyType::Load;
    SafetyLevel safetyLevel = SafetyLevel::Low;
    QStringList tags;
    QList<Target> targets;     // each target is a one-step scenario
    QList<Scenario> scenarios; // schema 2
    QList<DataSource> data;    // schema 2
    LoadProfile load;
    QList<SafetyLimit> safetyLimits;
    RollbackPlan rollback;
    QList<Risk> risks;
    QList<Prerequisite> prerequisites;
    QList<SuccessCriterion> successCriteria;
    MonitoringPlan monitoring;
    QList<TestingWindow> windows;
    QList<NotificationRoute> notifications;
    EngineChoice engine; // written only when not the built-in engine, so older documents keep their bytes

    bool operator==(const Strategy &o) const;
    bool operator!=(const Strategy &o) const { return !(*this == o); }
    // 2 when the strategy uses scenarios or data, else 1 (the schema it is written with).
    int schemaVersion() const { return scenarios.isEmpty() && data.isEmpty() ? 1 : 2; }
};

// Risk matrix: score = probability x impact (1..25); 1-4 low, 5-9 medium, 10-16 high, 20-25 critical.
RiskSeverity riskSeverity(int probability, int impact);
// Highest severity among the strategy's risks, Low when it has none.
RiskSeverity highestRiskSeverity(const Strategy &s);

// What sign-off a strategy needs before it may run, derived from max(safety level, highest risk).
// Default policy (the workspace may configure another, see the README's Governance section): low 0, medium 1,
// high 2, critical 2 including an admin.
struct ApprovalRequirement
{
    SafetyLevel effectiveLevel = SafetyLevel::Low;
    int approvals = 0;
    bool adminRequired = false;
};
ApprovalRequirement approvalRequirement(const Strategy &s);

// Text forms used in JSON and shown to users; fromString returns nullopt for unknown text.
QString toString(StrategyType v);
QString toString(SafetyLevel v);
QString toString(LoadModel v);
QString toString(StageRamp v);
QString toString(SafetyAction v);
QString toString(AlertSeverity v);
QString toString(PrerequisiteType v);
QString toString(Comparison v);    // "<", "<=", ">", ">="
QString toString(Weekday v);       // "mon" .. "sun"
QString toString(const Metric &m); // "p99", "p99.9", "mean", "error_rate", ...
template <typename E> std::optional<E> fromString(const QString &text);
template <> std::optional<StrategyType> fromString(const QString &text);
template <> std::optional<SafetyLevel> fromString(const QString &text);
template <> std::optional<LoadModel> fromString(const QString &text);
template <> std::optional<StageRamp> fromString(const QString &text);
template <> std::optional<SafetyAction> fromString(const QString &text);
template <> std::optional<AlertSeverity> fromString(const QString &text);
template <> std::optional<PrerequisiteType> fromString(const QString &text);
template <> std::optional<Comparison> fromString(const QString &text);
template <> std::optional<Weekday> fromString(const QString &text);
template <> std::optional<Metric> fromString(const QString &text);
// All values of an enum in declaration order (for combo boxes and validation messages).
QList<StrategyType> allStrategyTypes();
QList<SafetyLevel> allSafetyLevels();
QList<SafetyAction> allSafetyActions();
QList<PrerequisiteType> allPrerequisiteTypes();
QList<LoadModel> allLoadModels();
QList<StageRamp> allStageRamps();
QList<AlertSeverity> allAlertSeverities();
QList<Comparison> allComparisons();
QList<Weekday> allWeekdays();
QString displayName(StrategyType v); // "Blue-green", "A/B", ...
QString displayName(SafetyLevel v);  // "Low", ..., "Critical"

// Durations: "250ms", "30s", "5m", "2h", "1h30m", "1.5s"; nullopt for anything else (no variables).
std::optional<qint64> parseDurationMs(const QString &text);
QString formatDuration(qint64 ms); // inverse in the shortest form: 90000 -> "1m30s"

// Total planned duration of the load profile in ms (stages with unparsable durations count 0).
qint64 plannedDurationMs(const LoadProfile &p);

} // namespace lw

Q_DECLARE_METATYPE(lw::Strategy)
