#include "import/shellwords.h"

#include <QRegularExpression>

namespace lw::import {

void lineColumn(const QString &text, qsizetype offset, int *line, int *column)
{
    int l = 1;
    qsizetype start = 0;
    for (qsizetype i = 0; i < offset && i < text.size(); ++i) {
        if (text.at(i) == QLatin1Char('\n')) {
            ++l;
            start = i + 1;
        }
    }
    *line = l;
    *column = int(offset - start) + 1;
}

ShellDialect detectDialect(const QString &text)
{
    static const QRegularExpression caretEnd(QStringLiteral("\\^[ \\t]*\\r?$"),
                                             QRegularExpression::MultilineOption);
    if (text.contains(QLatin1String("^\"")) || caretEnd.match(text).hasMatch() ||
        text.trimmed().startsWith(QLatin1String("curl.exe"), Qt::CaseInsensitive))
        return ShellDialect::Cmd;
    return ShellDialect::Bash;
}

namespace {

bool fail(ShellError *error, const QString &text, qsizetype at, const QString &what)
{
    if (error) {
        lineColumn(text, at, &error->line, &error->column);
        error->message =
            QStringLiteral("line %1, column %2: %3").arg(error->line).arg(error->column).arg(what);
    }
    return false;
}

class Builder
{
public:
    QList<ShellCommand> commands;
    void append(QChar c, qsizetype at)
    {
        if (!m_inWord) {
            m_inWord = true;
            m_word = ShellWord{QString(), at};
        }
        m_word.text += c;
    }
    void touch(qsizetype at) // an empty quoted word ('') still is a word
    {
        if (!m_inWord) {
            m_inWord = true;
            m_word = ShellWord{QString(), at};
        }
    }
    void endWord()
    {
        if (m_inWord)
            m_current.words.append(m_word);
        m_inWord = false;
    }
    void endCommand()
    {
        endWord();
        if (!m_current.words.isEmpty())
            commands.append(m_current);
        m_current = ShellCommand();
    }

private:
    bool m_inWord = false;
    ShellWord m_word;
    ShellCommand m_current;
};

int hexValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= '0' && u <= '9')
        return u - '0';
    if (u >= 'a' && u <= 'f')
        return u - 'a' + 10;
    if (u >= 'A' && u <= 'F')
        return u - 'A' + 10;
    return -1;
}

// $'...' starting at i (the $); returns the index after the closing quote, or -1.
qsizetype ansiC(const QString &t, qsizetype i, Builder &b)
{
    const qsizetype start = i;
    b.touch(start);
    i += 2;
    QByteArray bytes; // \xHH and octal escapes are bytes (UTF-8 when they form one)
    const auto flush = [&] {
        for (const QChar c : QString::fromUtf8(bytes))
            b.append(c, start);
        bytes.clear();
    };
    while (i < t.size()) {
        const QChar c = t.at(i);
        if (c == QLatin1Char('\'')) {
            flush();
            return i + 1;
        }
        if (c != QLatin1Char('\\') || i + 1 >= t.size()) {
            flush();
            b.append(c, start);
            ++i;
            continue;
        }
        const QChar e = t.at(i + 1);
        i += 2;
        switch (e.unicode()) {
        case 'n':
            flush();
            b.append(QLatin1Char('\n'), start);
            break;
        case 't':
            flush();
            b.append(QLatin1Char('\t'), start);
            break;
        case 'r':
            flush();
            b.append(QLatin1Char('\r'), start);
            break;
        case 'a':
            flush();
            b.append(QChar(7), start);
            break;
        case 'b':
            flush();
            b.append(QChar(8), start);
            break;
        case 'f':
            flush();
            b.append(QChar(12), start);
            break;
        case 'v':
            flush();
            b.append(QChar(11), start);
            break;
        case 'e':
        case 'E':
            flush();
            b.append(QChar(27), start);
            break;
        case 'x': {
            int v = 0, n = 0;
            while (n < 2 && i < t.size() && hexValue(t.at(i)) >= 0)
                v = v * 16 + hexValue(t.at(i++)), ++n;
            bytes.append(char(v));
            break;
        }
        case 'u':
        case 'U': {
            const int max = e == QLatin1Char('u') ? 4 : 8;
            uint v = 0;
            int n = 0;
            while (n < max && i < t.size() && hexValue(t.at(i)) >= 0)
                v = v * 16 + uint(hexValue(t.at(i++))), ++n;
            flush();
            const char32_t cp = char32_t(v);
            for (const QChar u : QString::fromUcs4(&cp, 1))
                b.append(u, start);
            break;
        }
        default:
            if (e >= QLatin1Char('0') && e <= QLatin1Char('7')) {
                int v = e.unicode() - '0', n = 1;
                while (n < 3 && i < t.size() && t.at(i) >= QLatin1Char('0') && t.at(i) <= QLatin1Char('7'))
                    v = v * 8 + (t.at(i++).unicode() - '0'), ++n;
                bytes.append(char(v));
            } else {
                flush();
                b.append(e, start); // \\ \' \" \? and anything else
            }
        }
    }
    return -1;
}

