// The real `loadwright` executable, run as a process against temporary workspaces.

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Result
{
    int exitCode = -1;
    QString out;
    QString err;
    QStringList errLines() const { return err.split(QLatin1Char('\n'), Qt::SkipEmptyParts); }
};

QString sampleDir()
{
    return QStringLiteral(LW_SOURCE_DIR "/resources/strategies");
}

QString dataFile(const QString &name)
{
    return QStringLiteral(LW_TEST_DATA_DIR "/data/") + name;
}

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void version();
    void help();
    void commandHelp();
    void validateSamples();
    void validateReportsEveryProblemOfEveryFile();
    void validateUnreadableFile();
    void variablesFromSetAndEnvironment();
    void importWritesRevisions();
    void invalidImportWritesNothing();
    void showAndExport();
    void archiveAndRestore();
    void usageErrors_data();
    void usageErrors();
    void refusedWorkspace();
    void defaultWorkspaceFromEnvironment();
    void demoIsIdempotent();
    void concurrentImportsIntoANewWorkspace();

private:
    Result run(const QStringList &args, const QHash<QString, QString> &env = {});
    QStringList samples() const;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_ws;
};

void TestCli::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_ws = m_dir->filePath(QStringLiteral("ws.lwdb"));
}

Result TestCli::run(const QStringList &args, const QHash<QString, QString> &env)
{
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    // Never touch the real user's data: the default location lives in the temp dir.
    e.insert(QStringLiteral("HOME"), m_dir->path());
    e.insert(QStringLiteral("XDG_DATA_HOME"), m_dir->filePath(QStringLiteral("data")));
    e.insert(QStringLiteral("USER"), QStringLiteral("tester"));
    e.remove(QStringLiteral("LOADWRIGHT_WORKSPACE"));
    e.remove(QStringLiteral("TARGET"));
    for (auto it = env.cbegin(); it != env.cend(); ++it)
        e.insert(it.key(), it.value());
    p.setProcessEnvironment(e);
    p.start(QStringLiteral(LW_LOADWRIGHT_BINARY), args);
    Result r;
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit) {
        qWarning() << "loadwright" << args << "did not finish normally:" << p.errorString();
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QStringList TestCli::samples() const
{
    QStringList files;
    for (const QString &name :
         QDir(sampleDir()).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        files.append(sampleDir() + QLatin1Char('/') + name);
    return files;
}

void TestCli::version()
{
    const Result r = run({QStringLiteral("--version")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.startsWith(QStringLiteral("loadwright " LW_VERSION " (Qt ")), qPrintable(r.out));
    QVERIFY(r.out.contains(QLatin1String("workspace schema")));
    QVERIFY(r.err.isEmpty());
}

void TestCli::help()
{
    const Result r = run({QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    for (const char *cmd :
         {"validate FILE...", "import FILE...", "strategies [--json]", "show NAME", "export NAME"})
        QVERIFY2(r.out.contains(QLatin1String(cmd)), cmd);
    for (const char *line :
         {"  0  success", "  1  a verdict failed", "  2  bad input or usage",
          "  3  stopped by a safety limit", "  4  refused before start", "  5  internal or engine failure"})
        QVERIFY2(r.out.contains(QLatin1String(line)), line);
    for (const char *opt : {"--workspace FILE", "--set VAR=value", "--as USER"})
        QVERIFY2(r.out.contains(QLatin1String(opt)), opt);
    QCOMPARE(run({QStringLiteral("-h")}).out, r.out);
}

void TestCli::commandHelp()
{
    const Result r = run({QStringLiteral("export"), QStringLiteral("--help")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.startsWith(QLatin1String("Usage: loadwright export NAME -o FILE")), qPrintable(r.out));
    QVERIFY(r.out.contains(QLatin1String("-o, --output FILE")));
}

void TestCli::validateSamples()
{
    const QStringList files = samples();
    QVERIFY2(files.size() >= 3, qPrintable(files.join(QLatin1Char(' '))));
    const Result r = run(QStringList{QStringLiteral("validate")} + files);
    QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
    QCOMPARE(r.exitCode, 0);
    for (const QString &f : files)
        QVERIFY(r.out.contains(f + QStringLiteral(": valid\n")));
}

void TestCli::validateReportsEveryProblemOfEveryFile()
{
    const QString stages = dataFile(QStringLiteral("bad-stages.json"));
    const QString syntax = dataFile(QStringLiteral("bad-syntax.json"));
    const QString typo = dataFile(QStringLiteral("unknown-field.json"));
    const QString good = samples().value(0);
    const Result r = run({QStringLiteral("validate"), stages, good, syntax, typo});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.out, good + QStringLiteral(": valid\n"));
    const QStringList expected = {
        stages + QStringLiteral(": targets[0].weight: must be greater than 0"),
        stages + QStringLiteral(": load.stages[1].duration: must be greater than 0"),
        syntax +
            QStringLiteral(": json: line 5, column 16: syntax error while parsing object - unexpected string "
                           "literal; expected '}'"),
        typo + QStringLiteral(": load.max_conections: unknown field (did you mean \"max_connections\"?)"),
    };
    QCOMPARE(r.errLines(), expected);
}

void TestCli::validateUnreadableFile()
{
    const QString missing = m_dir->filePath(QStringLiteral("nope.json"));
    const Result r = run({QStringLiteral("validate"), missing});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.errLines(), QStringList{missing + QStringLiteral(": cannot read: No such file or directory")});
}

void TestCli::variablesFromSetAndEnvironment()
{
    const QString file = dataFile(QStringLiteral("needs-target.json"));
    Result r = run({QStringLiteral("validate"), file});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.errLines(),
             QStringList{file + QStringLiteral(": targets[0].url: variable TARGET is not set (set it in the "
                                               "environment or with --set TARGET=value, or write "
                                               "${TARGET:-default})")});

    r = run({QStringLiteral("validate"), file, QStringLiteral("--set"),
             QStringLiteral("TARGET=http://127.0.0.1:9000")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = run({QStringLiteral("validate"), QStringLiteral("--set=TARGET=http://localhost:9000"), file});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = run({QStringLiteral("validate"), file},
            {{QStringLiteral("TARGET"), QStringLiteral("http://127.0.0.1:8081")}});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    // --set wins over the environment.
    r = run({QStringLiteral("validate"), file, QStringLiteral("--set"), QStringLiteral("TARGET=not a url")},
            {{QStringLiteral("TARGET"), QStringLiteral("http://127.0.0.1:8081")}});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith(file + QStringLiteral(": targets[0].url: ")), qPrintable(r.err));

    r = run({QStringLiteral("validate"), file, QStringLiteral("--set"), QStringLiteral("TARGET")});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("--set expects VAR=value")), qPrintable(r.err));

    // Import stores the strategy as written: the reference, not the value.
    r = run({QStringLiteral("import"), file, QStringLiteral("--workspace"), m_ws, QStringLiteral("--set"),
             QStringLiteral("TARGET=http://127.0.0.1:9000")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    r = run({QStringLiteral("show"), QStringLiteral("Needs a target"), QStringLiteral("--workspace"), m_ws});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QLatin1String("${TARGET}/health")), qPrintable(r.out));
}

void TestCli::importWritesRevisions()
{
    const QString file = samples().value(0);
    Result r = run({QStringLiteral("import"), file, QStringLiteral("--workspace"), m_ws,
                    QStringLiteral("--as"), QStringLiteral("alice")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(r.out.startsWith(QLatin1String("imported ")));
    QVERIFY2(r.out.endsWith(QLatin1String(" as revision 1\n")), qPrintable(r.out));
    const QString name = r.out.mid(9, r.out.size() - 9 - int(qstrlen(" as revision 1\n")));

    r = run({QStringLiteral("--workspace"), m_ws, QStringLiteral("import"), file, QStringLiteral("-m"),
             QStringLiteral("second import")});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(r.out, QStringLiteral("imported %1 as revision 2\n").arg(name));

    // Everything else in one go.
    QStringList rest = samples().mid(1);
    r = run(QStringList{QStringLiteral("import"), QStringLiteral("--workspace"), m_ws} + rest);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(r.out.count(QLatin1String(" as revision 1\n")), rest.size());

    r = run({QStringLiteral("strategies"), QStringLiteral("--json"), QStringLiteral("--workspace"), m_ws});
    QCOMPARE(r.exitCode, 0);
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &parseError);
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
    const QJsonArray array = doc.array();
    QCOMPARE(array.size(), samples().size());
    QJsonObject first;
    for (const QJsonValue &v : array) {
        const QJsonObject o = v.toObject();
        for (const char *key :
             {"id", "name", "type", "safety_level", "revision", "hash", "updated_at", "updated_by"})
            QVERIFY2(o.contains(QLatin1String(key)), key);
        QCOMPARE(o.value(QLatin1String("hash")).toString().size(), 64);
        QVERIFY(QDateTime::fromString(o.value(QLatin1String("updated_at")).toString(), Qt::ISODateWithMs)
                    .isValid());
        if (o.value(QLatin1String("name")).toString() == name)
            first = o;
    }
    QVERIFY(!first.isEmpty());
    QCOMPARE(first.value(QLatin1String("revision")).toInt(), 2);
    QCOMPARE(first.value(QLatin1String("updated_by")).toString(), QStringLiteral("tester")); // $USER
    // Newest change first: the last import's files come before the twice-imported one.
    QCOMPARE(array.last().toObject().value(QLatin1String("name")).toString(), name);

    r = run({QStringLiteral("strategies"), QStringLiteral("--workspace"), m_ws});
    QCOMPARE(r.exitCode, 0);
    const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), samples().size() + 1);
    QVERIFY2(lines.first().startsWith(QLatin1String("NAME")), qPrintable(lines.first()));
    for (const char *col : {"TYPE", "SAFETY", "REV", "UPDATED", "BY"})
        QVERIFY(lines.first().contains(QLatin1String(col)));
    QVERIFY(r.out.contains(name));

    r = run(
        {QStringLiteral("revisions"), name, QStringLiteral("--workspace"), m_ws, QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonArray revs = QJsonDocument::fromJson(r.out.toUtf8()).array();
    QCOMPARE(revs.size(), 2);
    QCOMPARE(revs.at(0).toObject().value(QLatin1String("author")).toString(), QStringLiteral("alice"));
    QCOMPARE(revs.at(1).toObject().value(QLatin1String("comment")).toString(),
             QStringLiteral("second import"));
}

void TestCli::invalidImportWritesNothing()
{
    const QString bad = dataFile(QStringLiteral("bad-stages.json"));
    const QString good = samples().value(0);

    // No workspace yet: an invalid import does not even create the file.
    Result r = run({QStringLiteral("import"), good, bad, QStringLiteral("--workspace"), m_ws});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.out.isEmpty());
    QVERIFY(r.err.contains(bad + QStringLiteral(": load.stages[1].duration: must be greater than 0")));
    QVERIFY(r.err.contains(QLatin1String("nothing was imported")));
    QVERIFY(!QFile::exists(m_ws));

    r = run({QStringLiteral("import"), good, QStringLiteral("--workspace"), m_ws});
    QCOMPARE(r.exitCode, 0);
    const QByteArray before = fileHash(m_ws);
    const QStringList filesBefore = QDir(m_dir->path()).entryList(QDir::Files);
    r = run({QStringLiteral("import"), good, bad, QStringLiteral("--workspace"), m_ws});
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(fileHash(m_ws), before);
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files), filesBefore);

    r = run({QStringLiteral("strategies"), QStringLiteral("--json"), QStringLiteral("--workspace"), m_ws});
    const QJsonArray array = QJsonDocument::fromJson(r.out.toUtf8()).array();
    QCOMPARE(array.size(), 1);
    QCOMPARE(array.at(0).toObject().value(QLatin1String("revision")).toInt(), 1);
}

