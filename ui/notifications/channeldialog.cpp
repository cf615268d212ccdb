#include "notifications/channeldialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace lw::ui {

using notify::ConfigField;

ChannelDialog::ChannelDialog(const notify::PluginRegistry &registry,
                             const std::optional<notify::Channel> &existing, QWidget *parent)
    : QDialog(parent), m_registry(registry), m_existing(existing), m_name(new QLineEdit),
      m_plugin(new QComboBox), m_events(new QLineEdit), m_severity(new QComboBox), m_formHost(new QWidget),
      m_description(new QLabel), m_error(new QLabel)
{
    setWindowTitle(existing ? tr("Edit channel %1").arg(existing->name) : tr("Add notification channel"));
    m_name->setObjectName(QStringLiteral("channelName"));
    m_name->setPlaceholderText(tr("team-alerts"));
    m_plugin->setObjectName(QStringLiteral("channelPlugin"));
    for (const QString &name : registry.loadedNames())
        m_plugin->addItem(name);
    m_events->setObjectName(QStringLiteral("channelEvents"));
    m_events->setToolTip(tr("Comma-separated: run.*, safety.*, rollback.step, approval.*, "
                            "prerequisite.failed, or * for every event"));
    m_severity->setObjectName(QStringLiteral("channelSeverity"));
    m_severity->addItems({QStringLiteral("info"), QStringLiteral("warning"), QStringLiteral("critical")});
    m_description->setWordWrap(true);
    m_description->setStyleSheet(QStringLiteral("color: palette(mid);"));
    m_error->setObjectName(QStringLiteral("channelError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_error->hide();

    if (existing) {
        m_name->setText(existing->name);
        m_name->setReadOnly(true);
        m_plugin->setCurrentText(existing->plugin);
        m_events->setText(existing->events);
        m_severity->setCurrentText(existing->minSeverity);
    } else {
        m_events->setText(QStringLiteral("*"));
    }

    auto *top = new QFormLayout;
    top->addRow(tr("Name"), m_name);
    top->addRow(tr("Plugin"), m_plugin);
    top->addRow(QString(), m_description);
    top->addRow(tr("Events"), m_events);
    top->addRow(tr("Minimum severity"), m_severity);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    buttons->button(QDialogButtonBox::Save)->setEnabled(m_plugin->count() > 0);

    auto *settings = new QLabel(tr("<b>Settings</b>"));
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(settings);
    layout->addWidget(m_formHost);
    layout->addWidget(m_error);
    layout->addStretch();
    layout->addWidget(buttons);
    connect(m_plugin, &QComboBox::currentTextChanged, this, &ChannelDialog::buildForm);
    buildForm();
    resize(520, sizeHint().height());
}

void ChannelDialog::buildForm()
{
    delete m_formHost->layout();
    qDeleteAll(m_formHost->findChildren<QWidget *>(QString(), Qt::FindDirectChildrenOnly));
    m_editors.clear();
    m_form = new QFormLayout(m_formHost);
    m_form->setContentsMargins(0, 0, 0, 0);
    const notify::PluginInfo *info = m_registry.find(m_plugin->currentText());
    if (!info) {
        m_description->setText(tr("No notification plugin is loaded; see the Plugins tab."));
        return;
    }
    m_description->setText(info->description);
    const bool samePlugin = m_existing && m_existing->plugin == info->name;
    for (const ConfigField &f : info->fields) {
        const QVariant stored = samePlugin ? m_existing->config.value(f.key) : QVariant();
        const QString text = stored.isValid() ? stored.toString() : f.defaultValue;
        QWidget *editor = nullptr;
        switch (f.type) {
        case ConfigField::Type::Integer: {
            auto *spin = new QSpinBox;
            spin->setRange(0, 1000000000);
            spin->setValue(text.toInt());
            editor = spin;
            break;
        }
        case ConfigField::Type::Boolean: {
            auto *check = new QCheckBox;
            check->setChecked(text == QLatin1String("true") || text == QLatin1String("1"));
            editor = check;
            break;
        }
        case ConfigField::Type::Text: {
            auto *edit = new QPlainTextEdit(text);
            edit->setFixedHeight(70);
            editor = edit;
            break;
        }
        case ConfigField::Type::Secret: {
            auto *edit = new QLineEdit;
            edit->setEchoMode(QLineEdit::Password);
            const bool kept = samePlugin && m_existing->secretFields.contains(f.key);
            edit->setPlaceholderText(kept ? tr("stored in the system keychain; type to replace")
                                          : tr("kept in the system keychain, never in the workspace"));
            editor = edit;
            break;
        }
        case ConfigField::Type::Url:
        case ConfigField::Type::String: {
            auto *edit = new QLineEdit(text);
            if (f.type == ConfigField::Type::Url)
                edit->setPlaceholderText(QStringLiteral("https://..."));
            editor = edit;
            break;
        }
        }
        editor->setObjectName(QStringLiteral("field_") + f.key);
        editor->setToolTip(f.help);
        m_editors.insert(f.key, editor);
        m_form->addRow(f.required ? f.label + QStringLiteral(" *") : f.label, editor);
    }
}

QString ChannelDialog::pluginName() const
{
    return m_plugin->currentText();
}

notify::Channel ChannelDialog::channel() const
{
    notify::Channel c = m_existing.value_or(notify::Channel());
    c.name = m_name->text().trimmed();
    if (c.plugin != pluginName()) {
        c.secretFields.clear();
        c.plugin = pluginName();
    }
    c.events = m_events->text().trimmed();
    c.minSeverity = m_severity->currentText();
    c.config.clear();
    const notify::PluginInfo *info = m_registry.find(pluginName());
    if (!info)
        return c;
    for (const ConfigField &f : info->fields) {
        QWidget *w = m_editors.value(f.key);
        if (f.type == ConfigField::Type::Secret || !w)
            continue;
        if (auto *spin = qobject_cast<QSpinBox *>(w))
            c.config.insert(f.key, spin->value());
        else if (auto *check = qobject_cast<QCheckBox *>(w))
            c.config.insert(f.key, check->isChecked());
        else if (auto *text = qobject_cast<QPlainTextEdit *>(w)) {
            if (!text->toPlainText().isEmpty())
                c.config.insert(f.key, text->toPlainText());
        } else if (auto *line = qobject_cast<QLineEdit *>(w)) {
            if (!line->text().trimmed().isEmpty())
                c.config.insert(f.key, line->text().trimmed());
        }
    }
    return c;
}

QVariantMap ChannelDialog::newSecrets() const
{
    QVariantMap secrets;
    const notify::PluginInfo *info = m_registry.find(pluginName());
    if (!info)
        return secrets;
    for (const ConfigField &f : info->fields) {
        auto *line = qobject_cast<QLineEdit *>(m_editors.value(f.key));
        if (f.type == ConfigField::Type::Secret && line && !line->text().isEmpty())
            secrets.insert(f.key, line->text());
    }
    return secrets;
}

void ChannelDialog::accept()
{
    if (m_saver) {
        const QString problem = m_saver(channel(), newSecrets());
        if (!problem.isEmpty()) {
            showError(problem);
            return;
        }
    }
    QDialog::accept();
}

void ChannelDialog::showError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

} // namespace lw::ui
