#pragma once

// Turns SIGINT and SIGTERM into a Qt signal delivered from the event loop (self-pipe + socket
// notifier), so `loadwright run` can stop its run gracefully instead of dying. One watcher at a time;
// the previous handlers come back when it is destroyed.

#include <QObject>

#include <memory>

class QSocketNotifier;

namespace lw::cli {

class SignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

    bool isActive() const; // false when the pipe or the handlers could not be installed

Q_SIGNALS:
    // signalNumber: SIGINT or SIGTERM; count: how many of either arrived so far (1 for the first).
    void received(int signalNumber, int count);

private:
    void onReadable();
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace lw::cli
