#include "designer/strategiesarea.h"

#include "debug/debugpanel.h"
#include "designer/revisionhistorydialog.h"
#include "designer/strategybrowser.h"
#include "designer/strategydocument.h"
#include "designer/strategyeditor.h"
#include "designer/strategylistmodel.h"
#include "editor/scenariospage.h"
#include "governance/policy.h"
#include "model/strategydata.h"
#include "shell/actinguser.h"

#include "model/strategyjson.h"
#include "model/strategyvalidator.h"
#include "shell/actinguser.h"
#include "storage/workspace.h"

#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>
#include <algorithm>

namespace lw::ui {

namespace {
QStringList issueLines(const QList<ValidationIssue> &issues)
{
    QStringList lines;
    for (const ValidationIssue &i : issues)
        lines.append(i.toString());
    return lines;
}
} // namespace

StrategiesArea::StrategiesArea(Workspace &workspace, QWidget *parent)
    : QWidget(parent), m_ws(workspace), m_prompts(Prompts::interactive()), m_author(actingUser()),
      m_doc(new StrategyDocument(this)), m_list(new StrategyListModel(this)),
      m_browser(new StrategyBrowser(m_list)), m_editor(new StrategyEditor(m_doc)),
      m_splitter(new QSplitter(Qt::Horizontal)), m_debug(new DebugPanel(workspace))
{
    m_splitter->setObjectName(QStringLiteral("strategiesSplitter"));
    m_splitter->addWidget(m_browser);
    m_splitter->addWidget(m_editor);
    m_splitter->setStretchFactor(0, 0);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    // The list wide enough for names, type and safety, the rest for the editor (about 310 px at
    // 96 dpi, 390 at 120): the editor's pages need the room on a laptop screen.
    const int listWidth = std::max(300, fontMetrics().averageCharWidth() * 44);
    m_splitter->setSizes({listWidth, 1400 - listWidth});
    // The debug panel sits under the list and the editor; it keeps to its button row until used. The
    // list and editor scroll when the panel takes room below their minimum height (1366x768).
    auto *top = new QScrollArea;
    top->setObjectName(QStringLiteral("strategiesScroll"));
    top->setWidget(m_splitter);
    top->setWidgetResizable(true);
    top->setFrameShape(QFrame::NoFrame);
    auto *vertical = new QSplitter(Qt::Vertical);
    vertical->setObjectName(QStringLiteral("debugSplitter"));
    vertical->addWidget(top);
    vertical->addWidget(m_debug);
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 1);
    vertical->setSizes({700, 40});
    m_debug->setUser(m_author);
    m_debug->setConfirm([this](const QString &title, const QString &text) {
        return !m_prompts.confirm || m_prompts.confirm(this, title, text);
    });
    connect(m_debug, &DebugPanel::sendRequested, this, [this, vertical](const DebugOptions &o) {
        if (sendIteration(o) && vertical->sizes().value(1) < 240)
            vertical->setSizes({vertical->height() - 300, 300});
    });
    connect(m_debug, &DebugPanel::statusMessage, this, &StrategiesArea::statusMessage);
    m_showDebug = [vertical] {
        if (vertical->sizes().value(1) < 240)
            vertical->setSizes({vertical->height() - 300, 300});
    };
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(vertical);

    connect(m_browser, &StrategyBrowser::strategySelected, this, [this](qint64 id) { openStrategy(id); });
    connect(m_editor, &StrategyEditor::newRequested, this, &StrategiesArea::newStrategy);
    connect(m_editor, &StrategyEditor::importRequested, this, &StrategiesArea::importJson);
    connect(m_editor, &StrategyEditor::backToLatestRequested, this, [this] {
        if (m_doc->strategyId() != 0)
            openRevision(m_doc->strategyId(), 0);
    });
    reloadList();
}

void StrategiesArea::error(const QString &title, const QString &text, const QStringList &details)
{
    if (m_prompts.error)
        m_prompts.error(window(), title, text, details);
}

void StrategiesArea::reloadList()
{
    m_list->setStrategies(m_ws.strategies());
    m_browser->setCurrentStrategy(m_doc->strategyId());
}

void StrategiesArea::openFirst()
{
    const QList<StrategySummary> &all = m_list->strategies();
    if (!all.isEmpty())
        openStrategy(all.first().id);
}

void StrategiesArea::openInitial(qint64 lastUsed)
{
    const QList<StrategySummary> &all = m_list->strategies();
    for (const StrategySummary &s : all) {
        if (s.id == lastUsed) {
            openStrategy(s.id);
            return;
        }
    }
    // Plain requests before journeys: they run against any target, a journey needs its API.
    const governance::ApprovalPolicy policy = governance::loadPolicy(m_ws);
    qint64 journey = 0;
    for (const StrategySummary &s : all) {
        const std::optional<StrategyRevision> rev = m_ws.latestRevision(s.id);
        const ParseResult parsed = rev ? parseStrategy(rev->json) : ParseResult();
        if (!parsed.strategy || governance::requirementFor(policy, *parsed.strategy).approvals > 0)
            continue;
        if (parsed.strategy->schemaVersion() == 1) {
            openStrategy(s.id);
            return;
        }
        journey = journey ? journey : s.id;
    }
    if (journey)
        openStrategy(journey);
    else
        openFirst();
}

