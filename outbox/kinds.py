"""The kinds of message the site sends, as staff say them in the delivery log.

The email layer sends any kind an app names; these are the ones the project's apps send, so that
the log reads "Press release" rather than "outreach.release". A kind not listed shows as named.
"""

from django.utils.translation import gettext_lazy as _

KINDS = [
    ("outreach.release", _("Press release")),
    ("outreach.correction", _("Correction, to the press")),
    ("outreach.withdrawal", _("Withdrawal, to the press")),
    ("outreach.confirm", _("Journalist's address confirmation")),
    ("readers.story", _("Story, to readers")),
    ("readers.digest", _("Daily digest, to readers")),
    ("readers.correction", _("Correction, to readers")),
    ("readers.confirm", _("Reader's address confirmation")),
    ("desk.notification", _("Desk notification")),
    ("accounts.invitation", _("Invitation to a colleague")),
]
