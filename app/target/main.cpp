// loadwright-target: a loopback HTTP/1.1 server with injectable latency, errors and stalls.
#include "targetoptions.h"
#include "targetserver.h"

#include <poll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>

using namespace lw::target;

int main(int argc, char **argv)
{
    std::string error;
    const auto options = parseTargetOptions(argc, argv, &error);
    if (!options) {
        std::fprintf(stderr, "loadwright-target: %s\n", error.c_str());
        return 2;
    }
    if (options->help) {
        std::fputs(targetUsage(), stdout);
        return 0;
    }

    // Many connections are the point of a load target: use every descriptor we may.
    rlimit files{};
    if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }

    // Signals are taken through a signalfd by this thread only; workers inherit the mask.
    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGTERM);
    sigprocmask(SIG_BLOCK, &mask, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    const int sigFd = signalfd(-1, &mask, SFD_CLOEXEC);

    TargetServer server(*options);
    if (!server.listen(&error)) {
        std::fprintf(stderr, "loadwright-target: %s\n", error.c_str());
        return 1;
    }
    server.start();
    std::printf("listening on %s\n", server.address().c_str());
    std::fflush(stdout);
    std::fprintf(stderr, "loadwright-target: latency %s, error rate %g, body %lld bytes, %d thread(s)%s\n",
                 options->latency.describe().c_str(), options->errorRate,
                 static_cast<long long>(options->bodySize), options->threads,
                 options->stallNs > 0 ? ", stalls on" : "");

    const int64_t deadline = options->durationNs > 0 ? monotonicNs() + options->durationNs : 0;
    const char *why = "stopped";
    while (true) {
        int timeoutMs = -1;
        if (deadline) {
            const int64_t left = deadline - monotonicNs();
            if (left <= 0) {
                why = "duration reached";
                break;
            }
            timeoutMs = int((left + 999'999) / 1'000'000);
        }
        pollfd fds[2] = {{sigFd, POLLIN, 0}, {server.stopRequestedFd(), POLLIN, 0}};
        if (poll(fds, 2, timeoutMs) < 0)
            continue;
        if (fds[0].revents & POLLIN) {
            signalfd_siginfo info{};
            [[maybe_unused]] const ssize_t r = read(sigFd, &info, sizeof info);
            why = info.ssi_signo == SIGINT ? "interrupted" : "terminated";
            break;
        }
        if (fds[1].revents & POLLIN) {
            why = "max requests answered";
            break;
        }
    }
    server.stop();
    std::fprintf(stderr, "loadwright-target: %s after %lld requests\n", why,
                 static_cast<long long>(server.stats().responses.load()));
    close(sigFd);
    return 0;
}
