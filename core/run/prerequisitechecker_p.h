#pragma once

// Shared state of PrerequisiteChecker (prerequisitechecker.cpp: lifecycle, prerequisitechecks.cpp:
// the individual checks).

#include "engine/allowlist.h"
#include "run/prerequisitechecker.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QPointer>
#include <QProcess>
#include <QThreadPool>

#include <atomic>
#include <memory>
#include <optional>

namespace lw {

struct PrerequisiteChecker::Private
{
    using Outcome = PrerequisiteResult::Outcome;

    PrerequisiteChecker *q = nullptr;
    QList<Prerequisite> items;
    QList<std::optional<PrerequisiteResult>> results;
    QStringList confirmed;
    QString user;
    engine::AllowList allow;
    int pending = 0;
    bool running = false;
    quint64 generation = 0;
    std::shared_ptr<std::atomic<bool>> cancelHttp = std::make_shared<std::atomic<bool>>(false);
    QList<QPointer<QProcess>> processes;
    QList<QPointer<QObject>> helpers; // sockets and timers of the current check, deleted on cancel
    QElapsedTimer clock;
    QThreadPool pool;

    PrerequisiteResult base(int i) const
    {
        const Prerequisite &p = items.at(i);
        PrerequisiteResult r;
        r.name = p.name;
        r.type = p.type;
        r.required = p.required;
        r.checkedBy = QStringLiteral("auto");
        return r;
    }
    qint64 timeoutMs(int i) const
    {
        const std::optional<qint64> ms = parseDurationMs(items.at(i).timeout);
        return ms && *ms > 0 ? *ms : 5000;
    }
    void complete(int i, quint64 gen, Outcome outcome, const QString &detail, qint64 startedMs,
                  const QString &checkedBy = QStringLiteral("auto"));
    PrerequisiteResult manualTick(int i, const QString &why) const;
    void runDisk(int i, quint64 gen);
    void runHttp(int i, quint64 gen);
    void runTcp(int i, quint64 gen);
    void connectTcp(int i, quint64 gen, const QHostAddress &address, qint64 startedMs);
    void runCommand(int i, quint64 gen);
    void abortAll();
};

} // namespace lw
