#include "editor/datasourcespanel.h"

#include "editor/columns.h"
#include "editor/tableeditor.h"
#include "model/strategydata.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace lw::ui {

namespace {

QList<Field<DataSource>> dataFields()
{
    Field<DataSource> file = textField<DataSource>(QObject::tr("File"), QStringLiteral("file"),
                                                   &DataSource::file, QStringLiteral("users.csv"));
    file.spec.toolTip =
        QObject::tr(".csv with a header row, or .jsonl / .ndjson; relative to the strategy file");
    Field<DataSource> perVu =
        checkField<DataSource>(QObject::tr("Per VU"), QStringLiteral("per_vu"), &DataSource::perVu, 70);
    perVu.spec.toolTip = QObject::tr("A virtual user keeps one row for its whole life (an account)");
    return {textField<DataSource>(QObject::tr("Name"), QStringLiteral("name"), &DataSource::name,
                                  QStringLiteral("users"), 100),
            file,
            choiceField<DataSource>(QObject::tr("Order"), QStringLiteral("order"), &DataSource::order,
                                    allDataOrders(), 100),
            choiceField<DataSource>(QObject::tr("When exhausted"), QStringLiteral("on_exhausted"),
                                    &DataSource::onExhausted, allDataExhausteds(), 120),
            perVu};
}

DataSource newSource()
{
    DataSource d;
    d.name = QStringLiteral("users");
    return d;
}

} // namespace

DataSourcesPanel::DataSourcesPanel(DataEdit edit, QWidget *parent)
    : QWidget(parent), m_edit(std::move(edit)),
      m_model(new StructListModel<DataSource>(dataFields(), newSource(), this)),
      m_table(new TableEditor(m_model, tr("No test data. Add a CSV or JSON-lines file: its columns become "
                                          "{{name.column}} variables."))),
      m_pick(new QPushButton(tr("Choose &file..."))), m_preview(new QTableWidget), m_status(new QLabel)
{
    m_table->setObjectName(QStringLiteral("dataTable"));
    m_table->setAutoSelectFirst(true);
    m_table->setMovable(false);
    m_table->view()->setMinimumHeight(90);
    m_preview->setObjectName(QStringLiteral("dataPreview"));
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->setAlternatingRowColors(true);
    m_preview->verticalHeader()->setDefaultSectionSize(24);
    m_preview->setProperty("lwNotEditor", true);
    m_status->setObjectName(QStringLiteral("dataPreviewStatus"));
    m_status->setWordWrap(true);
    m_pick->setToolTip(
        tr("Pick the data file of the selected source; its content is stored with the strategy"));

    auto *top = new QWidget;
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_table, 1);
    auto *pickRow = new QHBoxLayout;
    pickRow->addWidget(m_pick);
    pickRow->addStretch();
    topLayout->addLayout(pickRow);
    auto *bottom = new QWidget;
    auto *bottomLayout = new QVBoxLayout(bottom);
    bottomLayout->setContentsMargins(0, 0, 0, 0);
    bottomLayout->addWidget(m_status);
    bottomLayout->addWidget(m_preview, 1);
    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(top);
    splitter->addWidget(bottom);
    splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(splitter);

    connect(m_model, &ListTableModel::rowsEdited, this, [this] {
        if (m_loading > 0)
            return;
        QList<DataSource> items = m_model->items();
        // A new file name: read it now so the preview, the validator and the hash see its rows.
        for (qsizetype i = 0; i < items.size(); ++i) {
            DataSource &d = items[i];
            if (i < m_sources.size() && m_sources[i].file != d.file) {
                d.content = QByteArray();
                d.sha256.clear();
            }
            if (d.content.isNull() && !d.file.trimmed().isEmpty()) {
                QString error;
                const QByteArray content = contentOf(d, &error);
                if (error.isEmpty()) {
                    d.content = content;
                    d.sha256 = QString::fromLatin1(
                        QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
                }
            }
        }
        m_edit([&](QList<DataSource> &list) { list = items; }, tr("Edit data sources"));
    });
    connect(m_table, &TableEditor::currentRowChanged, this, [this] { updatePreview(); });
    connect(m_pick, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Choose a data file"), m_baseDir,
                                                          tr("Test data (*.csv *.jsonl *.ndjson)"));
        if (!file.isEmpty())
            useFile(file);
    });
    updatePreview();
}

