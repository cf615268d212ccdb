// libFuzzer target for the strategy reader and validator. Build with clang and -DLW_FUZZ=ON, then
// run e.g.: strategy_fuzzer -max_total_time=60 corpus/ ../../resources/strategies/
// Checks the same invariants as tst_strategyrobustness: no crash, a strategy or issues, and a
// loss-free round trip for anything that parses.

#include "model/strategyjson.h"
#include "model/strategyvalidator.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    const lw::ParseResult r = lw::parseStrategy(input);
    if (!r.strategy) {
        if (r.issues.isEmpty())
            std::abort();
        return 0;
    }
    const lw::Variables vars{{}, false};
    lw::validateStrategy(*r.strategy, vars);
    lw::referencedVariables(*r.strategy);
    const lw::ParseResult again = lw::parseStrategy(lw::toJson(*r.strategy));
    if (!again.strategy || !(*again.strategy == *r.strategy))
        std::abort();
    if (lw::contentHash(*again.strategy) != lw::contentHash(*r.strategy))
        std::abort();
    return 0;
}
