// The workspace against real SQLite files: revisions, names, archive, settings, migrations, refusal
// of foreign/newer files (byte-for-byte unchanged), locks and the demo workspace.

#include "keys/keys.h"
#include "services/demoworkspace.h"
#include "model/strategyjson.h"
#include "services/openworkspace.h"
#include "storage/accountname.h"
#include "storage/migrations.h"
#include "storage/workspace.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

#include <QTemporaryDir>
#include <QtTest>
#include <pwd.h>
#include <unistd.h>

#include <sqlite3.h>

using namespace lw;

namespace {

Strategy makeStrategy(const QString &name, double rate = 10)
{
    Strategy s;
    s.name = name;
    s.description = QStringLiteral("Test strategy");
    s.type = StrategyType::Load;
    s.safetyLevel = SafetyLevel::Medium;
    Target t;
    t.name = QStringLiteral("home");
    t.url = QStringLiteral("${TARGET:-http://127.0.0.1:8080}/");
    s.targets = {t};
    Stage st;
    st.duration = QStringLiteral("10s");
    st.target = rate;
    s.load.stages = {st};
    return s;
}

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

// Raw SQLite, independent of the code under test.
struct RawDb
{
    sqlite3 *db = nullptr;
    explicit RawDb(const QString &path)
    {
        if (sqlite3_open(QFile::encodeName(path).constData(), &db) != SQLITE_OK)
            qFatal("cannot open %s", qPrintable(path));
    }
    ~RawDb() { sqlite3_close(db); }
    int exec(const char *sql) { return sqlite3_exec(db, sql, nullptr, nullptr, nullptr); }
    void mustExec(const char *sql)
    {
        if (exec(sql) != SQLITE_OK)
            qFatal("%s: %s", sql, sqlite3_errmsg(db));
    }
    int intValue(const char *sql)
    {
        sqlite3_stmt *st = nullptr;
        int v = -1;
        if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
        return v;
    }
};

const QByteArray kSetApplicationId = "PRAGMA application_id = " + QByteArray::number(kWorkspaceApplicationId);

} // namespace

class TestWorkspace : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void accountNameWithoutUserVariables();
    void keysFolderIsTheDocumentedOne();
    void secondOpenInProcessKeepsTheLocks();

    void createOpenReopen();
    void zeroByteFileBecomesWorkspace();
    void pathWithSpecialCharacters();
    void everySaveIsANewRevision();
    void nameMustBeUnique();
    void renameKeepsHistory();
    void archiveHidesButKeepsHistory();
    void settings();
    void handWrittenV1FileOpens();
    void migratesFromEveryEarlierVersion();
    void refusesFiles_data();
    void refusesFiles();
    void refusesNewerVersion();
    void refusesDirectory();
    void lockedWriteFailsWithinBusyTimeout();
    void lockedOpenFailsWithinBusyTimeout();
    void missingFileNotCreatedWhenAsked();
    void demoWorkspaceIsIdempotent();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString file(const QString &name) const { return m_dir->filePath(name); }
};

void TestWorkspace::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestWorkspace::createOpenReopen()
{
    const QString path = file(QStringLiteral("sub/dir/ws.lwdb"));
    QString error;
    {
        auto ws = lw::openWorkspace(path, &error);
        QVERIFY2(ws, qPrintable(error));
        QCOMPARE(ws->path(), QFileInfo(path).absoluteFilePath());
        QCOMPARE(ws->schemaVersion(), Workspace::currentSchemaVersion());
        QVERIFY(ws->strategies().isEmpty());
        QVERIFY(
            ws->saveStrategy(0, makeStrategy(QStringLiteral("alpha")), QStringLiteral("ann"), {}, &error));
    }
    {
        RawDb raw(path);
        QCOMPARE(raw.intValue("PRAGMA application_id"), kWorkspaceApplicationId);
        QCOMPARE(raw.intValue("PRAGMA user_version"), Workspace::currentSchemaVersion());
        sqlite3_stmt *st = nullptr;
        QCOMPARE(sqlite3_prepare_v2(raw.db, "PRAGMA journal_mode", -1, &st, nullptr), SQLITE_OK);
        QCOMPARE(sqlite3_step(st), SQLITE_ROW);
        QCOMPARE(QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(st, 0))), QByteArray("wal"));
        sqlite3_finalize(st);
    }
    auto ws = lw::openWorkspace(path, &error);
    QVERIFY2(ws, qPrintable(error));
    QCOMPARE(ws->strategies().size(), 1);
    QCOMPARE(ws->strategies().first().name, QStringLiteral("alpha"));
    QVERIFY(ws->strategies().first().type == StrategyType::Load);
    QVERIFY(ws->strategies().first().safetyLevel == SafetyLevel::Medium);
    QCOMPARE(ws->strategies().first().updatedBy, QStringLiteral("ann"));
    // Two objects on one file work side by side (distinct connection names).
    auto second = lw::openWorkspace(path, &error);
    QVERIFY2(second, qPrintable(error));
    QVERIFY(second->connectionName() != ws->connectionName());
    QCOMPARE(second->strategies().size(), 1);
}

