#pragma once

// The results tree of a debug run: iteration -> step -> request, response, timing, extractions,
// checks, cookies (-> their lines). Two columns: what, and its value. Steps, extractions and checks
// carry a pass/fail state (StateRole, and a decoration icon). JSON bodies are pretty-printed and cut
// at kMaxBodyChars; the whole body of a node is in FullTextRole. Secrets are masked
// (results/debugrecord.h) unless setShowSecrets(true).

#include <QAbstractItemModel>
#include <QIcon>
#include <QJsonObject>
#include <QList>

#include <memory>
#include <vector>

namespace lw::ui {

class DebugResultsModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum class State
    {
        None,
        Passed,
        Failed
    };
    enum Roles
    {
        StateRole = Qt::UserRole + 1, // int(State)
        FullTextRole,                 // a body or value in full (pretty-printed, masked as shown)
        KindRole                      // "iteration", "step", "request", "response", "body", ...
    };
    static constexpr qsizetype kMaxBodyChars = 64 * 1024;

    explicit DebugResultsModel(QObject *parent = nullptr);
    ~DebugResultsModel() override;

    void setRecords(const QList<QJsonObject> &records);
    void appendRecord(const QJsonObject &record);
    void clear();
    const QList<QJsonObject> &records() const { return m_records; } // as the engine sent them
    void setShowSecrets(bool show);
    bool showSecrets() const { return m_showSecrets; }
    int maskedCount() const { return m_masked; }
    int failedSteps() const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Node;
    void rebuild();
    Node *node(const QModelIndex &index) const;

    QList<QJsonObject> m_records;
    bool m_showSecrets = false;
    int m_masked = 0;
    std::unique_ptr<Node> m_root;
    QIcon m_pass;
    QIcon m_fail;
};

} // namespace lw::ui
