"""Reads for the public site from a read replica; the admin, staff and every write on the primary.

``DATABASE_REPLICA_URL`` adds the ``replica`` alias and installs ``PrimaryReplicaRouter``. The
router cannot see the request, so ``ReplicaReadsMiddleware`` decides per request and leaves
the decision in a context variable (one per thread or task, reset when the response is made).
Outside a request (management commands, the shell, migrations) everything uses the primary.
"""

from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS

from .caching.middleware import is_personal

REPLICA_DB_ALIAS = "replica"

# Sessions, accounts and the admin's history are written by staff and read right after: a
# replica a moment behind would sign them out or lose their last change.
PRIMARY_ONLY_APPS = frozenset({"sessions", "auth", "admin", "contenttypes"})

_replica_reads_allowed = ContextVar("newsroom_replica_reads_allowed", default=False)


def replica_reads_allowed():
    return _replica_reads_allowed.get()


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if replica_reads_allowed() and model._meta.app_label not in PRIMARY_ONLY_APPS:
            return REPLICA_DB_ALIAS
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same rows: a story read from the replica may point at a photo
        # read from the primary.
        aliases = {DEFAULT_DB_ALIAS, REPLICA_DB_ALIAS}
        return obj1._state.db in aliases and obj2._state.db in aliases

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica receives the schema from the primary through replication.
        return db == DEFAULT_DB_ALIAS


class ReplicaReadsMiddleware:
    """Allow replica reads for anonymous GET and HEAD requests outside the admin.

    "Staff" is told by the session cookie alone (see ``newsroom.caching.middleware``): reading
    the session to check would itself be a read, and it must not create one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _replica_reads_allowed.set(self.may_read_from_replica(request))
        try:
            return self.get_response(request)
        finally:
            _replica_reads_allowed.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Known only once the URL is resolved, and still before the view reads anything.
        if "admin" in request.resolver_match.namespaces:
            _replica_reads_allowed.set(False)

    def may_read_from_replica(self, request):
        return request.method in ("GET", "HEAD") and not is_personal(request)
