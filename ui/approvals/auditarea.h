#pragma once

// The Audit area: the workspace's audit log in a table with filters (action kind, actor, text, date
// range), the chain verification on top (intact with the head hash, or the first bad entry, which is
// highlighted and always listed), and Export to JSON or CSV with the head hash.

#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace lw {
class Workspace;
}

namespace lw::ui {

class AuditFilterProxy;
class AuditLogModel;

class AuditArea : public QWidget
{
    Q_OBJECT
public:
    explicit AuditArea(Workspace &ws, QWidget *parent = nullptr);

    void reload(); // reads and verifies the log again
    // Asks for a file (JSON or CSV by its suffix) and writes the log; false when cancelled or failed.
    bool exportLog();
    bool exportTo(const QString &path, QString *error);
    // Replaces the save-file dialog (tests).
    void setExportPathPrompt(std::function<QString()> prompt) { m_prompt = std::move(prompt); }

    AuditLogModel *model() const { return m_model; }
    AuditFilterProxy *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    QLabel *chainLabel() const { return m_chain; }
    QComboBox *kindFilter() const { return m_kind; }
    QComboBox *actorFilter() const { return m_actor; }
    QLineEdit *textFilter() const { return m_text; }
    QCheckBox *dateFilter() const { return m_dates; }
    QDateEdit *fromDate() const { return m_from; }
    QDateEdit *toDate() const { return m_to; }
    bool chainIntact() const { return m_intact; }

signals:
    void statusMessage(const QString &message);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void applyFilters();
    void updateCount();
    void resetChoices(QComboBox *combo, const QString &allText, const QStringList &values);

    Workspace &m_ws;
    AuditLogModel *m_model;
    AuditFilterProxy *m_proxy;
    QLabel *m_chain;
    QComboBox *m_kind;
    QComboBox *m_actor;
    QLineEdit *m_text;
    QCheckBox *m_dates;
    QDateEdit *m_from;
    QDateEdit *m_to;
    QPushButton *m_export;
    QPushButton *m_refresh;
    QLabel *m_count;
    QTableView *m_table;
    std::function<QString()> m_prompt;
    bool m_intact = false;
};

} // namespace lw::ui