void TestWorkspace::zeroByteFileBecomesWorkspace()
{
    const QString path = file(QStringLiteral("empty.lwdb"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.close();
    QString error;
    auto ws = lw::openWorkspace(path, &error);
    QVERIFY2(ws, qPrintable(error));
    QCOMPARE(ws->schemaVersion(), Workspace::currentSchemaVersion());
}

void TestWorkspace::pathWithSpecialCharacters()
{
    // Reopening a closed WAL workspace goes through the immutable URI check: the path must survive it.
    const QString path = file(QStringLiteral("a dir #1 %20?x/w\u00e9 rk.lwdb"));
    QString error;
    {
        auto ws = lw::openWorkspace(path, &error);
        QVERIFY2(ws, qPrintable(error));
        QVERIFY(ws->setSetting(QStringLiteral("k"), QStringLiteral("v"), &error));
    }
    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
    auto ws = lw::openWorkspace(path, &error);
    QVERIFY2(ws, qPrintable(error));
    QCOMPARE(ws->setting(QStringLiteral("k")), QStringLiteral("v"));
}

void TestWorkspace::everySaveIsANewRevision()
{
    const QString path = file(QStringLiteral("ws.lwdb"));
    QString error;
    const Strategy v1 = makeStrategy(QStringLiteral("checkout"), 10);
    const Strategy v3 = makeStrategy(QStringLiteral("checkout"), 50);
    QByteArray firstJson;
    qint64 id = 0;
    {
        auto ws = lw::openWorkspace(path, &error);
        QVERIFY2(ws, qPrintable(error));
        auto r1 = ws->saveStrategy(0, v1, QStringLiteral("ann"), QStringLiteral("first"), &error);
        QVERIFY2(r1, qPrintable(error));
        QCOMPARE(r1->revision, 1);
        QCOMPARE(r1->json, toJson(v1));
        QCOMPARE(r1->hash, contentHash(v1));
        firstJson = r1->json;
        id = r1->strategyId;

        auto r2 = ws->saveStrategy(id, v1, QStringLiteral("bob"), QStringLiteral("same content"), &error);
        QVERIFY2(r2, qPrintable(error));
        QCOMPARE(r2->revision, 2);
        QCOMPARE(r2->hash, r1->hash);

        auto r3 = ws->saveStrategy(id, v3, QStringLiteral("cid"), QString(), &error);
        QVERIFY2(r3, qPrintable(error));
        QCOMPARE(r3->revision, 3);
        QVERIFY(r3->hash != r1->hash);

        QVERIFY(!ws->saveStrategy(4242, v1, QStringLiteral("ann"), {}, &error));
        QVERIFY2(error.contains(QLatin1String("no strategy with id 4242")), qPrintable(error));
        QVERIFY(!ws->saveStrategy(id, v1, QStringLiteral("  "), {}, &error));
        QVERIFY2(error.contains(QLatin1String("author")), qPrintable(error));
    }
    auto ws = lw::openWorkspace(path, &error);
    QVERIFY2(ws, qPrintable(error));
    const QList<StrategyRevision> revs = ws->revisions(id);
    QCOMPARE(revs.size(), 3);
    QCOMPARE(revs.at(0).revision, 1);
    QCOMPARE(revs.at(0).json, firstJson); // byte-identical after reopen
    QCOMPARE(revs.at(0).author, QStringLiteral("ann"));
    QCOMPARE(revs.at(0).comment, QStringLiteral("first"));
    QCOMPARE(revs.at(1).author, QStringLiteral("bob"));
    QCOMPARE(revs.at(2).comment, QString());
    QVERIFY(revs.at(0).createdAt.isValid());
    QCOMPARE(revs.at(0).createdAt.timeSpec(), Qt::UTC);
    QVERIFY(qAbs(revs.at(0).createdAt.secsTo(QDateTime::currentDateTimeUtc())) < 60);

    const ParseResult old = parseStrategy(ws->revision(id, 1)->json);
    QVERIFY(old.ok());
    QCOMPARE(*old.strategy, v1);
    QCOMPARE(*parseStrategy(ws->latestRevision(id)->json).strategy, v3);
    QVERIFY(!ws->revision(id, 4));

    const auto summary = ws->strategy(id);
    QVERIFY(summary);
    QCOMPARE(summary->latestRevision, 3);
    QCOMPARE(summary->latestHash, contentHash(v3));
    QCOMPARE(summary->updatedBy, QStringLiteral("cid"));
    QVERIFY(summary->createdAt <= summary->updatedAt);
}

void TestWorkspace::nameMustBeUnique()
{
    QString error;
    auto ws = lw::openWorkspace(file(QStringLiteral("ws.lwdb")), &error);
    QVERIFY2(ws, qPrintable(error));
    QVERIFY(ws->saveStrategy(0, makeStrategy(QStringLiteral("A")), QStringLiteral("ann"), {}, &error));
    const auto b = ws->saveStrategy(0, makeStrategy(QStringLiteral("B")), QStringLiteral("ann"), {}, &error);
    QVERIFY(b);

    QVERIFY(!ws->saveStrategy(0, makeStrategy(QStringLiteral("A"), 99), QStringLiteral("ann"), {}, &error));
    QCOMPARE(error, QStringLiteral("a strategy named 'A' already exists; choose another name"));
    // Renaming B to A is refused too, and writes nothing.
    QVERIFY(!ws->saveStrategy(b->strategyId, makeStrategy(QStringLiteral("A")), QStringLiteral("ann"), {},
                              &error));
    QVERIFY(error.contains(QLatin1String("already exists")));
    QCOMPARE(ws->revisions(b->strategyId).size(), 1);
    QCOMPARE(ws->strategies().size(), 2);

    QVERIFY(!ws->saveStrategy(0, makeStrategy(QString()), QStringLiteral("ann"), {}, &error));
    QVERIFY(error.contains(QLatin1String("no name")));
    QVERIFY(!ws->saveStrategy(0, makeStrategy(QStringLiteral(" A ")), QStringLiteral("ann"), {}, &error));
    QVERIFY(error.contains(QLatin1String("spaces")));
}

void TestWorkspace::renameKeepsHistory()
{
    QString error;
    auto ws = lw::openWorkspace(file(QStringLiteral("ws.lwdb")), &error);
    QVERIFY2(ws, qPrintable(error));
    const auto r1 =
        ws->saveStrategy(0, makeStrategy(QStringLiteral("old name")), QStringLiteral("ann"), {}, &error);
    QVERIFY(r1);
    QVERIFY(ws->saveStrategy(r1->strategyId, makeStrategy(QStringLiteral("new name")), QStringLiteral("ann"),
                             {}, &error));
    QVERIFY(!ws->strategyByName(QStringLiteral("old name")));
    const auto s = ws->strategyByName(QStringLiteral("new name"));
    QVERIFY(s);
    QCOMPARE(s->id, r1->strategyId);
    QCOMPARE(s->latestRevision, 2);
    QCOMPARE(ws->revisions(s->id).first().json, r1->json);
}

void TestWorkspace::archiveHidesButKeepsHistory()
{
    QString error;
    auto ws = lw::openWorkspace(file(QStringLiteral("ws.lwdb")), &error);
    QVERIFY2(ws, qPrintable(error));
    const auto r1 =
        ws->saveStrategy(0, makeStrategy(QStringLiteral("gone")), QStringLiteral("ann"), {}, &error);
    QVERIFY(r1);
    QVERIFY(ws->saveStrategy(0, makeStrategy(QStringLiteral("kept")), QStringLiteral("ann"), {}, &error));
    QVERIFY2(ws->archiveStrategy(r1->strategyId, &error), qPrintable(error));

    QCOMPARE(ws->strategies().size(), 1);
    QCOMPARE(ws->strategies().first().name, QStringLiteral("kept"));
    QCOMPARE(ws->archivedStrategies().size(), 1);
    QVERIFY(ws->strategyByName(QStringLiteral("gone"))->archived);
    QCOMPARE(ws->revisions(r1->strategyId).size(), 1);
    QCOMPARE(ws->revision(r1->strategyId, 1)->json, r1->json);

    // The name stays taken; a new strategy with it is refused, an import adds a revision and restores.
    QVERIFY(!ws->saveStrategy(0, makeStrategy(QStringLiteral("gone")), QStringLiteral("ann"), {}, &error));
    QVERIFY2(error.contains(QLatin1String("(archived)")), qPrintable(error));
    const auto r2 =
        ws->importStrategy(makeStrategy(QStringLiteral("gone"), 20), QStringLiteral("bob"), {}, &error);
    QVERIFY2(r2, qPrintable(error));
    QCOMPARE(r2->strategyId, r1->strategyId);
    QCOMPARE(r2->revision, 2);
    QCOMPARE(ws->strategies().size(), 2);
    QVERIFY(ws->archivedStrategies().isEmpty());
    // Newest change first.
    QCOMPARE(ws->strategies().first().name, QStringLiteral("gone"));

    QVERIFY(ws->archiveStrategy(r1->strategyId, &error));
    QVERIFY(ws->restoreStrategy(r1->strategyId, &error));
    QCOMPARE(ws->strategies().size(), 2);
    QVERIFY(!ws->archiveStrategy(987654, &error));
    QVERIFY(error.contains(QLatin1String("no strategy")));
}

void TestWorkspace::settings()
{
    const QString path = file(QStringLiteral("ws.lwdb"));
    QString error;
    {
        auto ws = lw::openWorkspace(path, &error);
        QVERIFY2(ws, qPrintable(error));
        QCOMPARE(ws->setting(QStringLiteral("engine.allow_hosts"), QStringLiteral("127.0.0.1")),
                 QStringLiteral("127.0.0.1"));
        QVERIFY(ws->setSetting(QStringLiteral("engine.allow_hosts"), QStringLiteral("localhost"), &error));
        QVERIFY(
            ws->setSetting(QStringLiteral("engine.allow_hosts"), QStringLiteral("127.0.0.1,::1"), &error));
        QVERIFY(ws->setSetting(QStringLiteral("empty"), QString(), &error));
        QVERIFY(!ws->setSetting(QString(), QStringLiteral("x"), &error));
    }
    auto ws = lw::openWorkspace(path, &error);
    QVERIFY2(ws, qPrintable(error));
    QCOMPARE(ws->setting(QStringLiteral("engine.allow_hosts")), QStringLiteral("127.0.0.1,::1"));
    QCOMPARE(ws->setting(QStringLiteral("empty"), QStringLiteral("default")), QString());
}

// A file as a v1 build wrote it, spelled out by hand so that later schema changes must keep
// upgrading it (this test must not be regenerated from the current migrations).
void TestWorkspace::handWrittenV1FileOpens()
{
    const QString path = file(QStringLiteral("v1.lwdb"));
    const Strategy s = makeStrategy(QStringLiteral("legacy"));
    const QByteArray json = toJson(s);
    {
        RawDb raw(path);
        raw.mustExec(
            "CREATE TABLE strategies (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, created_at TEXT NOT "
            "NULL, archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)))");
        raw.mustExec(
            "CREATE TABLE strategy_revisions (strategy_id INTEGER NOT NULL REFERENCES strategies(id) ON "
            "DELETE "
            "RESTRICT, revision INTEGER NOT NULL CHECK (revision > 0), name TEXT NOT NULL, type TEXT NOT "
            "NULL, "
            "safety_level TEXT NOT NULL, json BLOB NOT NULL, hash TEXT NOT NULL, author TEXT NOT NULL, "
            "comment "
            "TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, PRIMARY KEY (strategy_id, revision))");
        raw.mustExec("CREATE INDEX strategy_revisions_hash ON strategy_revisions(hash)");
        raw.mustExec(
            "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL)");
        raw.mustExec("INSERT INTO strategies VALUES (7, 'legacy', '2025-01-02T03:04:05.000Z', 0)");
        sqlite3_stmt *st = nullptr;
        QCOMPARE(sqlite3_prepare_v2(
                     raw.db,
                     "INSERT INTO strategy_revisions VALUES (7, 1, 'legacy', 'load', 'medium', ?, ?, "
                     "'old-author', 'from v1', '2025-01-02T03:04:05.000Z')",
                     -1, &st, nullptr),
                 SQLITE_OK);
        sqlite3_bind_blob(st, 1, json.constData(), int(json.size()), SQLITE_TRANSIENT);
        const QByteArray hash = contentHash(s).toLatin1();
        sqlite3_bind_text(st, 2, hash.constData(), int(hash.size()), SQLITE_TRANSIENT);
        QCOMPARE(sqlite3_step(st), SQLITE_DONE);
        sqlite3_finalize(st);
        raw.mustExec("INSERT INTO settings VALUES ('ui.theme', 'light', '2025-01-02T03:04:05.000Z')");
        raw.mustExec(kSetApplicationId.constData());
        raw.mustExec("PRAGMA user_version = 1");
    }
    QString error;
    {
        auto ws = lw::openWorkspace(path, &error);
        QVERIFY2(ws, qPrintable(error));
        QCOMPARE(ws->schemaVersion(), Workspace::currentSchemaVersion());
        const auto legacy = ws->strategyByName(QStringLiteral("legacy"));
        QVERIFY(legacy);
        QCOMPARE(legacy->id, 7);
        QCOMPARE(legacy->updatedBy, QStringLiteral("old-author"));
        QCOMPARE(legacy->updatedAt, QDateTime(QDate(2025, 1, 2), QTime(3, 4, 5), Qt::UTC));
        QCOMPARE(ws->revision(7, 1)->json, json);
        QCOMPARE(ws->setting(QStringLiteral("ui.theme")), QStringLiteral("light"));
        const auto r2 = ws->saveStrategy(7, makeStrategy(QStringLiteral("legacy"), 30), QStringLiteral("ann"),
                                         {}, &error);
        QVERIFY2(r2, qPrintable(error));
        QCOMPARE(r2->revision, 2);
    }
    RawDb raw(path);
    QCOMPARE(raw.intValue("PRAGMA user_version"), Workspace::currentSchemaVersion());
}

void TestWorkspace::migratesFromEveryEarlierVersion()
{
    // For each earlier version v, build the schema of v step by step with raw SQL and open it.
    const QList<WorkspaceMigration> &steps = workspaceMigrations();
    QVERIFY(!steps.isEmpty());
    for (int i = 0; i < steps.size(); ++i)
        QCOMPARE(steps.at(i).version, i + 1); // ordered, no gaps
    for (int v = 0; v < Workspace::currentSchemaVersion(); ++v) {
        const QString path = file(QStringLiteral("v%1.lwdb").arg(v));
        {
            RawDb raw(path);
            for (const WorkspaceMigration &step : steps) {
                if (step.version > v)
                    break;
                for (const QString &sqlText : step.statements)
                    raw.mustExec(sqlText.toUtf8().constData());
            }
            raw.mustExec(kSetApplicationId.constData());
            raw.mustExec(QByteArray("PRAGMA user_version = " + QByteArray::number(v)).constData());
        }
        QString error;
        auto ws = lw::openWorkspace(path, &error);
        QVERIFY2(ws, qPrintable(error));
        QCOMPARE(ws->schemaVersion(), Workspace::currentSchemaVersion());
        QVERIFY2(ws->saveStrategy(0, makeStrategy(QStringLiteral("s")), QStringLiteral("ann"), {}, &error),
                 qPrintable(error));
    }
}

void TestWorkspace::refusesFiles_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain text") << "text"
                                << "is not a Loadwright workspace (it is not an SQLite database)";
    QTest::newRow("short binary") << "short"
                                  << "is not an SQLite database";
    QTest::newRow("foreign tables") << "foreign"
                                    << "SQLite database with tables of another application";
    QTest::newRow("foreign id") << "foreignid"
                                << "another application, id 0x12345678";
    QTest::newRow("foreign tables wal") << "foreigntableswal"
                                        << "SQLite database with tables of another application";
    QTest::newRow("foreign id wal") << "foreignwal"
                                    << "another application, id 0x12345678";
}

void TestWorkspace::refusesFiles()
{
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    const QString path = file(QStringLiteral("victim.db"));
    if (kind == QLatin1String("text") || kind == QLatin1String("short")) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(kind == QLatin1String("text") ? QByteArray("name,value\nalpha,1\n") : QByteArray("SQLite"));
    } else {
        RawDb raw(path);
        if (kind.endsWith(QLatin1String("wal")))
            raw.mustExec("PRAGMA journal_mode = WAL");
        raw.mustExec("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)");
        raw.mustExec("INSERT INTO contacts (name) VALUES ('x')");
        if (!kind.startsWith(QLatin1String("foreigntables")) && kind != QLatin1String("foreign"))
            raw.mustExec("PRAGMA application_id = 305419896"); // 0x12345678
    }
    const QStringList before = QDir(m_dir->path()).entryList(QDir::Files);
    const QByteArray hash = fileHash(path);
    QVERIFY(!hash.isEmpty());

    QString error;
    auto ws = lw::openWorkspace(path, &error);
    QVERIFY(!ws);
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("not modified")), qPrintable(error));
    QVERIFY(error.contains(QFileInfo(path).absoluteFilePath()));
    QCOMPARE(fileHash(path), hash);
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files), before);
}

