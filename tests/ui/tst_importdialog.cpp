// The journey import dialog driven like a user: a Chromium HAR recording (assets and third-party
// hosts left out, one put back; correlation suggestions accepted and rejected one by one; recorded
// credentials not stored unless kept; think times from the recorded gaps), pasted curl lines with an
// option that is not understood, malformed input refused with its place, and File > Import HAR
// recording opening the result as a new unsaved strategy on the Scenarios page. Screenshots at
// 1366x768 (run it with QT_FONT_DPI=120 too).

#include "designerfixture.h"
#include "widgettestutil.h"

#include "designer/importjourneydialog.h"
#include "designer/strategydocument.h"
#include "designer/strategyeditor.h"
#include "editor/scenariospage.h"
#include "model/strategyjson.h"

#include <QAction>
#include <QCheckBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTimer>
#include <QTreeWidget>
#include <QtTest>

using namespace lw;
using namespace lw::ui;

namespace {

QByteArray fixture(const char *name)
{
    QFile f(QStringLiteral(LW_SOURCE_DIR "/tests/import/data/") + QLatin1String(name));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The row whose column holds text, or nullptr.
QTreeWidgetItem *row(QTreeWidget *list, int column, const QString &text)
{
    for (int i = 0; i < list->topLevelItemCount(); ++i) {
        if (list->topLevelItem(i)->text(column).contains(text))
            return list->topLevelItem(i);
    }
    return nullptr;
}

const Step *stepNamed(const Strategy &s, const QString &name)
{
    for (const Step &st : s.scenarios.value(0).steps) {
        if (st.name == name)
            return &st;
    }
    return nullptr;
}

QString header(const Step &st, const QString &name)
{
    for (const StepHeader &h : st.headers) {
        if (h.name.compare(name, Qt::CaseInsensitive) == 0)
            return h.value;
    }
    return QStringLiteral("<absent>");
}

constexpr int kTick = ImportJourneyDialog::kTickColumn;

} // namespace

class TestImportDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { test::applyWorkbenchTheme(); }

    void harSuggestionsOneByOne()
    {
        const QByteArray har = fixture("chromium-shop.har");
        QVERIFY(!har.isEmpty());
        ImportJourneyDialog dlg(ImportJourneyDialog::Source::Har);
        dlg.setHar(har, QStringLiteral("chromium-shop.har"));
        QVERIFY2(dlg.errorText().isEmpty(), qPrintable(dlg.errorText()));
        QCOMPARE(dlg.nameEdit()->text(), QStringLiteral("Demo shop"));
        QCOMPARE(dlg.stepList()->topLevelItemCount(), 5);
        QVERIFY(dlg.openButton()->isEnabled());
        // Assets and third-party hosts are left out and listed with why.
        QCOMPARE(dlg.leftOutList()->topLevelItemCount(), 5);
        QVERIFY(row(dlg.leftOutList(), 2, QStringLiteral("third-party host www.google-analytics.com")));
        QVERIFY(row(dlg.leftOutList(), 2, QStringLiteral("static asset (script)")));

        // Nothing accepted yet: the token is a secret variable, no extraction.
        QCOMPARE(dlg.suggestionList()->topLevelItemCount(), 3);
        std::optional<Strategy> s = dlg.strategy();
        QVERIFY(s);
        QCOMPARE(
            header(*stepNamed(*s, QStringLiteral("POST /api/cart/items")), QStringLiteral("Authorization")),
            QStringLiteral("Bearer ${AUTH_TOKEN}"));

        // Accept the token (ticked), reject the session cookie (ticked, then unticked again).
        QTreeWidgetItem *token = row(dlg.suggestionList(), 1, QStringLiteral("{{token}}"));
        QTreeWidgetItem *session = row(dlg.suggestionList(), 1, QStringLiteral("{{session}}"));
        QVERIFY(token && session);
        token->setCheckState(kTick, Qt::Checked);
        session->setCheckState(kTick, Qt::Checked);
        session->setCheckState(kTick, Qt::Unchecked);
        QVERIFY(dlg.tabs()->tabText(2).contains(QLatin1String("1 of 3")));
        s = dlg.strategy();
        QVERIFY(s);
        const Step *login = stepNamed(*s, QStringLiteral("POST /api/login"));
        const Step *checkout = stepNamed(*s, QStringLiteral("POST /api/checkout"));
        QVERIFY(login && checkout);
        QCOMPARE(login->extract.size(), 1);
        QCOMPARE(login->extract[0].var, QStringLiteral("token"));
        QCOMPARE(login->extract[0].expression, QStringLiteral("$.token"));
        QCOMPARE(header(*checkout, QStringLiteral("Authorization")), QStringLiteral("Bearer {{token}}"));
        QCOMPARE(header(*checkout, QStringLiteral("X-Session")), QStringLiteral("sid-7932")); // rejected
        // The recorded token is nowhere; the password is a variable to set before a run.
        QVERIFY(!toJson(*s).contains("tok-1-0001"));
        QCOMPARE(dlg.secretVariables(), QStringList{QStringLiteral("PASSWORD")});
        QVERIFY(dlg.summaryLabel()->text().contains(QLatin1String("set PASSWORD")));

        // A recorded credential is stored only when kept.
        QTreeWidgetItem *password = row(dlg.secretList(), 2, QStringLiteral("password field"));
        QVERIFY(password);
        QCOMPARE(password->text(3), QStringLiteral("****"));
        password->setCheckState(kTick, Qt::Checked);
        QVERIFY(dlg.secretVariables().isEmpty());
        QVERIFY(!toJson(*dlg.strategy()).contains("${PASSWORD}"));
        password->setCheckState(kTick, Qt::Unchecked);
        QCOMPARE(dlg.secretVariables(), QStringList{QStringLiteral("PASSWORD")});

        // The name typed is the strategy's name.
        dlg.nameEdit()->clear();
        QTest::keyClicks(dlg.nameEdit(), QStringLiteral("Recorded shop"));
        QCOMPARE(dlg.strategy()->name, QStringLiteral("Recorded shop"));
    }

