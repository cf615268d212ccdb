// Text forms of the scenario enums (JSON values).

#include "model/scenario.h"

#include <iterator>

namespace lw {

namespace {

template <typename E> struct Name
{
    E value;
    const char *text;
};

constexpr Name<StepFailure> kFailures[] = {{StepFailure::Continue, "continue"},
                                           {StepFailure::EndIteration, "end_iteration"}};
constexpr Name<ExtractFrom> kFroms[] = {{ExtractFrom::Json, "json"},
                                        {ExtractFrom::Regex, "regex"},
                                        {ExtractFrom::Header, "header"},
                                        {ExtractFrom::Cookie, "cookie"}};
constexpr Name<CheckType> kChecks[] = {
    {CheckType::Status, "status"},           {CheckType::BodyContains, "body_contains"},
    {CheckType::BodyMatches, "body_matches"}, {CheckType::JsonEquals, "json_equals"},
    {CheckType::JsonExists, "json_exists"},   {CheckType::HeaderPresent, "header_present"},
    {CheckType::ResponseTime, "response_time"}};
constexpr Name<DataOrder> kOrders[] = {
    {DataOrder::Sequential, "sequential"}, {DataOrder::Random, "random"}, {DataOrder::Unique, "unique"}};
constexpr Name<DataExhausted> kExhausted[] = {{DataExhausted::Stop, "stop"}, {DataExhausted::Recycle, "recycle"}};

template <typename E, size_t N> QString textOf(const Name<E> (&names)[N], E v)
{
    for (const Name<E> &n : names)
        if (n.value == v)
            return QString::fromLatin1(n.text);
    return QString();
}

template <typename E, size_t N> std::optional<E> valueOf(const Name<E> (&names)[N], const QString &text)
{
    for (const Name<E> &n : names)
        if (text == QLatin1String(n.text))
            return n.value;
    return std::nullopt;
}

template <typename E, size_t N> QList<E> valuesOf(const Name<E> (&names)[N])
{
    QList<E> out;
    for (const Name<E> &n : names)
        out.append(n.value);
    return out;
}

} // namespace

QString toString(StepFailure v) { return textOf(kFailures, v); }
QString toString(ExtractFrom v) { return textOf(kFroms, v); }
QString toString(CheckType v) { return textOf(kChecks, v); }
QString toString(DataOrder v) { return textOf(kOrders, v); }
QString toString(DataExhausted v) { return textOf(kExhausted, v); }
template <> std::optional<StepFailure> fromString(const QString &t) { return valueOf(kFailures, t); }
template <> std::optional<ExtractFrom> fromString(const QString &t) { return valueOf(kFroms, t); }
template <> std::optional<CheckType> fromString(const QString &t) { return valueOf(kChecks, t); }
template <> std::optional<DataOrder> fromString(const QString &t) { return valueOf(kOrders, t); }
template <> std::optional<DataExhausted> fromString(const QString &t) { return valueOf(kExhausted, t); }
QList<StepFailure> allStepFailures() { return valuesOf(kFailures); }
QList<ExtractFrom> allExtractFroms() { return valuesOf(kFroms); }
QList<CheckType> allCheckTypes() { return valuesOf(kChecks); }
QList<DataOrder> allDataOrders() { return valuesOf(kOrders); }
QList<DataExhausted> allDataExhausteds() { return valuesOf(kExhausted); }

} // namespace lw
