#pragma once

// What an import of recorded traffic (a HAR file or curl command lines) gives the caller: a draft
// journey, what was left out and why, correlation suggestions and flagged secrets. The caller decides
// (suggestions to accept, secrets to keep) and builds the strategy with buildStrategy(). Plain value
// types; nothing here touches a workspace or a widget.

#include "model/strategy.h"

#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace lw::import {

// A recorded request that is not a step by default, with the reason; put it back with
// HarOptions::include (entry index) or keepAssets / keepHosts.
struct LeftOutRequest
{
    enum class Reason
    {
        Asset,
        ThirdParty,
        Cached,
        Preflight,
        NoResponse,
        NotHttp,
        Unsupported
    };
    int entry = -1; // index in the HAR's log.entries
    QString method;
    QString url;
    Reason reason = Reason::Asset;
    QString detail; // "image", "cdn.example.net", ...
    bool canPutBack() const { return reason != Reason::NotHttp && reason != Reason::Unsupported; }
    QString describe() const; // "static asset (image)", "third-party host cdn.example.net", ...
};

// Where a correlated value is used by a later step.
struct CorrelationUse
{
    int step = -1; // index in the scenario's steps
    QString stepName;
    QString place; // "url", "body" or "header NAME"
    int occurrences = 0;
    bool urlEncoded = false; // recorded percent-encoded: the run inserts the value as extracted
};

// A value a later request must take from an earlier response: an extraction on the source step and
// "{{var}}" in place of the recorded value in the uses.
struct CorrelationSuggestion
{
    QString id; // "C1", "C2", ...
    int sourceStep = -1;
    QString sourceStepName;
    Extraction extraction; // verified with the engine's own evaluation on the recorded response
    QString how;        // "JSON $.token", "HTML hidden input csrf_token", "header Location", "cookie session"
    QString shownValue; // the value, masked when it looks like a secret
    bool masked = false;
    QList<CorrelationUse> uses;
    QString recordedValue; // what is replaced; never printed (see shownValue)
};

// A recorded credential. By default it is not stored: the value becomes a ${VARIABLE} supplied
// before the run (or, for a HAR's Cookie header, is left to the cookie jar).
struct FlaggedSecret
{
    enum class Place
    {
        Header,
        Cookie,
        Query,
        JsonField,
        FormField
    };
    QString id; // "S1", "S2", ...
    int step = -1;
    QString stepName;
    Place place = Place::Header;
    QString field;      // header, cookie, query parameter or body field name
    QString what;       // "Authorization header", "password field", ...
    QString variable;   // the ${VARIABLE} that replaces it; empty: dropped (cookie jar)
    QString shownValue; // masked
    QString note;
    QString recordedValue; // never printed
};

// A command-line option of a curl line that has no meaning for Loadwright or is not understood.
struct CurlOptionNote
{
    int command = 0; // 0-based index of the curl command
    int line = 0;    // 1-based position in the input
    int column = 0;
    QString option;
    QString note; // empty: not understood
};

struct ImportResult
{
    Strategy strategy; // built with the default choices: no suggestion accepted, no secret kept
    QList<LeftOutRequest> leftOut;
    QList<CorrelationSuggestion> suggestions;
    QList<FlaggedSecret> secrets;
    QList<CurlOptionNote> unknownOptions; // curl only: options not understood
    QList<CurlOptionNote> ignoredOptions; // curl only: understood, no effect on a load test (with why)
    QStringList notes;
    // The recorded requests as steps, with every recorded value (secrets included): buildStrategy()
    // starts from it. Never store or print it.
    Strategy draft;
};

struct ImportChoices
{
    QSet<QString> acceptedSuggestions; // ids
    QSet<QString> keptSecrets;         // ids: stored as recorded
    static ImportChoices acceptAll(const ImportResult &r);
};

// The strategy for the caller's choices: accepted suggestions add their extraction and "{{var}}"
// uses; secrets not kept are replaced by their ${VARIABLE} (unless an accepted suggestion already
// replaced the value).
Strategy buildStrategy(const ImportResult &r, const ImportChoices &choices);

// The secret variables a built strategy still needs before a run (sorted, unique).
QStringList secretVariablesUsed(const ImportResult &r, const Strategy &built);

// "abcd…(32 characters)"; short values are all stars.
QString maskSecret(const QString &value);

} // namespace lw::import