bool splitBash(const QString &t, Builder &b, ShellError *error)
{
    qsizetype i = 0;
    while (i < t.size()) {
        const QChar c = t.at(i);
        const QChar next = i + 1 < t.size() ? t.at(i + 1) : QChar();
        if (c == QLatin1Char('\\') && (next == QLatin1Char('\n') || next == QLatin1Char('\r'))) {
            i += 2;
            if (next == QLatin1Char('\r') && i < t.size() && t.at(i) == QLatin1Char('\n'))
                ++i;
            continue;
        }
        if (c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\r')) {
            b.endWord();
            ++i;
        } else if (c == QLatin1Char('\n') || c == QLatin1Char(';') || c == QLatin1Char('&') ||
                   c == QLatin1Char('|')) {
            b.endCommand();
            ++i;
        } else if (c == QLatin1Char('#')) {
            while (i < t.size() && t.at(i) != QLatin1Char('\n'))
                ++i;
        } else if (c == QLatin1Char('\'')) {
            const qsizetype close = t.indexOf(QLatin1Char('\''), i + 1);
            if (close < 0)
                return fail(error, t, i, QStringLiteral("unterminated single quote"));
            b.touch(i);
            for (qsizetype k = i + 1; k < close; ++k)
                b.append(t.at(k), i);
            i = close + 1;
        } else if (c == QLatin1Char('$') && next == QLatin1Char('\'')) {
            const qsizetype after = ansiC(t, i, b);
            if (after < 0)
                return fail(error, t, i, QStringLiteral("unterminated $'...' quote"));
            i = after;
        } else if (c == QLatin1Char('"')) {
            const qsizetype open = i;
            b.touch(open);
            ++i;
            bool closed = false;
            while (i < t.size()) {
                const QChar d = t.at(i);
                if (d == QLatin1Char('"')) {
                    closed = true;
                    ++i;
                    break;
                }
                if (d == QLatin1Char('\\') && i + 1 < t.size()) {
                    const QChar e = t.at(i + 1);
                    if (e == QLatin1Char('\n')) {
                        i += 2;
                        continue;
                    }
                    if (e == QLatin1Char('"') || e == QLatin1Char('\\') || e == QLatin1Char('$') ||
                        e == QLatin1Char('`')) {
                        b.append(e, open);
                        i += 2;
                        continue;
                    }
                }
                b.append(d, open);
                ++i;
            }
            if (!closed)
                return fail(error, t, open, QStringLiteral("unterminated double quote"));
        } else if (c == QLatin1Char('\\')) {
            if (i + 1 < t.size())
                b.append(next, i);
            i += 2;
        } else {
            b.append(c, i);
            ++i;
        }
    }
    b.endCommand();
    return true;
}

