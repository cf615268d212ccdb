#pragma once

// Shared set-up for the designer suites: a real SQLite workspace in a temporary directory filled
// from the sample strategies, a MainWindow on it, and scripted answers to every prompt.

#include "designer/strategiesarea.h"
#include "services/demoworkspace.h"
#include "services/openworkspace.h"
#include "shell/mainwindow.h"
#include "shell/prompts.h"
#include "storage/workspace.h"

#include <QStandardPaths>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

struct ScriptedPrompts
{
    lw::ui::UnsavedChoice unsavedAnswer = lw::ui::UnsavedChoice::Cancel;
    std::optional<QString> comment = QStringLiteral("test change");
    std::optional<lw::Strategy> newStrategy;
    QString importPath;
    QString exportPath;
    bool confirmAnswer = true;
    int unsavedAsked = 0;
    QStringList errors;       // titles
    QStringList errorDetails; // all detail lines

    lw::ui::Prompts prompts()
    {
        lw::ui::Prompts p;
        p.unsavedChanges = [this](QWidget *, const QString &) {
            ++unsavedAsked;
            return unsavedAnswer;
        };
        p.saveComment = [this](QWidget *, const QString &, int) {
            return comment;
        };
        p.newStrategy = [this](QWidget *) {
            return newStrategy;
        };
        p.importFile = [this](QWidget *) {
            return importPath;
        };
        p.exportFile = [this](QWidget *, const QString &) {
            return exportPath;
        };
        p.error = [this](QWidget *, const QString &title, const QString &, const QStringList &details) {
            errors.append(title);
            errorDetails.append(details);
        };
        p.confirm = [this](QWidget *, const QString &, const QString &) {
            return confirmAnswer;
        };
        return p;
    }
};

class DesignerFixture
{
public:
    // Opens a fresh workspace; with demo, filled from resources/strategies.
    bool open(bool demo = true)
    {
        QStandardPaths::setTestModeEnabled(true); // QSettings and data dirs stay out of the user's home
        if (!dir.isValid())
            return false;
        path = dir.filePath(QStringLiteral("ws.lwdb"));
        QString error;
        if (demo && !lw::createDemoWorkspace(path, &error)) {
            qWarning("demo workspace: %s", qPrintable(error));
            return false;
        }
        auto ws = lw::openWorkspace(path, &error);
        if (!ws) {
            qWarning("workspace: %s", qPrintable(error));
            return false;
        }
        window = std::make_unique<lw::ui::MainWindow>(std::move(ws));
        area()->setPrompts(answers.prompts());
        area()->setAuthor(QStringLiteral("tester"));
        return true;
    }
    // A second connection to the same file, to check what was really written.
    std::unique_ptr<lw::Workspace> reader() const
    {
        QString error;
        return lw::openWorkspace(path, &error);
    }
    lw::ui::StrategiesArea *area() const { return window->strategiesArea(); }

    QTemporaryDir dir;
    QString path;
    ScriptedPrompts answers;
    std::unique_ptr<lw::ui::MainWindow> window;
};
