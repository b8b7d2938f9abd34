"""What each kind of message needs at sending time, registered by the app that sends it.

A message stores only JSON (ids, not objects), so that it is rendered when it is sent, from the
records as they are then, in each recipient's language. An app that sends a kind of message may
register, for that kind:

- ``context(message_context, language)``: the template context every recipient shares, e.g. the
  story's current headline; called once per language per batch;
- ``still_wanted(delivery)``: whether a delivery should still go out, e.g. ``False`` once the
  recipient unsubscribed; a delivery that is no longer wanted is marked "not sent";
- ``personal(context)``: what one recipient's email adds to the full context (shared and their
  own), e.g. their stories picked out of a digest's shared list; called for each delivery, in
  its language, so it should only read what the shared context already holds.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    context: object = None
    still_wanted: object = None
    personal: object = None


_kinds = {}


def register(kind, *, context=None, still_wanted=None, personal=None):
    _kinds[kind] = Kind(context=context, still_wanted=still_wanted, personal=personal)


def get(kind):
    return _kinds.get(kind, Kind())
