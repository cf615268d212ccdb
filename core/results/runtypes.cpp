// Text forms of the run value types.

#include "results/runtypes.h"

#include <iterator>

namespace lw {

namespace {

struct StatusName
{
    RunStatus status;
    const char *text;
    const char *display;
};

constexpr StatusName kStatuses[] = {
    {RunStatus::Pending, "pending", "Pending"},
    {RunStatus::Checking, "checking", "Checking"},
    {RunStatus::Running, "running", "Running"},
    {RunStatus::Passed, "passed", "Passed"},
    {RunStatus::Failed, "failed", "Failed"},
    {RunStatus::StoppedBySafety, "stopped_by_safety", "Stopped by safety"},
    {RunStatus::Cancelled, "cancelled", "Cancelled"},
    {RunStatus::Interrupted, "interrupted", "Interrupted"},
};

} // namespace

QString toString(RunStatus status)
{
    for (const auto &s : kStatuses)
        if (s.status == status)
            return QString::fromLatin1(s.text);
    return {};
}

template <> std::optional<RunStatus> fromString(const QString &text)
{
    for (const auto &s : kStatuses)
        if (text == QLatin1String(s.text))
            return s.status;
    return std::nullopt;
}

QString displayName(RunStatus status)
{
    for (const auto &s : kStatuses)
        if (s.status == status)
            return QString::fromLatin1(s.display);
    return {};
}

bool isFinal(RunStatus status)
{
    return status != RunStatus::Pending && status != RunStatus::Checking && status != RunStatus::Running;
}

QString toString(PrerequisiteResult::Outcome outcome)
{
    switch (outcome) {
    case PrerequisiteResult::Outcome::Passed:
        return QStringLiteral("passed");
    case PrerequisiteResult::Outcome::Failed:
        return QStringLiteral("failed");
    case PrerequisiteResult::Outcome::Skipped:
        return QStringLiteral("skipped");
    case PrerequisiteResult::Outcome::Confirmed:
        return QStringLiteral("confirmed");
    case PrerequisiteResult::Outcome::Unconfirmed:
        return QStringLiteral("unconfirmed");
    }
    return {};
}

bool isSafetyAction(const RunEvent &e)
{
    return e.kind == QLatin1String("action") && e.data.contains(QLatin1String("path")) &&
           e.data.contains(QLatin1String("threshold"));
}

} // namespace lw