void TestCli::showAndExport()
{
    const QString file = samples().value(0);
    Result r = run({QStringLiteral("import"), file, QStringLiteral("--workspace"), m_ws});
    QCOMPARE(r.exitCode, 0);
    const QString name = r.out.mid(9).section(QStringLiteral(" as revision"), 0, 0);
    r = run({QStringLiteral("import"), file, QStringLiteral("--workspace"), m_ws});
    QCOMPARE(r.exitCode, 0);

    const Result shown = run({QStringLiteral("show"), name, QStringLiteral("--workspace"), m_ws});
    QCOMPARE(shown.exitCode, 0);
    QVERIFY(shown.out.startsWith(QLatin1String("{")));
    const Result first = run({QStringLiteral("show"), name, QStringLiteral("-r"), QStringLiteral("1"),
                              QStringLiteral("--workspace"), m_ws});
    QCOMPARE(first.exitCode, 0);
    QCOMPARE(first.out, shown.out); // same content in both revisions

    const QString exported = m_dir->filePath(QStringLiteral("out.json"));
    r = run({QStringLiteral("export"), name, QStringLiteral("-o"), exported, QStringLiteral("--workspace"),
             m_ws});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(r.out, QStringLiteral("exported %1 revision 2 to %2\n").arg(name, exported));
    QFile f(exported);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(f.readAll()), shown.out);
    r = run({QStringLiteral("validate"), exported});
    QCOMPARE(r.exitCode, 0);

    r = run({QStringLiteral("show"), name, QStringLiteral("--revision"), QStringLiteral("9"),
             QStringLiteral("--workspace"), m_ws});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("has no revision 9 (revisions 1 to 2)")), qPrintable(r.err));
    r = run({QStringLiteral("show"), QStringLiteral("no such thing"), QStringLiteral("--workspace"), m_ws});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains(QLatin1String("there is no strategy named 'no such thing'")));
    r = run({QStringLiteral("export"), name, QStringLiteral("--workspace"), m_ws});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains(QLatin1String("needs -o FILE")));
}

