#include "editor/variablesview.h"

#include "editor/variablehighlighter.h"
#include "model/scenariovariables.h"

#include <QHeaderView>
#include <QSet>

namespace lw::ui {

namespace {
const QColor kBad(0xb4, 0x23, 0x18);
}

VariablesView::VariablesView(QWidget *parent) : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("variablesView"));
    setColumnCount(3);
    setHeaderLabels({tr("Variable / used in"), tr("Defined by"), tr("Status")});
    setAlternatingRowColors(true);
    setUniformRowHeights(true);
    setRootIsDecorated(true);
    header()->setStretchLastSection(true);
    header()->setSectionResizeMode(NameColumn, QHeaderView::Interactive);
    setColumnWidth(NameColumn, 240);
    setColumnWidth(DefinedColumn, 220);
    setProperty("lwNotEditor", true);
    connect(this, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const QString path = item->data(NameColumn, PathRole).toString();
        if (!path.isEmpty())
            emit pathActivated(path);
    });
}

void VariablesView::setContent(const Strategy &s, const QList<ValidationIssue> &issues)
{
    // Keep which variables were expanded across rebuilds (every edit rebuilds).
    QSet<QString> expanded;
    for (int i = 0; i < topLevelItemCount(); ++i)
        if (topLevelItem(i)->isExpanded())
            expanded.insert(topLevelItem(i)->text(NameColumn));
    const bool first = topLevelItemCount() == 0;
    clear();
    for (const RuntimeVariable &v : runtimeVariables(s)) {
        auto *top = new QTreeWidgetItem(this);
        top->setText(NameColumn, QStringLiteral("{{%1}}").arg(v.name));
        QString defined = toString(v.kind);
        if (!v.definedAt.isEmpty())
            defined += QStringLiteral(": ") + v.definedAt.join(QStringLiteral(", "));
        top->setText(DefinedColumn, defined);
        top->setToolTip(DefinedColumn, defined);
        top->setData(NameColumn, PathRole, v.definedAt.value(0));
        int bad = 0;
        for (const QString &use : v.usedAt) {
            auto *child = new QTreeWidgetItem(top);
            child->setText(NameColumn, use);
            child->setData(NameColumn, PathRole, use);
            QStringList messages;
            for (const ValidationIssue &i : issues)
                if (i.path == use && referenceOfMessage(i.message) == v.name)
                    messages.append(i.message);
            if (messages.isEmpty()) {
                child->setText(StatusColumn, tr("ok"));
            } else {
                ++bad;
                child->setText(StatusColumn, messages.join(QStringLiteral("; ")));
                child->setToolTip(StatusColumn, messages.join(QLatin1Char('\n')));
                for (int c = 0; c < columnCount(); ++c)
                    child->setForeground(c, kBad);
            }
        }
        if (v.usedAt.isEmpty())
            top->setText(StatusColumn, tr("defined, not used"));
        else if (bad > 0)
            top->setText(StatusColumn, tr("%1 problem(s)").arg(bad));
        else
            top->setText(StatusColumn, tr("used %1 time(s)").arg(v.usedAt.size()));
        if (bad > 0)
            for (int c = 0; c < columnCount(); ++c)
                top->setForeground(c, kBad);
        top->setExpanded(first || expanded.contains(top->text(NameColumn)) || bad > 0);
    }
}

} // namespace lw::ui
