#pragma once

// Load profile tab: open/closed model, stages, connection and timing limits, with the profile
// preview chart and the capacity planner beside them, both updated on every change.

#include "editor/editorpage.h"
#include "editor/fieldissues.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QSplitter;

namespace lw::ui {

class CapacityPlanner;
class LoadProfilePreview;
class TableEditor;

class LoadProfilePage : public EditorPage
{
    Q_OBJECT
public:
    explicit LoadProfilePage(StrategyDocument *doc, QWidget *parent = nullptr);

    QString title() const override { return tr("Load"); }
    QStringList issuePrefixes() const override { return {QStringLiteral("load")}; }
    void refresh(const Strategy &s) override;
    void showIssues(const QList<ValidationIssue> &issues) override;
    void fitToWidth(int width) override;

    TableEditor *stagesTable() const { return m_stages; }

private:
    QWidget *buildSettings();
    void editLoad(const std::function<void(LoadProfile &)> &mutate, const QString &mergeKey);

    StructListModel<Stage> *m_stageModel;
    TableEditor *m_stages;
    QComboBox *m_model;
    QSpinBox *m_maxConnections;
    QLineEdit *m_requestTimeout;
    QLineEdit *m_thinkTime;
    QCheckBox *m_rateCapOn;
    QDoubleSpinBox *m_rateCap;
    QLabel *m_summary;
    LoadProfilePreview *m_preview;
    CapacityPlanner *m_planner;
    QSplitter *m_columns = nullptr;
    FieldIssues m_fields;
};

} // namespace lw::ui