    void harPutBackAndThinkTimes()
    {
        ImportJourneyDialog dlg(ImportJourneyDialog::Source::Har);
        dlg.setHar(fixture("chromium-shop.har"), QStringLiteral("chromium-shop.har"));
        QTreeWidgetItem *token = row(dlg.suggestionList(), 1, QStringLiteral("{{token}}"));
        QVERIFY(token);
        token->setCheckState(kTick, Qt::Checked);
        // Put the analytics request back: a step again, and still listed (ticked) to undo it.
        QTreeWidgetItem *analytics =
            row(dlg.leftOutList(), 2, QStringLiteral("third-party host www.google-analytics.com"));
        QVERIFY(analytics);
        analytics->setCheckState(kTick, Qt::Checked);
        QTRY_COMPARE(dlg.stepList()->topLevelItemCount(), 6);
        QVERIFY(stepNamed(*dlg.strategy(), QStringLiteral("POST /g/collect")));
        dlg.tabs()->setCurrentWidget(dlg.leftOutList());
        const QString dpi = qEnvironmentVariable("QT_FONT_DPI", QStringLiteral("96"));
        QVERIFY(!test::screenshot(&dlg, QStringLiteral("import-har-leftout-dpi%1").arg(dpi)).isNull());
        QTreeWidgetItem *back = row(dlg.leftOutList(), 2, QStringLiteral("put back"));
        QVERIFY(back);
        QCOMPARE(back->checkState(kTick), Qt::Checked);
        // The accepted suggestion survives the re-import.
        QCOMPARE(row(dlg.suggestionList(), 1, QStringLiteral("{{token}}"))->checkState(kTick), Qt::Checked);
        back->setCheckState(kTick, Qt::Unchecked);
        QTRY_COMPARE(dlg.stepList()->topLevelItemCount(), 5);

        // Think times only when asked for (Firefox's recording has pauses of 4.2 s and 6.5 s).
        ImportJourneyDialog firefox(ImportJourneyDialog::Source::Har);
        firefox.setHar(fixture("firefox-account.har"), QStringLiteral("firefox-account.har"));
        const auto thinkTimes = [&] {
            QStringList out;
            for (int i = 0; i < firefox.stepList()->topLevelItemCount(); ++i)
                out.append(firefox.stepList()->topLevelItem(i)->text(3));
            return out;
        };
        QCOMPARE(thinkTimes(), QStringList(4, QStringLiteral("0s")));
        firefox.thinkTimesBox()->setChecked(true);
        QCOMPARE(thinkTimes(), (QStringList{QStringLiteral("4s"), QStringLiteral("0s"),
                                            QStringLiteral("6.5s"), QStringLiteral("0s")}));
        QCOMPARE(firefox.strategy()->scenarios[0].steps[2].thinkTime, QStringLiteral("6.5s"));
    }

    void malformedHarIsRefusedWithItsPlace()
    {
        ImportJourneyDialog dlg(ImportJourneyDialog::Source::Har);
        dlg.setHar("{\"log\": {\"entries\": [\n  {\"request\": }\n]}}", QStringLiteral("/tmp/broken.har"));
        QVERIFY(!dlg.strategy());
        QVERIFY(!dlg.openButton()->isEnabled());
        QVERIFY2(dlg.errorText().startsWith(QLatin1String("broken.har: line 2")),
                 qPrintable(dlg.errorText()));
        auto *label = dlg.findChild<QLabel *>(QStringLiteral("importError"));
        QVERIFY(label && !label->isHidden());
    }

