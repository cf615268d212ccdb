#pragma once

// The Locust engine adapter: runs a strategy on Locust's distributed mode (Debian's python3-locust)
// through loadwright_locust_bridge.py, which speaks loadwright-engine's protocol (PROTOCOL.md), so
// EngineProcess and the run controller drive it like the built-in engine. The bridge checks the
// allow-list (and every remote worker host) before anything starts, generates the locustfile, starts a
// master and the local and remote workers in one process group, waits for the expected workers, merges the
// workers' HDR histograms per interval and kills every Locust process when the run ends or its controller
// goes away.

#include "model/strategy.h"
#include "run/engineprocess.h"

#include <QString>

namespace lw {

// The directory holding loadwright_locust_bridge.py: $LOADWRIGHT_LOCUST_DIR, else <app>/locust,
// else <app>/../share/loadwright/locust, else the build tree's copy; empty when none has it.
QString locustAdapterDir();

// The interpreter that sees Debian's python3 packages (a python3 earlier on PATH may not).
QString locustPython();

// How to launch the Locust engine for engine (its local, remote and external workers, the master's
// address and the wait for workers); problem set when the options are not valid or the interpreter or
// the adapter's files are missing. A missing python3-locust is reported by the bridge when the run
// starts (a refusal naming the package), and so is a remote worker host outside the allow-list.
EngineLaunch locustEngineLaunch(const EngineChoice &engine);
// The same with workers local worker processes (1..64) and nothing else.
EngineLaunch locustEngineLaunch(int workers);

} // namespace lw
