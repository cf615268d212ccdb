// The strategy designer driven like a user: inline validation while typing, stage errors on their
// cell, save as revision, reopen, undo/redo, import refusal, the unsaved-changes prompt, history.

#include "designerfixture.h"
#include "model/strategytemplates.h"

#include "designer/revisiondiffview.h"
#include "designer/revisionhistorydialog.h"
#include "designer/strategybrowser.h"
#include "designer/strategydocument.h"
#include "designer/strategyeditor.h"
#include "designer/strategylistmodel.h"
#include "editor/generalpage.h"
#include "editor/listtablemodel.h"
#include "editor/loadprofilepage.h"
#include "editor/tableeditor.h"
#include "model/strategydiff.h"
#include "model/strategyjson.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTreeWidget>
#include <QtTest>

using namespace lw;
using namespace lw::ui;

class TestDesigner : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<DesignerFixture> f;

    StrategyDocument *doc() const { return f->area()->document(); }
    StrategyEditor *editor() const { return f->area()->editor(); }
    QLabel *messageBelow(QWidget *field) const
    {
        return field->parentWidget()->findChild<QLabel *>(QStringLiteral("fieldMessage"));
    }
    int tabIndex(EditorPage *page) const { return editor()->pageIndex(page); }
    qint64 idOf(const QString &name) const
    {
        const auto s = f->reader()->strategyByName(name);
        return s ? s->id : 0;
    }

