#pragma once

// Testing windows: when a strategy may run, in local wall-clock time (core/model/STRATEGY-FORMAT.md,
// "windows"). Pure functions.
//
// - An empty list allows any time.
// - A window covers [start, end) on each of its days (every day when `days` is empty).
// - A window whose end is earlier than its start crosses midnight and belongs to the day it starts:
//   mon 22:00-02:00 covers Monday 22:00 to Tuesday 02:00 (not Monday 00:00-02:00).
// - Times are wall-clock times in nowLocal's time zone; on a DST change day a window opening in the
//   skipped hour opens at the first valid time after it.
// - A window with an unparsable time never opens (validation rejects these before a run).

#include "model/strategy.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace lw {

struct WindowCheck
{
    bool allowed = false;
    // Allowed: "inside the testing window mon,tue 22:00-02:00 (closes Tue 02:00)" or
    // "no testing windows: any time". Refused: "outside the testing windows: next opens Tue 02:00".
    QString reason;
    std::optional<QDateTime> nextOpening; // refused: when the next window opens (within 8 days)
    std::optional<QDateTime> closesAt;    // allowed inside a window: when it closes
};

WindowCheck checkTestingWindows(const QList<TestingWindow> &windows, const QDateTime &nowLocal);

// "mon,tue 22:00-02:00", "every day 09:00-17:00".
QString describeWindow(const TestingWindow &window);

} // namespace lw
