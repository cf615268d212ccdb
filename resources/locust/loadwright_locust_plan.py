# The run spec's plan in plain Python (no gevent, no Locust): durations and the stage profile. Shared by
# the bridge (which must not import Locust: it monkey-patches threading) and the Locust runtime.

import re


def parse_duration_s(value, default=0.0):
    if value is None:
        return default
    if isinstance(value, (int, float)):
        return float(value)
    units = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0, "h": 3600.0}
    total, pos = 0.0, 0
    for m in re.finditer(r"([0-9.]+)(us|ms|s|m|h)", value):
        total += float(m.group(1)) * units[m.group(2)]
        pos = m.end()
    if pos != len(value):
        raise ValueError("bad duration %r" % value)
    return total


def think_range(value):
    if isinstance(value, dict):
        return parse_duration_s(value.get("min")), parse_duration_s(value.get("max"))
    t = parse_duration_s(value)
    return t, t


def profile(spec):
    """[(start_s, end_s, from_level, to_level)] of the plan, and its total duration."""
    closed = spec.get("model", "open") == "closed"
    segments, t = [], 0.0
    if spec.get("stages"):
        level = float(spec.get("start_vus" if closed else "start_rate", 0))
        for st in spec["stages"]:
            d = parse_duration_s(st.get("duration"))
            target = float(st.get("target", 0))
            start = level if st.get("ramp", "linear") == "linear" else target
            segments.append((t, t + d, start, target))
            t += d
            level = target
    else:
        level = float(spec.get("vus" if closed else "rate", 0))
        d = parse_duration_s(spec.get("duration"))
        segments.append((0.0, d, level, level))
        t = d
    return segments, t


def level_at(segments, t):
    for s, e, a, b in segments:
        if s <= t < e:
            return a + (b - a) * ((t - s) / (e - s)) if e > s else b
    return segments[-1][3] if segments else 0.0
