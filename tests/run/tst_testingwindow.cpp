// Testing windows on fixed dates: same-day and midnight-crossing windows, day lists, the next
// opening, and DST change days in Europe/Berlin when the time zone data is available.

#include "run/testingwindow.h"

#include <QTest>
#include <QTimeZone>

using namespace lw;

namespace {

TestingWindow window(const QList<Weekday> &days, const QString &start, const QString &end)
{
    TestingWindow w;
    w.days = days;
    w.start = start;
    w.end = end;
    return w;
}

// 2026-11-30 is a Monday.
QDateTime utc(int day, const QString &hhmm)
{
    return QDateTime(QDate(2026, 11, day), QTime::fromString(hhmm, QStringLiteral("HH:mm")),
                     QTimeZone::utc());
}

} // namespace

class TestTestingWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void check_data()
    {
        QTest::addColumn<QList<TestingWindow>>("windows");
        QTest::addColumn<QDateTime>("now");
        QTest::addColumn<bool>("allowed");
        QTest::addColumn<QDateTime>("boundary"); // closesAt when allowed, nextOpening when not
        QTest::addColumn<QString>("reason");

        const QList<TestingWindow> office = {window({}, QStringLiteral("09:00"), QStringLiteral("17:00"))};
        QTest::newRow("before opening")
            << office << utc(30, QStringLiteral("08:59")) << false << utc(30, QStringLiteral("09:00"))
            << QStringLiteral("outside the testing windows: next opens Mon 09:00");
        QTest::newRow("at opening")
            << office << utc(30, QStringLiteral("09:00")) << true << utc(30, QStringLiteral("17:00"))
            << QStringLiteral("inside the testing window every day 09:00-17:00 (closes Mon 17:00)");
        QTest::newRow("end is exclusive")
            << office << utc(30, QStringLiteral("17:00")) << false
            << QDateTime(QDate(2026, 12, 1), QTime(9, 0), QTimeZone::utc())
            << QStringLiteral("outside the testing windows: next opens Tue 09:00");

        const QList<TestingWindow> night = {
            window({Weekday::Mon}, QStringLiteral("22:00"), QStringLiteral("02:00"))};
        QTest::newRow("night: monday evening")
            << night << utc(30, QStringLiteral("23:00")) << true
            << QDateTime(QDate(2026, 12, 1), QTime(2, 0), QTimeZone::utc())
            << QStringLiteral("inside the testing window mon 22:00-02:00 (closes Tue 02:00)");
        QTest::newRow("night: tuesday after midnight belongs to monday")
            << night << QDateTime(QDate(2026, 12, 1), QTime(1, 59), QTimeZone::utc()) << true
            << QDateTime(QDate(2026, 12, 1), QTime(2, 0), QTimeZone::utc())
            << QStringLiteral("inside the testing window mon 22:00-02:00 (closes Tue 02:00)");
        QTest::newRow("night: monday after midnight belongs to sunday")
            << night << utc(30, QStringLiteral("01:00")) << false << utc(30, QStringLiteral("22:00"))
            << QStringLiteral("outside the testing windows: next opens Mon 22:00");
        QTest::newRow("night: closed tuesday 02:00, next monday")
            << night << QDateTime(QDate(2026, 12, 1), QTime(2, 0), QTimeZone::utc()) << false
            << QDateTime(QDate(2026, 12, 7), QTime(22, 0), QTimeZone::utc())
            << QStringLiteral("outside the testing windows: next opens Mon 22:00");

        const QList<TestingWindow> two = {
            window({Weekday::Sat, Weekday::Sun}, QStringLiteral("06:00"), QStringLiteral("20:00")),
            window({Weekday::Tue}, QStringLiteral("02:00"), QStringLiteral("04:00"))};
        QTest::newRow("earliest of several")
            << two << utc(30, QStringLiteral("12:00")) << false
            << QDateTime(QDate(2026, 12, 1), QTime(2, 0), QTimeZone::utc())
            << QStringLiteral("outside the testing windows: next opens Tue 02:00");
        QTest::newRow("second window open")
            << two << QDateTime(QDate(2026, 12, 1), QTime(3, 0), QTimeZone::utc()) << true
            << QDateTime(QDate(2026, 12, 1), QTime(4, 0), QTimeZone::utc())
            << QStringLiteral("inside the testing window tue 02:00-04:00 (closes Tue 04:00)");
        QTest::newRow("weekend window on sunday")
            << two << utc(29, QStringLiteral("19:59")) << true << utc(29, QStringLiteral("20:00"))
            << QStringLiteral("inside the testing window sat,sun 06:00-20:00 (closes Sun 20:00)");
    }
    void check()
    {
        QFETCH(QList<TestingWindow>, windows);
        QFETCH(QDateTime, now);
        QFETCH(bool, allowed);
        QFETCH(QDateTime, boundary);
        QFETCH(QString, reason);
        const WindowCheck c = checkTestingWindows(windows, now);
        QCOMPARE(c.allowed, allowed);
        QCOMPARE(c.reason, reason);
        if (allowed) {
            QVERIFY(c.closesAt);
            QCOMPARE(*c.closesAt, boundary);
            QVERIFY(!c.nextOpening);
        } else {
            QVERIFY(c.nextOpening);
            QCOMPARE(*c.nextOpening, boundary);
        }
    }

    void emptyMeansAnyTime()
    {
        const WindowCheck c = checkTestingWindows({}, utc(30, QStringLiteral("03:33")));
        QVERIFY(c.allowed);
        QCOMPARE(c.reason, QStringLiteral("no testing windows: any time"));
    }

    void invalidWindowNeverOpens()
    {
        const WindowCheck c = checkTestingWindows(
            {window({}, QStringLiteral("25:00"), QStringLiteral("02:00"))}, utc(30, QStringLiteral("01:00")));
        QVERIFY(!c.allowed);
        QVERIFY(!c.nextOpening);
        QVERIFY2(c.reason.contains(QStringLiteral("invalid times: every day 25:00-02:00")),
                 qPrintable(c.reason));
    }

    void dstSpringForward()
    {
        const QTimeZone berlin(QByteArrayLiteral("Europe/Berlin"));
        if (!berlin.isValid())
            QSKIP("no time zone data for Europe/Berlin");
        // 2026-03-29: clocks go from 02:00 to 03:00. A window opening at 02:30 opens after the gap.
        const QList<TestingWindow> w = {
            window({Weekday::Sun}, QStringLiteral("02:30"), QStringLiteral("04:00"))};
        const QDateTime before(QDate(2026, 3, 29), QTime(1, 30), berlin);
        const WindowCheck c = checkTestingWindows(w, before);
        QVERIFY(!c.allowed);
        QVERIFY(c.nextOpening && c.nextOpening->isValid());
        QCOMPARE(c.nextOpening->date(), QDate(2026, 3, 29));
        QVERIFY(c.nextOpening->time() >= QTime(3, 0) && c.nextOpening->time() < QTime(4, 0));
        QVERIFY(*c.nextOpening > before);
        QVERIFY(c.nextOpening->toSecsSinceEpoch() - before.toSecsSinceEpoch() <= 2 * 3600);

        const QDateTime inside(QDate(2026, 3, 29), QTime(3, 10), berlin); // 30 min after 01:30 (wall clock)
        QCOMPARE(inside.toSecsSinceEpoch() - before.toSecsSinceEpoch(), 40 * 60);
        const WindowCheck open = checkTestingWindows(w, inside);
        QVERIFY(open.allowed);
        QCOMPARE(open.closesAt->toSecsSinceEpoch() - inside.toSecsSinceEpoch(), 50 * 60);
    }

    void dstFallBack()
    {
        const QTimeZone berlin(QByteArrayLiteral("Europe/Berlin"));
        if (!berlin.isValid())
            QSKIP("no time zone data for Europe/Berlin");
        // 2026-10-25: clocks go from 03:00 back to 02:00; a night window 22:00-06:00 lasts 9 hours.
        const QList<TestingWindow> w = {
            window({Weekday::Sat}, QStringLiteral("22:00"), QStringLiteral("06:00"))};
        const QDateTime start(QDate(2026, 10, 24), QTime(22, 0), berlin);
        const WindowCheck c = checkTestingWindows(w, start);
        QVERIFY(c.allowed);
        QCOMPARE(c.closesAt->toSecsSinceEpoch() - start.toSecsSinceEpoch(), 9 * 3600);
        const WindowCheck late = checkTestingWindows(w, QDateTime(QDate(2026, 10, 25), QTime(5, 59), berlin));
        QVERIFY(late.allowed);
        const WindowCheck closed =
            checkTestingWindows(w, QDateTime(QDate(2026, 10, 25), QTime(6, 0), berlin));
        QVERIFY(!closed.allowed);
        QCOMPARE(*closed.nextOpening, QDateTime(QDate(2026, 10, 31), QTime(22, 0), berlin));
        QCOMPARE(closed.reason, QStringLiteral("outside the testing windows: next opens Sat 22:00"));
    }
};

QTEST_GUILESS_MAIN(TestTestingWindow)
#include "tst_testingwindow.moc"
