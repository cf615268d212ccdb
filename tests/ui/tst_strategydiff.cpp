// Field-level strategy diff: paths, values and kinds for real edits.

#include "model/strategydiff.h"
#include "model/strategyjson.h"

#include <QTest>

using namespace lw;

namespace {

Strategy baseStrategy()
{
    Strategy s;
    s.name = QStringLiteral("checkout-load");
    s.owner = QStringLiteral("perf-team");
    Target t;
    t.name = QStringLiteral("home");
    t.url = QStringLiteral("${TARGET:-http://127.0.0.1:8080}/");
    s.targets << t;
    t.name = QStringLiteral("cart");
    t.url = QStringLiteral("${TARGET:-http://127.0.0.1:8080}/cart");
    t.weight = 2;
    s.targets << t;
    s.load.stages = {{QStringLiteral("30s"), 100, StageRamp::Linear},
                     {QStringLiteral("2m"), 100, StageRamp::Step},
                     {QStringLiteral("30s"), 0, StageRamp::Linear}};
    Risk r;
    r.id = QStringLiteral("R1");
    r.name = QStringLiteral("Cache stampede");
    r.probability = 2;
    r.impact = 4;
    s.risks << r;
    r.id = QStringLiteral("R2");
    r.name = QStringLiteral("DB pool exhaustion");
    r.probability = 3;
    r.impact = 3;
    s.risks << r;
    return s;
}

const FieldChange *find(const QList<FieldChange> &changes, const QString &path)
{
    for (const FieldChange &c : changes) {
        if (c.path == path)
            return &c;
    }
    return nullptr;
}

QString paths(const QList<FieldChange> &changes)
{
    QStringList out;
    for (const FieldChange &c : changes)
        out << c.path + QLatin1Char(' ') + toString(c.kind);
    return out.join(QStringLiteral("; "));
}

} // namespace

class TestStrategyDiff : public QObject
{
    Q_OBJECT

private slots:
    void identicalHasNoChanges() { QVERIFY(diffStrategies(baseStrategy(), baseStrategy()).isEmpty()); }

    void scalarEdits()
    {
        Strategy b = baseStrategy();
        b.load.stages[1].target = 250;
        b.description = QStringLiteral("Peak hour");
        const QList<FieldChange> changes = diffStrategies(baseStrategy(), b);
        QCOMPARE(changes.size(), 2);
        const FieldChange *target = find(changes, QStringLiteral("load.stages[1].target"));
        QVERIFY2(target, qPrintable(paths(changes)));
        QVERIFY(target->kind == FieldChange::Changed);
        QCOMPARE(target->before, QStringLiteral("100"));
        QCOMPARE(target->after, QStringLiteral("250"));
        const FieldChange *desc = find(changes, QStringLiteral("description"));
        QVERIFY(desc);
        QCOMPARE(desc->before, QString()); // strings are shown without JSON quotes
        QCOMPARE(desc->after, QStringLiteral("Peak hour"));
    }

    void stagesComparedByIndex()
    {
        Strategy b = baseStrategy();
        b.load.stages.append({QStringLiteral("10s"), 0, StageRamp::Step});
        QList<FieldChange> changes = diffStrategies(baseStrategy(), b);
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes[0].path, QStringLiteral("load.stages[3]"));
        QVERIFY(changes[0].kind == FieldChange::Added);
        QVERIFY(changes[0].after.contains(QLatin1String("10s")));