void TestWorkspace::refusesNewerVersion()
{
    const QString path = file(QStringLiteral("future.lwdb"));
    QString error;
    {
        auto ws = lw::openWorkspace(path, &error);
        QVERIFY2(ws, qPrintable(error));
        QVERIFY(ws->saveStrategy(0, makeStrategy(QStringLiteral("x")), QStringLiteral("ann"), {}, &error));
    }
    {
        RawDb raw(path);
        raw.mustExec(
            QByteArray("PRAGMA user_version = " + QByteArray::number(Workspace::currentSchemaVersion() + 1))
                .constData());
        raw.mustExec("PRAGMA journal_mode = DELETE"); // everything in the main file, nothing beside it
    }
    const QByteArray hash = fileHash(path);
    const QStringList before = QDir(m_dir->path()).entryList(QDir::Files);
    auto ws = lw::openWorkspace(path, &error);
    QVERIFY(!ws);
    QVERIFY2(error.contains(QLatin1String("newer version of Loadwright")), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral("schema %1").arg(Workspace::currentSchemaVersion() + 1)),
             qPrintable(error));
    QVERIFY(error.contains(QLatin1String("not modified")));
    QCOMPARE(fileHash(path), hash);
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files), before);
}

void TestWorkspace::refusesDirectory()
{
    QString error;
    QVERIFY(!lw::openWorkspace(m_dir->path(), &error));
    QVERIFY2(error.contains(QLatin1String("is a directory")), qPrintable(error));
}

