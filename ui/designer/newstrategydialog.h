#pragma once

// New strategy from a template: pick a test type (with its profile and key limits shown), name it.

#include "model/strategy.h"

#include <QColor>
#include <QDialog>
#include <QIcon>
#include <QPixmap>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace lw::ui {

class LoadProfilePreview;

class NewStrategyDialog : public QDialog
{
    Q_OBJECT

public:
    explicit NewStrategyDialog(QWidget *parent = nullptr);

    // The chosen type's template with the entered name.
    lw::Strategy strategy() const;

    lw::StrategyType selectedType() const;
    void setSelectedType(lw::StrategyType type);
    QListWidget *typeList() const { return m_types; }
    QLineEdit *nameEdit() const { return m_name; }
    QPushButton *createButton() const { return m_create; }
    LoadProfilePreview *preview() const { return m_preview; }
    QString detailsText() const;

    // A small picture of a template's load shape, used as its icon (selectedColor: for selected rows).
    static QIcon profileIcon(const lw::LoadProfile &profile, const QColor &color,
                             const QColor &selectedColor = QColor());

private:
    static QPixmap profilePixmap(const lw::LoadProfile &profile, const QColor &color);
    void typeChanged();
    void updateCreateButton();

    QListWidget *m_types = nullptr;
    QLabel *m_heading = nullptr;
    QLabel *m_summary = nullptr;
    LoadProfilePreview *m_preview = nullptr;
    QLabel *m_details = nullptr;
    QLineEdit *m_name = nullptr;
    QLabel *m_nameHint = nullptr;
    QPushButton *m_create = nullptr;
};

} // namespace lw::ui