private slots:
    void init()
    {
        f = std::make_unique<DesignerFixture>();
        QVERIFY(f->open());
        f->window->show();
        QVERIFY(QTest::qWaitForWindowExposed(f->window.get()));
        f->window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(f->window.get())); // shortcuts need an active window
        QVERIFY(doc()->isOpen()); // the most recently changed strategy opens at start
        QVERIFY(doc()->isValid());
    }
    void cleanup() { f.reset(); }

    void emptyNameShowsInlineErrorWhileTyping()
    {
        auto *general = editor()->page<GeneralPage>();
        editor()->showPage(general);
        QLineEdit *name = general->nameEdit();
        QLabel *message = messageBelow(name);
        QVERIFY(message);
        QVERIFY(message->isHidden());

        name->setFocus();
        name->selectAll();
        QTest::keyClick(name, Qt::Key_Backspace);
        QCOMPARE(doc()->strategy().name, QString());
        // Debounced validation: the message appears without any further action.
        QTRY_VERIFY_WITH_TIMEOUT(message->isVisible(), 2000);
        QVERIFY2(message->text().contains(QLatin1String("empty")) ||
                     message->text().contains(QLatin1String("required")),
                 qPrintable(message->text()));
        QVERIFY(name->property("lwInvalid").toBool());
        QCOMPARE(editor()->tabs()->tabText(tabIndex(general)), QStringLiteral("General (1)"));
        QVERIFY(f->window->findChild<QLabel *>(QStringLiteral("validationLabel"))
                    ->text()
                    .contains(QLatin1String("1 problem")));

        QTest::keyClicks(name, QStringLiteral("checkout steady load"));
        QTRY_VERIFY_WITH_TIMEOUT(message->isHidden(), 2000);
        QVERIFY(!name->property("lwInvalid").toBool());
        QCOMPARE(editor()->tabs()->tabText(tabIndex(general)), QStringLiteral("General"));
        QVERIFY(doc()->isValid());
    }

    void zeroStageDurationMarksTheCell()
    {
        auto *page = editor()->page<LoadProfilePage>();
        editor()->showPage(page);
        TableEditor *stages = page->stagesTable();
        const int before = stages->model()->rowCount();
        stages->selectRow(before - 1);
        stages->view()->setFocus();
        QTest::keyClick(stages->view(), Qt::Key_Return, Qt::ControlModifier); // Add (Ctrl+Enter)
        QCOMPARE(stages->model()->rowCount(), before + 1);
        QCOMPARE(doc()->strategy().load.stages.size(), before + 1);

        // Adding opens the new row's first cell (duration) for typing: type "0s" as a user would.
        const QModelIndex cell = stages->model()->index(before, 0);
        QCOMPARE(stages->view()->currentIndex(), cell);
        auto *cellEditor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
        QVERIFY(cellEditor);
        cellEditor->selectAll();
        QTest::keyClicks(cellEditor, QStringLiteral("0s"));
        QTest::keyClick(cellEditor, Qt::Key_Return);
        QTRY_COMPARE(doc()->strategy().load.stages[before].duration,
                     QStringLiteral("0s")); // commit is queued

        const QString path = QStringLiteral("load.stages[%1].duration").arg(before);
        QTRY_VERIFY_WITH_TIMEOUT(!doc()->issues().isEmpty(), 2000);
        QCOMPARE(doc()->issues().size(), 1);
        QCOMPARE(doc()->issues().first().path, path);
        QVERIFY(cell.data(ListTableModel::HasIssueRole).toBool());
        QVERIFY(cell.data(Qt::ToolTipRole).toString().contains(doc()->issues().first().message));
        QVERIFY(stages->issueText().contains(QStringLiteral("Row %1, Duration").arg(before + 1)));
        QCOMPARE(editor()->tabs()->tabText(tabIndex(page)), QStringLiteral("Load (1)"));

        // Saving is refused with the reason.
        QVERIFY(!f->area()->save());
        QCOMPARE(f->answers.errors.value(0), QStringLiteral("Cannot save yet"));
        QVERIFY(f->answers.errorDetails.join(QLatin1Char('\n')).contains(path));
    }

    void saveCreatesRevisionAndReopenGivesSameContent()
    {
        const qint64 id = doc()->strategyId();
        QVERIFY(id != 0);
        const int revsBefore = int(f->reader()->revisions(id).size());
        Strategy edited = doc()->strategy();
        edited.description = QStringLiteral("Raised for the holiday forecast.");
        edited.tags = {QStringLiteral("holiday"), QStringLiteral("checkout")};
        doc()->edit(edited, {}, QStringLiteral("test edit"));
        QVERIFY(doc()->isModified());
        QVERIFY(f->window->isWindowModified());

        f->answers.comment = QStringLiteral("holiday forecast");
        QVERIFY(f->area()->save());
        QVERIFY(!doc()->isModified());
        QVERIFY(!f->window->isWindowModified());

        auto reader = f->reader();
        const QList<StrategyRevision> revs = reader->revisions(id);
        QCOMPARE(revs.size(), revsBefore + 1);
        QCOMPARE(revs.last().comment, QStringLiteral("holiday forecast"));
        QCOMPARE(revs.last().author, QStringLiteral("tester"));
        QCOMPARE(revs.last().hash, contentHash(edited));

        // A new window on the same file opens the same content.
        f->window.reset();
        f->window = std::make_unique<MainWindow>(std::move(reader));
        f->area()->setPrompts(f->answers.prompts());
        QVERIFY(f->area()->openStrategy(id));
        QCOMPARE(doc()->strategy(), edited);
        QCOMPARE(doc()->revision(), revs.last().revision);
    }

    void undoRedoRestoresContent()
    {
        auto *general = editor()->page<GeneralPage>();
        editor()->showPage(general);
        const Strategy original = doc()->strategy();
        QLineEdit *name = general->nameEdit();
        name->setFocus();
        name->end(false);
        QTest::keyClicks(name, QStringLiteral(" v2"));
        QCOMPARE(doc()->strategy().name, original.name + QStringLiteral(" v2"));
        // Typing in one field merges into one undo step.
        QCOMPARE(doc()->undoStack()->count(), 1);

        QAction *undo = f->window->action(QStringLiteral("actionUndo"));
        QAction *redo = f->window->action(QStringLiteral("actionRedo"));
        QVERIFY(undo->isEnabled());
        undo->trigger();
        QCOMPARE(doc()->strategy(), original);
        QCOMPARE(name->text(), original.name);
        QVERIFY(!doc()->isModified());
        redo->trigger();
        QCOMPARE(doc()->strategy().name, original.name + QStringLiteral(" v2"));
        QCOMPARE(name->text(), original.name + QStringLiteral(" v2"));

        // A table edit is its own step and undoes too.
        Strategy s = doc()->strategy();
        s.load.stages.removeLast();
        doc()->edit(s);
        QCOMPARE(doc()->undoStack()->count(), 2);
        undo->trigger();
        QCOMPARE(doc()->strategy().load.stages, original.load.stages);
        QCOMPARE(editor()->page<LoadProfilePage>()->stagesTable()->model()->rowCount(),
                 original.load.stages.size());
    }

    void importInvalidJsonWritesNothing()
    {
        const int before = int(f->reader()->strategies().size());
        const QString bad = f->dir.filePath(QStringLiteral("bad.json"));
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"schema": 1, "name": "", "type": "lod", "targets": [], "load": {"stages": []}})");
        file.close();
        f->answers.importPath = bad;
        QVERIFY(!f->area()->importJson());
        QCOMPARE(f->answers.errors.value(0), QStringLiteral("Import refused"));
        QVERIFY2(f->answers.errorDetails.size() >= 2,
                 qPrintable(f->answers.errorDetails.join(QLatin1Char('\n'))));
        QVERIFY(f->answers.errorDetails.join(QLatin1Char('\n')).contains(QLatin1String("type")));
        QCOMPARE(f->reader()->strategies().size(), before);

        // Truncated JSON: a syntax error with its position, nothing written either.
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(R"({"schema": 1, "name": "x")");
        file.close();
        f->answers.errorDetails.clear();
        QVERIFY(!f->area()->importJson());
        QVERIFY(f->answers.errorDetails.join(QLatin1Char('\n')).contains(QLatin1String("line")));
        QCOMPARE(f->reader()->strategies().size(), before);
    }

    void importValidJsonAddsAndOpens()
    {
        Strategy s = strategyTemplate(StrategyType::Load); // no data files to carry along
        s.name = QStringLiteral("imported from file");
        const QString path = f->dir.filePath(QStringLiteral("good.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(toJson(s));
        file.close();
        f->answers.importPath = path;
        const bool imported = f->area()->importJson();
        QVERIFY2(imported, qPrintable(f->answers.errors.join(QLatin1Char(';')) + QLatin1Char(':') +
                                      f->answers.errorDetails.join(QLatin1Char(';'))));
        QCOMPARE(doc()->strategy(), s);
        QVERIFY(idOf(s.name) != 0);
        QCOMPARE(doc()->strategyId(), idOf(s.name));
        QCOMPARE(f->area()->browser()->currentStrategyId(), idOf(s.name));

        // Export writes what the editor shows.
        f->answers.exportPath = f->dir.filePath(QStringLiteral("out.json"));
        QVERIFY(f->area()->exportJson());
        QFile out(f->answers.exportPath);
        QVERIFY(out.open(QIODevice::ReadOnly));
        QCOMPARE(parseStrategy(out.readAll()).strategy, std::optional<Strategy>(s));
    }

    void unsavedChangesPrompt()
    {
        const qint64 first = doc()->strategyId();
        const QList<StrategySummary> all = f->area()->listModel()->strategies();
        QVERIFY(all.size() >= 2);
        const qint64 other = all[1].id;
        Strategy s = doc()->strategy();
        s.owner = QStringLiteral("perf-team");
        doc()->edit(s);

        // Cancel: nothing changes, the list selection goes back.
        f->answers.unsavedAnswer = UnsavedChoice::Cancel;
        QVERIFY(!f->area()->openStrategy(other));
        QCOMPARE(f->answers.unsavedAsked, 1);
        QCOMPARE(doc()->strategyId(), first);
        QVERIFY(doc()->isModified());
        QCOMPARE(f->area()->browser()->currentStrategyId(), first);
        // Closing the window is refused the same way.
        QVERIFY(!f->window->close());
        QCOMPARE(f->answers.unsavedAsked, 2);

        // Save: a new revision, then the switch.
        const int revs = int(f->reader()->revisions(first).size());
        f->answers.unsavedAnswer = UnsavedChoice::Save;
        QVERIFY(f->area()->openStrategy(other));
        QCOMPARE(doc()->strategyId(), other);
        QCOMPARE(f->reader()->revisions(first).size(), revs + 1);

        // Discard: switch without writing.
        s = doc()->strategy();
        s.owner = QStringLiteral("someone");
        doc()->edit(s);
        f->answers.unsavedAnswer = UnsavedChoice::Discard;
        const int otherRevs = int(f->reader()->revisions(other).size());
        QVERIFY(f->area()->openStrategy(first));
        QCOMPARE(doc()->strategyId(), first);
        QCOMPARE(f->reader()->revisions(other).size(), otherRevs);

        // New asks too.
        doc()->edit([&] {
            Strategy t = doc()->strategy();
            t.owner = QStringLiteral("x");
            return t;
        }());
        f->answers.unsavedAnswer = UnsavedChoice::Cancel;
        f->answers.newStrategy = Strategy();
        QVERIFY(!f->area()->newStrategy());
        QCOMPARE(doc()->strategyId(), first);
    }

    void newStrategyIsUnsavedUntilSaved()
    {
        Strategy s = doc()->strategy();
        s.name = QStringLiteral("brand new");
        f->answers.newStrategy = s;
        QVERIFY(f->area()->newStrategy());
        QCOMPARE(doc()->strategyId(), qint64(0));
        QVERIFY(doc()->isModified());
        QVERIFY(f->window->windowTitle().contains(QLatin1String("(new)")));
        QVERIFY(!f->window->action(QStringLiteral("actionHistory"))->isEnabled());
        QVERIFY(f->area()->save());
        QVERIFY(doc()->strategyId() != 0);
        QCOMPARE(doc()->strategyId(), idOf(s.name));
        QCOMPARE(f->reader()->revisions(doc()->strategyId()).size(), 1);
        QVERIFY(f->window->action(QStringLiteral("actionHistory"))->isEnabled());
    }

    void historyOpensOldRevisionReadOnly()
    {
        const qint64 id = doc()->strategyId();
        const Strategy rev1 = doc()->strategy();
        Strategy s = rev1;
        s.description = QStringLiteral("second revision");
        doc()->edit(s);
        QVERIFY(f->area()->save());
        const int latest = doc()->revision();
        QVERIFY(latest >= 2);

        RevisionHistoryDialog *dlg = f->area()->showHistory();
        QVERIFY(dlg);
        QCOMPARE(dlg->revisionList()->topLevelItemCount(), latest);
        dlg->selectRevisions({latest - 1, latest});
        QCOMPARE(dlg->selectedRevisions(), (QList<int>{latest - 1, latest}));
        // The side-by-side diff shows exactly the field that changed.
        bool descriptionChanged = false;
        for (const FieldChange &c : dlg->diffView()->changes())
            descriptionChanged |= c.path == QLatin1String("description") && c.after == s.description;
        QVERIFY(descriptionChanged);

        emit dlg->openRevisionRequested(id, latest - 1);
        QCOMPARE(doc()->origin(), StrategyDocument::Origin::RevisionView);
        QVERIFY(doc()->isReadOnly());
        QCOMPARE(doc()->strategy(), rev1);
        QVERIFY(!f->window->action(QStringLiteral("actionSave"))->isEnabled());
        QVERIFY(editor()->page<GeneralPage>()->nameEdit()->isReadOnly());
        doc()->edit(s); // ignored while read-only
        QCOMPARE(doc()->strategy(), rev1);

        // As the base of a new revision: editable, and saving makes it the latest.
        doc()->useAsBase();
        QVERIFY(!doc()->isReadOnly());
        QVERIFY(doc()->isModified());
        QVERIFY(!editor()->page<GeneralPage>()->nameEdit()->isReadOnly());
        QVERIFY(f->area()->save());
        const auto newest = f->reader()->latestRevision(id);
        QCOMPARE(newest->revision, latest + 1);
        QCOMPARE(parseStrategy(newest->json).strategy, std::optional<Strategy>(rev1));
    }

    void searchFiltersTheList()
    {
        StrategyBrowser *b = f->area()->browser();
        const int total = f->area()->listModel()->rowCount();
        QVERIFY(total >= 4);
        QTest::keyClicks(b->searchField(), QStringLiteral("canary"));
        QCOMPARE(b->proxy()->rowCount(), 1);
        b->searchField()->clear();
        QTest::keyClicks(b->searchField(), QStringLiteral("high"));
        QVERIFY(b->proxy()->rowCount() >= 1);
        b->searchField()->clear();
        QCOMPARE(b->proxy()->rowCount(), total);
    }

    void archiveRemovesFromListKeepsHistory()
    {
        const qint64 id = doc()->strategyId();
        const int total = f->area()->listModel()->rowCount();
        QVERIFY(f->area()->archive());
        QCOMPARE(f->area()->listModel()->rowCount(), total - 1);
        QVERIFY(doc()->strategyId() != id);
        QVERIFY(!f->reader()->revisions(id).isEmpty());
    }
};

QTEST_MAIN(TestDesigner)
#include "tst_designer.moc"
