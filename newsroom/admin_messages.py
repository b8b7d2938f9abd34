"""One message per save in the admin: the one that says what happened.

A save that does more than save (submits a story for review, invites a colleague) says so in a
message of its own; Django's "The … was changed successfully." after it would be a second, vaguer
message about the same click. ``OwnMessageAdminMixin.own_message_instead_of_stock`` holds back
the stock one while the admin builds its response.
"""

from contextlib import contextmanager

# Set on the request while the stock message is held back.
HOLD_STOCK_MESSAGE = "_newsroom_own_message_said"


class OwnMessageAdminMixin:
    @contextmanager
    def own_message_instead_of_stock(self, request, said):
        """While in the block, messages are held back if ``said``: the save's own message was
        already given."""
        setattr(request, HOLD_STOCK_MESSAGE, bool(said))
        try:
            yield
        finally:
            setattr(request, HOLD_STOCK_MESSAGE, False)

    def message_user(self, request, *args, **kwargs):
        if getattr(request, HOLD_STOCK_MESSAGE, False):
            return
        super().message_user(request, *args, **kwargs)
