#include "designer/strategydocument.h"

#include "designer/strategyundo.h"

namespace lw::ui {

namespace {
constexpr int kValidateDelayMs = 150; // fast enough to feel live, slow enough not to run per keystroke
}

StrategyDocument::StrategyDocument(QObject *parent) : QObject(parent)
{
    m_validateTimer.setSingleShot(true);
    m_validateTimer.setInterval(kValidateDelayMs);
    connect(&m_validateTimer, &QTimer::timeout, this, &StrategyDocument::validateNow);
    connect(&m_undo, &QUndoStack::cleanChanged, this, &StrategyDocument::emitModifiedIfChanged);
}

bool StrategyDocument::isModified() const
{
    return isOpen() && (m_forcedModified || !m_undo.isClean());
}

void StrategyDocument::load(const Strategy &s, qint64 strategyId, int revision, Origin origin, bool modified)
{
    m_strategy = s;
    m_strategyId = strategyId;
    m_revision = revision;
    m_origin = origin;
    m_forcedModified = modified;
    m_suppliedBeforeRun.clear();
    m_undo.clear();
    m_undo.setClean();
    // Validation of freshly loaded content is immediate: the status bar should not flicker.
    validateNow();
    emit originChanged();
    emit loaded();
    emit strategyChanged();
    emitModifiedIfChanged();
}

void StrategyDocument::close()
{
    m_strategy = Strategy();
    m_strategyId = 0;
    m_revision = 0;
    m_origin = Origin::None;
    m_forcedModified = false;
    m_undo.clear();
    m_issues.clear();
    emit originChanged();
    emit loaded();
    emit strategyChanged();
    emit issuesChanged();
    emitModifiedIfChanged();
}

void StrategyDocument::useAsBase()
{
    if (m_origin != Origin::RevisionView)
        return;
    m_origin = Origin::RevisionAsBase;
    m_forcedModified = true;
    emit originChanged();
    emitModifiedIfChanged();
}

void StrategyDocument::markSaved(qint64 strategyId, int revision)
{
    m_strategyId = strategyId;
    m_revision = revision;
    m_origin = Origin::Latest;
    m_forcedModified = false;
    m_undo.setClean();
    emit originChanged();
    emitModifiedIfChanged();
}

void StrategyDocument::edit(const Strategy &changed, const QString &mergeKey, const QString &description)
{
    if (!isOpen() || isReadOnly() || changed == m_strategy)
        return;
    const Strategy before = m_strategy;
    m_strategy = changed;
    auto *cmd = new StrategySnapshotCommand(before, changed, mergeKey,
                                            description.isEmpty() ? tr("Edit") : description,
                                            [this](const Strategy &s) { apply(s); });
    m_undo.push(cmd);
    contentChanged();
}

void StrategyDocument::setVariables(const Variables &vars)
{
    m_vars = vars;
    if (isOpen())
        validateNow();
}

void StrategyDocument::setSuppliedBeforeRun(const QStringList &names)
{
    m_suppliedBeforeRun = names;
    if (isOpen())
        validateNow();
}

void StrategyDocument::validateNow()
{
    m_validateTimer.stop();
    QList<ValidationIssue> issues;
    if (isOpen()) {
        Variables vars = m_vars;
        for (const QString &name : std::as_const(m_suppliedBeforeRun)) {
            if (!vars.lookup(name))
                vars.values.insert(name, QStringLiteral("secret")); // never stored or sent
        }
        issues = validateStrategy(m_strategy, vars);
    }
    if (issues == m_issues)
        return;
    m_issues = issues;
    emit issuesChanged();
}

void StrategyDocument::apply(const Strategy &s)
{
    m_strategy = s;
    contentChanged();
}

void StrategyDocument::contentChanged()
{
    m_validateTimer.start();
    emit strategyChanged();
    emitModifiedIfChanged();
}

void StrategyDocument::emitModifiedIfChanged()
{
    const bool modified = isModified();
    if (modified == m_lastModified)
        return;
    m_lastModified = modified;
    emit modifiedChanged(modified);
}

} // namespace lw::ui
