#include "run/testingwindow.h"

#include <QLocale>
#include <QStringList>

namespace lw {

namespace {

constexpr int kLookAheadDays = 8;

struct ParsedWindow
{
    const TestingWindow *window = nullptr;
    QTime start;
    QTime end;
    bool crossesMidnight() const { return end < start; }
    bool appliesTo(QDate day) const
    {
        return window->days.isEmpty() || window->days.contains(Weekday(day.dayOfWeek()));
    }
};

// The wall-clock time `time` on `day` in the zone of `like`. A time in a DST gap becomes a valid
// time after it (Qt moves it forward by the gap; failing that, the first valid minute).
QDateTime at(const QDateTime &like, QDate day, QTime time)
{
    QDateTime dt = like;
    dt.setDate(day);
    dt.setTime(time);
    for (int minutes = 1; !dt.isValid() && minutes <= 180; ++minutes) {
        dt = like;
        dt.setDate(day);
        dt.setTime(time.addSecs(60 * minutes));
    }
    return dt;
}

QString when(const QDateTime &dt)
{
    return QLocale::c().toString(dt, QStringLiteral("ddd HH:mm"));
}

} // namespace

QString describeWindow(const TestingWindow &w)
{
    QStringList days;
    for (Weekday d : w.days)
        days.append(toString(d));
    return (days.isEmpty() ? QStringLiteral("every day") : days.join(QLatin1Char(','))) + QLatin1Char(' ') +
           w.start + QLatin1Char('-') + w.end;
}

WindowCheck checkTestingWindows(const QList<TestingWindow> &windows, const QDateTime &nowLocal)
{
    WindowCheck check;
    if (windows.isEmpty()) {
        check.allowed = true;
        check.reason = QStringLiteral("no testing windows: any time");
        return check;
    }

    QList<ParsedWindow> parsed;
    QStringList invalid;
    for (const TestingWindow &w : windows) {
        ParsedWindow p;
        p.window = &w;
        p.start = QTime::fromString(w.start, QStringLiteral("HH:mm"));
        p.end = QTime::fromString(w.end, QStringLiteral("HH:mm"));
        if (!p.start.isValid() || !p.end.isValid() || p.start == p.end)
            invalid.append(describeWindow(w));
        else
            parsed.append(p);
    }

    const QDate today = nowLocal.date();
    const QTime now = nowLocal.time();
    for (const ParsedWindow &p : std::as_const(parsed)) {
        std::optional<QDateTime> closes;
        if (!p.crossesMidnight()) {
            if (p.appliesTo(today) && now >= p.start && now < p.end)
                closes = at(nowLocal, today, p.end);
        } else if (p.appliesTo(today) && now >= p.start) {
            closes = at(nowLocal, today.addDays(1), p.end);
        } else if (p.appliesTo(today.addDays(-1)) && now < p.end) {
            closes = at(nowLocal, today, p.end);
        }
        if (closes) {
            check.allowed = true;
            check.closesAt = closes;
            check.reason = QStringLiteral("inside the testing window ") + describeWindow(*p.window) +
                           QStringLiteral(" (closes ") + when(*closes) + QLatin1Char(')');
            return check;
        }
    }

    for (int k = 0; k <= kLookAheadDays; ++k) {
        const QDate day = today.addDays(k);
        for (const ParsedWindow &p : std::as_const(parsed)) {
            if (!p.appliesTo(day))
                continue;
            const QDateTime opens = at(nowLocal, day, p.start);
            if (opens > nowLocal && (!check.nextOpening || opens < *check.nextOpening))
                check.nextOpening = opens;
        }
    }
    if (check.nextOpening) {
        check.reason = QStringLiteral("outside the testing windows: next opens ") + when(*check.nextOpening);
    } else {
        check.reason = QStringLiteral("outside the testing windows: none of them ever opens");
    }
    if (!invalid.isEmpty())
        check.reason += QStringLiteral(" (ignored, invalid times: ") + invalid.join(QStringLiteral("; ")) +
                        QLatin1Char(')');
    return check;
}

} // namespace lw