void DataSourcesPanel::setSources(const QList<DataSource> &sources)
{
    ++m_loading;
    m_sources = sources;
    m_model->setItems(sources);
    --m_loading;
    updatePreview();
}

void DataSourcesPanel::showIssues(const QList<ValidationIssue> &issues)
{
    m_table->showIssues(issues, QStringLiteral("data"));
}

QByteArray DataSourcesPanel::contentOf(const DataSource &d, QString *error) const
{
    if (!d.content.isNull())
        return d.content;
    if (d.file.trimmed().isEmpty()) {
        *error = tr("No file yet: choose one.");
        return {};
    }
    const QString path = QDir(m_baseDir.isEmpty() ? QDir::currentPath() : m_baseDir).filePath(d.file);
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(path), f.errorString());
        return {};
    }
    QByteArray content = f.readAll();
    if (content.isNull())
        content = QByteArray("");
    return content;
}

bool DataSourcesPanel::useFile(const QString &file)
{
    const int row = m_table->currentRow();
    if (row < 0)
        return false;
    DataSource probe;
    probe.file = file;
    QString error;
    const QByteArray content = contentOf(probe, &error);
    if (!error.isEmpty()) {
        m_status->setText(error);
        return false;
    }
    const QString sha =
        QString::fromLatin1(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex());
    m_edit(
        [&](QList<DataSource> &list) {
            if (row < list.size()) {
                list[row].file = file;
                list[row].content = content;
                list[row].sha256 = sha;
            }
        },
        tr("Choose data file"));
    return true;
}

void DataSourcesPanel::updatePreview()
{
    const int row = m_table->currentRow();
    const QList<DataSource> &items = m_sources; // with their content (the table ignores it)
    m_preview->clear();
    m_preview->setRowCount(0);
    m_preview->setColumnCount(0);
    m_pick->setEnabled(row >= 0 && !m_model->isReadOnly());
    if (row < 0 || row >= items.size()) {
        m_status->setText(tr("Select a data source to see its first rows."));
        return;
    }
    DataSource d = items[row];
    QString error;
    d.content = contentOf(d, &error);
    if (!error.isEmpty()) {
        m_status->setText(error);
        return;
    }
    const DataPreview p = previewData(d, kPreviewRows);
    if (!p.error.isEmpty()) {
        m_status->setText(p.line > 0 ? tr("%1 line %2: %3").arg(d.file).arg(p.line).arg(p.error)
                                     : tr("%1: %2").arg(d.file, p.error));
        return;
    }
    const QString rows = p.rowCount == 1 ? tr("1 row") : tr("%1 rows").arg(p.rowCount);
    const QString columns = p.columns.size() == 1 ? tr("1 column") : tr("%1 columns").arg(p.columns.size());
    m_status->setText(tr("%1, %2; the first %3 shown. Use them as {{%4.%5}}.")
                          .arg(rows, columns)
                          .arg(qMin<qsizetype>(p.rowCount, kPreviewRows))
                          .arg(d.name, p.columns.value(0)));
    m_preview->setColumnCount(int(p.columns.size()));
    m_preview->setHorizontalHeaderLabels(p.columns);
    m_preview->setRowCount(int(p.rows.size()));
    for (int r = 0; r < p.rows.size(); ++r)
        for (int c = 0; c < p.rows[r].size(); ++c)
            m_preview->setItem(r, c, new QTableWidgetItem(p.rows[r][c]));
    m_preview->horizontalHeader()->setStretchLastSection(true);
}

} // namespace lw::ui
