#pragma once
// A workspace with real stored runs for the Runs area suites: `loadwright run` drives the real
// engine against loadwright-target on 127.0.0.1 (short, low rate), twice, so every view is shown
// with real data.

#include "../stats/comparetestutil.h"

#include <QJsonArray>

namespace runsareatest {

// Two stages (ramp, hold), success criteria, a risk and host monitoring: every report page has content.
inline QByteArray plan()
{
    const auto s = [](const char *text) {
        return QString::fromLatin1(text);
    };
    const QJsonObject doc{
        {s("schema"), 1},
        {s("name"), s("checkout api")},
        {s("owner"), s("tests")},
        {s("type"), s("load")},
        {s("safety_level"), s("low")},
        {s("targets"), QJsonArray{QJsonObject{{s("name"), s("list-items")},
                                              {s("url"), s("${TARGET_URL}/api/items")},
                                              {s("weight"), 3}},
                                  QJsonObject{{s("name"), s("item-detail")},
                                              {s("url"), s("${TARGET_URL}/api/items/42")},
                                              {s("weight"), 1}}}},
        {s("load"),
         QJsonObject{
             {s("model"), s("open")},
             {s("stages"),
              QJsonArray{QJsonObject{{s("duration"), s("2s")}, {s("target"), 60}, {s("ramp"), s("linear")}},
                         QJsonObject{{s("duration"), s("5s")}, {s("target"), 60}, {s("ramp"), s("step")}}}},
             {s("max_connections"), 32},
             {s("request_timeout"), s("2s")}}},
        {s("success_criteria"), QJsonArray{QJsonObject{{s("metric"), s("p99")},
                                                       {s("operator"), s("<=")},
                                                       {s("threshold"), 1500},
                                                       {s("weight"), 2},
                                                       {s("required"), true}},
                                           QJsonObject{{s("metric"), s("error_rate")},
                                                       {s("operator"), s("<=")},
                                                       {s("threshold"), 5},
                                                       {s("weight"), 1}}}},
        {s("risks"), QJsonArray{QJsonObject{
                         {s("id"), s("R1")},
                         {s("name"), s("Checkout slows down for customers")},
                         {s("category"), s("availability")},
                         {s("probability"), 1},
                         {s("impact"), 2},
                         {s("mitigation"), QJsonObject{{s("description"), s("Run at 60 req/s only")}}}}}},
        {s("monitoring"), QJsonObject{{s("host"), true}, {s("interval"), s("1s")}}}};
    return QJsonDocument(doc).toJson();
}

struct Runs
{
    QTemporaryDir dir;
    QString workspace;
    qint64 first = 0;
    qint64 second = 0;

    // Two runs of the same revision; false with *why on failure.
    bool make(QString *why)
    {
        if (!dir.isValid()) {
            *why = QStringLiteral("no temporary directory");
            return false;
        }
        workspace = dir.filePath(QStringLiteral("runs.lwdb"));
        const QString planFile = dir.filePath(QStringLiteral("plan.json"));
        QFile f(planFile);
        if (!f.open(QIODevice::WriteOnly) || f.write(plan()) <= 0) {
            *why = QStringLiteral("cannot write the plan");
            return false;
        }
        f.close();
        enginetest::Target target;
        if (!target.start({QStringLiteral("--latency"), QStringLiteral("exp:4ms")})) {
            *why = QStringLiteral("loadwright-target did not start");
            return false;
        }
        first = comparetest::run(workspace, planFile, target.url(QString()), why);
        if (first <= 0)
            return false;
        second = comparetest::run(workspace, planFile, target.url(QString()), why);
        return second > 0;
    }
};

} // namespace runsareatest
