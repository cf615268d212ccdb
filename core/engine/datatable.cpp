#include "engine/datatable.h"

#include <nlohmann/json.hpp>

#include <cstring>
#include <limits>

namespace lw::engine {

namespace {

constexpr size_t kMaxBytes = std::numeric_limits<uint32_t>::max();

bool endsWith(std::string_view s, std::string_view suffix)
{
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

} // namespace

bool dataFormatFromFileName(std::string_view name, DataFormat &format)
{
    if (endsWith(name, ".csv") || endsWith(name, ".CSV")) {
        format = DataFormat::Csv;
        return true;
    }
    if (endsWith(name, ".jsonl") || endsWith(name, ".ndjson")) {
        format = DataFormat::JsonLines;
        return true;
    }
    return false;
}

int DataTable::columnIndex(std::string_view name) const
{
    for (size_t i = 0; i < m_columns.size(); ++i)
        if (m_columns[i] == name)
            return int(i);
    return -1;
}

void DataTable::push(std::string_view v)
{
    m_buffer.append(v.data(), v.size());
    m_offsets.push_back(uint32_t(m_buffer.size()));
}

bool DataTable::parse(std::string_view data, DataFormat format, std::string &error, int &line)
{
    m_columns.clear();
    m_buffer.clear();
    m_offsets.assign(1, 0);
    m_rows = 0;
    line = 0;
    if (data.size() >= kMaxBytes) {
        error = "the file is larger than 4 GiB";
        return false;
    }
    if (data.substr(0, 3) == "\xEF\xBB\xBF")
        data.remove_prefix(3);
    // Unescaped values never exceed the file, and one offset per value: reserving both up front means
    // no reallocation (a copy of everything) while parsing a large file and no shrinking copy after.
    m_buffer.reserve(data.size());
    size_t lines = 1;
    for (const char *p = data.data(), *end = data.data() + data.size();
         (p = static_cast<const char *>(std::memchr(p, '\n', size_t(end - p)))) != nullptr; ++p)
        ++lines;
    m_lineEstimate = lines;
    const bool ok =
        format == DataFormat::Csv ? parseCsv(data, error, line) : parseJsonLines(data, error, line);
    if (ok && m_columns.empty()) {
        error = format == DataFormat::Csv ? "the file is empty (a header row is required)"
                                          : "the file has no line";
        line = 0;
        return false;
    }
    if (ok && m_rows == 0) {
        error = "the file has no data row";
        line = 0;
        return false;
    }
    return ok;
}

bool DataTable::parseCsv(std::string_view d, std::string &error, int &line)
{
    size_t i = 0;
    int physical = 1; // line of the file at i
    std::string field;
    std::vector<std::string> header;
    size_t fieldsInRow = 0;
    bool inHeader = true;
    while (i < d.size()) {
        const int recordLine = physical;
        // One record.
        size_t fields = 0;
        bool blank = true;
        for (;;) {
            field.clear();
            if (i < d.size() && d[i] == '"') {
                blank = false;
                ++i;
                for (;;) {
                    if (i >= d.size()) {
                        error = "a quoted field is not closed";
                        line = recordLine;
                        return false;
                    }
                    const char c = d[i++];
                    if (c == '"') {
                        if (i < d.size() && d[i] == '"') {
                            field += '"';
                            ++i;
                            continue;
                        }
                        break;
                    }
                    if (c == '\n')
                        ++physical;
                    field += c;
                }
                if (i < d.size() && d[i] != ',' && d[i] != '\n' && d[i] != '\r') {
                    error = "text after a closing quote (a quote inside a field is written \"\")";
                    line = physical;
                    return false;
                }
            } else {
                while (i < d.size() && d[i] != ',' && d[i] != '\n' && d[i] != '\r')
                    field += d[i++];
                if (!field.empty())
                    blank = false;
            }
            ++fields;
            if (inHeader)
                header.push_back(field);
            else
                push(field);
            if (i < d.size() && d[i] == ',') {
                blank = false;
                ++i;
                continue;
            }
            break;
        }
        if (i < d.size() && d[i] == '\r')
            ++i;
        if (i < d.size() && d[i] == '\n') {
            ++i;
            ++physical;
        }
        if (blank && fields == 1) { // an empty line: skipped (a trailing newline makes one)
            if (inHeader)
                header.pop_back();
            else
                m_offsets.pop_back(), m_buffer.resize(m_offsets.back());
            continue;
        }
        if (inHeader) {
            for (size_t c = 0; c < header.size(); ++c) {
                if (header[c].empty()) {
                    error = "header column " + std::to_string(c + 1) + " has no name";
                    line = recordLine;
                    return false;
                }
                for (size_t k = 0; k < c; ++k)
                    if (header[k] == header[c]) {
                        error = "header column \"" + header[c] + "\" appears twice";
                        line = recordLine;
                        return false;
                    }
            }
            m_columns = header;
            fieldsInRow = header.size();
            m_offsets.reserve(m_lineEstimate * fieldsInRow + 1);
            inHeader = false;
            continue;
        }
        if (fields != fieldsInRow) {
            error = std::to_string(fields) + (fields == 1 ? " field" : " fields") + ", the header has " +
                    std::to_string(fieldsInRow);
            line = recordLine;
            return false;
        }
        ++m_rows;
    }
    return true;
}

bool DataTable::parseJsonLines(std::string_view d, std::string &error, int &line)
{
    size_t pos = 0;
    int n = 0;
    std::vector<std::string> values;
    while (pos < d.size()) {
        size_t end = d.find('\n', pos);
        if (end == std::string_view::npos)
            end = d.size();
        ++n;
        std::string_view text = d.substr(pos, end - pos);
        pos = end + 1;
        if (!text.empty() && text.back() == '\r')
            text.remove_suffix(1);
        if (text.find_first_not_of(" \t") == std::string_view::npos)
            continue;
        const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
        if (j.is_discarded() || !j.is_object()) {
            error = j.is_discarded() ? "not valid JSON" : "not a JSON object";
            line = n;
            return false;
        }
        if (m_columns.empty()) {
            for (auto it = j.begin(); it != j.end(); ++it)
                m_columns.push_back(it.key());
            if (m_columns.empty()) {
                error = "the first object has no field";
                line = n;
                return false;
            }
            m_offsets.reserve(m_lineEstimate * m_columns.size() + 1);
        }
        if (j.size() != m_columns.size()) {
            error =
                std::to_string(j.size()) + " fields, the first line has " + std::to_string(m_columns.size());
            line = n;
            return false;
        }
        for (const std::string &c : m_columns) {
            const auto it = j.find(c);
            if (it == j.end()) {
                error = "no field \"" + c + "\" (the first line has it)";
                line = n;
                return false;
            }
            if (it->is_string())
                push(it->get_ref<const std::string &>());
            else
                push(it->dump());
        }
        ++m_rows;
    }
    return true;
}

} // namespace lw::engine
