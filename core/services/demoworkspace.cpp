#include "services/demoworkspace.h"

#include "model/strategydata.h"
#include "model/strategyjson.h"
#include "model/strategyvalidator.h"
#include "services/openworkspace.h"

#include <QDir>
#include <QFile>

namespace lw {

bool createDemoWorkspace(const QString &path, QString *error)
{
    return createDemoWorkspace(path, nullptr, error);
}

bool createDemoWorkspace(const QString &path, QStringList *imported, QString *error)
{
    const QDir samples(QStringLiteral(":/strategies"));
    const QStringList files = samples.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    if (files.isEmpty()) {
        if (error)
            *error = QStringLiteral("this build has no sample strategies (:/strategies is empty)");
        return false;
    }

    // Validate every sample before touching the workspace: a broken build must not half-fill it.
    // Variables come from their defaults only, so the environment cannot make a sample invalid.
    Variables defaultsOnly;
    defaultsOnly.useEnvironment = false;
    QList<Strategy> strategies;
    for (const QString &file : files) {
        QFile f(samples.filePath(file));
        if (!f.open(QIODevice::ReadOnly)) {
            if (error)
                *error = QStringLiteral("cannot read the sample %1: %2").arg(file, f.errorString());
            return false;
        }
        const QByteArray json = f.readAll();
        ParseResult parsed = parseStrategy(json);
        QList<ValidationIssue> issues = parsed.issues;
        if (parsed.strategy) {
            // Data files of scenario samples sit beside them (resources/strategies/*.csv).
            issues += loadDataFiles(*parsed.strategy, samples.path());
            issues += validateStrategy(*parsed.strategy, defaultsOnly);
        }
        if (!issues.isEmpty() || !parsed.strategy) {
            if (error)
                *error = QStringLiteral("the sample %1 is invalid: %2")
                             .arg(file, issues.isEmpty() ? QStringLiteral("no strategy")
                                                         : issues.first().toString());
            return false;
        }
        strategies.append(*parsed.strategy);
    }

    const std::unique_ptr<Workspace> ws = openWorkspace(path, error);
    if (!ws)
        return false;
    for (const Strategy &s : strategies) {
        if (const auto existing = ws->strategyByName(s.name)) {
            if (existing->latestHash == contentHash(s)) {
                if (existing->archived && !ws->restoreStrategy(existing->id, error))
                    return false;
                continue;
            }
        }
        const auto rev = ws->importStrategy(s, QStringLiteral("demo"), QStringLiteral("Demo sample"), error);
        if (!rev)
            return false;
        if (imported)
            imported->append(QStringLiteral("%1 as revision %2").arg(s.name).arg(rev->revision));
    }
    return true;
}

} // namespace lw
