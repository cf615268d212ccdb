#pragma once

// Trust on first use for workspaces. Signatures in a workspace verify up to its first admin, so a
// workspace rewritten from its first admin onward with someone else's keys verifies as well as the
// real one. The first time a user opens a workspace file, its identity (workspace.id) and the key
// fingerprint of its first admin are remembered in that user's configuration
// (~/.config/loadwright/trusted-workspaces.json, or LOADWRIGHT_TRUST_FILE); when a later open finds
// another identity or another first admin for the same file, its approvals are not valid until the
// user confirms the new fingerprint (trustWorkspace), as with an SSH host key.

#include <QDateTime>
#include <QList>
#include <QString>

namespace lw {
class Workspace;
}

namespace lw::audit {
struct User;
}

namespace lw::governance {

// "SHA256:" and the unpadded base64 of the SHA-256 of an Ed25519 public key (as OpenSSH prints).
QString keyFingerprint(const QByteArray &publicKey);

struct WorkspaceIdentity
{
    QString workspaceId;
    QString firstAdmin;  // empty while the workspace has no users
    QString fingerprint; // of the first admin's key; empty while there is none
    bool operator==(const WorkspaceIdentity &o) const
    {
        return workspaceId == o.workspaceId && firstAdmin == o.firstAdmin && fingerprint == o.fingerprint;
    }
};

struct WorkspaceTrust
{
    enum class Status
    {
        FirstUse, // not seen before: remembered now
        Trusted,  // as remembered (or remembered before its first admin existed, now completed)
        Changed,  // another identity or first admin than remembered: approvals are not valid
        Unknown   // the remembered identities could not be read or written (error says why)
    };
    Status status = Status::Unknown;
    WorkspaceIdentity remembered; // for Trusted and Changed
    WorkspaceIdentity current;
    QDateTime firstSeen;
    QString error;
    bool changed() const { return status == Status::Changed; }
    // For people: what changed, both fingerprints, and how to accept the new one.
    QString message() const;
};

QString trustFilePath();
WorkspaceIdentity workspaceIdentity(const Workspace &ws, QString *error);
// Compares ws with what this user remembers for its file, remembering it on first use.
WorkspaceTrust checkWorkspaceTrust(const Workspace &ws);
// The same with ws's users already read (oldest first), as evaluateApprovals has them.
WorkspaceTrust checkWorkspaceTrust(const Workspace &ws, const QList<audit::User> &users);
// Accepts the workspace's current identity for its file. When expectedFingerprint is not empty it
// must equal the current first admin's fingerprint (so a user confirms what they were shown).
bool trustWorkspace(const Workspace &ws, const QString &expectedFingerprint, QString *error);

} // namespace lw::governance
