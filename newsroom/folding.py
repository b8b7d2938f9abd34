"""Comparing text without accents or case, in the database, on PostgreSQL and SQLite alike.

``name__folded__contains="ruiz"`` finds "Alejandra Ruíz Ortiz": the ``folded`` transform applies
one function, ``newsroom_fold``, to the column and to the searched text (it is bilateral). On
PostgreSQL the function is SQL, ``lower(unaccent(…))``, declared IMMUTABLE by a migration so that
an index can be built on it (``unaccent`` itself is only STABLE); on SQLite it is
``search.text.fold`` registered on every connection, the same folding the public search uses.
The admin's search boxes and autocompletes search ``field__folded__contains`` (see
``folded_search_fields()``).
"""

from django.db.backends.signals import connection_created
from django.db.models import CharField, TextField, Transform

from search.text import fold

FUNCTION = "newsroom_fold"

# unaccent named with its schema and dictionary: an IMMUTABLE function must not depend on the
# search_path of whoever calls it.
CREATE_FUNCTION_SQL = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}(text) RETURNS text
AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
"""
DROP_FUNCTION_SQL = f"DROP FUNCTION IF EXISTS {FUNCTION}(text)"


class Folded(Transform):
    """The text without accents and in lower case: "Michoacán" -> "michoacan"."""

    lookup_name = "folded"
    function = FUNCTION
    bilateral = True


def _fold_or_none(text):
    return None if text is None else fold(text)


def register_sqlite_function(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(FUNCTION, 1, _fold_or_none, deterministic=True)


def install():
    """Make ``__folded`` available on text fields, and the function on SQLite connections."""
    CharField.register_lookup(Folded)
    TextField.register_lookup(Folded)
    connection_created.connect(register_sqlite_function, dispatch_uid="newsroom_fold_sqlite")


def folded_search_fields(*fields):
    """Admin ``search_fields`` that ignore accents and case: ``"full_name"`` becomes
    ``"full_name__folded__contains"``."""
    return [f"{field}__folded__contains" for field in fields]