void TestWorkspace::lockedWriteFailsWithinBusyTimeout()
{
    const QString path = file(QStringLiteral("ws.lwdb"));
    Workspace::OpenOptions options;
    options.busyTimeoutMs = 400;
    QString error;
    auto ws = lw::openWorkspace(path, options, &error);
    QVERIFY2(ws, qPrintable(error));

    RawDb other(path);
    other.mustExec("BEGIN EXCLUSIVE");
    other.mustExec("INSERT INTO settings VALUES ('held', 'by other', 'now')");

    QElapsedTimer timer;
    timer.start();
    const auto rev =
        ws->saveStrategy(0, makeStrategy(QStringLiteral("blocked")), QStringLiteral("ann"), {}, &error);
    const qint64 elapsed = timer.elapsed();
    QVERIFY(!rev);
    QVERIFY2(error.contains(QLatin1String("locked by another process")), qPrintable(error));
    QVERIFY2(elapsed >= 300, qPrintable(QString::number(elapsed))); // it waited for the lock
    QVERIFY2(elapsed < 3000, qPrintable(QString::number(elapsed))); // and gave up in time
    QVERIFY(!ws->setSetting(QStringLiteral("k"), QStringLiteral("v"), &error));

    other.mustExec("ROLLBACK");
    QVERIFY2(ws->saveStrategy(0, makeStrategy(QStringLiteral("later")), QStringLiteral("ann"), {}, &error),
             qPrintable(error));
    QVERIFY(!ws->strategyByName(QStringLiteral("blocked")));
}

