#include "editor/issuepath.h"

namespace lw::ui {

bool pathIsUnder(const QString &path, const QString &prefix)
{
    if (prefix.isEmpty())
        return true;
    if (!path.startsWith(prefix))
        return false;
    if (path.size() == prefix.size())
        return true;
    const QChar next = path.at(prefix.size());
    return next == QLatin1Char('.') || next == QLatin1Char('[');
}

QList<ValidationIssue> issuesUnder(const QList<ValidationIssue> &issues, const QString &prefix)
{
    QList<ValidationIssue> out;
    for (const ValidationIssue &i : issues) {
        if (pathIsUnder(i.path, prefix))
            out.append(i);
    }
    return out;
}

std::optional<ListLocation> locateInList(const QString &path, const QString &listPath)
{
    if (!pathIsUnder(path, listPath))
        return std::nullopt;
    ListLocation loc;
    const QString rest = path.mid(listPath.size());
    if (!rest.startsWith(QLatin1Char('[')))
        return loc;
    const int close = int(rest.indexOf(QLatin1Char(']')));
    bool ok = false;
    const int row = close > 1 ? rest.mid(1, close - 1).toInt(&ok) : -1;
    if (!ok || row < 0)
        return loc;
    loc.row = row;
    QString field = rest.mid(close + 1);
    if (field.startsWith(QLatin1Char('.')))
        field.remove(0, 1);
    loc.field = field;
    return loc;
}

QString firstSegment(const QString &field)
{
    int end = int(field.size());
    for (int i = 0; i < field.size(); ++i) {
        if (field[i] == QLatin1Char('.') || field[i] == QLatin1Char('[')) {
            end = i;
            break;
        }
    }
    return field.left(end);
}

} // namespace lw::ui
