#include "shell/prompts.h"

#include "designer/importjourneydialog.h"
#include "designer/newstrategydialog.h"
#include "designer/savedialog.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFontDatabase>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QStyle>
#include <QVBoxLayout>

namespace lw::ui {

namespace {

QString jsonFilter()
{
    return QObject::tr("Strategy JSON (*.json);;All files (*)");
}

UnsavedChoice askUnsaved(QWidget *parent, const QString &name)
{
    QMessageBox box(QMessageBox::Warning, QObject::tr("Unsaved changes"),
                    QObject::tr("<b>%1</b> has unsaved changes.").arg(name.toHtmlEscaped()),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, parent);
    box.setInformativeText(QObject::tr("Save them as a new revision before you continue?"));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save:
        return UnsavedChoice::Save;
    case QMessageBox::Discard:
        return UnsavedChoice::Discard;
    default:
        return UnsavedChoice::Cancel;
    }
}

// A message with a selectable, scrollable list of every detail (validation issues can be many).
void showError(QWidget *parent, const QString &title, const QString &text, const QStringList &details)
{
    if (details.isEmpty()) {
        QMessageBox::warning(parent, title, text);
        return;
    }
    QDialog dlg(parent);
    dlg.setWindowTitle(title);
    auto *layout = new QVBoxLayout(&dlg);
    auto *top = new QHBoxLayout;
    auto *iconLabel = new QLabel;
    iconLabel->setPixmap(dlg.style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(32, 32));
    iconLabel->setAlignment(Qt::AlignTop);
    top->addWidget(iconLabel);
    auto *label = new QLabel(text);
    label->setWordWrap(true);
    top->addWidget(label, 1);
    layout->addLayout(top);
    auto *list = new QPlainTextEdit(details.join(QLatin1Char('\n')));
    list->setReadOnly(true);
    list->setLineWrapMode(QPlainTextEdit::NoWrap);
    list->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    layout->addWidget(list, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dlg, &QDialog::reject);
    layout->addWidget(buttons);
    dlg.resize(640, 360);
    dlg.exec();
}

} // namespace

Prompts Prompts::interactive()
{
    Prompts p;
    p.unsavedChanges = askUnsaved;
    p.saveComment = [](QWidget *parent, const QString &name, int revision) -> std::optional<QString> {
        SaveDialog dlg(name, revision, parent);
        if (dlg.exec() != QDialog::Accepted)
            return std::nullopt;
        return dlg.comment();
    };
    p.newStrategy = [](QWidget *parent) -> std::optional<Strategy> {
        NewStrategyDialog dlg(parent);
        if (dlg.exec() != QDialog::Accepted)
            return std::nullopt;
        return dlg.strategy();
    };
    p.importFile = [](QWidget *parent) {
        return QFileDialog::getOpenFileName(parent, QObject::tr("Import strategy"), QDir::homePath(),
                                            jsonFilter());
    };
    p.importRecording = [](QWidget *parent, RecordingKind kind) -> std::optional<ImportedJourney> {
        const bool har = kind == RecordingKind::Har;
        ImportJourneyDialog dlg(har ? ImportJourneyDialog::Source::Har : ImportJourneyDialog::Source::Curl,
                                parent);
        if (har) {
            const QString path =
                QFileDialog::getOpenFileName(parent, QObject::tr("Import HAR recording"), QDir::homePath(),
                                             QObject::tr("HAR recordings (*.har *.json);;All files (*)"));
            if (path.isEmpty())
                return std::nullopt;
            QFile file(path);
            if (!file.open(QIODevice::ReadOnly)) {
                showError(parent, QObject::tr("Import failed"),
                          QObject::tr("Cannot read %1: %2").arg(path, file.errorString()), {});
                return std::nullopt;
            }
            dlg.setHar(file.readAll(), path);
        }
        if (dlg.exec() != QDialog::Accepted || !dlg.strategy())
            return std::nullopt;
        return ImportedJourney{*dlg.strategy(), dlg.secretVariables()};
    };
    p.exportFile = [](QWidget *parent, const QString &suggested) {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        return QFileDialog::getSaveFileName(parent, QObject::tr("Export strategy"),
                                            QDir(dir).filePath(suggested), jsonFilter());
    };
    p.error = showError;
    p.confirm = [](QWidget *parent, const QString &title, const QString &text) {
        return QMessageBox::question(parent, title, text, QMessageBox::Yes | QMessageBox::Cancel,
                                     QMessageBox::Cancel) == QMessageBox::Yes;
    };
    return p;
}

} // namespace lw::ui