void TestWorkspace::lockedOpenFailsWithinBusyTimeout()
{
    const QString path = file(QStringLiteral("ws.lwdb"));
    QString error;
    QVERIFY(lw::openWorkspace(path, &error));

    // Exclusive locking mode keeps even readers out (no shared memory for WAL).
    RawDb other(path);
    other.mustExec("PRAGMA locking_mode = EXCLUSIVE");
    other.mustExec("BEGIN EXCLUSIVE");
    other.mustExec("INSERT INTO settings VALUES ('held', 'by other', 'now')");
    other.mustExec("COMMIT");

    Workspace::OpenOptions options;
    options.busyTimeoutMs = 300;
    QElapsedTimer timer;
    timer.start();
    auto ws = lw::openWorkspace(path, options, &error);
    QVERIFY(!ws);
    QVERIFY2(error.contains(QLatin1String("locked by another process")), qPrintable(error));
    QVERIFY2(timer.elapsed() < 3000, qPrintable(QString::number(timer.elapsed())));
}

void TestWorkspace::missingFileNotCreatedWhenAsked()
{
    const QString path = file(QStringLiteral("absent.lwdb"));
    Workspace::OpenOptions options;
    options.createIfMissing = false;
    QString error;
    QVERIFY(!lw::openWorkspace(path, options, &error));
    QVERIFY2(error.contains(QLatin1String("there is no workspace")), qPrintable(error));
    QVERIFY(!QFile::exists(path));
}

