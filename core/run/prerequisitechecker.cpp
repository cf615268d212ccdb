#include "run/prerequisitechecker_p.h"

#include <csignal>

namespace lw {

using Outcome = PrerequisiteResult::Outcome;

void PrerequisiteChecker::Private::complete(int i, quint64 gen, Outcome outcome, const QString &detail,
                                            qint64 startedMs, const QString &checkedBy)
{
    if (gen != generation || !running || results.at(i))
        return;
    PrerequisiteResult r = base(i);
    r.outcome = outcome;
    r.detail = detail;
    r.checkedBy = checkedBy;
    r.durationMs = clock.elapsed() - startedMs;
    r.checkedAt = QDateTime::currentDateTimeUtc();
    results[i] = r;
    Q_EMIT q->checked(r);
    if (--pending == 0 && gen == generation) {
        running = false;
        QList<PrerequisiteResult> all;
        for (const auto &res : std::as_const(results))
            all << *res;
        Q_EMIT q->finished(all);
    }
}

PrerequisiteResult PrerequisiteChecker::Private::manualTick(int i, const QString &why) const
{
    PrerequisiteResult r = base(i);
    const bool ticked = confirmed.contains(items.at(i).name);
    r.outcome = ticked ? Outcome::Confirmed : Outcome::Unconfirmed;
    r.checkedBy = ticked ? user : QString();
    r.detail = why + (ticked ? QStringLiteral("confirmed by ") + user : QStringLiteral("not confirmed"));
    r.checkedAt = QDateTime::currentDateTimeUtc();
    return r;
}

void PrerequisiteChecker::Private::abortAll()
{
    ++generation;
    cancelHttp->store(true);
    for (const QPointer<QProcess> &p : std::as_const(processes)) {
        if (p && p->processId() > 0)
            ::kill(-pid_t(p->processId()), SIGKILL);
        if (p) {
            p->disconnect(q);
            p->waitForFinished(1000); // SIGKILL is immediate; reap so no zombie is left behind
            p->deleteLater();
        }
    }
    processes.clear();
    for (const QPointer<QObject> &h : std::as_const(helpers)) {
        if (h) {
            h->disconnect(q);
            h->deleteLater();
        }
    }
    helpers.clear();
}

PrerequisiteChecker::PrerequisiteChecker(QObject *parent) : QObject(parent), d(std::make_unique<Private>())
{
    qRegisterMetaType<lw::PrerequisiteResult>();
    qRegisterMetaType<QList<lw::PrerequisiteResult>>();
    d->q = this;
}

PrerequisiteChecker::~PrerequisiteChecker()
{
    d->running = false;
    d->abortAll();
    d->pool.waitForDone();
}

bool PrerequisiteChecker::isRunning() const
{
    return d->running;
}

void PrerequisiteChecker::start(const QList<Prerequisite> &resolved, const QStringList &confirmedManual,
                                const QString &user, const QStringList &allowHosts)
{
    if (d->running)
        return;
    d->items = resolved;
    d->results = QList<std::optional<PrerequisiteResult>>(resolved.size());
    d->confirmed = confirmedManual;
    d->user = user;
    d->allow = engine::AllowList();
    for (const QString &host : allowHosts) {
        std::string ignored; // the workspace validates its allow-list when it is edited
        d->allow.add(host.trimmed().toStdString(), ignored);
    }
    for (const QPointer<QObject> &h : std::as_const(d->helpers)) {
        if (h)
            h->deleteLater(); // timers of the previous check that did not fire
    }
    d->helpers.clear();
    d->processes.clear();
    d->cancelHttp = std::make_shared<std::atomic<bool>>(false);
    d->pool.setMaxThreadCount(qMax(1, int(resolved.size())));
    d->pending = int(resolved.size());
    d->running = true;
    d->clock.start();
    const quint64 gen = ++d->generation;

    // Every result, even an immediate one, is delivered from the event loop after start() returns.
    QMetaObject::invokeMethod(
        this,
        [this, gen] {
            if (gen != d->generation)
                return;
            if (d->items.isEmpty()) {
                d->running = false;
                Q_EMIT finished({});
                return;
            }
            for (int i = 0; i < d->items.size() && gen == d->generation; ++i) {
                const Prerequisite &p = d->items.at(i);
                if (p.type == PrerequisiteType::Manual || (!p.autoCheck && p.required)) {
                    const PrerequisiteResult r = d->manualTick(
                        i, p.type == PrerequisiteType::Manual ? QString()
                                                              : QStringLiteral("automatic check off; "));
                    d->complete(i, gen, r.outcome, r.detail, d->clock.elapsed(), r.checkedBy);
                    continue;
                }
                if (!p.autoCheck) {
                    d->complete(i, gen, Outcome::Skipped, QStringLiteral("automatic check off"),
                                d->clock.elapsed());
                    continue;
                }
                switch (p.type) {
                case PrerequisiteType::HttpHealth:
                    d->runHttp(i, gen);
                    break;
                case PrerequisiteType::TcpPort:
                    d->runTcp(i, gen);
                    break;
                case PrerequisiteType::Command:
                    d->runCommand(i, gen);
                    break;
                case PrerequisiteType::FreeDisk:
                    d->runDisk(i, gen);
                    break;
                case PrerequisiteType::Manual:
                    break;
                }
            }
        },
        Qt::QueuedConnection);
}

void PrerequisiteChecker::cancel()
{
    if (!d->running)
        return;
    d->abortAll();
    QList<PrerequisiteResult> all;
    for (int i = 0; i < d->items.size(); ++i) {
        if (!d->results.at(i)) {
            PrerequisiteResult r = d->base(i);
            r.outcome = Outcome::Failed;
            r.detail = QStringLiteral("cancelled");
            r.checkedAt = QDateTime::currentDateTimeUtc();
            d->results[i] = r;
            Q_EMIT checked(r);
        }
        all << *d->results.at(i);
    }
    d->running = false;
    Q_EMIT finished(all);
}

} // namespace lw
