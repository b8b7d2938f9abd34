"""Load generators: wrk where it is installed, otherwise a small asyncio one.

Both keep ``connections`` requests in flight against one URL on the loopback interface for
``duration`` seconds, then stop, and report requests per second, the 50th and 99th percentile
latency in milliseconds, and how many answers were not the expected status.
"""

import asyncio
import re
import shutil
import subprocess
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


def run_wrk(url, *, connections, duration, headers):
    command = ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(  # noqa: S603 -- wrk with our own arguments
        [*command, url], capture_output=True, text=True, check=True, timeout=duration + 30
    ).stdout
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
    )


async def _one_connection(host, port, request, deadline, latencies, failures):
    reader = writer = None
    while time.perf_counter() < deadline:
        if writer is None:
            reader, writer = await asyncio.open_connection(host, port)
        started = time.perf_counter()
        writer.write(request)
        status_line = await reader.readline()
        length, close = 0, False
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
            elif name.lower() == "connection" and value.strip().lower() == "close":
                close = True
        await reader.readexactly(length)
        latencies.append(time.perf_counter() - started)
        if int(status_line.split()[1]) >= 400:
            failures.append(status_line)
        if close:
            writer.close()
            writer = None
    if writer is not None:
        writer.close()


async def run_python(url, *, connections, duration, headers):
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    lines = [f"GET {path} HTTP/1.1", f"Host: {parts.netloc}", "Connection: keep-alive"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
    latencies, failures = [], []
    started = time.perf_counter()
    deadline = started + duration
    await asyncio.gather(
        *(
            _one_connection(parts.hostname, parts.port, request, deadline, latencies, failures)
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
    )