void TestWorkspace::demoWorkspaceIsIdempotent()
{
    const QString path = file(QStringLiteral("demo.lwdb"));
    const QStringList samples = QDir(QStringLiteral(":/strategies")).entryList({QStringLiteral("*.json")});
    QVERIFY2(samples.size() >= 4, qPrintable(samples.join(QLatin1Char(','))));

    QStringList imported;
    QString error;
    QVERIFY2(createDemoWorkspace(path, &imported, &error), qPrintable(error));
    QCOMPARE(imported.size(), samples.size());
    for (const QString &line : imported)
        QVERIFY2(line.endsWith(QLatin1String(" as revision 1")), qPrintable(line));

    imported.clear();
    QVERIFY2(createDemoWorkspace(path, &imported, &error), qPrintable(error));
    QVERIFY2(imported.isEmpty(), qPrintable(imported.join(QLatin1Char(','))));

    auto ws = lw::openWorkspace(path, &error);
    QVERIFY2(ws, qPrintable(error));
    const QList<StrategySummary> list = ws->strategies();
    QCOMPARE(list.size(), samples.size());
    for (const StrategySummary &s : list) {
        QCOMPARE(s.latestRevision, 1);
        QCOMPARE(s.updatedBy, QStringLiteral("demo"));
    }

    // A sample changed by the user gets the sample back as a new revision; history stays.
    const StrategySummary first = list.first();
    Strategy edited = *parseStrategy(ws->latestRevision(first.id)->json).strategy;
    edited.description += QStringLiteral(" (edited)");
    QVERIFY(ws->saveStrategy(first.id, edited, QStringLiteral("ann"), {}, &error));
    ws.reset();
    imported.clear();
    QVERIFY2(createDemoWorkspace(path, &imported, &error), qPrintable(error));
    QCOMPARE(imported, QStringList{first.name + QStringLiteral(" as revision 3")});
}

