"""``make drills``: the site under load while its services fail, one at a time.

On this machine, with services of its own so that nobody else's are touched: a PostgreSQL
cluster (``pg_createcluster``, Debian's tools) and a Redis, both on spare ports, a database of
1,000 generated stories, and gunicorn with the page cache in that Redis. Readers (32 threads,
spread over a mix of pages) load it throughout; meanwhile each fault lasts ``--seconds``:

- PostgreSQL stopped, then started again;
- Redis hung (SIGSTOP, as a machine that stops answering), then resumed;
- Redis stopped, then started again (empty);
- a gunicorn worker killed;
- an email worker (``run_worker``) killed in the middle of a batch, then started again.

Half the mix carries a parameter the page cache does not know, so it is rendered on every
request, as pages no reader asked for lately are: those need PostgreSQL. For each phase it
prints the answers by status, client errors (timeouts included), latency, and the lines the
server logged; for the email worker, whether every recipient got the message exactly once.
Everything it started is stopped and removed at the end. See docs/scaling.md, "Failure drills".
"""

import argparse
import http.client
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench import mail
from bench.run import BIN, ROOT, free_port, log

CLUSTER = "newsroom_drills"
READERS = 32
# The email drill: one message to this many recipients; the worker is killed once the SMTP
# server has taken HELD of them.
RECIPIENTS = 200
HELD = 60
# A parameter the page cache does not store pages for (see newsroom/caching/middleware.py).
UNCACHED = "drill-uncached=1"


def tool(name):
    path = shutil.which(name)
    if path is None:
        sys.exit(f"The drills need {name}.")
    return path


def run(name, *arguments, **kwargs):
    result = subprocess.run(  # noqa: S603 -- our own tools with fixed arguments
        [tool(name), *arguments], check=False, capture_output=True, text=True, **kwargs
    )
    if result.returncode != 0:
        # Say what failed and why; the services started so far are removed on the way out.
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"The drills stopped: {' '.join([name, *arguments])} failed.")
    return result


class Services:
    """A PostgreSQL cluster and a Redis of the drill's own, on spare ports."""

    def __init__(self, workdir):
        self.workdir = workdir
        self.pg_version = sorted(os.listdir("/usr/lib/postgresql"))[-1]
        self.pg_port = free_port()
        self.redis_port = free_port()
        self.redis = None

    def start(self):
        run(
            "pg_createcluster",
            self.pg_version,
            CLUSTER,
            "--port",
            str(self.pg_port),
            "--",
            "--auth=trust",
        )
        self.start_postgres()
        run("createdb", "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres", "newsroom")
        self.start_redis()

    def start_postgres(self):
        run("pg_ctlcluster", "--skip-systemctl-redirect", self.pg_version, CLUSTER, "start")

    def stop_postgres(self):
        run(
            "pg_ctlcluster",
            "--skip-systemctl-redirect",
            self.pg_version,
            CLUSTER,
            "stop",
            "-m",
            "fast",
        )

    def start_redis(self):
        self.redis = subprocess.Popen(  # noqa: S603 -- redis-server on the loopback interface
            [
                tool("redis-server"),
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.redis_port),
                "--save",
                "",
            ],
            stdout=subprocess.DEVNULL,
        )
        time.sleep(0.5)

    def stop_redis(self):
        self.redis.terminate()
        self.redis.wait(timeout=10)

    def remove(self):
        if self.redis and self.redis.poll() is None:
            self.redis.send_signal(signal.SIGCONT)
            self.stop_redis()
        subprocess.run(  # noqa: S603
            [tool("pg_dropcluster"), "--stop", self.pg_version, CLUSTER],
            capture_output=True,
            check=False,
        )

    @property
    def environment(self):
        return {
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{self.pg_port}/newsroom",
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
        }


