"""The current version of each dependency key, and moving them when public content changes.

A cache entry records the versions of the keys it depends on when it is stored; it is current
while every one of them is unchanged. A version is the time of the change, a random part, and
whether the change allows serving the old page meanwhile: a withdrawal or a withdrawn consent
does not (a *hard* change). Versions live in the shared cache under the current generation, so a
lost generation loses them too, and every process hears new ones with the generation
(``generation.HeardGeneration``): checking an entry then costs no round trip.
"""

import secrets
import time

from django.core.cache import cache

from . import generation as generations

HARD = "h"
SOFT = "s"
# Not a change: the first version of a key the cache did not hold (never changed, or lost).
FOUND = "n"


def new_version(kind=SOFT):
    return f"{time.time_ns()}-{secrets.token_hex(4)}-{kind}"


def dated_at(version):
    """When ``version`` was made, in seconds since the epoch."""
    return int(version.split("-", 1)[0]) / 1e9


def changed_at(version):
    """When the change that made ``version`` happened; for a key the cache had lost, the epoch:
    what changed meanwhile is not known."""
    return 0.0 if version.endswith(f"-{FOUND}") else dated_at(version)


def is_hard(version):
    return version.endswith(f"-{HARD}")


def version_key(generation, name):
    return generations.key(generation, "v", name)


def read(generation, names):
    """The current version of each of ``names``, as a dict. A key that never changed (or that
    the cache lost) gets a FOUND version: an entry made before it was lost no longer matches,
    and one made now may be stored."""
    known, epoch = generations.heard.known_versions()
    current = {}
    missing = {}
    for name in names:
        stored_as = version_key(generation, name)
        version = known.get(stored_as) if known is not None else None
        if version is None:
            missing[stored_as] = name
        else:
            current[name] = version
    if not missing:
        return current
    asked_at = time.monotonic()
    found = cache.get_many(list(missing))
    for stored_as in missing.keys() - found.keys():
        version = new_version(FOUND)
        # add(): processes that find it missing at the same moment agree on one value.
        if not cache.add(stored_as, version, timeout=None):
            version = cache.get(stored_as) or version
        found[stored_as] = version
    if known is not None:
        generations.heard.learn(found, epoch, asked_at)
    for stored_as, version in found.items():
        current[missing[stored_as]] = version
    return current


def move(names, *, hard=False):
    """Give each of ``names`` a new version, announced to every process: every entry that
    depends on one of them stops being current."""
    generation = generations.current()
    version = new_version(HARD if hard else SOFT)
    versions = {version_key(generation, name): version for name in names}
    if generations.can_announce():
        generations.heard.announce_versions(versions, version)
    else:
        cache.set_many(versions, timeout=None)