// A second Workspace on a file this process already has open (the GUI and its run controller do
// this) must not drop the first connection's locks: another program that opens and closes the file
// afterwards would otherwise check-point and delete the WAL under us, and our later writes would be
// invisible to every other process.
void TestWorkspace::secondOpenInProcessKeepsTheLocks()
{
    if (QStandardPaths::findExecutable(QStringLiteral("sqlite3")).isEmpty())
        QSKIP("the sqlite3 shell is not installed (the setup script installs it)");
    const QString path = file(QStringLiteral("shared.lwdb"));
    QString error;
    auto first = lw::openWorkspace(path, &error);
    QVERIFY2(first, qPrintable(error));
    QVERIFY(first->saveStrategy(0, makeStrategy(QStringLiteral("one")), QStringLiteral("t"), {}, &error));
    {
        auto second = lw::openWorkspace(path, &error);
        QVERIFY2(second, qPrintable(error));
        QCOMPARE(second->strategies().size(), 1);
    }
    const auto countFromOutside = [&] {
        QProcess shell;
        shell.start(QStringLiteral("sqlite3"), {path, QStringLiteral("SELECT count(*) FROM strategies;")});
        shell.waitForFinished(10000);
        return shell.readAllStandardOutput().trimmed().toInt();
    };
    QCOMPARE(countFromOutside(), 1); // another program opens and closes the file
    QVERIFY(first->saveStrategy(0, makeStrategy(QStringLiteral("two")), QStringLiteral("t"), {}, &error));
    QCOMPARE(countFromOutside(), 2); // and sees what we wrote after it
    QVERIFY(QFileInfo::exists(path + QStringLiteral("-wal")));
}

