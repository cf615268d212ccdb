#pragma once

// Splits command lines into words the way a shell does, keeping where each word started, for the
// curl importer: bash ('...', $'...', "...", backslash escapes and backslash-newline continuations,
// ';' '&&' '|' and newlines between commands) and Windows cmd.exe (^ escapes and ^-newline
// continuations, then the Microsoft C runtime's argument rules: "...", "" and \" inside quotes).

#include <QList>
#include <QString>

#include <optional>

namespace lw::import {

enum class ShellDialect
{
    Auto,
    Bash,
    Cmd
};

struct ShellWord
{
    QString text;
    qsizetype offset = 0; // where the word starts in the input
};

struct ShellCommand
{
    QList<ShellWord> words;
};

struct ShellError
{
    QString message; // "line 2, column 9: unterminated single quote"
    int line = 0;
    int column = 0;
};

// Cmd when the text has the marks of "Copy as cURL (cmd)" (^" or a line ending in ^), else Bash.
ShellDialect detectDialect(const QString &text);

// Commands with at least one word; nullopt with error for an unterminated quote.
std::optional<QList<ShellCommand>> splitCommands(const QString &text, ShellDialect dialect,
                                                 ShellError *error);

// 1-based line and column (in characters) of offset in text.
void lineColumn(const QString &text, qsizetype offset, int *line, int *column);

} // namespace lw::import
