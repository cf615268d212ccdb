// The command line in-process: argument parsing, dispatch and the commands writing to given streams.

#include "cli/commandline.h"
#include "services/openworkspace.h"
#include "storage/workspace.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTextStream>
#include <QtTest>

using namespace lw::cli;

namespace {

struct Captured
{
    int code = -1;
    QString out;
    QString err;
};

Captured runInProcess(const QStringList &args)
{
    Captured c;
    QTextStream out(&c.out);
    QTextStream err(&c.err);
    CommandIo io{out, err};
    c.code = runCommand(parseArguments(args), io);
    out.flush();
    err.flush();
    return c;
}

QString sample(const QString &name)
{
    return QStringLiteral(LW_SOURCE_DIR "/resources/strategies/") + name;
}

} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT

private slots:
    void parsesOptionsAnywhere();
    void repeatedSetKeepsOrder();
    void doubleDashEndsOptions();
    void parseErrors_data();
    void parseErrors();
    void guiSelection_data();
    void guiSelection();
    void commandTableIsConsistent();
    void importAndListInProcess();
    void oversizedFileIsRefusedUnread();
};

void TestCommandLine::parsesOptionsAnywhere()
{
    const Invocation inv =
        parseArguments({QStringLiteral("--workspace"), QStringLiteral("a.lwdb"), QStringLiteral("import"),
                        QStringLiteral("x.json"), QStringLiteral("--as=bob"), QStringLiteral("y.json"),
                        QStringLiteral("-m"), QStringLiteral("why")});
    QVERIFY2(inv.error.isEmpty(), qPrintable(inv.error));
    QCOMPARE(inv.command, QStringLiteral("import"));
    QCOMPARE(inv.arguments, (QStringList{QStringLiteral("x.json"), QStringLiteral("y.json")}));
    QCOMPARE(inv.value(QStringLiteral("workspace")), QStringLiteral("a.lwdb"));
    QCOMPARE(inv.value(QStringLiteral("as")), QStringLiteral("bob"));
    QCOMPARE(inv.value(QStringLiteral("comment")), QStringLiteral("why"));
    QVERIFY(!inv.has(QStringLiteral("json")));
}

void TestCommandLine::repeatedSetKeepsOrder()
{
    const Invocation inv =
        parseArguments({QStringLiteral("validate"), QStringLiteral("--set"), QStringLiteral("A=1"),
                        QStringLiteral("--set=B=x=y"), QStringLiteral("--set"), QStringLiteral("A=2"),
                        QStringLiteral("f.json")});
    QCOMPARE(inv.values(QStringLiteral("set")),
             (QStringList{QStringLiteral("A=1"), QStringLiteral("B=x=y"), QStringLiteral("A=2")}));
    QCOMPARE(inv.value(QStringLiteral("set")), QStringLiteral("A=2"));
}

void TestCommandLine::doubleDashEndsOptions()
{
    const Invocation inv = parseArguments({QStringLiteral("validate"), QStringLiteral("--"),
                                           QStringLiteral("--odd-name.json"), QStringLiteral("-")});
    QVERIFY(inv.error.isEmpty());
    QCOMPARE(inv.arguments, (QStringList{QStringLiteral("--odd-name.json"), QStringLiteral("-")}));
}

void TestCommandLine::parseErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("error");
    QTest::newRow("unknown long") << QStringList{QStringLiteral("--nope")} << "unknown option '--nope'";
    QTest::newRow("unknown short") << QStringList{QStringLiteral("-x")} << "unknown option '-x'";
    QTest::newRow("flag with value") << QStringList{QStringLiteral("strategies"),
                                                    QStringLiteral("--json=yes")}
                                     << "option --json takes no value";
    QTest::newRow("value missing") << QStringList{QStringLiteral("show"), QStringLiteral("x"),
                                                  QStringLiteral("--revision")}
                                   << "option --revision needs a value (N)";
}