bool StrategiesArea::maybeSave()
{
    if (!m_doc->isModified())
        return true;
    switch (m_prompts.unsavedChanges(window(), m_doc->strategy().name)) {
    case UnsavedChoice::Save:
        return save();
    case UnsavedChoice::Discard:
        return true;
    case UnsavedChoice::Cancel:
        return false;
    }
    return false;
}

bool StrategiesArea::openStrategy(qint64 strategyId)
{
    if (strategyId == m_doc->strategyId() && m_doc->origin() == StrategyDocument::Origin::Latest)
        return true;
    return openRevision(strategyId, 0);
}

bool StrategiesArea::openRevision(qint64 strategyId, int revision)
{
    if (!maybeSave()) {
        m_browser->setCurrentStrategy(m_doc->strategyId()); // the switch did not happen
        return false;
    }
    return loadRevision(strategyId, revision);
}

bool StrategiesArea::loadRevision(qint64 strategyId, int revision)
{
    const std::optional<StrategyRevision> latest = m_ws.latestRevision(strategyId);
    const std::optional<StrategyRevision> rev = revision > 0 ? m_ws.revision(strategyId, revision) : latest;
    if (!rev || !latest) {
        error(tr("Cannot open strategy"),
              tr("Revision %1 of strategy %2 is not in the workspace.").arg(revision).arg(strategyId));
        return false;
    }
    const ParseResult parsed = parseStrategy(rev->json);
    if (!parsed.strategy) {
        error(tr("Cannot open strategy"),
              tr("The stored document of revision %1 cannot be read.").arg(rev->revision),
              issueLines(parsed.issues));
        return false;
    }
    const bool isLatest = rev->revision == latest->revision;
    // The stored copies of its data files: the Scenarios tab previews them, the validator reads columns.
    Strategy s = *parsed.strategy;
    QString dataError; // a missing copy leaves that source without content; the editor says so
    m_ws.loadDataFiles(s, &dataError);
    m_doc->load(s, strategyId, rev->revision,
                isLatest ? StrategyDocument::Origin::Latest : StrategyDocument::Origin::RevisionView);
    m_browser->setCurrentStrategy(strategyId);
    emit statusMessage(
        isLatest ? tr("Opened %1, revision %2").arg(parsed.strategy->name).arg(rev->revision)
                 : tr("Showing revision %1 of %2 (read-only)").arg(rev->revision).arg(parsed.strategy->name));
    return true;
}

bool StrategiesArea::newStrategy()
{
    if (!maybeSave())
        return false;
    const std::optional<Strategy> s = m_prompts.newStrategy(window());
    if (!s)
        return false;
    m_doc->load(*s, 0, 0, StrategyDocument::Origin::Latest, /*modified=*/true);
    m_browser->setCurrentStrategy(0);
    emit statusMessage(tr("New strategy from the %1 template: not saved yet").arg(displayName(s->type)));
    return true;
}

bool StrategiesArea::save()
{
    if (!m_doc->isOpen() || m_doc->isReadOnly())
        return false;
    m_doc->validateNow();
    if (!m_doc->isValid()) {
        const int n = int(m_doc->issues().size());
        error(tr("Cannot save yet"),
              tr("Only a valid strategy can be saved, and this one has %1. Fix them first: they are marked "
                 "on their fields and listed under the editor.")
                  .arg(n == 1 ? tr("1 problem") : tr("%1 problems").arg(n)),
              issueLines(m_doc->issues()));
        return false;
    }
    const Strategy s = m_doc->strategy();
    int next = 1;
    if (m_doc->strategyId() != 0) {
        if (const auto latest = m_ws.latestRevision(m_doc->strategyId()))
            next = latest->revision + 1;
    }
    const std::optional<QString> comment = m_prompts.saveComment(window(), s.name, next);
    if (!comment)
        return false;
    QString err;
    const std::optional<StrategyRevision> rev =
        m_ws.saveStrategy(m_doc->strategyId(), s, m_author, *comment, &err);
    if (!rev) {
        error(tr("Save failed"), err);
        return false;
    }
    m_doc->markSaved(rev->strategyId, rev->revision);
    reloadList();
    emit statusMessage(tr("Saved %1 as revision %2").arg(s.name).arg(rev->revision));
    return true;
}

bool StrategiesArea::importRecording(RecordingKind kind)
{
    if (!maybeSave() || !m_prompts.importRecording)
        return false;
    const std::optional<ImportedJourney> imported = m_prompts.importRecording(window(), kind);
    if (!imported)
        return false;
    m_doc->load(imported->strategy, 0, 0, StrategyDocument::Origin::Latest, /*modified=*/true);
    // The credentials' variables are set before a run, not now: they must not keep it from saving.
    m_doc->setSuppliedBeforeRun(imported->secretVariables);
    m_browser->setCurrentStrategy(0);
    m_editor->showPage(m_editor->page<ScenariosPage>());
    const QString source = kind == RecordingKind::Har ? tr("a HAR recording") : tr("curl command lines");
    emit statusMessage(imported->secretVariables.isEmpty()
                           ? tr("New strategy from %1: not saved yet").arg(source)
                           : tr("New strategy from %1: not saved yet; set %2 before a run")
                                 .arg(source, imported->secretVariables.join(QStringLiteral(", "))));
    return true;
}

