#pragma once

// Run-time templates of scenario steps: "{{name}}" references in a URL, header or body, parsed once
// into literal segments and slots so that sending a request only appends strings (no parsing on the
// hot path). Plain C++, shared by the strategy validator and the engine.
//
// Syntax (STRATEGY-FORMAT.md, "Run-time variables"): "{{token}}" an extracted value, "{{users.name}}"
// a column of data source "users", built-ins "{{vu}}", "{{iteration}}", "{{uuid}}", "{{now}}" (ms
// since the Unix epoch) and "{{randomInt(a,b)}}" (uniform, both ends included). Spaces inside the
// braces are ignored. "\{{" writes a literal "{{".

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lw::engine {

enum class SlotKind : uint8_t
{
    Variable, // an extracted value or a data column; index into the VU's value table
    Vu,
    Iteration,
    Uuid,
    Now,
    RandomInt
};

struct TemplateSlot
{
    SlotKind kind = SlotKind::Variable;
    std::string name; // Variable: "token" or "source.column"
    int64_t low = 0;  // RandomInt
    int64_t high = 0; // RandomInt
    int value = -1;   // Variable: index bound by Template::bind
};

// What a render needs besides the template: the VU's values (indexed by TemplateSlot::value), its
// number and iteration, a random state and the wall clock.
struct RenderContext
{
    const std::vector<std::string> *values = nullptr;
    int64_t vu = 0;
    int64_t iteration = 0;
    uint64_t *rng = nullptr; // xorshift state, not 0
    int64_t nowMs = 0;
};

class Template
{
public:
    // Parses text; false with error (naming the offset and the problem) on a malformed reference.
    bool parse(std::string_view text, std::string &error);

    bool isStatic() const { return m_slots.empty(); }
    // The text itself when isStatic() (escapes resolved).
    const std::string &literal() const { return m_literals.front(); }
    const std::vector<TemplateSlot> &references() const { return m_slots; }
    // Binds each Variable slot to an index of RenderContext::values; lookup returns -1 for unknown names,
    // then bind returns false and names the first unknown variable in missing.
    template <typename Lookup> bool bind(Lookup &&lookup, std::string &missing)
    {
        for (TemplateSlot &s : m_slots) {
            if (s.kind != SlotKind::Variable)
                continue;
            s.value = lookup(s.name);
            if (s.value < 0) {
                missing = s.name;
                return false;
            }
        }
        return true;
    }
    // Appends the rendered text to out. Literals and slots alternate: literal[0] slot[0] literal[1] ...
    void render(std::string &out, const RenderContext &ctx) const;
    // Upper bound of the literal bytes (for reserving).
    size_t literalSize() const { return m_literalSize; }

private:
    std::vector<std::string> m_literals{std::string()}; // size() == m_slots.size() + 1
    std::vector<TemplateSlot> m_slots;
    size_t m_literalSize = 0;
};

// True for "vu", "iteration", "uuid", "now", "randomInt": names an extraction may not take.
bool isBuiltinVariable(std::string_view name);
// A random RFC 4122 version-4 UUID from the xorshift state.
void appendUuid(std::string &out, uint64_t &rng);
uint64_t xorshift(uint64_t &state);

} // namespace lw::engine
