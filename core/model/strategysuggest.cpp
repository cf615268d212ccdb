#include "model/strategysuggest.h"

#include <QList>

#include <algorithm>
#include <cstdlib>

namespace lw {

int editDistance(const QString &a0, const QString &b0)
{
    // Optimal string alignment distance; inputs are short field names, so O(n*m) is fine. Long
    // inputs are cut so a pathological key cannot make this quadratic in megabytes.
    const QString a = a0.left(64).toLower();
    const QString b = b0.left(64).toLower();
    const qsizetype n = a.size();
    const qsizetype m = b.size();
    QList<QList<int>> d(n + 1, QList<int>(m + 1, 0));
    for (qsizetype i = 0; i <= n; ++i)
        d[i][0] = int(i);
    for (qsizetype j = 0; j <= m; ++j)
        d[0][j] = int(j);
    for (qsizetype i = 1; i <= n; ++i) {
        for (qsizetype j = 1; j <= m; ++j) {
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[n][m];
}

QString closestMatch(const QString &text, const QStringList &candidates)
{
    if (text.isEmpty())
        return QString();
    QString best;
    int bestDistance = 0;
    for (const QString &c : candidates) {
        const int dist = editDistance(text, c);
        // On a tie prefer the candidate of the same length: "=<" is a swapped "<=", not a longer "<".
        const bool closerLength =
            dist == bestDistance && std::abs(c.size() - text.size()) < std::abs(best.size() - text.size());
        if (best.isEmpty() || dist < bestDistance || closerLength) {
            best = c;
            bestDistance = dist;
        }
    }
    // Accept about one typo per three characters, at least one, at most three.
    const int limit = std::clamp(int(std::max(text.size(), best.size()) / 3), 1, 3);
    return bestDistance <= limit ? best : QString();
}

QString didYouMean(const QString &text, const QStringList &candidates)
{
    const QString match = closestMatch(text, candidates);
    if (match.isEmpty())
        return QString();
    return QStringLiteral(" (did you mean \"") + match + QStringLiteral("\"?)");
}

} // namespace lw
