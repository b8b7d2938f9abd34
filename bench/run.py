"""``make bench``: the site under load, as production runs it, at 1,000 and 100,000 stories.

For each size: a PostgreSQL database of its own (``newsroom_bench_1k``, ``newsroom_bench_100k``)
filled once by ``generate_stories`` and reused by later runs; ``collectstatic``; two gunicorn
servers on free loopback ports with the production settings (DEBUG off), one with the
anonymous page cache in Redis and one without; then every page loaded by wrk (or the Python
load generator) with 16 connections, in interleaved rounds, so that both servers and every page
see the same machine. It prints requests per second, p50 and p99 latency and the ratio to the
bare Django view, checks the targets, writes everything to bench-results/ as JSON, and the
query plans of every page (EXPLAIN ANALYZE) to bench-results/plans-SIZE.md.

Every request goes to 127.0.0.1; every load run stops by itself after its duration.
"""

import argparse
import json
import math
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from bench import load

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
BIN = Path(sys.executable).parent


def _database_settings():
    """Where the benchmark's databases live: DATABASE_URL's server and user, with its database
    name as the prefix of theirs (``newsroom_bench_1k`` by default)."""
    url = urlsplit(os.environ.get("DATABASE_URL", ""))
    if url.scheme.startswith("postgres"):
        return (
            url.hostname or "127.0.0.1",
            str(url.port or 5432),
            unquote(url.username or "postgres"),
            unquote(url.password or ""),
            url.path.lstrip("/") or "newsroom",
        )
    return "127.0.0.1", "5432", "postgres", "", "newsroom"


PG_HOST, PG_PORT, PG_USER, PG_PASSWORD, PG_DATABASE = _database_settings()
# The Redis the cached servers share: BENCH_REDIS_URL, else REDIS_URL, else database 9 of the
# Redis on 6379 (or one started for the run when none answers there).
REDIS_URL = os.environ.get("BENCH_REDIS_URL") or os.environ.get("REDIS_URL", "")
# The first port of the servers the benchmark starts (each takes the next); free ones otherwise.
FIRST_PORT = int(os.environ.get("BENCH_PORT", "0"))
CONNECTIONS = 16
# Two cores: enough processes to keep both busy while others wait on PostgreSQL or Redis.
GUNICORN_WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
GUNICORN_THREADS = int(os.environ.get("BENCH_THREADS", "1"))
# What make bench leaves to the caller's environment, and what it sets itself.
OWN_VARIABLES = {
    "DEBUG",
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "DATABASE_REPLICA_URL",
    "REDIS_URL",
    "MEDIA_STORAGE",
    "NEWSROOM_ANONYMOUS_CACHE",
}
# The long-lived check: the page cache's lifetime shortened to this many seconds, and a mix of
# pages loaded first within it, then across this many lifetimes.
LIFETIME_SECONDS = int(os.environ.get("BENCH_LIFETIME", "5"))
LIFETIMES_SPANNED = 4
# Past their lifetime, pages are rendered again about once per lifetime each: the share of
# answers rendered stays near zero, and so does the loss of throughput.
LIFETIME_TARGETS = {"rendered share": 0.01, "throughput kept": 0.8}
# The churn check: readers spread over a mix of pages while staff save a story every
# CHURN_EVERY seconds, one public change in CHURN_PUBLIC_EVERY saves (1 public to 3 drafts).
CHURN_SECONDS = int(os.environ.get("BENCH_CHURN_SECONDS", "20"))
CHURN_EVERY = 2.0
CHURN_PUBLIC_EVERY = 4
CHURN_PHASES = (("no edits", None), ("drafts only", 0), ("1 public : 3 drafts", CHURN_PUBLIC_EVERY))
CHURN_TARGETS = {"throughput kept": 0.5, "p99 over p50": 3.0, "renders per page per change": 1}
TARGETS = {
    # page: (mode, the lowest ratio to the bare view)
    "story page": ("uncached", 0.15),
    "officer profile": ("uncached", 0.15),
    "home": ("uncached", 0.12),
    "story list": ("uncached", 0.12),
}


def log(message):
    print(message, flush=True)  # noqa: T201


def label(size):
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


_ports_taken = []


