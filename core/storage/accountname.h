#pragma once

// The name of the operating-system account running the program: who acts when no one is chosen
// (saves, runs, settings changes, the CLI without --as).

#include <QString>

namespace lw {

// $USER, else $LOGNAME, else $USERNAME, else the account's name from the password database
// (getpwuid), so a service or container without those variables still names a real account;
// "unknown" only when none of them gives a name.
QString accountName();

} // namespace lw