bool StrategiesArea::importJson()
{
    const QString path = m_prompts.importFile(window());
    return !path.isEmpty() && importFile(path);
}

bool StrategiesArea::importFile(const QString &path)
{
    const QString shown = QFileInfo(path).fileName();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        error(tr("Import failed"), tr("Cannot read %1: %2").arg(path, file.errorString()));
        return false;
    }
    if (file.size() > kMaxStrategyBytes) {
        error(tr("Import refused"), tr("%1 is %2 MiB; strategy documents are limited to %3 MiB.")
                                        .arg(shown)
                                        .arg(double(file.size()) / (1024 * 1024), 0, 'f', 1)
                                        .arg(kMaxStrategyBytes / (1024 * 1024)));
        return false;
    }
    file.close();
    // Scenario data files are read beside the strategy file and stored with the revision.
    const ParseResult result = loadStrategyFile(path, m_doc->variables());
    if (!result.ok()) {
        const int n = int(result.issues.size());
        error(tr("Import refused"),
              tr("%1 is not a valid strategy (%2). Nothing was imported.")
                  .arg(shown, n == 1 ? tr("1 problem") : tr("%1 problems").arg(n)),
              issueLines(result.issues));
        return false;
    }
    // Only a valid file gets this far; now settle the open strategy's edits before switching to it.
    if (!maybeSave())
        return false;
    QString err;
    const std::optional<StrategyRevision> rev =
        m_ws.importStrategy(*result.strategy, m_author, tr("Imported from %1").arg(shown), &err);
    if (!rev) {
        error(tr("Import failed"), err);
        return false;
    }
    reloadList();
    loadRevision(rev->strategyId, 0);
    emit statusMessage(
        tr("Imported %1 as revision %2 of %3").arg(shown).arg(rev->revision).arg(result.strategy->name));
    return true;
}

bool StrategiesArea::exportJson()
{
    if (!m_doc->isOpen())
        return false;
    m_doc->validateNow();
    if (!m_doc->isValid()) {
        error(tr("Cannot export"), tr("Only a valid strategy can be exported; fix these problems first."),
              issueLines(m_doc->issues()));
        return false;
    }
    QString suggested = m_doc->strategy().name.trimmed();
    suggested.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9._-]+")), QStringLiteral("-"));
    const QString path = m_prompts.exportFile(window(), suggested + QStringLiteral(".json"));
    if (path.isEmpty())
        return false;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(toJson(m_doc->strategy(), true)) < 0 ||
        !file.commit()) {
        error(tr("Export failed"), tr("Cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    emit statusMessage(tr("Exported to %1").arg(path));
    return true;
}

bool StrategiesArea::archive()
{
    const qint64 id = m_doc->strategyId();
    if (id == 0)
        return false;
    const QString name = m_doc->strategy().name;
    if (!m_prompts.confirm(
            window(), tr("Archive strategy"),
            tr("Archive \"%1\"? It leaves the list; its revisions stay in the workspace history.").arg(name)))
        return false;
    QString err;
    if (!m_ws.archiveStrategy(id, &err)) {
        error(tr("Archive failed"), err);
        return false;
    }
    m_doc->close();
    reloadList();
    openFirst();
    emit statusMessage(tr("Archived %1").arg(name));
    return true;
}

bool StrategiesArea::sendIteration(const DebugOptions &options)
{
    if (m_doc->strategyId() == 0) {
        error(
            tr("Save the strategy first"),
            tr("A debug run sends a saved revision and is stored with it; this strategy is not saved yet."));
        return false;
    }
    if (m_doc->isModified() && !m_doc->isReadOnly()) {
        error(tr("Save the strategy first"),
              tr("A debug run sends the saved revision; save your changes so the iteration uses them."));
        return false;
    }
    m_debug->setUser(m_author);
    return m_debug->start(m_doc->strategyId(), options);
}

bool StrategiesArea::showDebugRun(qint64 runId)
{
    if (!m_debug->openRun(runId))
        return false;
    m_showDebug();
    return true;
}

RevisionHistoryDialog *StrategiesArea::showHistory()
{
    if (m_doc->strategyId() == 0) {
        error(tr("No history yet"), tr("This strategy has not been saved yet, so it has no revisions."));
        return nullptr;
    }
    auto *dlg = new RevisionHistoryDialog(m_ws, m_doc->strategyId(), window());
    dlg->setAttribute(Qt::WA_DeleteOnClose);
    connect(dlg, &RevisionHistoryDialog::openRevisionRequested, this, [this, dlg](qint64 id, int revision) {
        if (openRevision(id, revision))
            dlg->close();
    });
    dlg->open();
    return dlg;
}

} // namespace lw::ui