    void curlLinesWithUnknownOption()
    {
        ImportJourneyDialog dlg(ImportJourneyDialog::Source::Curl);
        QVERIFY(!dlg.openButton()->isEnabled());
        // Typed (pasted) text is read once typing pauses.
        dlg.curlEdit()->setPlainText(
            QStringLiteral("curl 'http://127.0.0.1:8080/api/login' -H 'Content-Type: application/json' "
                           "--data-raw '{\"user\":\"user0001\",\"password\":\"hunter-2222\"}' --compressed\n"
                           "curl \"http://127.0.0.1:8080/api/catalogue\" -H \"Authorization: Bearer "
                           "abcdef0123456789\" --frobnicate\n"));
        QTRY_VERIFY(dlg.openButton()->isEnabled());
        QCOMPARE(dlg.stepList()->topLevelItemCount(), 2);
        QTreeWidgetItem *unknown = row(dlg.optionList(), 0, QStringLiteral("--frobnicate"));
        QVERIFY(unknown);
        QVERIFY(unknown->text(1).startsWith(QLatin1String("line 2, column ")));
        QVERIFY(unknown->text(2).contains(QLatin1String("not understood")));
        QVERIFY(row(dlg.optionList(), 0, QStringLiteral("--compressed")));
        QVERIFY2(dlg.summaryLabel()->text().contains(QLatin1String("1 option not understood")),
                 qPrintable(dlg.summaryLabel()->text()));
        const QByteArray json = toJson(*dlg.strategy());
        QVERIFY(!json.contains("hunter-2222"));
        QVERIFY(!json.contains("abcdef0123456789"));
        QCOMPARE(dlg.secretVariables(),
                 (QStringList{QStringLiteral("AUTH_TOKEN"), QStringLiteral("PASSWORD")}));

        // A malformed line: refused, with where.
        dlg.setCurlText(QStringLiteral("curl 'http://127.0.0.1:8080/\n"));
        QVERIFY(!dlg.strategy());
        QVERIFY2(dlg.errorText().contains(QLatin1String("line 1, column 6")), qPrintable(dlg.errorText()));
        QVERIFY(!dlg.openButton()->isEnabled());
    }

    // File > Import HAR recording: the dialog's result opens as a new, unsaved strategy.
    void menuOpensTheJourneyAsNewStrategy()
    {
        DesignerFixture f;
        QVERIFY(f.open());
        Prompts p = f.answers.prompts();
        int asked = 0;
        p.importRecording = [&](QWidget *parent, RecordingKind kind) -> std::optional<ImportedJourney> {
            ++asked;
            if (kind != RecordingKind::Har)
                return std::nullopt;
            ImportJourneyDialog dlg(ImportJourneyDialog::Source::Har, parent);
            dlg.setHar(fixture("firefox-account.har"), QStringLiteral("firefox-account.har"));
            for (int i = 0; i < dlg.suggestionList()->topLevelItemCount(); ++i)
                dlg.suggestionList()->topLevelItem(i)->setCheckState(kTick, Qt::Checked);
            const QString dpi = qEnvironmentVariable("QT_FONT_DPI", QStringLiteral("96"));
            dlg.tabs()->setCurrentIndex(2);
            const QImage img = test::screenshot(&dlg, QStringLiteral("import-har-dpi%1").arg(dpi));
            if (img.isNull() || img.width() > 1366 || img.height() > 768 || !dlg.strategy())
                return std::nullopt;
            return ImportedJourney{*dlg.strategy(), dlg.secretVariables()};
        };
        f.area()->setPrompts(p);
        const qint64 strategies = f.reader()->strategies().size();
        QAction *act = f.window->action(QStringLiteral("actionImportHar"));
        QVERIFY(act);
        act->trigger();
        QCOMPARE(asked, 1);
        StrategyDocument *doc = f.area()->document();
        QVERIFY(doc->isOpen());
        QCOMPARE(doc->strategyId(), 0);
        QVERIFY(doc->isModified());
        QVERIFY(!doc->strategy().scenarios.isEmpty());
        QVERIFY(!doc->strategy().scenarios[0].steps.isEmpty());
        // Valid although the recorded credentials' variables are not set yet (they are before a run),
        // so it can be saved, and saved it is: the recorded values are nowhere in it.
        doc->validateNow();
        QVERIFY2(doc->isValid(), qPrintable(doc->issues().value(0).toString()));
        StrategyEditor *editor = f.area()->editor();
        QCOMPARE(editor->tabs()->currentIndex(), editor->pageIndex(editor->page<ScenariosPage>()));
        // Nothing is written until the user saves.
        QCOMPARE(f.reader()->strategies().size(), strategies);
        QVERIFY(f.area()->save());
        QCOMPARE(f.reader()->strategies().size(), strategies + 1);
        QVERIFY(doc->strategyId() != 0);
        QVERIFY(f.window->action(QStringLiteral("actionImportCurl")));
    }

    void curlDialogPicture()
    {
        ImportJourneyDialog dlg(ImportJourneyDialog::Source::Curl);
        dlg.setCurlText(
            QStringLiteral("curl 'http://127.0.0.1:8080/api/catalogue' -H 'Accept: application/json' "
                           "--compressed --frobnicate\n"));
        dlg.tabs()->setCurrentIndex(dlg.tabs()->count() - 1);
        const QString dpi = qEnvironmentVariable("QT_FONT_DPI", QStringLiteral("96"));
        const QImage img = test::screenshot(&dlg, QStringLiteral("import-curl-dpi%1").arg(dpi));
        QVERIFY(!img.isNull());
        QVERIFY(img.width() <= 1366 && img.height() <= 768);
    }
};

QTEST_MAIN(TestImportDialog)
#include "tst_importdialog.moc"
