// libFuzzer target for scenario test data: the CSV (RFC 4180) and JSON-lines readers of the engine's
// DataTable. The first byte picks the format. Build with clang and -DLW_FUZZ=ON, then run e.g.:
// datatable_fuzzer -max_total_time=60 corpus/datatable_fuzzer
// Invariants: no crash; an error names a line within the file; every value of a parsed table can be
// read (CSV values are no longer than their text); a CSV table written back with every field quoted parses to
// the same columns and values.

#include "engine/datatable.h"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

std::string quoted(std::string_view v)
{
    std::string out = "\"";
    for (const char c : v) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + '"';
}

std::string toCsv(const lw::engine::DataTable &t)
{
    std::string out;
    const auto row = [&](auto value) {
        for (size_t c = 0; c < t.columns().size(); ++c)
            out += (c ? "," : "") + quoted(value(c));
        out += '\n';
    };
    row([&](size_t c) { return std::string_view(t.columns()[c]); });
    for (size_t r = 0; r < t.rowCount(); ++r)
        row([&](size_t c) { return t.value(r, c); });
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const auto format = data[0] & 1 ? lw::engine::DataFormat::JsonLines : lw::engine::DataFormat::Csv;
    const std::string_view input(reinterpret_cast<const char *>(data) + 1, size - 1);
    lw::engine::DataTable table;
    std::string error;
    int line = -1;
    if (!table.parse(input, format, error, line)) {
        size_t lines = 1;
        for (const char c : input)
            lines += c == '\n';
        if (error.empty() || line < 0 || size_t(line) > lines + 1)
            std::abort();
        return 0;
    }
    size_t bytes = 0;
    for (size_t r = 0; r < table.rowCount(); ++r) {
        for (size_t c = 0; c < table.columns().size(); ++c)
            bytes += table.value(r, c).size();
    }
    if (format == lw::engine::DataFormat::Csv && bytes > input.size())
        std::abort(); // CSV values are never longer than the text they came from
    if (format == lw::engine::DataFormat::Csv && !table.columns().empty()) {
        lw::engine::DataTable again;
        if (!again.parse(toCsv(table), lw::engine::DataFormat::Csv, error, line) ||
            again.columns() != table.columns() || again.rowCount() != table.rowCount())
            std::abort();
        for (size_t r = 0; r < table.rowCount(); ++r) {
            for (size_t c = 0; c < table.columns().size(); ++c) {
                if (again.value(r, c) != table.value(r, c))
                    std::abort();
            }
        }
    }
    return 0;
}
