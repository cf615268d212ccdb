#pragma once

#include <QDateTime>

namespace lw::audit {

// Now, in UTC: $LOADWRIGHT_NOW (ISO 8601, for tests of expiry) when set and valid, else the system
// clock. Used for approval timestamps, expiry and audit times.
QDateTime now();

} // namespace lw::audit
