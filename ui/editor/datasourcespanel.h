#pragma once

// The strategy's test data: a table of data sources (name, file, order, when exhausted, per virtual
// user) with a file picker, and a preview of the selected source's first rows and its row count,
// read by the same reader the engine uses from the stored content (or from the file, relative to the
// strategy's directory, when the content is not loaded yet).

#include "editor/listtablemodel.h"
#include "model/strategy.h"
#include "model/strategyjson.h"

#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QTableWidget;

namespace lw::ui {

class TableEditor;

class DataSourcesPanel : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kPreviewRows = 10;
    // Applies mutate to the strategy's data list as one edit.
    using DataEdit = std::function<void(const std::function<void(QList<DataSource> &)> &, const QString &)>;

    explicit DataSourcesPanel(DataEdit edit, QWidget *parent = nullptr);

    void setSources(const QList<DataSource> &sources);
    void showIssues(const QList<ValidationIssue> &issues); // full paths ("data[0].file")
    // Where relative file names are looked up when a source's content is not loaded.
    void setBaseDirectory(const QString &dir) { m_baseDir = dir; }
    // Reads file (absolute, or relative to the base directory) into the selected source: file name,
    // content and sha256 in one edit. false with a message in the preview when it cannot be read.
    bool useFile(const QString &file);

    TableEditor *table() const { return m_table; }
    QTableWidget *preview() const { return m_preview; }
    QLabel *previewStatus() const { return m_status; }

private:
    void updatePreview();
    QByteArray contentOf(const DataSource &d, QString *error) const;

    DataEdit m_edit;
    QString m_baseDir;
    QList<DataSource> m_sources; // as last shown (to notice a changed file name)
    StructListModel<DataSource> *m_model;
    TableEditor *m_table;
    QPushButton *m_pick;
    QTableWidget *m_preview;
    QLabel *m_status;
    int m_loading = 0;
};

} // namespace lw::ui
