// StrategyListModel and the browser's filter/sort proxy over real workspace summaries.

#include "designer/strategybrowser.h"
#include "services/demoworkspace.h"
#include "designer/strategylistmodel.h"
#include "services/openworkspace.h"
#include "storage/workspace.h"

#include <QAbstractItemModelTester>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace lw;
using namespace lw::ui;

class TestStrategyListModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void modelOverDemoWorkspace()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ws.lwdb"));
        QString error;
        QVERIFY2(createDemoWorkspace(path, &error), qPrintable(error));
        auto ws = lw::openWorkspace(path, &error);
        QVERIFY2(ws, qPrintable(error));

        StrategyListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStrategies(ws->strategies());
        QCOMPARE(model.rowCount(), ws->strategies().size());
        QCOMPARE(model.columnCount(), int(StrategyListModel::ColumnCount));
        QVERIFY(model.rowCount() >= 4);

        const StrategySummary first = ws->strategies().first();
        QCOMPARE(model.index(0, StrategyListModel::NameColumn).data().toString(), first.name);
        QCOMPARE(model.index(0, StrategyListModel::TypeColumn).data().toString(), displayName(first.type));
        QCOMPARE(
            model.index(0, StrategyListModel::SafetyColumn).data(StrategyListModel::SafetyLevelRole).toInt(),
            int(first.safetyLevel));
        QCOMPARE(model.index(0, StrategyListModel::RevisionColumn).data().toInt(), first.latestRevision);
        QCOMPARE(model.index(0, 0).data(StrategyListModel::StrategyIdRole).toLongLong(), first.id);
        QCOMPARE(model.rowOf(first.id), 0);
        QCOMPARE(model.rowOf(-5), -1);
        QCOMPARE(model.index(0, StrategyListModel::UpdatedColumn).data().toString(),
                 QStringLiteral("just now"));

        // The browser's proxy: search and sort by level rank, not by text.
        StrategyBrowser browser(&model);
        QAbstractItemModelTester proxyTester(browser.proxy(),
                                             QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTest::keyClicks(browser.searchField(), QStringLiteral("CANARY"));
        QCOMPARE(browser.proxy()->rowCount(), 1);
        browser.searchField()->clear();
        browser.proxy()->sort(StrategyListModel::SafetyColumn, Qt::DescendingOrder);
        const int top = browser.proxy()->index(0, 0).data(StrategyListModel::SafetyLevelRole).toInt();
        for (int r = 1; r < browser.proxy()->rowCount(); ++r)
            QVERIFY(browser.proxy()->index(r, 0).data(StrategyListModel::SafetyLevelRole).toInt() <= top);

        // Selecting programmatically does not emit the user signal.
        QSignalSpy spy(&browser, &StrategyBrowser::strategySelected);
        browser.setCurrentStrategy(first.id);
        QCOMPARE(browser.currentStrategyId(), first.id);
        QCOMPARE(spy.count(), 0);

        model.setStrategies({});
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(browser.currentStrategyId(), qint64(0));
    }

    void relativeTimes()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QCOMPARE(relativeTime(now.addSecs(-5), now), QStringLiteral("just now"));
        QCOMPARE(relativeTime(now.addSecs(-300), now), QStringLiteral("5 min ago"));
        QVERIFY(relativeTime(now.addDays(-40), now).contains(QLatin1Char('-')));
        QCOMPARE(relativeTime(QDateTime(), now), QString());
    }
};

QTEST_MAIN(TestStrategyListModel)
#include "tst_strategylistmodel.moc"
