#pragma once

// Add or edit a channel: name, plugin, events and minimum severity, and a form generated from the
// plugin's configuration fields (line edits, password fields for secrets, spin boxes, check boxes,
// multi-line text). Secrets are never shown: an empty password field keeps the stored one.

#include "notify/pluginregistry.h"
#include "notify/routing.h"

#include <QDialog>
#include <QMap>
#include <QVariantMap>

#include <functional>
#include <optional>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;

namespace lw::ui {

class ChannelDialog : public QDialog
{
    Q_OBJECT
public:
    // existing: edit that channel (name fixed); nullopt: add a new one.
    ChannelDialog(const notify::PluginRegistry &registry, const std::optional<notify::Channel> &existing,
                  QWidget *parent = nullptr);

    // What was entered: the channel (non-secret values in config) and the secrets typed now.
    notify::Channel channel() const;
    QVariantMap newSecrets() const;
    QString pluginName() const;

    // For tests and the area: the editor widget of a field ("" for none).
    QWidget *fieldEditor(const QString &key) const { return m_editors.value(key); }
    QLineEdit *nameEdit() const { return m_name; }
    void showError(const QString &message);
    // Called by Save: "" when saved (the dialog closes), else the problem (shown, the dialog stays).
    void setSaver(std::function<QString(const notify::Channel &, const QVariantMap &)> saver)
    {
        m_saver = std::move(saver);
    }
    void accept() override;

private:
    void buildForm();

    const notify::PluginRegistry &m_registry;
    std::optional<notify::Channel> m_existing;
    QLineEdit *m_name;
    QComboBox *m_plugin;
    QLineEdit *m_events;
    QComboBox *m_severity;
    QWidget *m_formHost;
    QFormLayout *m_form = nullptr;
    QLabel *m_description;
    QLabel *m_error;
    QMap<QString, QWidget *> m_editors;
    std::function<QString(const notify::Channel &, const QVariantMap &)> m_saver;
};

} // namespace lw::ui
