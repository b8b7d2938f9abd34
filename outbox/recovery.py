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