void TestCli::archiveAndRestore()
{
    Result r = run({QStringLiteral("import"), samples().value(0), QStringLiteral("--workspace"), m_ws});
    QCOMPARE(r.exitCode, 0);
    const QString name = r.out.mid(9).section(QStringLiteral(" as revision"), 0, 0);
    QCOMPARE(run({QStringLiteral("archive"), name, QStringLiteral("--workspace"), m_ws}).exitCode, 0);
    r = run({QStringLiteral("strategies"), QStringLiteral("--workspace"), m_ws});
    QVERIFY2(r.out.startsWith(QLatin1String("No strategies in ")), qPrintable(r.out));
    r = run(
        {QStringLiteral("strategies"), QStringLiteral("--archived"), QStringLiteral("--workspace"), m_ws});
    QVERIFY(r.out.contains(name));
    QCOMPARE(run({QStringLiteral("restore"), name, QStringLiteral("--workspace"), m_ws}).exitCode, 0);
    r = run({QStringLiteral("strategies"), QStringLiteral("--workspace"), m_ws});
    QVERIFY(r.out.contains(name));
}

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown command") << QStringList{QStringLiteral("frobnicate")}
                                     << "loadwright: unknown command 'frobnicate'";
    QTest::newRow("unknown option") << QStringList{QStringLiteral("strategies"), QStringLiteral("--colour")}
                                    << "loadwright: unknown option '--colour'";
    QTest::newRow("option of another command")
        << QStringList{QStringLiteral("validate"), QStringLiteral("x.json"), QStringLiteral("--json")}
        << "loadwright: 'validate' does not take --json";
    QTest::newRow("missing value") << QStringList{QStringLiteral("strategies"), QStringLiteral("--workspace")}
                                   << "loadwright: option --workspace needs a value (FILE)";
    QTest::newRow("missing file")
        << QStringList{QStringLiteral("validate")}
        << "loadwright: 'validate' needs more arguments: loadwright validate FILE...";
    QTest::newRow("extra argument") << QStringList{QStringLiteral("strategies"), QStringLiteral("extra")}
                                    << "loadwright: 'strategies' got an unexpected argument 'extra'";
    QTest::newRow("gui with argument") << QStringList{QStringLiteral("gui"), QStringLiteral("file.json")}
                                       << "loadwright: 'gui' got an unexpected argument 'file.json'";
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, message);
    const Result r = run(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.startsWith(message), qPrintable(r.err));
    QVERIFY2(r.err.contains(QLatin1String("Run 'loadwright --help' for usage.")), qPrintable(r.err));
    QVERIFY(r.out.isEmpty());
}

