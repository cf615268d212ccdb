#pragma once

// Who acts in the workbench: the one place the GUI asks. The acting user is the QSettings value
// "run/user" (chosen in Edit > Preferences), else $USER ($USERNAME), else "unknown". It is the
// author of saved revisions, the user of runs, the signer of approvals and the actor of audited
// settings changes, as --as USER is on the command line.

#include <QString>

namespace lw::ui {

QString actingUser();
// Stores the choice; an empty name clears it (back to the account name).
void setActingUser(const QString &name);
// $USER, else $USERNAME, else "unknown": the fallback when nothing is chosen.
QString systemUser();

} // namespace lw::ui
