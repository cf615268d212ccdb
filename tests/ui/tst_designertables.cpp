// The generic table editor: StructListModel under QAbstractItemModelTester, row operations,
// issue mapping to cells, the snapshot undo command and issue-path helpers.

#include "designer/strategydocument.h"
#include "designer/strategyundo.h"
#include "editor/columns.h"
#include "editor/issuepath.h"
#include "editor/listtablemodel.h"
#include "editor/tableeditor.h"

#include <QAbstractItemModelTester>
#include <QTableView>
#include <QToolButton>
#include <QtTest>

using namespace lw;
using namespace lw::ui;

namespace {
StructListModel<Stage> *stageModel(QObject *parent)
{
    Stage proto;
    proto.duration = QStringLiteral("30s");
    proto.target = 10;
    return new StructListModel<Stage>(
        {textField<Stage>(QStringLiteral("Duration"), QStringLiteral("duration"), &Stage::duration),
         numberField<Stage>(QStringLiteral("Target"), QStringLiteral("target"), &Stage::target, 0, 1e6, 1),
         choiceField<Stage>(QStringLiteral("Ramp"), QStringLiteral("ramp"), &Stage::ramp, allStageRamps())},
        proto, parent);
}

Stage stage(const char *d, double t)
{
    Stage s;
    s.duration = QString::fromLatin1(d);
    s.target = t;
    return s;
}
} // namespace

class TestDesignerTables : public QObject
{
    Q_OBJECT

private slots:
    void structListModelOperations()
    {
        auto *model = stageModel(this);
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy edited(model, &ListTableModel::rowsEdited);
        model->setItems({stage("10s", 5), stage("1m", 50)});
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(edited.count(), 0); // loading is not an edit

        QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("10s"));
        QCOMPARE(model->index(1, 1).data(Qt::EditRole).toDouble(), 50.0);
        QCOMPARE(model->index(0, 2).data(Qt::EditRole).toString(), QStringLiteral("linear"));
        QCOMPARE(model->index(0, 2).data().toString(), QStringLiteral("Linear"));

        QVERIFY(model->setData(model->index(0, 1), 7.5, Qt::EditRole));
        QCOMPARE(model->items()[0].target, 7.5);
        QVERIFY(model->setData(model->index(0, 2), QStringLiteral("step"), Qt::EditRole));
        QVERIFY(model->items()[0].ramp == StageRamp::Step);
        QVERIFY(
            !model->setData(model->index(0, 2), QStringLiteral("wobbly"), Qt::EditRole)); // not an enum value
        QVERIFY(!model->setData(model->index(0, 1), 7.5, Qt::EditRole)); // unchanged: no edit
        QCOMPARE(edited.count(), 2);

        model->addRow(2);
        QCOMPARE(model->items().size(), 3);
        QCOMPARE(model->items()[2], stage("30s", 10));
        model->duplicateRow(0);
        QCOMPARE(model->items()[1], model->items()[0]);
        model->moveRowTo(0, 3);
        QCOMPARE(model->items()[3].target, 7.5);
        model->moveRowTo(3, 0);
        QCOMPARE(model->items()[0].target, 7.5);
        model->removeRowAt(1);
        QCOMPARE(model->items().size(), 3);
        model->removeRowAt(9); // out of range: ignored
        QCOMPARE(edited.count(), 7);

        // Same size: values change without a reset; different size: reset.
        QSignalSpy resets(model, &QAbstractItemModel::modelReset);
        model->setItems({stage("1s", 1), stage("2s", 2), stage("3s", 3)});
        QCOMPARE(resets.count(), 0);
        model->setItems({});
        QCOMPARE(resets.count(), 1);

