#pragma once

namespace lw::engine {

// Version of the loadwright-engine executable (follows the project version).
const char *engineVersion();
// Version of the stdin/stdout line protocol (PROTOCOL.md). Bumped on incompatible changes.
constexpr int kProtocolVersion = 1;

} // namespace lw::engine
