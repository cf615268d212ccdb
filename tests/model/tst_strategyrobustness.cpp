// Fuzz-style robustness: truncated, mutated and hostile documents never crash the reader or the
// validator, always produce either a strategy or issues, and whatever parses round-trips.

#include "model/strategyjson.h"
#include "model/strategyvalidator.h"
#include "modeltestutil.h"

#include <QRandomGenerator>
#include <QTest>

#include <nlohmann/json.hpp>

#include <functional>

using namespace lw;

namespace {

// Runs everything a document can go through and checks the invariants; returns true if it parsed.
bool exercise(const QByteArray &data)
{
    const ParseResult r = parseStrategy(data);
    if (!r.strategy) {
        if (r.issues.isEmpty())
            QTest::qFail("no strategy and no issue", __FILE__, __LINE__);
        for (const ValidationIssue &i : r.issues) {
            if (i.message.isEmpty())
                QTest::qFail("issue without a message", __FILE__, __LINE__);
        }
        return false;
    }
    const Variables vars{{{QStringLiteral("TARGET"), QStringLiteral("http://127.0.0.1:1")}}, false};
    const QList<ValidationIssue> issues = validateStrategy(*r.strategy, vars);
    for (const ValidationIssue &i : issues) {
        const bool summary =
            &i == &issues.last() &&
            i.message.endsWith(QLatin1String("more problems not listed; fix the ones above first"));
        if ((i.path.isEmpty() && !summary) || i.message.isEmpty())
            QTest::qFail(qPrintable(QStringLiteral("bad issue: ") + i.toString()), __FILE__, __LINE__);
    }
    referencedVariables(*r.strategy);
    approvalRequirement(*r.strategy);
    const ParseResult again = parseStrategy(toJson(*r.strategy));
    if (!again.strategy || !(*again.strategy == *r.strategy))
        QTest::qFail(qPrintable(QStringLiteral("round trip lost data: ") + QString::fromUtf8(data.left(300))),
                     __FILE__, __LINE__);
    if (contentHash(*again.strategy) != contentHash(*r.strategy))
        QTest::qFail("hash changed over a round trip", __FILE__, __LINE__);
    return true;
}

nlohmann::json randomValue(QRandomGenerator &rng)
{
    static const char *strings[] = {"",
                                    "${",
                                    "${X",
                                    "${TARGET}",
                                    "$${A}",
                                    "0s",
                                    "-1s",
                                    "1h30m",
                                    "p99",
                                    "p0",
                                    "mean",
                                    "stop",
                                    "rollback",
                                    "http",
                                    "tcp",
                                    "closed",
                                    "GET",
                                    "\xc3\xa9",
                                    "http://127.0.0.1:8080/",
                                    "24:00",
                                    "09:00",
                                    "*",
                                    "run.*",
                                    "a\r\nb"};
    switch (rng.bounded(10)) {
    case 0:
        return nullptr;
    case 1:
        return rng.bounded(2) == 0;
    case 2:
        return std::int64_t(rng.bounded(2000)) - 1000;
    case 3:
        return rng.generateDouble() * 1e6 - 5e5;
    case 4:
        return std::numeric_limits<std::uint64_t>::max() - rng.bounded(10);
    case 5:
        return std::numeric_limits<std::int64_t>::min();
    case 6:
        return nlohmann::json::array({1, "x", nullptr});
    case 7:
        return nlohmann::json::object({{"name", "x"}, {"bogus", 1}});
    case 8:
        return 1e308 * (rng.bounded(2) ? 10 : 1) / 10;
    default:
        return strings[rng.bounded(int(std::size(strings)))];
    }
}

// Replaces (or deletes) one random node of the tree.
void mutateTree(nlohmann::json &root, QRandomGenerator &rng)
{
    std::vector<nlohmann::json *> nodes;
    std::function<void(nlohmann::json &)> collect = [&](nlohmann::json &v) {
        nodes.push_back(&v);
        if (v.is_structured()) {
            for (auto &child : v)
                collect(child);
        }
    };
    collect(root);
    nlohmann::json &victim = *nodes[rng.bounded(int(nodes.size()))];
    if (rng.bounded(4) == 0 && victim.is_array() && !victim.empty())
        victim.erase(victim.begin() + rng.bounded(int(victim.size())));
    else if (rng.bounded(4) == 0 && victim.is_object() && !victim.empty())
        victim.erase(victim.begin());
    else if (&victim != &root)
        victim = randomValue(rng);
}

} // namespace

class TestStrategyRobustness : public QObject
{
    Q_OBJECT

private slots:
    void everyTruncation_data()
    {
        QTest::addColumn<QString>("file");
        for (const QString &name : test::sampleFiles())
            QTest::newRow(qPrintable(name)) << name;
    }