class Readers:
    """Threads loading the mix in turn; every answer recorded with its moment."""

    def __init__(self, base, paths):
        self.base, self.paths = base, paths
        # (moment the answer came, status or error name, seconds): a request sent just before
        # a fault and answered during it counts in the fault's phase.
        self.answers = []
        self.stopping = threading.Event()

    def read(self, offset):
        index = offset
        while not self.stopping.is_set():
            path = self.paths[index % len(self.paths)]
            index += 1
            started = time.monotonic()
            try:
                with urllib.request.urlopen(self.base + path, timeout=10) as response:  # noqa: S310
                    response.read()
                    outcome = response.status
            except urllib.error.HTTPError as error:
                outcome = error.code
            except (OSError, http.client.HTTPException) as error:
                # A connection cut mid-answer (a worker killed) is a client error, not the end
                # of this reader.
                outcome = type(error).__name__
            answered = time.monotonic()
            self.answers.append((answered, outcome, answered - started))

    def start(self):
        self.threads = [
            threading.Thread(target=self.read, args=(offset,), daemon=True)
            for offset in range(READERS)
        ]
        for thread in self.threads:
            thread.start()

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=15)


def phase_figures(answers, started, ended, log_lines):
    inside = [answer for answer in answers if started <= answer[0] < ended]
    latencies = sorted(seconds for _, _, seconds in inside)
    by_outcome = {}
    for _, outcome, _ in inside:
        by_outcome[outcome] = by_outcome.get(outcome, 0) + 1
    return {
        "requests": len(inside),
        "per_second": len(inside) / (ended - started),
        "ok": by_outcome.get(200, 0) + by_outcome.get(304, 0),
        "503": by_outcome.get(503, 0),
        "500": sum(count for outcome, count in by_outcome.items() if outcome in (500, 502, 504)),
        "errors": sum(count for outcome, count in by_outcome.items() if isinstance(outcome, str)),
        "p50_ms": 1000 * statistics.median(latencies) if latencies else 0,
        "max_ms": 1000 * latencies[-1] if latencies else 0,
        "log_lines": log_lines,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="How long each fault lasts.")
    arguments = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("The drills create a PostgreSQL cluster with Debian's tools: run them as root.")
    workdir = Path(tempfile.mkdtemp(prefix="newsroom-drills-"))
    services = Services(workdir)
    server = None
    server_log = workdir / "gunicorn.log"
    try:
        log("Starting a PostgreSQL cluster and a Redis of the drills' own…")
        services.start()
        port = free_port()
        environment = {
            **{key: value for key, value in os.environ.items() if key != "DATABASE_URL"},
            **services.environment,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "SECRET_KEY": "drills-" + os.urandom(16).hex(),
            "ALLOWED_HOSTS": "127.0.0.1",
            # Without DEBUG the settings refuse to start without it, management commands too.
            "NEWSROOM_BASE_URL": f"http://127.0.0.1:{port}",
            "SECURE_SSL_REDIRECT": "0",
            "STATIC_ROOT": str(workdir / "static"),
            "MEDIA_ROOT": str(workdir / "media"),
            "NEWSROOM_ANONYMOUS_CACHE": "1",
            "LOG_LEVEL": "WARNING",
        }
        for step in (
            ["migrate", "--no-input"],
            ["generate_stories", "--count=1000", "--seed=1"],
            ["collectstatic", "--no-input"],
        ):
            run(str(BIN / "python"), "manage.py", *step, cwd=ROOT, env=environment)
        mix = json.loads(
            run(str(BIN / "python"), "-m", "bench.pages", "--mix", cwd=ROOT, env=environment).stdout
        )
        # Half the mix warm in the cache, half never stored, as on a site in use.
        cached = mix["paths"][::2]
        uncached = [f"{path}{'&' if '?' in path else '?'}{UNCACHED}" for path in mix["paths"][1::2]]
        with open(server_log, "w") as output:
            server = subprocess.Popen(  # noqa: S603 -- gunicorn on the loopback interface only
                [
                    str(BIN / "gunicorn"),
                    "newsroom.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "3",
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        time.sleep(3)
        readers = Readers(
            f"http://127.0.0.1:{port}",
            [path for pair in zip(cached, uncached, strict=False) for path in pair],
        )
        for path in cached:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30).read()  # noqa: S310
        readers.start()
        phases = []

        def phase(name, fault=None, repair=None):
            lines_before = len(server_log.read_text().splitlines())
            started = time.monotonic()
            if fault:
                fault()
            time.sleep(arguments.seconds)
            if repair:
                repair()
            ended = time.monotonic()
            lines = len(server_log.read_text().splitlines()) - lines_before
            phases.append((name, started, ended, lines))
            log(f"  {name}: done")

        def kill_a_worker():
            children = run("pgrep", "-P", str(server.pid)).stdout.split()
            os.kill(int(children[0]), signal.SIGKILL)

        phase("normal")
        phase("PostgreSQL stopped", services.stop_postgres, services.start_postgres)
        phase("recovered")
        phase(
            "Redis hung",
            lambda: services.redis.send_signal(signal.SIGSTOP),
            lambda: services.redis.send_signal(signal.SIGCONT),
        )
        phase("recovered")
        phase("Redis stopped", services.stop_redis, services.start_redis)
        phase("recovered")
        phase("a worker killed", kill_a_worker)
        phase("recovered")
        readers.stop()
        email = email_drill(services.environment["DATABASE_URL"])
        header = (
            f"{'phase':<20} | {'requests':>8} {'req/s':>7} {'200/304':>8} {'503':>6} "
            f"{'500':>5} {'errors':>6} {'p50 ms':>8} {'max ms':>8} {'log lines':>9}"
        )
        log(
            f"\nFailure drills: {READERS} readers over {len(mix['paths'])} pages, "
            f"{arguments.seconds} s per phase\n{header}\n{'-' * len(header)}"
        )
        failed = []
        for name, started, ended, lines in phases:
            figures = phase_figures(readers.answers, started, ended, lines)
            if figures["500"]:
                failed.append(f"{name}: {figures['500']} answers 500")
            log(
                f"{name:<20} | {figures['requests']:>8,} {figures['per_second']:>7,.0f} "
                f"{figures['ok']:>8,} {figures['503']:>6,} {figures['500']:>5,} "
                f"{figures['errors']:>6,} {figures['p50_ms']:>8.1f} {figures['max_ms']:>8.0f} "
                f"{figures['log_lines']:>9,}"
            )
        log(
            f"\nEmail worker killed after {email['before_kill']} of {RECIPIENTS} messages, "
            f"then started again: {email['received']} received, "
            f"{email['recipients']} recipients, exactly once: "
            f"{'yes' if email['exactly_once'] else 'NO'}; deliveries {email['statuses']}"
        )
        if not email["exactly_once"]:
            failed.append("email: not every recipient got the message exactly once")
        if failed:
            raise SystemExit("The drills failed: " + "; ".join(failed))
    finally:
        if server and server.poll() is None:
            server.terminate()
            server.wait(timeout=30)
        services.remove()


def email_drill(database_url):
    """Queue one message to ``RECIPIENTS``, kill the worker (SIGKILL) mid-batch, start another:
    every recipient must get it exactly once."""
    from tests.smtp import SMTPServer

    log("  email worker killed: queuing…")
    mail.queue_message(database_url, RECIPIENTS)
    # Claims expire after a second, so that the restarted worker takes the dead one's over.
    claims = {"NEWSROOM_EMAIL_CLAIM_SECONDS": "1"}
    with SMTPServer(hold_after=HELD) as server:
        worker = mail.start_worker(database_url, server.port, **claims)
        if not server.mailbox.holding.wait(timeout=300):
            worker.kill()
            raise SystemExit("The email worker never got through the first messages.")
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        before_kill = len(server.messages)
        server.release()
        time.sleep(1.5)  # the dead worker's claims expire
        restarted = mail.start_worker(database_url, server.port, **claims)
        _memory, output = mail.wait_for(restarted, timeout=600)
        if restarted.returncode != 0:
            sys.stderr.write(output)
            raise SystemExit("The restarted email worker failed.")
        copies = mail.copies_per_recipient(server.messages)
        received = len(server.messages)
    expected = {mail.address(number) for number in range(RECIPIENTS)}
    log("  email worker killed: done")
    return {
        "before_kill": before_kill,
        "received": received,
        "recipients": len(copies),
        "exactly_once": set(copies) == expected and set(copies.values()) == {1},
        "statuses": mail.deliveries_by_status(database_url),
    }


if __name__ == "__main__":
    main()