// Without $USER, $LOGNAME and $USERNAME (a service, a container) the actor is still the account's
// real name from the user database, never "unknown".
void TestWorkspace::accountNameWithoutUserVariables()
{
    const QByteArray saved[] = {qgetenv("USER"), qgetenv("LOGNAME"), qgetenv("USERNAME")};
    qputenv("USER", "lw-test-user");
    QCOMPARE(lw::accountName(), QStringLiteral("lw-test-user"));
    for (const char *name : {"USER", "LOGNAME", "USERNAME"})
        qunsetenv(name);
    const passwd *pw = getpwuid(geteuid());
    QVERIFY(pw);
    QCOMPARE(lw::accountName(), QString::fromLocal8Bit(pw->pw_name));
    QVERIFY(lw::accountName() != QStringLiteral("unknown"));
    const char *names[] = {"USER", "LOGNAME", "USERNAME"};
    for (int i = 0; i < 3; ++i) {
        if (!saved[i].isNull())
            qputenv(names[i], saved[i]);
    }
}

// The private keys live where the README says: ~/.config/loadwright/keys, whatever the program's name.
void TestWorkspace::keysFolderIsTheDocumentedOne()
{
    const QByteArray saved = qgetenv("LOADWRIGHT_KEY_DIR");
    qunsetenv("LOADWRIGHT_KEY_DIR");
    QCOMPARE(keys::keyDirectory(),
             QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
                 QStringLiteral("/loadwright/keys"));
    QVERIFY(keys::keyFilePath(QStringLiteral("bob"))
                .endsWith(QStringLiteral("/loadwright/keys/bob.key")));
    if (!saved.isNull())
        qputenv("LOADWRIGHT_KEY_DIR", saved);
}

QTEST_GUILESS_MAIN(TestWorkspace)
#include "tst_workspace.moc"
