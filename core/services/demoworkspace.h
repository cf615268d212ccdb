#pragma once

// The demo workspace the README's first command opens.

#include <QString>
#include <QStringList>

namespace lw {

// Creates (or refreshes) a demo workspace at path from the sample strategies in resources/strategies
// (compiled into lw_services as :/strategies/*.json). A sample whose latest revision already has the
// same content hash is skipped, so running it again adds nothing. Samples are saved with author
// "demo", on the audit trail like every save.
bool createDemoWorkspace(const QString &path, QString *error);
// The same, reporting each strategy it imported as "NAME as revision N" in *imported.
bool createDemoWorkspace(const QString &path, QStringList *imported, QString *error);

} // namespace lw
