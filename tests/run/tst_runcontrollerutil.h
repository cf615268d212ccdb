#pragma once
// Helpers for the run controller and reliability tests: strategy documents against a real
// loadwright-target, temporary workspaces, running a controller to its end, and direct SQLite reads.

#include "../engine/enginetestutil.h"
#include "model/strategyjson.h"
#include "run/runcontroller.h"
#include "services/openworkspace.h"
#include "storage/runstore.h"
#include "storage/workspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

#include <sqlite3.h>

namespace runtest {

constexpr int kGenerous = 40000; // shared, loaded machine: wait long, assert exactly

// LW_TEST_CLI: a build may point these tests at another loadwright binary (a CLI-only build).
inline QString loadwrightBinary()
{
#ifdef LW_TEST_CLI
    return QStringLiteral(LW_TEST_CLI);
#else
    return QStringLiteral(LW_BINARY_DIR "/bin/loadwright");
#endif
}

// A strategy for the tests: one GET target, open model, one step stage.
struct Plan
{
    QString name = QStringLiteral("controller test");
    QString url;
    double rate = 50;
    QString duration = QStringLiteral("3s");
    QString safetyLevel = QStringLiteral("low");
    QJsonArray limits;
    QJsonArray criteria;
    QJsonArray prerequisites;
    QJsonArray windows;
    QJsonObject rollback;
    bool monitorHost = false;
    QString requestTimeout = QStringLiteral("2s");
};

inline QByteArray strategyJson(const Plan &p)
{
    QJsonObject target{{QStringLiteral("name"), QStringLiteral("root")}, {QStringLiteral("url"), p.url}};
    QJsonObject load{
        {QStringLiteral("model"), QStringLiteral("open")},
        {QStringLiteral("stages"), QJsonArray{QJsonObject{{QStringLiteral("duration"), p.duration},
                                                          {QStringLiteral("target"), p.rate},
                                                          {QStringLiteral("ramp"), QStringLiteral("step")}}}},
        {QStringLiteral("max_connections"), 32},
        {QStringLiteral("request_timeout"), p.requestTimeout}};
    QJsonObject doc{{QStringLiteral("schema"), 1},
                    {QStringLiteral("name"), p.name},
                    {QStringLiteral("owner"), QStringLiteral("tests")},
                    {QStringLiteral("type"), QStringLiteral("load")},
                    {QStringLiteral("safety_level"), p.safetyLevel},
                    {QStringLiteral("targets"), QJsonArray{target}},
                    {QStringLiteral("load"), load},
                    {QStringLiteral("safety_limits"), p.limits},
                    {QStringLiteral("success_criteria"), p.criteria},
                    {QStringLiteral("prerequisites"), p.prerequisites},
                    {QStringLiteral("windows"), p.windows},
                    {QStringLiteral("monitoring"), QJsonObject{{QStringLiteral("host"), p.monitorHost}}}};
    if (!p.rollback.isEmpty())
        doc.insert(QStringLiteral("rollback"), p.rollback);
    return QJsonDocument(doc).toJson();
}

inline QJsonObject criterion(const QString &metric, const QString &op, double threshold,
                             bool required = false)
{
    return {{QStringLiteral("metric"), metric},
            {QStringLiteral("operator"), op},
            {QStringLiteral("threshold"), threshold},
            {QStringLiteral("required"), required}};
}

inline QJsonObject limit(const QString &name, const QString &metric, double threshold, const QString &forText,
                         const QString &action)
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("metric"), metric},
            {QStringLiteral("threshold"), threshold},
            {QStringLiteral("for"), forText},
            {QStringLiteral("action"), action}};
}

// Imports the document into the workspace at path (created when missing); the strategy's id, 0 on error.
inline qint64 importStrategy(const QString &workspacePath, const QByteArray &json, QString *error)
{
    const lw::ParseResult parsed = lw::parseStrategy(json);
    if (!parsed.strategy) {
        *error = QStringLiteral("does not parse");
        return 0;
    }
    const std::unique_ptr<lw::Workspace> ws = lw::openWorkspace(workspacePath, error);
    if (!ws)
        return 0;
    const auto rev =
        ws->importStrategy(*parsed.strategy, QStringLiteral("tests"), QStringLiteral("test"), error);
    return rev ? rev->strategyId : 0;
}

