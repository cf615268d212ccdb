#pragma once
// Helpers for the `loadwright compare` tests: real runs with the real `loadwright run` (engine
// against loadwright-target on 127.0.0.1) stored in a temporary workspace, then `loadwright compare`.

#include "../engine/enginetestutil.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace comparetest {

inline QString loadwrightBinary()
{
    return QStringLiteral(LW_BINARY_DIR "/bin/loadwright");
}

// One strategy for every run: the target comes from ${TARGET_URL}, so every run is of the same
// strategy revision whatever the target's port.
inline QByteArray plan(double rate, const QString &duration)
{
    const QJsonObject doc{
        {QStringLiteral("schema"), 1},
        {QStringLiteral("name"), QStringLiteral("compare test")},
        {QStringLiteral("owner"), QStringLiteral("tests")},
        {QStringLiteral("type"), QStringLiteral("load")},
        {QStringLiteral("safety_level"), QStringLiteral("low")},
        {QStringLiteral("targets"),
         QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("root")},
                                {QStringLiteral("url"), QStringLiteral("${TARGET_URL}")}}}},
        {QStringLiteral("load"),
         QJsonObject{{QStringLiteral("model"), QStringLiteral("open")},
                     {QStringLiteral("stages"),
                      QJsonArray{QJsonObject{{QStringLiteral("duration"), duration},
                                             {QStringLiteral("target"), rate},
                                             {QStringLiteral("ramp"), QStringLiteral("step")}}}},
                     {QStringLiteral("max_connections"), 64},
                     {QStringLiteral("request_timeout"), QStringLiteral("2s")}}},
        // No host monitoring: the machine's other work must not decide the exit code of these tests.
        {QStringLiteral("monitoring"), QJsonObject{{QStringLiteral("host"), false}}}};
    return QJsonDocument(doc).toJson();
}

struct Cli
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QJsonObject json() const { return QJsonDocument::fromJson(out).object(); }
};

inline Cli loadwright(const QStringList &args, int timeoutMs = 60000)
{
    Cli r;
    QProcess p;
    p.start(loadwrightBinary(), args);
    if (!p.waitForStarted(5000) || !p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(2000);
        r.err = "did not finish: " + p.readAllStandardError();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// `loadwright run` of the plan file against url; the stored run's id, 0 on failure (*log says why).
inline qint64 run(const QString &workspace, const QString &planFile, const QString &url, QString *log)
{
    const Cli r = loadwright({QStringLiteral("run"), planFile, QStringLiteral("--workspace"), workspace,
                              QStringLiteral("--set"), QStringLiteral("TARGET_URL=") + url,
                              QStringLiteral("--json"), QStringLiteral("--engine"),
                              enginetest::engineBinary(), QStringLiteral("--as"), QStringLiteral("ci")});
    if (r.exitCode != 0) {
        *log = QStringLiteral("run exit %1: %2").arg(r.exitCode).arg(QString::fromUtf8(r.err.right(2000)));
        return 0;
    }
    return r.json().value(QStringLiteral("run_id")).toInteger();
}

inline Cli compare(const QString &workspace, qint64 base, qint64 candidate, const QStringList &extra = {})
{
    return loadwright(QStringList{QStringLiteral("compare"), QString::number(base),
                                  QString::number(candidate), QStringLiteral("--workspace"), workspace} +
                      extra);
}

// The metric objects of a `compare --json` document by key.
inline QMap<QString, QJsonObject> metrics(const QJsonObject &comparison)
{
    QMap<QString, QJsonObject> byKey;
    for (const QJsonValue &v : comparison.value(QStringLiteral("metrics")).toArray())
        byKey.insert(v[QStringLiteral("key")].toString(), v.toObject());
    return byKey;
}

inline QString writePlan(const QTemporaryDir &dir, double rate, const QString &duration)
{
    const QString path = dir.filePath(QStringLiteral("plan.json"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(plan(rate, duration)) <= 0)
        return {};
    return path;
}

} // namespace comparetest