    void everyTruncation()
    {
        QFETCH(QString, file);
        const QByteArray full = test::readSample(file);
        int parsed = 0;
        for (qsizetype n = 0; n < full.size(); ++n)
            parsed += exercise(full.left(n)) ? 1 : 0;
        // Only prefixes that end after the closing brace (i.e. with trailing whitespace cut) parse.
        QVERIFY(parsed <= 1);
        QVERIFY(exercise(full));
    }

    void randomByteMutations()
    {
        const QStringList files = test::sampleFiles();
        QRandomGenerator rng(20261123);
        static const char tokens[][8] = {"{", "}",     "[",       "]",    ",",    ":", "\"",   "\\", "null",
                                         "-", "1e999", "\\u0000", "\xff", "\xc3", "0", "true", "${"};
        int parsed = 0;
        for (int i = 0; i < 3000; ++i) {
            QByteArray data = test::readSample(files[rng.bounded(int(files.size()))]);
            const int edits = 1 + rng.bounded(4);
            for (int e = 0; e < edits; ++e) {
                const int pos = rng.bounded(int(data.size()));
                switch (rng.bounded(4)) {
                case 0:
                    data[pos] = char(rng.bounded(256));
                    break;
                case 1:
                    data.remove(pos, 1 + rng.bounded(8));
                    break;
                case 2:
                    data.insert(pos, tokens[rng.bounded(int(std::size(tokens)))]);
                    break;
                default:
                    data.insert(pos, data.mid(rng.bounded(int(data.size())), rng.bounded(32)));
                    break;
                }
            }
            parsed += exercise(data) ? 1 : 0;
            if (QTest::currentTestFailed())
                return;
        }
        qInfo("%d of 3000 byte-mutated documents still parsed", parsed);
    }

    void randomTreeMutations()
    {
        const QStringList files = test::sampleFiles();
        QRandomGenerator rng(4242);
        int parsed = 0;
        for (int i = 0; i < 3000; ++i) {
            const QByteArray src = test::readSample(files[rng.bounded(int(files.size()))]);
            nlohmann::json j = nlohmann::json::parse(src.constBegin(), src.constEnd());
            const int edits = 1 + rng.bounded(3);
            for (int e = 0; e < edits; ++e)
                mutateTree(j, rng);
            parsed += exercise(QByteArray::fromStdString(j.dump())) ? 1 : 0;
            if (QTest::currentTestFailed())
                return;
        }
        // Many mutations keep the structure (a string for a string); those must round-trip.
        QVERIFY(parsed > 100);
        qInfo("%d of 3000 tree-mutated documents parsed and round-tripped", parsed);
    }

    void hostileDocuments_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::newRow("deep arrays") << QByteArray(200'000, '[');
        QTest::newRow("deep closed arrays") << QByteArray(100'000, '[') + QByteArray(100'000, ']');
        QByteArray objects;
        for (int i = 0; i < 50'000; ++i)
            objects += "{\"a\":";
        objects += "1" + QByteArray(50'000, '}');
        QTest::newRow("deep objects") << objects;
        QByteArray deepTarget = test::readSample(QStringLiteral("demo-load.json"));
        deepTarget.replace("\"weight\": 3,", QByteArray("\"weight\": " + QByteArray(50'000, '[') +
                                                        QByteArray(50'000, ']') + ","));
        QTest::newRow("deep value in a field") << deepTarget;
        QTest::newRow("nul bytes") << QByteArray(1000, '\0');
        QTest::newRow("bom") << QByteArray("\xef\xbb\xbf{}");
        QTest::newRow("huge number") << QByteArray("{\"schema\": 1e999999}");
        QTest::newRow("many keys") << []() -> QByteArray {
            QByteArray b = "{\"schema\":1";
            for (int i = 0; i < 20'000; ++i)
                b += ",\"k" + QByteArray::number(i) + "\":0";
            return b + "}";
        }();
        // nlohmann's parser callback made this quadratic (minutes); it must stay linear.
        QTest::newRow("300k objects") << []() -> QByteArray {
            QByteArray b = "{\"schema\":1,\"targets\":[{}";
            for (int i = 0; i < 300'000; ++i)
                b += ",{}";
            return b + "]}";
        }();
        QTest::newRow("many targets") << []() -> QByteArray {
            QByteArray b = "{\"schema\":1,\"name\":\"n\",\"type\":\"load\",\"safety_level\":\"low\","
                           "\"load\":{\"model\":\"open\",\"stages\":[{\"duration\":\"1s\",\"target\":1}]},"
                           "\"targets\":[";
            for (int i = 0; i < 20'000; ++i)
                b += (i ? ",{\"name\":\"t" : "{\"name\":\"t") + QByteArray::number(i % 100) +
                     "\",\"url\":\"${U" + QByteArray::number(i) + "}\"}";
            return b + "]}";
        }();
    }

    void hostileDocuments()
    {
        QFETCH(QByteArray, data);
        exercise(data);
    }
};

QTEST_GUILESS_MAIN(TestStrategyRobustness)
#include "tst_strategyrobustness.moc"