// cmd.exe first: ^ escapes outside its own quotes, ^-newline continues the line (^ newline newline
// is a literal newline), an unescaped newline or & ends the command. Then the C runtime's rules on
// each command.
bool splitCmd(const QString &t, Builder &b, ShellError *error)
{
    struct Char
    {
        QChar c;
        qsizetype at;
        bool literalQuote; // a quote the C runtime sees as a quote too (all are; kept for clarity)
    };
    QList<QList<Char>> commands(1);
    bool cmdQuote = false;
    for (qsizetype i = 0; i < t.size(); ++i) {
        const QChar c = t.at(i);
        if (c == QLatin1Char('\r'))
            continue;
        if (c == QLatin1Char('"')) {
            cmdQuote = !cmdQuote;
            commands.last().append({c, i, false});
        } else if (!cmdQuote && c == QLatin1Char('^')) {
            if (i + 1 >= t.size())
                break;
            qsizetype n = i + 1;
            if (t.at(n) == QLatin1Char('\r'))
                ++n;
            if (n < t.size() && t.at(n) == QLatin1Char('\n')) {
                if (n + 1 < t.size() && t.at(n + 1) == QLatin1Char('\n')) {
                    commands.last().append({QLatin1Char('\n'), n, false});
                    i = n + 1;
                } else {
                    i = n;
                }
                continue;
            }
            commands.last().append({t.at(n), n, true});
            i = n;
        } else if (c == QLatin1Char('\n') || (!cmdQuote && c == QLatin1Char('&'))) {
            cmdQuote = false;
            commands.append(QList<Char>());
        } else {
            commands.last().append({c, i, false});
        }
    }
    for (const QList<Char> &cmd : commands) {
        bool quoted = false;
        qsizetype quoteAt = 0;
        for (qsizetype i = 0; i < cmd.size(); ++i) {
            const QChar c = cmd[i].c;
            if (!quoted && (c == QLatin1Char(' ') || c == QLatin1Char('\t'))) {
                b.endWord();
                continue;
            }
            if (c == QLatin1Char('\\')) {
                qsizetype n = 0;
                while (i + n < cmd.size() && cmd[i + n].c == QLatin1Char('\\'))
                    ++n;
                if (i + n < cmd.size() && cmd[i + n].c == QLatin1Char('"')) {
                    for (qsizetype k = 0; k < n / 2; ++k)
                        b.append(QLatin1Char('\\'), cmd[i].at);
                    if (n % 2 == 1) {
                        b.append(QLatin1Char('"'), cmd[i].at);
                        i += n; // past the escaped quote
                    } else {
                        i += n - 1; // the quote is handled next
                    }
                } else {
                    for (qsizetype k = 0; k < n; ++k)
                        b.append(QLatin1Char('\\'), cmd[i].at);
                    i += n - 1;
                }
                continue;
            }
            if (c == QLatin1Char('"')) {
                if (quoted && i + 1 < cmd.size() && cmd[i + 1].c == QLatin1Char('"')) {
                    b.append(QLatin1Char('"'), cmd[i].at);
                    ++i;
                    continue;
                }
                quoted = !quoted;
                quoteAt = cmd[i].at;
                b.touch(cmd[i].at);
                continue;
            }
            b.append(c, cmd[i].at);
        }
        if (quoted)
            return fail(error, t, quoteAt, QStringLiteral("unterminated double quote"));
        b.endCommand();
    }
    return true;
}

} // namespace

std::optional<QList<ShellCommand>> splitCommands(const QString &text, ShellDialect dialect, ShellError *error)
{
    if (dialect == ShellDialect::Auto)
        dialect = detectDialect(text);
    Builder b;
    if (!(dialect == ShellDialect::Cmd ? splitCmd(text, b, error) : splitBash(text, b, error)))
        return std::nullopt;
    return b.commands;
}

} // namespace lw::import
