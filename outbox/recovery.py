"""What a starting worker takes over from one that stopped mid-task.

A worker killed while running a task leaves the queue's row of that task "running" for ever; the
queue cannot tell a dead worker from a slow one. Every task of this project is safe to run again,
so each app registers a function that queues again whatever of its work is unfinished, and a
starting worker (``manage.py run_worker``) calls them all.
"""

_recoveries = []


def register(function):
    """Register ``function()`` to be called when a worker starts; usable as a decorator."""
    if function not in _recoveries:
        _recoveries.append(function)
    return function


def recover():
    from .tasks import requeue_unfinished

    requeue_unfinished()
    for function in _recoveries:
        function()


def requeue(task, *args, run_after=None):
    """Queue ``task(*args)`` unless the same call is already waiting in the queue, so that
    workers starting one after another queue it once; returns the new result or ``None``.

    Only waiting rows count: the row of a call that was running when its worker died never
    runs again, so that call is queued anew.
    """
    from django_tasks_db.models import DBTaskResult

    from .services import schedule

    waiting = DBTaskResult.objects.filter(status="READY", task_path=task.module_path)
    if any(result.args_kwargs.get("args") == list(args) for result in waiting):
        return None
    return schedule(task, *args, run_after=run_after)
