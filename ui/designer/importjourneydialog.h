#pragma once

// Import a journey from recorded traffic: a HAR file (Chromium or Firefox developer tools) or pasted
// curl command lines. Shows the steps it gives, the requests left out (assets, third-party hosts,
// cached answers: tick one to put it back), the correlation suggestions (tick to accept, each on its
// own), the recorded credentials (not stored unless ticked) and, for curl, the options that were not
// understood or have no effect. The result is a strategy built with those choices; the recorded
// values of secrets not kept never leave the dialog.

#include "import/importresult.h"

#include <QDialog>
#include <QMap>

#include <optional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;

namespace lw::ui {

class ImportJourneyDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Source
    {
        Har,
        Curl
    };

    explicit ImportJourneyDialog(Source source, QWidget *parent = nullptr);

    // HAR: the recording and its file name (shown in the title and in error messages).
    void setHar(const QByteArray &har, const QString &fileName);
    // curl: the command lines (as if pasted into the text box).
    void setCurlText(const QString &text);

    // The strategy for the current choices; nullopt while the input is malformed or gives no step.
    std::optional<Strategy> strategy() const;
    // Variables of flagged secrets the strategy still needs before a run ("PASSWORD").
    QStringList secretVariables() const;
    // The problem with the input ("line 3, column 14: ..."), empty when it was read.
    QString errorText() const;

    QLineEdit *nameEdit() const { return m_name; }
    QCheckBox *thinkTimesBox() const { return m_thinkTimes; }
    QPlainTextEdit *curlEdit() const { return m_curl; }
    QTabWidget *tabs() const { return m_tabs; }
    QTreeWidget *stepList() const { return m_steps; }
    QTreeWidget *leftOutList() const { return m_leftOut; }
    QTreeWidget *suggestionList() const { return m_suggestions; }
    QTreeWidget *secretList() const { return m_secrets; }
    QTreeWidget *optionList() const { return m_options; }
    QLabel *summaryLabel() const { return m_summary; }
    QPushButton *openButton() const { return m_open; }

    // Column of the tick box in the left-out, suggestion and secret lists.
    static constexpr int kTickColumn = 0;

private:
    QTreeWidget *makeList(const QStringList &headers);
    void reimport(); // reads the input again (entries put back, think times changed)
    void rebuild();  // the strategy for the ticks, and the views that show it
    void fillLists();
    void updateTabs();

    Source m_source;
    QByteArray m_har;
    QString m_fileName;
    std::optional<import::ImportResult> m_result;
    QString m_error;
    std::optional<Strategy> m_built;
    // Choices survive a re-import (suggestion and secret ids are renumbered): keyed by what they are.
    QSet<QString> m_accepted;
    QSet<QString> m_kept;
    QMap<int, QPair<QString, QString>> m_putBack; // entry -> request, why it was left out
    int m_filling = 0;

    QLineEdit *m_name;
    QCheckBox *m_thinkTimes = nullptr;
    QPlainTextEdit *m_curl = nullptr;
    QTimer *m_curlDelay = nullptr;
    QLabel *m_summary;
    QLabel *m_errorLabel;
    QTabWidget *m_tabs;
    QTreeWidget *m_steps;
    QTreeWidget *m_leftOut = nullptr;
    QTreeWidget *m_suggestions;
    QTreeWidget *m_secrets;
    QTreeWidget *m_options = nullptr;
    QPushButton *m_open;
};

} // namespace lw::ui
