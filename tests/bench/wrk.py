"""The load runner: wrk with a generated Lua script; throughput, p50 and p99 from its `done()`.

The script sets the random seed in `init()` (from a seed passed on the command line plus the
thread number), so generated keys differ per thread and per run. A check run (the warm-up) also
records the first failed response, so a broken request spec is reported, not measured.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from shared.testing import token
from tests.bench.scenario import RequestSpec, lua_string

RESULT_MARK = "BENCH_RESULT "
FAILURE_MARK = "BENCH_FAILURE "
# wrk opens every connection at once; under load uvloop admits new connections one loop turn at a
# time, so the last of 64 waits for ~2,000 requests of the others (seconds on a slow endpoint),
# and wrk's coordinated-omission correction turns those few waits into a p99 of seconds. Each
# connection's first request therefore waits RAMP_MS (connections open and are accepted while the
# server is idle); the rate is computed over the run minus that wait.
RAMP_MS = 250
TIMEOUT_S = 10  # wrk drops slower answers from the latency figures: keep it well above p99

_PRELUDE = r"""
thread_id = 0  -- a global: setup() overrides it per thread
local counter = 0
local first_failure = nil

function setup(thread)
  thread_count = (thread_count or 0) + 1
  thread:set("thread_id", thread_count)
  threads = threads or {}
  table.insert(threads, thread)
end

local ramp_left = 0
local ramp_ms = 0

function init(args)
  local seed = tonumber(args[1]) or os.time()
  math.randomseed(seed + 7919 * (thread_id or 0))
  for _ = 1, 20 do math.random() end
  ramp_left = tonumber(args[2]) or 0
  ramp_ms = tonumber(args[3]) or 0
end

-- The first request of each connection waits until every connection is open and accepted, so
-- the measurement is of steady load, not of a burst of new connections (see RAMP_MS).
function delay()
  if ramp_left > 0 then
    ramp_left = ramp_left - 1
    return ramp_ms
  end
  return 0
end

function rand_int(a, b) return math.random(a, b) end
function seq() counter = counter + 1; return counter end
function uid()
  counter = counter + 1
  return string.format("%08x%08x%08x%08x", math.random(0, 0x7fffffff), thread_id or 0,
    counter, math.random(0, 0x7fffffff))
end
function json_str(s)
  return '"' .. tostring(s):gsub('[%c"\\]', function(c)
    return string.format("\\u%04x", c:byte())
  end) .. '"'
end
"""

_CHECK = r"""
function response(status, headers, body)
  if status >= 400 and first_failure == nil then
    first_failure = status .. " " .. string.sub(body or "", 1, 500)
    wrk.thread:set("failure", first_failure)
  end
end
"""

_DONE = r"""
function done(summary, latency, requests)
  local failure = nil
  for _, thread in ipairs(threads or {}) do
    failure = failure or thread:get("failure")
  end
  local e = summary.errors
  io.write(string.format(
    '%s{"requests":%d,"duration_us":%d,"bytes":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,'
    .. '"max_us":%d,"mean_us":%.1f,"connect":%d,"read":%d,"write":%d,"status":%d,'
    .. '"timeout":%d}\n',
    "RESULT_MARK", summary.requests, summary.duration, summary.bytes,
    math.floor(latency:percentile(50)), math.floor(latency:percentile(90)),
    math.floor(latency:percentile(99)), math.floor(latency.max), latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout))
  if failure then io.write("FAILURE_MARK" .. failure .. "\n") end
end
"""


@dataclass(frozen=True)
class LoadResult:
    requests: int
    duration_s: float
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: int  # socket errors and responses with status >= 400
    failure: str | None = None  # the first failed response (check runs only)


def wrk_path() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise RuntimeError(
            "wrk is not installed: apt-get install -y wrk (Debian/Ubuntu), or `make bench` as root"
        )
    return found


def lua_script(spec: RequestSpec, *, check: bool) -> str:
    """The wrk script for one request spec."""
    headers = dict(spec.headers)
    if spec.roles:
        bearer = token(
            *spec.roles,
            creditor_id=spec.creditor_id,
            partner_type=spec.partner_type,
            subject="bench",
        )
        headers["Authorization"] = f"Bearer {bearer}"
    if spec.body is not None:
        headers.setdefault("Content-Type", "application/json")
    header_table = ", ".join(f"[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items())
    body = spec.body if spec.body is not None else "nil"
    request = (
        f"local headers = {{{header_table}}}\n"
        "function request()\n"
        f"  local path = {spec.path}\n"
        f"  local body = {body}\n"
        f"  return wrk.format({lua_string(spec.method)}, path, headers, body)\n"
        "end\n"
    )
    done = _DONE.replace("RESULT_MARK", RESULT_MARK).replace("FAILURE_MARK", FAILURE_MARK)
    return "\n".join(
        part
        for part in (_PRELUDE, spec.lua_prelude, request, _CHECK if check else "", done)
        if part
    )


def run_wrk(
    url: str,
    spec: RequestSpec,
    *,
    duration_s: float,
    connections: int,
    threads: int,
    seed: int,
    script_dir: Path,
    check: bool = False,
) -> LoadResult:
    """One bounded wrk run against `url` (loopback only)."""
    if not url.startswith("http://127.0.0.1:"):
        raise ValueError("benchmarks talk to 127.0.0.1 only")
    script = script_dir / f"wrk-{seed}-{'check' if check else 'load'}.lua"
    script.write_text(lua_script(spec, check=check))
    seconds = max(1, round(duration_s))
    command = [
        wrk_path(),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        f"--timeout={TIMEOUT_S}s",
        "-s",
        str(script),
        url,
        "--",
        str(seed),
        str(max(1, connections // threads)),
        str(RAMP_MS),
    ]
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 30, check=False
    )
    return parse_output(completed.stdout, completed.stderr, idle_s=RAMP_MS / 1000)


def parse_output(stdout: str, stderr: str = "", *, idle_s: float = 0.0) -> LoadResult:
    data: dict[str, float] | None = None
    failure: str | None = None
    for line in stdout.splitlines():
        if line.startswith(RESULT_MARK):
            data = json.loads(line[len(RESULT_MARK) :])
        elif line.startswith(FAILURE_MARK):
            failure = line[len(FAILURE_MARK) :]
    if data is None:
        raise RuntimeError(f"wrk gave no result:\n{stdout}\n{stderr}")
    duration_s = data["duration_us"] / 1e6 - idle_s
    errors = sum(int(data[k]) for k in ("connect", "read", "write", "status", "timeout"))
    return LoadResult(
        requests=int(data["requests"]),
        duration_s=duration_s,
        rps=data["requests"] / duration_s if duration_s else 0.0,
        p50_ms=data["p50_us"] / 1000,
        p90_ms=data["p90_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        max_ms=data["max_us"] / 1000,
        errors=errors,
        failure=failure,
    )
