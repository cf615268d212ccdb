#pragma once

// The Locust engine adapter: runs a strategy on Locust's distributed mode (Debian's python3-locust)
// through loadwright_locust_bridge.py, which speaks loadwright-engine's protocol (PROTOCOL.md), so
// EngineProcess and the run controller drive it like the built-in engine. The bridge checks the
// allow-list before anything starts, generates the locustfile, starts a master and the workers on
// loopback in one process group, merges the workers' HDR histograms per interval and kills every
// Locust process when the run ends or its controller goes away.

#include "run/engineprocess.h"

#include <QString>

namespace lw {

// The directory holding loadwright_locust_bridge.py: $LOADWRIGHT_LOCUST_DIR, else <app>/locust,
// else <app>/../share/loadwright/locust, else the build tree's copy; empty when none has it.
QString locustAdapterDir();

// The interpreter that sees Debian's python3 packages (a python3 earlier on PATH may not).
QString locustPython();

// How to launch the Locust engine with workers worker processes (1..64); problem set when the
// interpreter or the adapter's files are missing. A missing python3-locust is reported by the
// bridge when the run starts (a refusal naming the package).
EngineLaunch locustEngineLaunch(int workers);

} // namespace lw
