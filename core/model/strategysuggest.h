#pragma once

// "Did you mean" suggestions for misspelt field names and enum values in strategy documents.

#include <QString>
#include <QStringList>

namespace lw {

// Edit distance (insertions, deletions, substitutions, adjacent swaps), case-insensitive.
int editDistance(const QString &a, const QString &b);

// The candidate closest to text when it is close enough to be a plausible typo, else empty.
QString closestMatch(const QString &text, const QStringList &candidates);

// ` (did you mean "x"?)` or empty when there is no plausible candidate.
QString didYouMean(const QString &text, const QStringList &candidates);

} // namespace lw