void TestCommandLine::parseErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, error);
    QCOMPARE(parseArguments(args).error, error);
    const Captured c = runInProcess(args);
    QCOMPARE(c.code, int(ExitBadInput));
    QCOMPARE(c.err, QStringLiteral("loadwright: %1\nRun 'loadwright --help' for usage.\n").arg(error));
}

void TestCommandLine::guiSelection_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<bool>("gui");
    QTest::newRow("nothing") << QStringList{} << true;
    QTest::newRow("demo") << QStringList{QStringLiteral("--demo")} << true;
    QTest::newRow("gui demo") << QStringList{QStringLiteral("gui"), QStringLiteral("--demo")} << true;
    QTest::newRow("workspace") << QStringList{QStringLiteral("--workspace"), QStringLiteral("w.lwdb")}
                               << true;
    QTest::newRow("help") << QStringList{QStringLiteral("--help")} << false;
    QTest::newRow("version") << QStringList{QStringLiteral("gui"), QStringLiteral("--version")} << false;
    QTest::newRow("command") << QStringList{QStringLiteral("strategies")} << false;
    QTest::newRow("gui with json") << QStringList{QStringLiteral("gui"), QStringLiteral("--json")} << false;
    QTest::newRow("bad option") << QStringList{QStringLiteral("--frob")} << false;
}

void TestCommandLine::guiSelection()
{
    QFETCH(QStringList, args);
    QFETCH(bool, gui);
    QCOMPARE(wantsGui(parseArguments(args)), gui);
}

void TestCommandLine::commandTableIsConsistent()
{
    QStringList names;
    for (const CommandSpec &spec : commands()) {
        QVERIFY2(!names.contains(spec.name), qPrintable(spec.name));
        names.append(spec.name);
        QVERIFY(spec.synopsis.startsWith(spec.name));
        for (const QString &option : spec.options) {
            bool known = false;
            for (const OptionSpec &o : optionSpecs())
                known = known || o.name == option;
            QVERIFY2(known, qPrintable(spec.name + QLatin1Char(' ') + option));
        }
        QVERIFY(usageText().contains(spec.synopsis));
    }
    QCOMPARE(findCommand(QStringLiteral("validate"))->name, QStringLiteral("validate"));
    QVERIFY(!findCommand(QStringLiteral("nope")));
}

void TestCommandLine::importAndListInProcess()
{
    QTemporaryDir dir;
    const QString ws = dir.filePath(QStringLiteral("ws.lwdb"));
    Captured c =
        runInProcess({QStringLiteral("import"), sample(QStringLiteral("demo-load.json")),
                      QStringLiteral("--workspace"), ws, QStringLiteral("--as"), QStringLiteral("ann")});
    QVERIFY2(c.code == ExitSuccess, qPrintable(c.err));
    QVERIFY2(c.out.endsWith(QLatin1String(" as revision 1\n")), qPrintable(c.out));

    c = runInProcess({QStringLiteral("strategies"), QStringLiteral("--workspace"), ws});
    QCOMPARE(c.code, int(ExitSuccess));
    const QStringList lines = c.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QVERIFY(lines.at(1).contains(QLatin1String("load")));
    QVERIFY(lines.at(1).endsWith(QLatin1String("ann")));

    QString error;
    auto workspace = lw::openWorkspace(ws, &error);
    QVERIFY2(workspace, qPrintable(error));
    QCOMPARE(workspace->strategies().size(), 1);
    QCOMPARE(workspace->strategies().first().updatedBy, QStringLiteral("ann"));
}

void TestCommandLine::oversizedFileIsRefusedUnread()
{
    QTemporaryDir dir;
    const QString big = dir.filePath(QStringLiteral("big.json"));
    QFile f(big);
    QVERIFY(f.open(QIODevice::WriteOnly));
    QVERIFY(f.resize(5 * 1024 * 1024));
    f.close();
    const Captured c = runInProcess({QStringLiteral("validate"), big});
    QCOMPARE(c.code, int(ExitBadInput));
    QCOMPARE(
        c.err,
        big + QStringLiteral(": json: the file is 5242880 bytes; strategies are limited to 4194304 bytes\n"));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
