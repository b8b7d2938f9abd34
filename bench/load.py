"""Load generators: wrk where it is installed, otherwise a small asyncio one.

Both keep ``connections`` requests in flight against one URL on the loopback interface for
``duration`` seconds, then stop, and report requests per second, the 50th and 99th percentile
latency in milliseconds, and how many answers were not the expected status. ``run_mix()`` spreads
the requests over several addresses of one server, as readers do, and also counts the answers
the page cache rendered rather than served (its ``X-Cache: MISS`` header).
"""

import asyncio
import json
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


@dataclass
class Result:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    unexpected: int
    tool: str
    # Answers the page cache rendered (X-Cache: MISS); counted by run_mix() only.
    rendered: int | None = None

    def as_dict(self):
        return asdict(self)


def check_loopback(url):
    host = urlsplit(url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError(f"The benchmark only loads the loopback interface, not {host}.")


def wrk_available():
    return shutil.which("wrk") is not None


def run(url, *, connections, duration, headers=None):
    check_loopback(url)
    if wrk_available():
        return run_wrk(url, connections=connections, duration=duration, headers=headers or {})
    return asyncio.run(
        run_python(url, connections=connections, duration=duration, headers=headers or {})
    )


def _milliseconds(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(number) * UNITS[unit]


def run_mix(base, paths, *, connections, duration):
    """Requests to ``paths`` of the server at ``base`` in turn, counting rendered answers."""
    check_loopback(base)
    if wrk_available():
        with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
            script.write(MIX_SCRIPT.replace("PATHS", json.dumps(paths)[1:-1]))
            script.flush()
            return run_wrk(
                base + paths[0],
                connections=connections,
                duration=duration,
                headers={},
                script=script.name,
            )
    return asyncio.run(
        run_python(base, connections=connections, duration=duration, headers={}, paths=paths)
    )


# wrk's Lua: each thread sends the paths in turn and counts what the page cache rendered;
# done() adds up the threads' counts.
MIX_SCRIPT = """
local paths = {PATHS}
local threads = {}
sent, answered, rendered = 0, 0, 0
function setup(thread) table.insert(threads, thread) end
function request()
  sent = sent + 1
  return wrk.format("GET", paths[(sent % #paths) + 1])
end
function response(status, headers, body)
  answered = answered + 1
  if headers["X-Cache"] == "MISS" then rendered = rendered + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("rendered") end
  io.write(string.format("Rendered: %d\\n", total))
end
"""


def run_wrk(url, *, connections, duration, headers, script=None):
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", script]
    output = subprocess.run(  # noqa: S603 -- wrk with our own arguments
        [*command, url], capture_output=True, text=True, check=True, timeout=duration + 30
    ).stdout
    rendered = re.search(r"^Rendered: (\d+)$", output, re.MULTILINE)
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)\s*$", output, re.MULTILINE))
    if set(percentiles) != {"50", "99"}:
        raise RuntimeError(f"wrk measured nothing at {url}:\n{output}")
    unexpected = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return Result(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        p50_ms=_milliseconds(percentiles["50"]),
        p99_ms=_milliseconds(percentiles["99"]),
        requests=int(re.search(r"(\d+) requests in", output)[1]),
        unexpected=(int(unexpected[1]) if unexpected else 0)
        + (sum(int(group) for group in errors.groups()) if errors else 0),
        tool="wrk",
        rendered=int(rendered[1]) if rendered else None,
    )


async def _one_connection(host, port, requests, deadline, latencies, failures, rendered):
    reader = writer = None
    sent = 0
    while time.perf_counter() < deadline:
        if writer is None:
            reader, writer = await asyncio.open_connection(host, port)
        started = time.perf_counter()
        writer.write(requests[sent % len(requests)])
        sent += 1
        status_line = await reader.readline()
        length, close = 0, False
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.lower(), value.strip()
            if name == "content-length":
                length = int(value)
            elif name == "connection" and value.lower() == "close":
                close = True
            elif name == "x-cache" and value == "MISS":
                rendered.append(1)
        await reader.readexactly(length)
        latencies.append(time.perf_counter() - started)
        if int(status_line.split()[1]) >= 400:
            failures.append(status_line)
        if close:
            writer.close()
            writer = None
    if writer is not None:
        writer.close()


async def run_python(url, *, connections, duration, headers, paths=None):
    parts = urlsplit(url)
    if paths is None:
        paths = [parts.path + (f"?{parts.query}" if parts.query else "")]
    requests = []
    for path in paths:
        lines = [f"GET {path} HTTP/1.1", f"Host: {parts.netloc}", "Connection: keep-alive"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        requests.append(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
    latencies, failures, rendered = [], [], []
    started = time.perf_counter()
    deadline = started + duration
    await asyncio.gather(
        *(
            _one_connection(
                parts.hostname, parts.port, requests, deadline, latencies, failures, rendered
            )
            for _ in range(connections)
        )
    )
    elapsed = time.perf_counter() - started
    latencies.sort()

    def percentile(share):
        return latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1000

    return Result(
        requests_per_second=len(latencies) / elapsed,
        p50_ms=percentile(0.50),
        p99_ms=percentile(0.99),
        requests=len(latencies),
        unexpected=len(failures),
        tool="python",
        rendered=len(rendered),
    )