        model->setItems({stage("1s", 1)});
        model->setReadOnly(true);
        QVERIFY(!(model->flags(model->index(0, 0)) & Qt::ItemIsEditable));
        QVERIFY(!model->setData(model->index(0, 0), QStringLiteral("5s"), Qt::EditRole));
    }

    void tableEditorButtonsAndIssues()
    {
        auto *model = stageModel(this);
        TableEditor editor(model, QStringLiteral("No stages"));
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        auto buttons = editor.findChildren<QToolButton *>();
        QToolButton *add = nullptr;
        QToolButton *remove = nullptr;
        for (QToolButton *b : buttons) {
            if (b->text() == QLatin1String("&Add"))
                add = b;
            if (b->text() == QLatin1String("Remove"))
                remove = b;
        }
        QVERIFY(add && remove);
        QVERIFY(!remove->isEnabled()); // nothing selected
        QTest::mouseClick(add, Qt::LeftButton);
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(editor.currentRow(), 0);
        QVERIFY(remove->isEnabled());
        QTest::keyClick(editor.view(), Qt::Key_Escape); // leave the editor opened on the new row
        QTest::mouseClick(add, Qt::LeftButton);
        QCOMPARE(model->rowCount(), 2);
        // Keyboard: Ctrl+D duplicates, Ctrl+Return adds, while focus is in the table.
        QTest::keyClick(editor.view(), Qt::Key_Escape);
        editor.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&editor));
        editor.view()->setFocus();
        QTest::keyClick(editor.view(), Qt::Key_D, Qt::ControlModifier);
        QCOMPARE(model->rowCount(), 3);
        QTest::keyClick(editor.view(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(model->rowCount(), 4);
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
        model->removeRowAt(3);
        model->removeRowAt(2);

        QList<ValidationIssue> issues{
            {QStringLiteral("load.stages[1].duration"), QStringLiteral("must be greater than 0")},
            {QStringLiteral("load.stages"), QStringLiteral("total duration too long")},
            {QStringLiteral("targets[0].url"), QStringLiteral("not mine")}};
        QCOMPARE(editor.showIssues(issues, QStringLiteral("load.stages")), 2);
        QVERIFY(model->index(1, 0).data(ListTableModel::HasIssueRole).toBool());
        QVERIFY(!model->index(0, 0).data(ListTableModel::HasIssueRole).toBool());
        QVERIFY(model->index(1, 0).data(Qt::BackgroundRole).isValid());
        QCOMPARE(model->index(1, 0).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("must be greater than 0"));
        QVERIFY(editor.issueText().contains(QLatin1String("Row 2, Duration:")));
        QVERIFY(editor.issueText().contains(QLatin1String("total duration too long")));
        QCOMPARE(editor.showIssues({}, QStringLiteral("load.stages")), 0);
        QVERIFY(editor.issueText().isEmpty());
        QVERIFY(!model->index(1, 0).data(ListTableModel::HasIssueRole).toBool());
    }

    void issuePaths()
    {
        QVERIFY(pathIsUnder(QStringLiteral("targets[1].url"), QStringLiteral("targets")));
        QVERIFY(pathIsUnder(QStringLiteral("targets"), QStringLiteral("targets")));
        QVERIFY(!pathIsUnder(QStringLiteral("targetsx"), QStringLiteral("targets")));
        QVERIFY(!pathIsUnder(QStringLiteral("load.stages"), QStringLiteral("load.stages[0]")));
        auto loc = locateInList(QStringLiteral("targets[12].headers[0].name"), QStringLiteral("targets"));
        QVERIFY(loc);
        QCOMPARE(loc->row, 12);
        QCOMPARE(loc->field, QStringLiteral("headers[0].name"));
        QCOMPARE(firstSegment(loc->field), QStringLiteral("headers"));
        loc = locateInList(QStringLiteral("targets"), QStringLiteral("targets"));
        QVERIFY(loc);
        QCOMPARE(loc->row, -1);
        QVERIFY(!locateInList(QStringLiteral("risks[0]"), QStringLiteral("targets")));
    }

    void snapshotUndoMergesTyping()
    {
        StrategyDocument doc;
        Strategy s;
        s.name = QStringLiteral("a");
        doc.load(s, 1, 1, StrategyDocument::Origin::Latest);
        QVERIFY(!doc.isModified());
        QSignalSpy modified(&doc, &StrategyDocument::modifiedChanged);
        for (const char *name : {"ab", "abc", "abcd"}) {
            Strategy t = doc.strategy();
            t.name = QString::fromLatin1(name);
            doc.edit(t, QStringLiteral("name"));
        }
        QCOMPARE(doc.undoStack()->count(), 1);
        QCOMPARE(modified.count(), 1);
        Strategy t = doc.strategy();
        t.owner = QStringLiteral("me");
        doc.edit(t, QStringLiteral("owner"));
        QCOMPARE(doc.undoStack()->count(), 2);
        doc.undoStack()->undo();
        QCOMPARE(doc.strategy().name, QStringLiteral("abcd"));
        QCOMPARE(doc.strategy().owner, QString());
        doc.undoStack()->undo();
        QCOMPARE(doc.strategy().name, QStringLiteral("a"));
        QVERIFY(!doc.isModified());
        QCOMPARE(modified.count(), 2);
        doc.undoStack()->redo();
        doc.undoStack()->redo();
        QCOMPARE(doc.strategy().owner, QStringLiteral("me"));

        // Typing a character and deleting it again leaves nothing to undo.
        doc.load(s, 1, 1, StrategyDocument::Origin::Latest);
        t = doc.strategy();
        t.name = QStringLiteral("ax");
        doc.edit(t, QStringLiteral("name"));
        doc.edit(s, QStringLiteral("name"));
        QCOMPARE(doc.undoStack()->count(), 0);
        QVERIFY(!doc.isModified());
    }

    void validationIsDebounced()
    {
        StrategyDocument doc;
        Strategy s;
        doc.load(s, 0, 0, StrategyDocument::Origin::Latest, true);
        const QList<ValidationIssue> initial = doc.issues();
        QVERIFY(!initial.isEmpty()); // an empty strategy is not valid
        QSignalSpy spy(&doc, &StrategyDocument::issuesChanged);
        Strategy t = s;
        t.name = QStringLiteral("named");
        doc.edit(t, QStringLiteral("name"));
        QCOMPARE(spy.count(), 0);     // not on the keystroke itself
        QTRY_COMPARE(spy.count(), 1); // but shortly after
        QVERIFY(doc.issues().size() < initial.size());
    }
};

QTEST_MAIN(TestDesignerTables)
#include "tst_designertables.moc"