def server_port():
    """The next of BENCH_PORT's ports, or a free one."""
    if FIRST_PORT:
        _ports_taken.append(FIRST_PORT + len(_ports_taken))
        return _ports_taken[-1]
    return free_port()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def command(*arguments, environment=None, check=True):
    return subprocess.run(  # noqa: S603 -- our own tools with fixed arguments
        arguments, cwd=ROOT, env=environment, capture_output=True, text=True, check=check
    )


# Services


def ensure_postgres():
    if command("pg_isready", "-q", "-h", PG_HOST, "-p", PG_PORT, check=False).returncode == 0:
        return
    log("PostgreSQL does not answer; starting it.")
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    command("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start")
    for _ in range(30):
        if command("pg_isready", "-q", "-h", PG_HOST, "-p", PG_PORT, check=False).returncode == 0:
            return
        time.sleep(1)
    raise SystemExit("PostgreSQL did not start.")


def redis_answers(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def ensure_redis(started):
    """The URL of a Redis: the one the environment names, the one on 6379, or one started for
    the run."""
    if REDIS_URL:
        return REDIS_URL
    if redis_answers(6379):
        return "redis://127.0.0.1:6379/9"
    redis_server = shutil.which("redis-server")
    if redis_server is None:
        return None
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 -- redis-server on the loopback interface only
        [redis_server, "--bind", "127.0.0.1", "--port", str(port), "--save", ""],
        stdout=subprocess.DEVNULL,
    )
    started.append(process)
    for _ in range(50):
        if redis_answers(port):
            return f"redis://127.0.0.1:{port}/0"
        time.sleep(0.1)
    raise SystemExit("redis-server did not start.")


# The database of one size


def pg_environment():
    return {**os.environ, "PGPASSWORD": PG_PASSWORD} if PG_PASSWORD else None


def pg_tool(name, *arguments):
    """One of PostgreSQL's client programs, on the benchmark's server as its user."""
    return command(
        name, "-h", PG_HOST, "-p", PG_PORT, "-U", PG_USER, *arguments, environment=pg_environment()
    )


def psql(sql, database="postgres"):
    return command(
        "psql",
        "-h",
        PG_HOST,
        "-p",
        PG_PORT,
        "-U",
        PG_USER,
        "-d",
        database,
        "-tAc",
        sql,
        check=False,
        environment=pg_environment(),
    ).stdout.strip()


def prepare_database(size, environment, fresh):
    name = f"{PG_DATABASE}_bench_{label(size)}"
    credentials = quote(PG_USER) + (f":{quote(PG_PASSWORD)}" if PG_PASSWORD else "")
    environment["DATABASE_URL"] = f"postgres://{credentials}@{PG_HOST}:{PG_PORT}/{name}"
    # The name is made from a number above, never from input.
    exists = psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'") == "1"  # noqa: S608
    # Empty when the tables do not exist yet.
    stories = psql("SELECT count(*) FROM articles_story", name) if exists else ""
    if exists and (fresh or stories not in ("", "0", str(size))):
        log(f"Dropping {name} ({stories} stories, {size:,} wanted).")
        pg_tool("dropdb", name)
        exists, stories = False, ""
    if not exists:
        pg_tool("createdb", name)
    # The OLTP tuning docs/scaling.md recommends: a page's queries are short, and parallel
    # workers cost more to start than they save, while taking cores from other requests.
    psql(f"ALTER DATABASE {name} SET max_parallel_workers_per_gather = 0")
    manage("migrate", "--no-input", environment=environment)
    if stories != str(size):
        log(f"Generating {size:,} stories in {name}; later runs reuse them.")
        started = time.perf_counter()
        manage("generate_stories", f"--count={size}", "--seed=1", environment=environment)
        log(f"  done in {time.perf_counter() - started:.0f} s.")
    else:
        log(f"Reusing {name} ({size:,} stories).")


def manage(*arguments, environment):
    result = command(
        str(BIN / "python"), "manage.py", *arguments, environment=environment, check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(arguments)} failed:\n{result.stderr}")
    return result.stdout


# Servers


