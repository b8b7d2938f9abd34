"""Running queued tasks inside a test, as ``manage.py run_worker`` would run them."""

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


class TaskFailed(AssertionError):
    pass


def run_queued_tasks(*, limit=1000):
    """Run every task that is due now, in this process, until none is left; returns how many
    ran. A task that raised fails the test with its traceback."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while ran < limit and (result := DBTaskResult.objects.ready().first()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        result.refresh_from_db()
        if result.status == "FAILED":
            raise TaskFailed(f"{result.task_path} failed:\n{result.traceback}")
        ran += 1
    return ran


def queued_tasks(task_path_end=""):
    """The tasks waiting in the queue (due or not), optionally only those whose path ends so."""
    return [
        result
        for result in DBTaskResult.objects.filter(status="READY")
        if result.task_path.endswith(task_path_end)
    ]


def kill_worker_running(task_path_end):
    """What a worker killed in the middle of the waiting tasks whose path ends so leaves
    behind: their rows "running" for ever, their work undone. Returns how many."""
    from django.utils import timezone

    ids = [result.pk for result in queued_tasks(task_path_end)]
    DBTaskResult.objects.filter(pk__in=ids).update(
        status="RUNNING", worker_ids=["killed-worker"], started_at=timezone.now()
    )
    return len(ids)
