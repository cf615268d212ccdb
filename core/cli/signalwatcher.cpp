#include "cli/signalwatcher.h"

#include <QSocketNotifier>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace lw::cli {

namespace {
// The write end of the active watcher's pipe; the handler may only touch async-signal-safe state.
std::atomic<int> g_writeFd{-1};

void onSignal(int signalNumber)
{
    const int saved = errno;
    const int fd = g_writeFd.load();
    if (fd >= 0) {
        const unsigned char byte = static_cast<unsigned char>(signalNumber);
        [[maybe_unused]] const ssize_t n = ::write(fd, &byte, 1);
    }
    errno = saved;
}
} // namespace

struct SignalWatcher::Private
{
    int fds[2] = {-1, -1};
    QSocketNotifier *notifier = nullptr;
    struct sigaction oldInt = {};
    struct sigaction oldTerm = {};
    bool installed = false;
    int count = 0;
};

SignalWatcher::SignalWatcher(QObject *parent) : QObject(parent), d(std::make_unique<Private>())
{
    if (g_writeFd.load() >= 0 || ::pipe2(d->fds, O_CLOEXEC | O_NONBLOCK) != 0)
        return;
    g_writeFd.store(d->fds[1]);
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, &d->oldInt);
    ::sigaction(SIGTERM, &action, &d->oldTerm);
    d->installed = true;
    d->notifier = new QSocketNotifier(d->fds[0], QSocketNotifier::Read, this);
    connect(d->notifier, &QSocketNotifier::activated, this, &SignalWatcher::onReadable);
}

SignalWatcher::~SignalWatcher()
{
    if (d->installed) {
        ::sigaction(SIGINT, &d->oldInt, nullptr);
        ::sigaction(SIGTERM, &d->oldTerm, nullptr);
        g_writeFd.store(-1);
    }
    for (int fd : d->fds) {
        if (fd >= 0)
            ::close(fd);
    }
}

bool SignalWatcher::isActive() const
{
    return d->installed;
}

void SignalWatcher::onReadable()
{
    unsigned char bytes[16];
    ssize_t n = 0;
    while ((n = ::read(d->fds[0], bytes, sizeof bytes)) > 0) {
        for (ssize_t i = 0; i < n; ++i)
            Q_EMIT received(bytes[i], ++d->count);
    }
}

} // namespace lw::cli