// Every signal of a controller, recorded.
struct ControllerSpies
{
    explicit ControllerSpies(lw::RunController *c)
        : created(c, &lw::RunController::runCreated), status(c, &lw::RunController::statusChanged),
          prerequisites(c, &lw::RunController::prerequisiteChecked),
          ready(c, &lw::RunController::engineReady), intervals(c, &lw::RunController::intervalRecorded),
          resources(c, &lw::RunController::resourceSampled), events(c, &lw::RunController::eventLogged),
          progress(c, &lw::RunController::progressed), finished(c, &lw::RunController::finished)
    {}
    lw::RunOutcome outcome() const { return finished.at(0).at(0).value<lw::RunOutcome>(); }
    qint64 enginePid() const { return ready.isEmpty() ? 0 : ready.at(0).at(0).value<lw::EngineHello>().pid; }
    QList<lw::RunEvent> eventList() const
    {
        QList<lw::RunEvent> list;
        for (const QList<QVariant> &args : events)
            list << args.at(0).value<lw::RunEvent>();
        return list;
    }
    QSignalSpy created, status, prerequisites, ready, intervals, resources, events, progress, finished;
};

inline lw::RunRequest request(const QString &workspacePath, qint64 strategyId)
{
    lw::RunRequest r;
    r.workspacePath = workspacePath;
    r.strategyId = strategyId;
    r.user = QStringLiteral("tester");
    r.enginePath = enginetest::engineBinary();
    return r;
}

// The first event of kind (and, if given, whose message contains text); atMs 0 when none.
inline lw::RunEvent firstEvent(const QList<lw::RunEvent> &events, const QString &kind,
                               const QString &text = {})
{
    for (const lw::RunEvent &e : events) {
        if (e.kind == kind && (text.isEmpty() || e.message.contains(text)))
            return e;
    }
    return {};
}

// PRAGMA integrity_check through a connection of its own (not Qt's), "ok" when the file is sound.
inline QString integrityCheck(const QString &path)
{
    sqlite3 *db = nullptr;
    QString result;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        result = QStringLiteral("cannot open: %1").arg(QString::fromUtf8(sqlite3_errmsg(db)));
    } else {
        sqlite3_busy_timeout(db, 5000);
        sqlite3_stmt *stmt = nullptr;
        if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK) {
            while (sqlite3_step(stmt) == SQLITE_ROW)
                result += QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0)));
            sqlite3_finalize(stmt);
        } else {
            result = QString::fromUtf8(sqlite3_errmsg(db));
        }
    }
    sqlite3_close(db);
    return result;
}

// A fresh read of the run through a new Workspace connection.
struct Stored
{
    std::optional<lw::RunRecord> record;
    QList<lw::EngineInterval> intervals;
    QList<lw::RunEvent> events;
    QList<lw::PrerequisiteResult> prerequisites;
    std::optional<lw::Verdict> verdict;
    std::optional<lw::EngineSummary> summary;
};

inline Stored readRun(const QString &workspacePath, qint64 runId)
{
    Stored s;
    QString error;
    const std::unique_ptr<lw::Workspace> ws = lw::openWorkspace(workspacePath, &error);
    if (!ws)
        return s;
    lw::RunStore store(*ws);
    s.record = store.run(runId);
    s.intervals = store.intervals(runId);
    s.events = store.events(runId);
    s.prerequisites = store.prerequisites(runId);
    s.verdict = store.verdict(runId);
    s.summary = store.summary(runId);
    return s;
}

// A loopback port nobody listens on (bound, then released).
inline int closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    const int port = server.serverPort();
    server.close();
    return port;
}

} // namespace runtest
