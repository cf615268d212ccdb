#pragma once

// Test data for scenarios: a CSV file (header row) or JSON lines, parsed once into one shared,
// immutable buffer of values plus offsets. Workers read it concurrently without locks; a
// 1,000,000-row file costs its unescaped text plus 4 bytes per value. Plain C++, no Qt.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lw::engine {

enum class DataFormat
{
    Csv,      // RFC 4180: comma separated, "quoted" fields with "" for a quote, CRLF or LF
    JsonLines // one JSON object per line; strings as they are, other values as JSON text
};

class DataTable
{
public:
    // Parses the whole file. On failure returns false, error says what, line is the 1-based line of
    // the file where the problem is (0 when it concerns the file as a whole).
    bool parse(std::string_view data, DataFormat format, std::string &error, int &line);

    const std::vector<std::string> &columns() const { return m_columns; }
    int columnIndex(std::string_view name) const;
    size_t rowCount() const { return m_rows; }
    std::string_view value(size_t row, size_t column) const
    {
        const size_t i = row * m_columns.size() + column;
        return std::string_view(m_buffer.data() + m_offsets[i], m_offsets[i + 1] - m_offsets[i]);
    }
    // Bytes held (buffer + offsets), for the resident-size figures.
    size_t memoryBytes() const { return m_buffer.capacity() + m_offsets.capacity() * sizeof(uint32_t); }

private:
    bool parseCsv(std::string_view data, std::string &error, int &line);
    bool parseJsonLines(std::string_view data, std::string &error, int &line);
    void push(std::string_view v);

    std::vector<std::string> m_columns;
    std::string m_buffer;
    std::vector<uint32_t> m_offsets{0};
    size_t m_rows = 0;
    size_t m_lineEstimate = 0;
};

// "csv" / "jsonl" from a file name's suffix (".csv", ".jsonl", ".ndjson"); false when unknown.
bool dataFormatFromFileName(std::string_view fileName, DataFormat &format);

} // namespace lw::engine
