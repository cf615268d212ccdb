// libFuzzer target for the HAR import (reader, filters, correlation, secrets). Build with clang and
// -DLW_FUZZ=ON, then run e.g.: har_fuzzer -max_total_time=60 corpus/har_fuzzer ../import/data
// Invariants: no crash; a result or an error that says where; a built strategy (every suggestion
// accepted) that survives its own JSON round trip and exports to k6.

#include "import/harimport.h"
#include "import/k6export.h"
#include "model/strategyjson.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char *>(data), qsizetype(size));
    lw::import::HarOptions options;
    options.thinkTimes = size % 2 == 0;
    lw::import::HarError error;
    const std::optional<lw::import::ImportResult> r = lw::import::importHar(input, options, &error);
    if (!r) {
        if (error.message.isEmpty())
            std::abort();
        return 0;
    }
    const lw::Strategy built = lw::import::buildStrategy(*r, lw::import::ImportChoices::acceptAll(*r));
    const lw::ParseResult again = lw::parseStrategy(lw::toJson(built));
    if (!again.strategy || !(*again.strategy == built))
        std::abort();
    lw::import::exportK6(built);
    return 0;
}
