// Renders every designer screen to PNG (build dir/screens/) so they can be looked at, and checks
// that the window is laid out at its default size with every tab populated.

#include "designerfixture.h"

#include "designer/savedialog.h"
#include "designer/strategybrowser.h"
#include "designer/strategydocument.h"
#include "designer/strategyeditor.h"
#include "designer/strategylistmodel.h"
#include "editor/editorpage.h"
#include "editor/generalpage.h"

#include <QDir>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QtTest>

using namespace lw;
using namespace lw::ui;

class TestDesignerScreens : public QObject
{
    Q_OBJECT

private:
    QString outDir() const { return QStringLiteral(LW_BINARY_DIR "/screens"); }
    void save(QWidget *w, const QString &name)
    {
        QCoreApplication::processEvents();
        const QImage img = w->grab().toImage();
        QVERIFY(!img.isNull());
        // A rendered screen has many colours; a blank one has one or two.
        QSet<QRgb> colours;
        for (int y = 0; y < img.height(); y += 7)
            for (int x = 0; x < img.width(); x += 7)
                colours.insert(img.pixel(x, y));
        QVERIFY2(colours.size() > 8, qPrintable(name));
        QVERIFY(img.save(QDir(outDir()).filePath(name)));
    }

private slots:
    void initTestCase() { QDir().mkpath(outDir()); }

    void everyTab()
    {
        DesignerFixture f;
        QVERIFY(f.open());
        f.window->show();
        QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
        // The offscreen screen is smaller than a desktop; render at the default desktop size, which
        // must be enough for every page (no page may force the window wider).
        QVERIFY2(f.window->minimumSizeHint().width() <= 1400,
                 qPrintable(QString::number(f.window->minimumSizeHint().width())));
        f.window->resize(1400, 900);
        QCOMPARE(f.window->width(), 1400);
        StrategiesArea *area = f.area();
        // The high-risk canary has something on every tab.
        const auto summaries = area->listModel()->strategies();
        qint64 canary = 0;
        for (const StrategySummary &s : summaries) {
            if (s.name.contains(QLatin1String("canary"), Qt::CaseInsensitive))
                canary = s.id;
        }
        QVERIFY(canary != 0);
        QVERIFY(area->openStrategy(canary));
        QTabWidget *tabs = area->editor()->tabs();
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            QString name = area->editor()->pages()[i]->title().toLower();
            name.replace(QLatin1Char(' '), QLatin1Char('-'));
            save(f.window.get(),
                 QStringLiteral("designer-%1-%2.png").arg(i, 2, 10, QLatin1Char('0')).arg(name));
        }

        // Inline errors: an empty name and a zero stage duration.
        tabs->setCurrentIndex(0);
        Strategy s = area->document()->strategy();
        s.name.clear();
        s.load.stages[0].duration = QStringLiteral("0s");
        area->document()->edit(s);
        area->document()->validateNow();
        QVERIFY(area->document()->issues().size() >= 2);
        save(f.window.get(), QStringLiteral("designer-errors-general.png"));
        tabs->setCurrentIndex(2);
        save(f.window.get(), QStringLiteral("designer-errors-load.png"));
    }

    void emptyWorkspaceAndDialogs()
    {
        DesignerFixture f;
        QVERIFY(f.open(false));
        f.window->show();
        QVERIFY(QTest::qWaitForWindowExposed(f.window.get()));
        QVERIFY(!f.area()->document()->isOpen());
        save(f.window.get(), QStringLiteral("designer-empty.png"));

        SaveDialog dlg(QStringLiteral("checkout steady load"), 4);
        dlg.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dlg));
        QVERIFY(!dlg.saveButton()->isEnabled());
        QTest::keyClicks(dlg.commentEdit(), QStringLiteral("raise the peak"));
        QVERIFY(dlg.saveButton()->isEnabled());
        QCOMPARE(dlg.comment(), QStringLiteral("raise the peak"));
        save(&dlg, QStringLiteral("designer-save-dialog.png"));
    }
};

QTEST_MAIN(TestDesignerScreens)
#include "tst_designerscreens.moc"
