"""A real worker process, a real SMTP server, and a worker killed in the middle of a batch.

The worker runs as ``manage.py run_worker`` against a database of its own (a SQLite file, or a
fresh PostgreSQL database when the suite runs on PostgreSQL), so that it sees only committed
data, exactly as in production.
"""

import os
import signal
import time

import pytest

from bench.mail import (
    address,
    copies_per_recipient,
    deliveries_by_status,
    fresh_database,
    queue_message,
    start_worker,
    wait_for,
)
from tests.smtp import SMTPServer

RECIPIENTS = 40


@pytest.fixture(scope="module")
def worker_database():
    with fresh_database() as database_url:
        yield database_url


def test_a_worker_killed_mid_batch_leaves_every_recipient_exactly_one_message(worker_database):
    queue_message(worker_database, RECIPIENTS)
    with SMTPServer(hold_after=15) as server:
        worker = start_worker(worker_database, server.port, NEWSROOM_EMAIL_CLAIM_SECONDS="1")
        assert server.mailbox.holding.wait(timeout=120), "the worker never reached the 16th"
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        server.release()
        assert len(server.messages) == 15
        time.sleep(1.5)  # the dead worker's claims expire

        restarted = start_worker(worker_database, server.port, NEWSROOM_EMAIL_CLAIM_SECONDS="1")
        _memory, output = wait_for(restarted, timeout=120)
        assert restarted.returncode == 0, output

        copies = copies_per_recipient(server.messages)
    assert set(copies) == {address(number) for number in range(RECIPIENTS)}
    assert set(copies.values()) == {1}
    assert deliveries_by_status(worker_database) == {"sent": RECIPIENTS}
