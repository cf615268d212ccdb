# Exact merging for the Locust adapter: sparse HDR histogram counts from the workers added bucket for
# bucket, V2 compressed encoding (what core/hdr decodes), percentiles read off the merged counts, and
# the per-interval totals. Plain Python (no gevent, no Locust).

import base64
import struct
import zlib

# ---- HDR histograms: the engine's layout (lowest 1 us, highest 1 h, 3 significant digits) ----

HDR_LOWEST, HDR_HIGHEST, HDR_DIGITS = 1, 3600 * 1000 * 1000, 3
HALF_MAG, HALF_COUNT = 10, 1024
ENCODING_COOKIE_V2 = 0x1C849303 | 0x10
COMPRESSION_COOKIE_V2 = 0x1C849304 | 0x10


def zigzag(out, value):
    v = ((value << 1) ^ (value >> 63)) & 0xFFFFFFFFFFFFFFFF
    for _ in range(8):
        if v >> 7 == 0:
            out.append(v)
            return
        out.append((v & 0x7F) | 0x80)
        v >>= 7
    out.append(v & 0xFF)


def encode_hdr(counts):
    """V2 compressed encoding (base64) of sparse counts {index: count}, as HdrHistogram's .hlog."""
    payload = bytearray()
    if counts:
        top = max(counts)
        i = 0
        while i <= top:
            c = counts.get(i, 0)
            if c:
                zigzag(payload, c)
                i += 1
            else:
                j = i
                while j <= top and counts.get(j, 0) == 0:
                    j += 1
                zigzag(payload, -(j - i) if j - i > 1 else 0)
                i = j
    raw = struct.pack(">iiiiqqd", ENCODING_COOKIE_V2, len(payload), 0, HDR_DIGITS, HDR_LOWEST, HDR_HIGHEST, 1.0)
    deflated = zlib.compress(raw + bytes(payload))
    return base64.b64encode(struct.pack(">ii", COMPRESSION_COOKIE_V2, len(deflated)) + deflated).decode()


def value_from_index(i):
    bucket = (i >> HALF_MAG) - 1
    sub = (i & (HALF_COUNT - 1)) + HALF_COUNT
    if bucket < 0:
        sub -= HALF_COUNT
        bucket = 0
    return sub << bucket, bucket  # lowest equivalent value, bucket (its width is 1 << bucket)


def latency_summary(counts):
    total = sum(counts.values())
    out = {"count": total, "p50": 0, "p90": 0, "p99": 0, "p999": 0, "p9999": 0, "max": 0, "min": 0, "mean": 0,
           "stddev": 0}
    if not total:
        return out
    idx = sorted(counts)

    def highest(i):
        low, b = value_from_index(i)
        return low + (1 << b) - 1

    def at(p):
        want = max(1, int(p / 100.0 * total + 0.5)) if p < 100 else total
        run = 0
        for i in idx:
            run += counts[i]
            if run >= want:
                return highest(i)
        return highest(idx[-1])

    for key, p in (("p50", 50), ("p90", 90), ("p99", 99), ("p999", 99.9), ("p9999", 99.99)):
        out[key] = at(p)
    out["max"], out["min"] = highest(idx[-1]), value_from_index(idx[0])[0]
    mids = [(value_from_index(i)[0] + (1 << value_from_index(i)[1]) // 2, counts[i]) for i in idx]
    mean = sum(v * c for v, c in mids) / total
    out["mean"] = int(mean)
    out["stddev"] = int((sum(c * (v - mean) ** 2 for v, c in mids) / total) ** 0.5)
    return out


def add_counts(into, sparse):
    for k, c in sparse.items():
        k = int(k)
        into[k] = into.get(k, 0) + c


# ---- merged intervals ----


class Totals:
    """Counts of one interval, or of the whole run, merged over workers."""

    def __init__(self):
        self.sent = self.completed = self.errors = self.bytes = 0
        self.ebc, self.statuses, self.h = {}, {}, {}
        self.req, self.it, self.tx, self.checks = {}, {}, {}, {}
        self.users, self.cpu = {}, {}

    def add(self, b):
        self.sent += b["sent"]
        self.completed += b["completed"]
        self.errors += b["errors"]
        self.bytes += b["bytes"]
        for k, v in b["ebc"].items():
            self.ebc[k] = self.ebc.get(k, 0) + v
        for k, v in b["statuses"].items():
            self.statuses[k] = self.statuses.get(k, 0) + v
        add_counts(self.h, b["h"])
        for name, r in b["req"].items():
            t = self.req.setdefault(name, {"sent": 0, "completed": 0, "errors": 0, "h": {}})
            for k in ("sent", "completed", "errors"):
                t[k] += r[k]
            add_counts(t["h"], r["h"])
        for name, r in b["it"].items():
            t = self.it.setdefault(name, {"started": 0, "completed": 0, "failed": 0, "h": {}})
            for k in ("started", "completed", "failed"):
                t[k] += r[k]
            add_counts(t["h"], r["h"])
        for name, r in b["tx"].items():
            t = self.tx.setdefault(name, {"count": 0, "h": {}})
            t["count"] += r["count"]
            add_counts(t["h"], r["h"])
        for name, (p, f) in b["checks"].items():
            t = self.checks.setdefault(name, [0, 0])
            t[0] += p
            t[1] += f

    def merge(self, t):
        """Adds another Totals (an interval's) to these (the run's)."""
        r = self
        r.sent += t.sent
        r.completed += t.completed
        r.errors += t.errors
        r.bytes += t.bytes
        for k, v in t.ebc.items():
            r.ebc[k] = r.ebc.get(k, 0) + v
        for k, v in t.statuses.items():
            r.statuses[k] = r.statuses.get(k, 0) + v
        add_counts(r.h, t.h)
        for n, q in t.req.items():
            x = r.req.setdefault(n, {"sent": 0, "completed": 0, "errors": 0, "h": {}})
            for key in ("sent", "completed", "errors"):
                x[key] += q[key]
            add_counts(x["h"], q["h"])
        for n, q in t.it.items():
            x = r.it.setdefault(n, {"started": 0, "completed": 0, "failed": 0, "h": {}})
            for key in ("started", "completed", "failed"):
                x[key] += q[key]
            add_counts(x["h"], q["h"])
        for n, q in t.tx.items():
            x = r.tx.setdefault(n, {"count": 0, "h": {}})
            x["count"] += q["count"]
            add_counts(x["h"], q["h"])
        for n, (p, f) in t.checks.items():
            x = r.checks.setdefault(n, [0, 0])
            x[0] += p
            x[1] += f

    def errors_by_class(self):
        out = {k: 0 for k in ("connect", "timeout", "tls", "protocol", "extract", "check")}
        out.update(self.ebc)
        return out

    def scenarios(self, with_durations=False):
        def hist(t):
            d = {"histogram": encode_hdr(t["h"])}
            if with_durations:
                d["duration_us"] = latency_summary(t["h"])
            return d
        return {
            "iterations": [dict({"name": n, "started": t["started"], "completed": t["completed"],
                                 "failed": t["failed"]}, **hist(t)) for n, t in sorted(self.it.items())],
            "transactions": [dict({"name": n, "count": t["count"]}, **hist(t)) for n, t in sorted(self.tx.items())],
            "checks": [{"name": n, "passes": p, "fails": f} for n, (p, f) in sorted(self.checks.items())],
        }
