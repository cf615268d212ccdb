#pragma once

// The scenario statistics of an engine interval or summary (its `scenarios` object, see
// core/engine/PROTOCOL.md) as value types: the duration histogram of every transaction and of every
// scenario's iterations ("scopes", beside the steps, which are requests), and the pass and fail
// counts of every named check. ScenarioTotals merges any number of intervals exactly: histograms are
// added, counts summed, and percentiles are read off the merged histogram, never averaged.

#include "results/engineevents.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace lw {

enum class ScopeKind
{
    Transaction, // steps grouped into a named transaction, timed as a whole
    Iteration    // one scenario's whole journey, from its intended start
};
QString toString(ScopeKind kind); // "transaction", "iteration"
std::optional<ScopeKind> scopeKindFromString(const QString &text);

// The transaction entries, then the iteration entries, of a `scenarios` object, in the engine's order:
// visit(kind, entry, its index in its list) until it returns false (then false). The lists are named
// "transactions" and "iterations": toString(kind) + "s".
bool forEachScopeEntry(const QJsonObject &scenarios,
                       const std::function<bool(ScopeKind kind, const QJsonObject &entry, int index)> &visit);

// One transaction or one scenario's iterations, over an interval or a merged range.
struct ScenarioScope
{
    ScopeKind kind = ScopeKind::Transaction;
    QString name;            // the transaction's name, or the scenario's for its iterations
    qint64 count = 0;        // durations recorded: transactions finished, iterations completed
    qint64 started = 0;      // iterations only: iterations started
    qint64 failed = 0;       // iterations only: ended early by a failed step
    QByteArray histogram;    // base64 HdrHistogram V2 compressed encoding (empty when nothing recorded)
    LatencySummary duration; // microseconds, read off histogram

    QString key() const;   // "transaction:buy", "iteration:checkout": unique among scopes
    QString label() const; // "Transaction buy", "Iteration checkout"
};

// A named check ("step/check") with its counts.
struct CheckCount
{
    QString name;
    qint64 passes = 0;
    qint64 fails = 0;
    double failurePercent() const; // fails / (passes + fails) x 100, 0 when none was evaluated
};

// Exact merge of the scenario statistics of intervals (or of one interval: then it simply decodes).
// Scopes keep the order they are first seen in (the engine sends transactions, then iterations, each
// in the strategy's order); checks likewise.
class ScenarioTotals
{
public:
    ScenarioTotals();
    ~ScenarioTotals();
    ScenarioTotals(ScenarioTotals &&) noexcept;
    ScenarioTotals &operator=(ScenarioTotals &&) noexcept;

    // Adds one `scenarios` object. False (with *error naming the field) when a histogram does not
    // decode; what was added before stays.
    bool add(const QJsonObject &scenarios, QString *error);
    bool isEmpty() const; // no scope and no check seen

    QList<ScenarioScope> scopes() const; // with merged histograms and their percentiles
    QList<CheckCount> checks() const;

private:
    struct Scope;
    std::vector<std::unique_ptr<Scope>> m_scopes;
    QList<CheckCount> m_checks;
};

} // namespace lw