        changes = diffStrategies(b, baseStrategy());
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes[0].path, QStringLiteral("load.stages[3]"));
        QVERIFY(changes[0].kind == FieldChange::Removed);
        QVERIFY(changes[0].after.isEmpty());
    }

    void risksMatchedById()
    {
        // A new risk inserted first and an edit of R2: R1 and R2 keep their identity.
        Strategy b = baseStrategy();
        Risk r0;
        r0.id = QStringLiteral("R0");
        r0.name = QStringLiteral("Payment provider throttles us");
        b.risks.prepend(r0);
        b.risks[2].impact = 5;
        const QList<FieldChange> changes = diffStrategies(baseStrategy(), b);
        QCOMPARE(changes.size(), 2);
        const FieldChange *added = find(changes, QStringLiteral("risks[0]"));
        QVERIFY2(added, qPrintable(paths(changes)));
        QVERIFY(added->kind == FieldChange::Added);
        const FieldChange *impact = find(changes, QStringLiteral("risks[2].impact"));
        QVERIFY2(impact, qPrintable(paths(changes)));
        QCOMPARE(impact->oldPath, QStringLiteral("risks[1].impact"));
        QCOMPARE(impact->before, QStringLiteral("3"));
        QCOMPARE(impact->after, QStringLiteral("5"));
    }

    void reorderReportedOnce()
    {
        Strategy b = baseStrategy();
        b.targets.swapItemsAt(0, 1);
        const QList<FieldChange> changes = diffStrategies(baseStrategy(), b);
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes[0].path, QStringLiteral("targets"));
        QCOMPARE(changes[0].before, QStringLiteral("order: home, cart"));
        QCOMPARE(changes[0].after, QStringLiteral("order: cart, home"));
    }

    void removedTargetByName()
    {
        Strategy b = baseStrategy();
        b.targets.removeFirst();
        b.targets[0].weight = 3;
        const QList<FieldChange> changes = diffStrategies(baseStrategy(), b);
        QCOMPARE(changes.size(), 2);
        const FieldChange *removed = find(changes, QStringLiteral("targets[0]"));
        QVERIFY2(removed && removed->kind == FieldChange::Removed, qPrintable(paths(changes)));
        QVERIFY(removed->before.contains(QLatin1String("\"home\"")));
        const FieldChange *weight = find(changes, QStringLiteral("targets[0].weight"));
        QVERIFY2(weight && weight->kind == FieldChange::Changed, qPrintable(paths(changes)));
        QCOMPARE(weight->oldPath, QStringLiteral("targets[1].weight"));
    }

    void duplicateNamesFallBackToIndex()
    {
        const QByteArray a = R"({"targets":[{"name":"x","w":1},{"name":"x","w":2}]})";
        const QByteArray b = R"({"targets":[{"name":"x","w":1},{"name":"x","w":3}]})";
        QList<FieldChange> changes;
        QString error;
        QVERIFY(diffJsonDocuments(a, b, &changes, &error));
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes[0].path, QStringLiteral("targets[1].w"));
    }

    void documentsWithAddedAndRemovedKeys()
    {
        const QByteArray a = R"({"name":"a","tags":["x"],"old":true,"load":{"rate_cap":null}})";
        const QByteArray b = R"({"name":"a","tags":["x","y"],"load":{"rate_cap":300},"new":{"k":1}})";
        QList<FieldChange> changes;
        QString error;
        QVERIFY(diffJsonDocuments(a, b, &changes, &error));
        QCOMPARE(paths(changes),
                 QStringLiteral("tags[1] added; old removed; load.rate_cap changed; new added"));
        QCOMPARE(find(changes, QStringLiteral("load.rate_cap"))->before, QStringLiteral("null"));
        QCOMPARE(find(changes, QStringLiteral("new"))->after, QStringLiteral("{\"k\":1}"));
    }

    void invalidDocument()
    {
        QList<FieldChange> changes;
        QString error;
        QVERIFY(!diffJsonDocuments("{\"a\":", "{}", &changes, &error));
        QVERIFY2(error.startsWith(QLatin1String("revision A")), qPrintable(error));
    }

    void annotatedLines()
    {
        const QByteArray doc = R"({"name":"a","load":{"stages":[{"duration":"30s","target":5}],"tags":[]}})";
        const AnnotatedJson j = annotateJson(doc);
        const QStringList expected = {
            QStringLiteral("{"),
            QStringLiteral("  \"name\": \"a\","),
            QStringLiteral("  \"load\": {"),
            QStringLiteral("    \"stages\": ["),
            QStringLiteral("      {"),
            QStringLiteral("        \"duration\": \"30s\","),
            QStringLiteral("        \"target\": 5"),
            QStringLiteral("      }"),
            QStringLiteral("    ],"),
            QStringLiteral("    \"tags\": []"),
            QStringLiteral("  }"),
            QStringLiteral("}"),
        };
        QCOMPARE(j.lines, expected);
        QCOMPARE(j.paths.size(), j.lines.size());
        QCOMPARE(j.paths[6], QStringLiteral("load.stages[0].target"));
        QCOMPARE(j.linesWithin({QStringLiteral("load.stages[0]")}), (QList<int>{4, 5, 6, 7}));
        QCOMPARE(j.linesWithin({QStringLiteral("name")}), (QList<int>{1}));
        // "load.stages" must not match a sibling that merely shares the prefix.
        QCOMPARE(j.linesWithin({QStringLiteral("load.stag")}), QList<int>());
    }

    void annotatedMatchesPrettyJson()
    {
        const Strategy s = baseStrategy();
        const QByteArray pretty = toJson(s, true);
        const AnnotatedJson j = annotateJson(pretty);
        QCOMPARE(j.lines.join(QLatin1Char('\n')), QString::fromUtf8(pretty).trimmed());
    }
};

QTEST_GUILESS_MAIN(TestStrategyDiff)
#include "tst_strategydiff.moc"
