#pragma once

// Channel secrets (ConfigField::Type::Secret) in the system keychain through QtKeychain: service
// "loadwright", key "<workspace id>/<channel>/<field>". Nothing falls back to plain text: when no
// keychain is reachable the call fails with a message saying so. Calls block until the keychain
// answers (they run a local event loop), so use them from a thread that may wait: the CLI, the
// delivery worker, or the GUI for a short save.

#include <QString>

#include <optional>

namespace lw::notify {

class SecretStore
{
public:
    explicit SecretStore(QString workspaceId);

    static QString service() { return QStringLiteral("loadwright"); }
    QString keyFor(const QString &channel, const QString &field) const;

    bool write(const QString &channel, const QString &field, const QString &value, QString *error) const;
    // nullopt with error set when the secret is missing or the keychain cannot be read.
    std::optional<QString> read(const QString &channel, const QString &field, QString *error) const;
    // A missing entry counts as removed.
    bool remove(const QString &channel, const QString &field, QString *error) const;

private:
    QString m_workspaceId;
};

} // namespace lw::notify
