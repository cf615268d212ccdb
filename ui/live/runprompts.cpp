#include "live/runprompts.h"

#include "live/prerundialog.h"

#include <QMessageBox>
#include <QPushButton>

namespace lw::ui {

RunPrompts RunPrompts::interactive()
{
    RunPrompts p;
    p.preRun = [](QWidget *parent, const PreRunInfo &info) -> std::optional<PreRunChoice> {
        PreRunDialog dlg(info, parent);
        if (dlg.exec() != QDialog::Accepted)
            return std::nullopt;
        return dlg.choice();
    };
    p.closeWhileRunning = [](QWidget *parent, const QString &name) {
        QMessageBox box(QMessageBox::Warning, QObject::tr("A run is in progress"),
                        name.isEmpty() ? QObject::tr("A run is in progress.")
                                       : QObject::tr("<b>%1</b> is running.").arg(name.toHtmlEscaped()),
                        QMessageBox::NoButton, parent);
        box.setInformativeText(
            QObject::tr("Stop it gracefully and quit when it has ended, keep it running and "
                        "quit when it finishes, or cancel and stay."));
        QPushButton *stop = box.addButton(QObject::tr("Stop gracefully"), QMessageBox::DestructiveRole);
        QPushButton *wait = box.addButton(QObject::tr("Keep waiting"), QMessageBox::AcceptRole);
        box.addButton(QMessageBox::Cancel);
        box.setDefaultButton(QMessageBox::Cancel);
        box.exec();
        if (box.clickedButton() == stop)
            return CloseWhileRunning::StopGracefully;
        if (box.clickedButton() == wait)
            return CloseWhileRunning::KeepWaiting;
        return CloseWhileRunning::Cancel;
    };
    p.error = [](QWidget *parent, const QString &title, const QString &text) {
        QMessageBox::warning(parent, title, text);
    };
    return p;
}

} // namespace lw::ui