void TestCli::refusedWorkspace()
{
    const QString notes = m_dir->filePath(QStringLiteral("notes.txt"));
    {
        QFile f(notes);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("these are my notes, not a workspace\n");
    }
    const QByteArray before = fileHash(notes);
    for (const QString &cmd : {QStringLiteral("strategies"), QStringLiteral("import")}) {
        QStringList args{cmd, QStringLiteral("--workspace"), notes};
        if (cmd == QLatin1String("import"))
            args << samples().value(0);
        const Result r = run(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith(QStringLiteral("loadwright: %1 is not a Loadwright workspace").arg(notes)),
                 qPrintable(r.err));
        QCOMPARE(fileHash(notes), before);
    }
    const Result r = run({QStringLiteral("strategies"), QStringLiteral("--workspace"), m_ws});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(QLatin1String("there is no workspace at")), qPrintable(r.err));
    QVERIFY(!QFile::exists(m_ws));
}

void TestCli::defaultWorkspaceFromEnvironment()
{
    const QString viaEnv = m_dir->filePath(QStringLiteral("env.lwdb"));
    Result r = run({QStringLiteral("import"), samples().value(0)},
                   {{QStringLiteral("LOADWRIGHT_WORKSPACE"), viaEnv}});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(QFile::exists(viaEnv));
    // Without either, the default lives under XDG_DATA_HOME/loadwright.
    r = run({QStringLiteral("import"), samples().value(0)});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QVERIFY(QFile::exists(m_dir->filePath(QStringLiteral("data/loadwright/default.lwdb"))));
}

