"""The three editorial roles as people see them: a name, what the role may do, and the group
that hands out its permissions (made by the roles migration)."""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy as _

WRITER, EDITOR, ADMINISTRATOR = "Writer", "Editor", "Administrator"

# In order of reach: someone in two role groups is shown the wider role.
ROLES = {
    WRITER: (
        _("Writer"),
        _("Drafts stories, uploads photos, shares previews and submits stories for review."),
    ),
    EDITOR: (
        _("Editor"),
        _(
            "Everything a Writer does, plus reviewing, publishing, scheduling, withdrawing and "
            "correcting any story, and the records of people and programmes."
        ),
    ),
    ADMINISTRATOR: (
        _("Administrator"),
        _("Everything an Editor does, plus staff accounts, roles and sign-in rules."),
    ),
}


def label(role):
    return ROLES[role][0] if role in ROLES else ""


def role_of(user):
    """The widest role among the person's groups, or ``None``. Reads ``user.groups.all()``, so
    a list prefetches the groups once."""
    names = {group.name for group in user.groups.all()}
    for role in reversed(ROLES):
        if role in names:
            return role
    return None


@transaction.atomic
def assign_role(user, role):
    """Put ``user`` in exactly one role. Staff status follows: every role works in the admin."""
    groups = Group.objects.filter(name__in=ROLES)
    user.groups.remove(*groups.exclude(name=role))
    user.groups.add(groups.get(name=role))
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
