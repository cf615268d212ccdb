#include "engine/protocolcommand.h"

namespace lw::engine {

namespace {
ProtocolCommand failed(ProtocolCommand c, const char *code, std::string message)
{
    c.errorCode = code;
    c.errorMessage = std::move(message);
    return c;
}
} // namespace

ProtocolCommand parseCommandLine(const std::string &line)
{
    ProtocolCommand c;
    if (line.find_first_not_of(" \t\r") == std::string::npos)
        return c;
    const nlohmann::json cmd = nlohmann::json::parse(line, nullptr, false);
    if (cmd.is_discarded() || !cmd.is_object()) {
        c.kind = ProtocolCommand::Kind::Malformed;
        return failed(std::move(c), "bad_command", "not a JSON object: " + line.substr(0, 200));
    }
    if (const auto id = cmd.find("id"); id != cmd.end())
        c.id = *id;
    const auto name = cmd.find("cmd");
    if (name == cmd.end() || !name->is_string()) {
        c.kind = ProtocolCommand::Kind::Malformed;
        return failed(std::move(c), "bad_command", "missing \"cmd\"");
    }
    c.name = name->get<std::string>();
    if (c.name == "heartbeat") {
        c.kind = ProtocolCommand::Kind::Heartbeat;
    } else if (c.name == "start") {
        c.kind = ProtocolCommand::Kind::Start;
        const auto spec = cmd.find("spec");
        if (spec == cmd.end())
            return failed(std::move(c), "invalid_spec", "start needs a \"spec\" object");
        std::string error;
        if (!runSpecFromJson(*spec, c.spec, error))
            return failed(std::move(c), "invalid_spec", error);
        if (spec->contains("heartbeat_timeout")) {
            const nlohmann::json &h = (*spec)["heartbeat_timeout"];
            if (h.is_number() && h.get<double>() >= 1 && h.get<double>() < 1e9)
                c.heartbeatTimeoutNs = static_cast<int64_t>(h.get<double>() * 1e9);
        }
    } else if (c.name == "stop") {
        c.kind = ProtocolCommand::Kind::Stop;
    } else if (c.name == "emergency_stop") {
        c.kind = ProtocolCommand::Kind::EmergencyStop;
    } else if (c.name == "set_rate") {
        c.kind = ProtocolCommand::Kind::SetRate;
        c.absoluteRate = cmd.contains("rate");
        const auto value = cmd.find(c.absoluteRate ? "rate" : "scale");
        if (value == cmd.end() || !value->is_number() || !(value->get<double>() >= 0))
            return failed(std::move(c), "bad_command",
                          "set_rate needs \"rate\" (requests/s or VUs) or \"scale\" (factor) >= 0");
        c.rate = value->get<double>();
    } else {
        c.kind = ProtocolCommand::Kind::Unknown;
        return failed(std::move(c), "unknown_command", "unknown command '" + c.name + "'");
    }
    return c;
}

} // namespace lw::engine
