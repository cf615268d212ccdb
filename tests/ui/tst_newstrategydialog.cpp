// New-strategy dialog: every test type yields its valid template under the entered name.

#include "designer/loadprofilepreview.h"
#include "designer/newstrategydialog.h"
#include "model/strategytemplates.h"
#include "model/strategyvalidator.h"
#include "widgettestutil.h"

#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>

using namespace lw;
using namespace lw::ui;

class TestNewStrategyDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { lw::test::applyWorkbenchTheme(); }

    void listsEveryType()
    {
        NewStrategyDialog dlg;
        QCOMPARE(dlg.typeList()->count(), int(allStrategyTypes().size()));
        for (int i = 0; i < dlg.typeList()->count(); ++i) {
            QVERIFY(!dlg.typeList()->item(i)->icon().isNull());
            QVERIFY(!dlg.typeList()->item(i)->toolTip().isEmpty());
        }
    }

    void everyTypeGivesValidTemplate_data()
    {
        QTest::addColumn<int>("type");
        for (StrategyType t : allStrategyTypes())
            QTest::newRow(qPrintable(toString(t))) << int(t);
    }
    void everyTypeGivesValidTemplate()
    {
        QFETCH(int, type);
        NewStrategyDialog dlg;
        dlg.setSelectedType(StrategyType(type));
        QCOMPARE(int(dlg.selectedType()), type);
        QTest::keyClicks(dlg.nameEdit(), QStringLiteral("  orders-api  "));
        const Strategy s = dlg.strategy();
        QCOMPARE(s.name, QStringLiteral("orders-api"));
        QCOMPARE(int(s.type), type);
        Strategy expected = strategyTemplate(StrategyType(type));
        expected.name = s.name;
        QVERIFY(s == expected);
        Variables vars;
        vars.useEnvironment = false; // the ${TARGET:-...} default must be enough
        const QList<ValidationIssue> issues = validateStrategy(s, vars);
        QStringList text;
        for (const ValidationIssue &i : issues)
            text << i.toString();
        QVERIFY2(issues.isEmpty(), qPrintable(text.join(QLatin1Char('\n'))));
        // The preview shows this template's stages.
        QCOMPARE(dlg.preview()->profilePoints(), LoadProfilePreview::profilePolyline(s.load));
        QVERIFY(!dlg.preview()->profilePoints().isEmpty());
    }

    void nameRequired()
    {
        NewStrategyDialog dlg;
        QVERIFY(!dlg.createButton()->isEnabled());
        QTest::keyClicks(dlg.nameEdit(), QStringLiteral("   "));
        QVERIFY(!dlg.createButton()->isEnabled());
        dlg.nameEdit()->clear();
        QTest::keyClicks(dlg.nameEdit(), QStringLiteral("smoke"));
        QVERIFY(dlg.createButton()->isEnabled());
        QSignalSpy accepted(&dlg, &QDialog::accepted);
        QTest::mouseClick(dlg.createButton(), Qt::LeftButton);
        QCOMPARE(accepted.count(), 1);
    }

    void detailsShowLimitsAndCriteria()
    {
        NewStrategyDialog dlg;
        dlg.setSelectedType(StrategyType::Stress);
        const Strategy t = strategyTemplate(StrategyType::Stress);
        QVERIFY(dlg.detailsText().contains(QLatin1String("Safety limits")));
        if (!t.safetyLimits.isEmpty())
            QVERIFY(dlg.detailsText().contains(toString(t.safetyLimits.first().metric)));
        if (!t.successCriteria.isEmpty())
            QVERIFY(dlg.detailsText().contains(toString(t.successCriteria.first().metric)));
    }

    void screenshot()
    {
        NewStrategyDialog dlg;
        dlg.setSelectedType(StrategyType::Stress);
        QTest::keyClicks(dlg.nameEdit(), QStringLiteral("checkout-capacity"));
        QVERIFY(!lw::test::screenshot(&dlg, QStringLiteral("newstrategydialog"), QSize(980, 640)).isNull());
        dlg.setSelectedType(StrategyType::Canary);
        QVERIFY(!lw::test::screenshot(&dlg, QStringLiteral("newstrategydialog-canary"), QSize(980, 640))
                     .isNull());
    }
};

QTEST_MAIN(TestNewStrategyDialog)
#include "tst_newstrategydialog.moc"
