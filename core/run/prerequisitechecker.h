#pragma once

// Checks a run's prerequisites (already resolved: no ${VARIABLES} left) asynchronously and
// concurrently, each bounded by its own timeout; lives in, and emits from, the thread that owns it.
//
//   http     GET with libcurl (no redirects followed); passes when the status equals expect_status.
//            The host must be loopback or on allowHosts (engine::AllowList entries: addresses, CIDR,
//            names, "*.x"), checked on the name and on every resolved address BEFORE connecting;
//            otherwise Failed "host X is not on the workspace allow-list".
//   tcp      connect to host:port (same allow-list rule); passes when the connection is accepted.
//   command  /bin/sh -c in its own process group; passes on exit status 0. On timeout the whole
//            group is killed (SIGKILL), and so is anything the shell left running in it when it exits.
//            Detail names the exit code and the last line of stderr.
//   disk     free space at path (QStorageInfo) compared with min_free_mib.
//   manual   Confirmed (checkedBy = user) when its name is in confirmedManual, else Unconfirmed.
//   auto_check false (not manual): not run. A required one becomes a manual tick: Confirmed when its
//            name is in confirmedManual, else Unconfirmed (blocks the run); an optional one is Skipped.
//
// checked() is emitted per item as it completes, finished() exactly once with every item in the
// order given. cancel() stops what is running (processes killed, transfers aborted) and finishes at
// once: items not done are Failed with detail "cancelled".

#include "model/strategy.h"
#include "results/runtypes.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>

namespace lw {

class PrerequisiteChecker : public QObject
{
    Q_OBJECT
public:
    explicit PrerequisiteChecker(QObject *parent = nullptr);
    ~PrerequisiteChecker() override; // cancels a check in progress (without emitting)

    bool isRunning() const;

public Q_SLOTS:
    // One check at a time: calling start() while running emits nothing and returns.
    void start(const QList<lw::Prerequisite> &resolved, const QStringList &confirmedManual,
               const QString &user, const QStringList &allowHosts);
    void cancel();

Q_SIGNALS:
    void checked(const lw::PrerequisiteResult &result);
    void finished(const QList<lw::PrerequisiteResult> &results);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace lw