void TestCli::demoIsIdempotent()
{
    Result r = run({QStringLiteral("demo"), QStringLiteral("--workspace"), m_ws});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(r.out.count(QLatin1String("imported ")), samples().size());
    r = run({QStringLiteral("demo"), QStringLiteral("--workspace"), m_ws});
    QVERIFY2(r.exitCode == 0, qPrintable(r.err));
    QCOMPARE(r.out, QStringLiteral("demo workspace ready: %1\n").arg(m_ws));
}

void TestCli::concurrentImportsIntoANewWorkspace()
{
    // Several processes create and migrate the same new file at once: all succeed, nothing is lost.
    const QStringList files = samples();
    QList<QProcess *> procs;
    for (const QString &f : files) {
        auto *p = new QProcess(this);
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert(QStringLiteral("XDG_DATA_HOME"), m_dir->filePath(QStringLiteral("data")));
        p->setProcessEnvironment(e);
        p->start(QStringLiteral(LW_LOADWRIGHT_BINARY),
                 {QStringLiteral("import"), f, QStringLiteral("--workspace"), m_ws});
        procs.append(p);
    }
    for (QProcess *p : procs) {
        QVERIFY(p->waitForFinished(60000));
        QVERIFY2(p->exitCode() == 0, p->readAllStandardError().constData());
    }
    qDeleteAll(procs);
    const Result r =
        run({QStringLiteral("strategies"), QStringLiteral("--json"), QStringLiteral("--workspace"), m_ws});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).array().size(), files.size());
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
