#include "results/errorrate.h"

#include <algorithm>

namespace lw {

std::optional<double> errorRatePercent(qint64 completed, qint64 errors, qint64 errorsWithoutResponse)
{
    const qint64 attempts =
        completed + std::clamp<qint64>(errorsWithoutResponse, 0, std::max<qint64>(0, errors));
    if (attempts <= 0)
        return std::nullopt;
    return std::min(100.0, 100.0 * double(errors) / double(attempts));
}

std::optional<double> errorRatePercentOfSent(qint64 sent, qint64 completed, qint64 errors)
{
    return errorRatePercent(completed, errors, sent - completed);
}

} // namespace lw