class Server:
    def __init__(self, name, environment):
        self.name = name
        self.port = server_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.environment = {**environment, "NEWSROOM_BASE_URL": self.base}
        self.process = None

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 -- gunicorn on the loopback interface only
            [
                str(BIN / "gunicorn"),
                "newsroom.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(GUNICORN_WORKERS),
                "--threads",
                str(GUNICORN_THREADS),
                "--worker-class",
                "gthread" if GUNICORN_THREADS > 1 else "sync",
                "--preload",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.environment,
        )
        for _ in range(100):
            try:
                if self.get("/bench/bare/").status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit(f"gunicorn ({self.name}) did not start.")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)

    def drain(self, limit=120):
        """Wait until the requests wrk left queued are answered: the next run must find the
        server idle, or it would measure the previous page's backlog."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            started = time.monotonic()
            try:
                self.get("/bench/bare/").read()
            except TimeoutError:
                # Queued behind the backlog of a slow page (the story sitemap of a large
                # archive on a slow machine): keep waiting until the limit.
                continue
            if time.monotonic() - started < 0.05:
                return
        raise SystemExit(f"gunicorn ({self.name}) stayed busy for {limit} s after a run.")

    def get(self, path, headers=None):
        request = urllib.request.Request(self.base + path, headers=headers or {})  # noqa: S310
        try:
            return urllib.request.urlopen(request, timeout=30)  # noqa: S310 -- loopback only
        except urllib.error.HTTPError as error:
            return error


# One size


def bench_size(size, *, redis_url, rounds, duration, fresh, only=()):
    base_environment = {key: value for key, value in os.environ.items() if key not in OWN_VARIABLES}
    base_environment.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        NEWSROOM_BASE_URL="http://127.0.0.1",
        NEWSROOM_RELEASE=f"bench-{secrets.token_hex(4)}",
        SECURE_SSL_REDIRECT="0",
        DATABASE_CONN_MAX_AGE="600",
        MEDIA_ROOT=str(RESULTS / "media"),
        STATIC_ROOT=str(RESULTS / "static"),
        LOG_LEVEL="ERROR",
        NEWSROOM_ANONYMOUS_CACHE="0",
    )
    prepare_database(size, base_environment, fresh)
    manage("collectstatic", "--no-input", environment=base_environment)
    pages = json.loads(
        command(str(BIN / "python"), "-m", "bench.pages", environment=base_environment).stdout
    )["pages"]
    servers = {"uncached": Server("uncached", base_environment)}
    if redis_url:
        servers["cached"] = Server(
            "cached",
            {
                **base_environment,
                "REDIS_URL": redis_url,
                "CACHE_KEY_PREFIX": f"newsroom-bench-{secrets.token_hex(4)}",
                "NEWSROOM_ANONYMOUS_CACHE": "1",
            },
        )
    else:
        log("No Redis on this machine: the cached mode is not measured.")
    measured = [page for page in pages if page["path"] and (not only or page["name"] in only)]
    for page in pages:
        if not page["path"]:
            log(f"Skipping {page['name']}: the site has no such address yet.")
    samples = {(page["name"], mode): [] for page in measured for mode in servers}
    try:
        for server in servers.values():
            server.start()
        headers = warm_up(servers, measured)
        for round_number in range(1, rounds + 1):
            log(f"Round {round_number} of {rounds} at {size:,} stories")
            for page in measured:
                for mode, server in servers.items():
                    result = load.run(
                        server.base + page["path"],
                        connections=CONNECTIONS,
                        duration=duration,
                        headers=headers[(page["name"], mode)],
                    )
                    samples[(page["name"], mode)].append(result.as_dict())
                    server.drain()
    finally:
        for server in servers.values():
            server.stop()
    lifetime = churn = None
    if redis_url:
        lifetime = lifetime_check(base_environment, redis_url, measured)
        churn = churn_check(base_environment, redis_url)
    plans = RESULTS / f"plans-{label(size)}.md"
    command(str(BIN / "python"), "-m", "bench.plans", str(plans), environment=base_environment)
    return {
        **summarise(size, measured, servers, samples, rounds, duration),
        "lifetime": lifetime,
        "churn": churn,
    }


def lifetime_check(base_environment, redis_url, pages):
    """The cached pages before and after their entries' lifetime passes, in one run: a server
    whose page cache keeps pages ``LIFETIME_SECONDS``, its pages stored once, then a mix of
    them loaded within that lifetime and across several more. Nobody edits meanwhile, so
    every answer could come from the cache; the share rendered says how many did not."""
    server = Server(
        "cached, short lifetime",
        {
            **base_environment,
            "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": f"newsroom-bench-{secrets.token_hex(4)}",
            "NEWSROOM_ANONYMOUS_CACHE": "1",
            "NEWSROOM_ANONYMOUS_CACHE_SECONDS": str(LIFETIME_SECONDS),
        },
    )
    paths = [page["path"] for page in pages if page["name"] not in ("bare view", "RSS feed, 304")]
    if not paths:
        log("Long-lived check: skipped, no cached page is measured in this run.")
        return None
    log(
        f"Long-lived check: {len(paths)} pages kept {LIFETIME_SECONDS} s, loaded within that "
        f"lifetime and then for {LIFETIMES_SPANNED} more"
    )
    try:
        server.start()
        stored_at = time.monotonic()
        for path in paths:
            server.get(path).read()
        within = LIFETIME_SECONDS - (time.monotonic() - stored_at) - 1
        if within < 1:
            raise SystemExit(
                f"Storing the pages took longer than their lifetime; raise BENCH_LIFETIME "
                f"(now {LIFETIME_SECONDS} s)."
            )
        before = load.run_mix(
            server.base, paths, connections=CONNECTIONS, duration=math.floor(within)
        )
        after = load.run_mix(
            server.base,
            paths,
            connections=CONNECTIONS,
            duration=LIFETIME_SECONDS * LIFETIMES_SPANNED,
        )
    finally:
        server.stop()
    return {
        "lifetime_seconds": LIFETIME_SECONDS,
        "pages": len(paths),
        "before": before.as_dict(),
        "after": after.as_dict(),
    }


def churn_check(base_environment, redis_url):
    """Readers spread over a mix of pages, with no edits, with staff saving drafts, and with
    staff saving one public change to three drafts, every ``CHURN_EVERY`` seconds; each phase
    ``CHURN_SECONDS`` long, on one cached server. Every page the cache rendered is logged with
    the moment its request began, to count renders per page between public changes."""
    mix = json.loads(
        command(
            str(BIN / "python"), "-m", "bench.pages", "--mix", environment=base_environment
        ).stdout
    )
    render_log = RESULTS / "renders.log"
    server = Server(
        "cached, churn",
        {
            **base_environment,
            "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": f"newsroom-bench-{secrets.token_hex(4)}",
            "NEWSROOM_ANONYMOUS_CACHE": "1",
            "BENCH_RENDER_LOG": str(render_log),
        },
    )
    paths = mix["paths"]
    log(
        f"Churn check: {len(paths)} pages, {CHURN_SECONDS} s per phase, a save every "
        f"{CHURN_EVERY:g} s"
    )
    phases = {}
    try:
        server.start()
        for _ in range(2):
            for path in paths:
                server.get(path).read()
        for name, public_every in CHURN_PHASES:
            render_log.write_text("")
            staff = None
            if public_every is not None:
                staff = subprocess.Popen(  # noqa: S603 -- our own module, fixed arguments
                    [
                        str(BIN / "python"),
                        "-m",
                        "bench.churn",
                        f"--seconds={CHURN_SECONDS}",
                        f"--every={CHURN_EVERY}",
                        f"--public-every={public_every}",
                        "--stories=" + ",".join(mix["stories"]),
                    ],
                    cwd=ROOT,
                    env=server.environment,
                    stdout=subprocess.PIPE,
                    text=True,
                )
                # Its first line says it is ready to save; the load starts then.
                staff.stdout.readline()
            started = time.time()
            result = load.run_mix(
                server.base, paths, connections=CONNECTIONS, duration=CHURN_SECONDS
            )
            saves = []
            if staff is not None:
                output, _ = staff.communicate(timeout=CHURN_SECONDS + 60)
                saves = [json.loads(line) for line in output.splitlines() if '"kind"' in line]
            renders = [line.split(" ", 1) for line in render_log.read_text().splitlines()]
            phases[name] = {
                **result.as_dict(),
                "saves": len(saves),
                "public_changes": sum(save["kind"] == "public" for save in saves),
                "most_renders_per_page_per_change": most_renders_per_change(
                    started, saves, renders
                ),
            }
            server.drain()
    finally:
        server.stop()
    return {"pages": len(paths), "seconds": CHURN_SECONDS, "every": CHURN_EVERY, "phases": phases}


def most_renders_per_change(started, saves, renders):
    """The most times one page was rendered between two public changes (or before the first)."""
    boundaries = [started] + sorted(save["at"] for save in saves if save["kind"] == "public")
    counts = {}
    for moment, path in renders:
        interval = sum(boundary <= float(moment) for boundary in boundaries)
        counts[(path, interval)] = counts.get((path, interval), 0) + 1
    return max(counts.values(), default=0)


def warm_up(servers, pages):
    """A few requests to every page (caches, connections, PostgreSQL's buffers), and the
    validators the 304 runs send."""
    headers = {}
    for mode, server in servers.items():
        for page in pages:
            for _ in range(10):
                response = server.get(page["path"])
                response.read()
            if response.status != 200:
                raise SystemExit(f"{page['name']} answered {response.status} ({mode}).")
            headers[(page["name"], mode)] = (
                {"If-None-Match": response.headers["ETag"]} if page["name"].endswith("304") else {}
            )
    return headers


def summarise(size, pages, servers, samples, rounds, duration):
    rows = {}
    for (name, mode), runs in samples.items():
        rows.setdefault(name, {})[mode] = {
            "requests_per_second": statistics.median(run["requests_per_second"] for run in runs),
            "p50_ms": statistics.median(run["p50_ms"] for run in runs),
            "p99_ms": statistics.median(run["p99_ms"] for run in runs),
            "unexpected": sum(run["unexpected"] for run in runs),
            "runs": runs,
        }
    ceiling = rows["bare view"]["uncached"]["requests_per_second"]
    for modes in rows.values():
        for figures in modes.values():
            figures["ratio_to_bare"] = figures["requests_per_second"] / ceiling if ceiling else 0
    return {
        "stories": size,
        "connections": CONNECTIONS,
        "rounds": rounds,
        "seconds_per_run": duration,
        "load_generator": "wrk" if load.wrk_available() else "python",
        "gunicorn": {"workers": GUNICORN_WORKERS, "threads": GUNICORN_THREADS},
        "modes": list(servers),
        "pages": rows,
    }


# Reporting


def table(result):
    modes = result["modes"]
    header = f"{'page':<24}" + "".join(
        f" | {mode + ' req/s':>15} {'p50 ms':>7} {'p99 ms':>7} {'× bare':>7}" for mode in modes
    )
    lines = [
        f"{result['stories']:,} stories: {result['load_generator']}, {result['connections']} "
        f"connections, {result['rounds']} rounds of {result['seconds_per_run']} s, gunicorn "
        f"{result['gunicorn']['workers']} workers × {result['gunicorn']['threads']} threads",
        header,
        "-" * len(header),
    ]
    for name, by_mode in result["pages"].items():
        line = f"{name:<24}"
        for mode in modes:
            figures = by_mode[mode]
            flag = " !" if figures["unexpected"] else ""
            line += (
                f" | {figures['requests_per_second']:>15,.0f} {figures['p50_ms']:>7.2f} "
                f"{figures['p99_ms']:>7.2f} {figures['ratio_to_bare']:>6.3f}x{flag}"
            )
        lines.append(line)
    if result.get("lifetime"):
        lines += ["", *lifetime_table(result["lifetime"])]
    if result.get("churn"):
        lines += ["", *churn_table(result["churn"])]
    return "\n".join(lines)


def churn_table(churn):
    lines = [
        f"Churn check: {churn['pages']} pages in turn, {churn['seconds']} s per phase, a story "
        f"saved every {churn['every']:g} s",
        f"{'':<22} | {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'errors':>7} {'rendered':>9} "
        f"{'saves':>6} {'public':>6} {'renders/page/change':>20}",
    ]
    for name, figures in churn["phases"].items():
        lines.append(
            f"{name:<22} | {figures['requests_per_second']:>8,.0f} {figures['p50_ms']:>7.2f} "
            f"{figures['p99_ms']:>7.2f} {figures['unexpected']:>7,} "
            f"{rendered_share(figures):>8.3%} {figures['saves']:>6} "
            f"{figures['public_changes']:>6} {figures['most_renders_per_page_per_change']:>20}"
        )
    return lines


def lifetime_table(lifetime):
    lines = [
        f"Long-lived check: {lifetime['pages']} cached pages in turn, page lifetime "
        f"{lifetime['lifetime_seconds']} s",
        f"{'':<28} | {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'requests':>9} {'rendered':>9}",
    ]
    for phase, title in (("before", "within the lifetime"), ("after", "across later lifetimes")):
        figures = lifetime[phase]
        lines.append(
            f"{title:<28} | {figures['requests_per_second']:>8,.0f} {figures['p50_ms']:>7.2f} "
            f"{figures['p99_ms']:>7.2f} {figures['requests']:>9,} "
            f"{rendered_share(figures):>8.3%}"
        )
    return lines


def rendered_share(figures):
    return (figures["rendered"] or 0) / figures["requests"] if figures["requests"] else 1.0


def check_targets(results):
    """Each target from the issue: met or not, with the figure."""
    verdicts = []
    for result in results:
        stories, pages = f"{result['stories']:,}", result["pages"]
        for name, (mode, lowest) in TARGETS.items():
            if name not in pages:
                continue
            ratio = pages[name][mode]["ratio_to_bare"]
            verdicts.append((ratio >= lowest, f"{stories}: {name} {mode} {ratio:.3f}x ≥ {lowest}x"))
        if "cached" in result["modes"]:
            for name, by_mode in pages.items():
                if name in ("bare view", "RSS feed, 304"):
                    continue
                ratio = by_mode["cached"]["ratio_to_bare"]
                verdicts.append((ratio >= 0.8, f"{stories}: {name} cached {ratio:.3f}x ≥ 0.8x"))
        for mode in result["modes"] if "RSS feed, 304" in pages else ():
            ratio = pages["RSS feed, 304"][mode]["ratio_to_bare"]
            verdicts.append((ratio >= 0.8, f"{stories}: feed 304 {mode} {ratio:.3f}x ≥ 0.8x"))
        for name, by_mode in pages.items():
            for mode, figures in by_mode.items():
                if not figures["p50_ms"]:
                    verdicts.append((False, f"{stories}: {name} {mode} answered nothing in time"))
                    continue
                spread = figures["p99_ms"] / figures["p50_ms"]
                verdicts.append((spread <= 3, f"{stories}: {name} {mode} p99/p50 {spread:.2f} ≤ 3"))
        if result.get("lifetime"):
            verdicts += check_lifetime(stories, result["lifetime"])
        if result.get("churn"):
            verdicts += check_churn(stories, result["churn"])
    if len(results) > 1:
        verdicts += check_growth(results[0], results[-1])
    return verdicts


def check_lifetime(stories, lifetime):
    before, after = lifetime["before"], lifetime["after"]
    share, kept = rendered_share(after), LIFETIME_TARGETS
    throughput = (
        after["requests_per_second"] / before["requests_per_second"]
        if before["requests_per_second"]
        else 0
    )
    return [
        (
            share <= kept["rendered share"],
            f"{stories}: past the page lifetime, {share:.3%} of answers rendered "
            f"≤ {kept['rendered share']:.0%}",
        ),
        (
            throughput >= kept["throughput kept"],
            f"{stories}: past the page lifetime, throughput ×{throughput:.2f} of within it "
            f"≥ ×{kept['throughput kept']}",
        ),
    ]


def check_churn(stories, churn):
    phases, targets = churn["phases"], CHURN_TARGETS
    quiet, drafts = phases["no edits"], phases["drafts only"]
    busy = phases[CHURN_PHASES[-1][0]]
    kept = (
        busy["requests_per_second"] / quiet["requests_per_second"]
        if quiet["requests_per_second"]
        else 0
    )
    spread = busy["p99_ms"] / busy["p50_ms"] if busy["p50_ms"] else float("inf")
    renders = max(figures["most_renders_per_page_per_change"] for figures in phases.values())
    return [
        (
            kept >= targets["throughput kept"],
            f"{stories}: under churn the mix keeps ×{kept:.2f} of its throughput "
            f"≥ ×{targets['throughput kept']}",
        ),
        (
            spread <= targets["p99 over p50"],
            f"{stories}: under churn p99/p50 {spread:.2f} ≤ {targets['p99 over p50']:g}",
        ),
        (
            drafts["rendered"] == 0,
            f"{stories}: saving drafts rendered {drafts['rendered']} pages (0 wanted)",
        ),
        (
            renders <= targets["renders per page per change"],
            f"{stories}: at most {renders} render(s) of one page per change "
            f"≤ {targets['renders per page per change']}",
        ),
    ]


def check_growth(small, large):
    """Each page at the large size against the small one, as a share of the bare view measured
    in the same run: the machine may be busier during one size than the other (other work,
    CPU frequency), and the bare view, which reads nothing, moves with it."""
    verdicts = []
    for name, by_mode in small["pages"].items():
        if name == "bare view":
            continue
        if name not in large["pages"]:
            continue
        for mode, figures in by_mode.items():
            large_ratio = large["pages"][name][mode]["ratio_to_bare"]
            growth = figures["ratio_to_bare"] / large_ratio if large_ratio else float("inf")
            verdicts.append(
                (
                    growth <= 1.3,
                    f"{large['stories']:,} vs {small['stories']:,} stories: {name} {mode} "
                    f"costs ×{growth:.2f} ≤ 1.3",
                )
            )
    return verdicts


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000 100000", help="Archive sizes, e.g. '1000 100000'.")
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("BENCH_ROUNDS", "3")))
    parser.add_argument(
        "--duration",
        type=int,
        default=int(os.environ.get("BENCH_DURATION", "3")),
        help="Seconds of load per page, per server, per round.",
    )
    parser.add_argument("--fresh", action="store_true", help="Regenerate the databases.")
    parser.add_argument(
        "--pages",
        default="",
        help="Measure only these pages, named as in the table and separated by semicolons (the "
        "bare view is always measured: it is what the others are compared with).",
    )
    parser.add_argument(
        "--report", action="store_true", help="Print the last results again, measuring nothing."
    )
    arguments = parser.parse_args()
    sizes = [int(size) for size in arguments.sizes.split()]
    if arguments.report:
        results = [
            json.loads((RESULTS / f"results-{label(size)}.json").read_text()) for size in sizes
        ]
        for result in results:
            log("\n" + table(result) + "\n")
        report_targets(results)
        return
    only = {name.strip() for name in arguments.pages.split(";") if name.strip()}
    if only:
        only.add("bare view")
    RESULTS.mkdir(exist_ok=True)
    if not load.wrk_available():
        log("wrk is not installed: using the Python load generator (it saturates sooner).")
    ensure_postgres()
    started = []
    results = []
    try:
        redis_url = ensure_redis(started)
        for size in sizes:
            result = bench_size(
                size,
                redis_url=redis_url,
                rounds=arguments.rounds,
                duration=arguments.duration,
                fresh=arguments.fresh,
                only=only,
            )
            results.append(result)
            if not only:  # A partial run leaves the full results of the last one in place.
                (RESULTS / f"results-{label(size)}.json").write_text(json.dumps(result, indent=2))
            log("\n" + table(result) + "\n")
    finally:
        for process in started:
            process.terminate()
    report_targets(results, write=not only)


def report_targets(results, write=True):
    verdicts = check_targets(results)
    if write:
        (RESULTS / "results.json").write_text(
            json.dumps(
                {
                    "results": results,
                    "targets": [{"met": met, "target": text} for met, text in verdicts],
                },
                indent=2,
            )
        )
    log("Targets:")
    for met, text in verdicts:
        log(f"  [{'met' if met else 'NOT MET'}] {text}")
    log(
        f"\n{sum(met for met, _ in verdicts)} of {len(verdicts)} targets met. Results, and query "
        f"plans for every page, in {RESULTS.relative_to(ROOT)}/."
    )


if __name__ == "__main__":
    main()
