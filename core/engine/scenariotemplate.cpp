#include "engine/scenariotemplate.h"

#include <charconv>

namespace lw::engine {

namespace {

bool isNameStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool isNameChar(char c)
{
    return isNameStart(c) || (c >= '0' && c <= '9');
}

bool isColumnChar(char c)
{
    return isNameChar(c) || c == '-';
}

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

bool parseInt(std::string_view s, int64_t &out)
{
    s = trim(s);
    if (s.empty())
        return false;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

// Parses the text between "{{" and "}}" into slot; error without the offset.
bool parseReference(std::string_view ref, TemplateSlot &slot, std::string &error)
{
    ref = trim(ref);
    if (ref.empty()) {
        error = "empty reference {{}}";
        return false;
    }
    if (ref.substr(0, 10) == "randomInt(") {
        if (ref.back() != ')') {
            error = "randomInt needs the form randomInt(low,high)";
            return false;
        }
        const std::string_view args = ref.substr(10, ref.size() - 11);
        const size_t comma = args.find(',');
        int64_t a = 0, b = 0;
        if (comma == std::string_view::npos || !parseInt(args.substr(0, comma), a) ||
            !parseInt(args.substr(comma + 1), b)) {
            error = "randomInt needs two whole numbers: randomInt(low,high)";
            return false;
        }
        if (a > b) {
            error =
                "randomInt(" + std::to_string(a) + "," + std::to_string(b) + "): low is greater than high";
            return false;
        }
        slot.kind = SlotKind::RandomInt;
        slot.low = a;
        slot.high = b;
        return true;
    }
    if (!isNameStart(ref.front())) {
        error = "\"" + std::string(ref) +
                "\" is not a variable name (letters, digits and _, then optionally .column)";
        return false;
    }
    size_t i = 1;
    while (i < ref.size() && isNameChar(ref[i]))
        ++i;
    if (i < ref.size()) {
        size_t j = i + 1;
        bool ok = ref[i] == '.' && j < ref.size();
        while (ok && j < ref.size())
            ok = isColumnChar(ref[j++]);
        if (!ok) {
            error = "\"" + std::string(ref) +
                    "\" is not a variable name (letters, digits and _, then optionally .column)";
            return false;
        }
    }
    slot.name = std::string(ref);
    if (slot.name == "vu")
        slot.kind = SlotKind::Vu;
    else if (slot.name == "iteration")
        slot.kind = SlotKind::Iteration;
    else if (slot.name == "uuid")
        slot.kind = SlotKind::Uuid;
    else if (slot.name == "now")
        slot.kind = SlotKind::Now;
    else if (slot.name == "randomInt") {
        error = "randomInt needs the form randomInt(low,high)";
        return false;
    } else
        slot.kind = SlotKind::Variable;
    return true;
}

} // namespace

bool isBuiltinVariable(std::string_view name)
{
    return name == "vu" || name == "iteration" || name == "uuid" || name == "now" || name == "randomInt";
}

uint64_t xorshift(uint64_t &s)
{
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
}

void appendUuid(std::string &out, uint64_t &rng)
{
    static const char hex[] = "0123456789abcdef";
    uint64_t hi = xorshift(rng), lo = xorshift(rng);
    hi = (hi & ~0xF000ULL) | 0x4000ULL;       // version 4
    lo = (lo & ~(3ULL << 62)) | (2ULL << 62); // variant 10
    char buf[36];
    int p = 0;
    for (int i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20)
            buf[p++] = '-';
        const uint64_t word = i < 16 ? hi : lo;
        buf[p++] = hex[(word >> (60 - 4 * (i % 16))) & 0xF];
    }
    out.append(buf, 36);
}

bool Template::parse(std::string_view text, std::string &error)
{
    m_literals.assign(1, std::string());
    m_slots.clear();
    m_literalSize = 0;
    size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == '\\' && text.substr(i + 1, 2) == "{{") {
            m_literals.back() += "{{";
            i += 3;
            continue;
        }
        if (c == '{' && i + 1 < text.size() && text[i + 1] == '{') {
            const size_t close = text.find("}}", i + 2);
            if (close == std::string_view::npos) {
                error = "offset " + std::to_string(i) +
                        ": \"{{\" without a closing \"}}\" (write \\{{ for a literal {{)";
                return false;
            }
            TemplateSlot slot;
            std::string why;
            if (!parseReference(text.substr(i + 2, close - i - 2), slot, why)) {
                error = "offset " + std::to_string(i) + ": " + why;
                return false;
            }
            m_slots.push_back(std::move(slot));
            m_literals.emplace_back();
            i = close + 2;
            continue;
        }
        m_literals.back() += c;
        ++i;
    }
    for (const std::string &l : m_literals)
        m_literalSize += l.size();
    return true;
}

void Template::render(std::string &out, const RenderContext &ctx) const
{
    out += m_literals[0];
    char num[24];
    for (size_t i = 0; i < m_slots.size(); ++i) {
        const TemplateSlot &s = m_slots[i];
        switch (s.kind) {
        case SlotKind::Variable:
            out += (*ctx.values)[size_t(s.value)];
            break;
        case SlotKind::Vu:
        case SlotKind::Iteration:
        case SlotKind::Now: {
            const int64_t v = s.kind == SlotKind::Vu          ? ctx.vu
                              : s.kind == SlotKind::Iteration ? ctx.iteration
                                                              : ctx.nowMs;
            const auto r = std::to_chars(num, num + sizeof num, v);
            out.append(num, r.ptr);
            break;
        }
        case SlotKind::Uuid:
            appendUuid(out, *ctx.rng);
            break;
        case SlotKind::RandomInt: {
            const uint64_t span = uint64_t(s.high - s.low) + 1;
            const int64_t v =
                span == 0 ? int64_t(xorshift(*ctx.rng)) : s.low + int64_t(xorshift(*ctx.rng) % span);
            const auto r = std::to_chars(num, num + sizeof num, v);
            out.append(num, r.ptr);
            break;
        }
        }
        out += m_literals[i + 1];
    }
}

} // namespace lw::engine
