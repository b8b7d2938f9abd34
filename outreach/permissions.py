"""Who may do what with the press list: Editors (who may publish) accredit and release."""

from articles import permissions as story_permissions


def can_accredit(user):
    return story_permissions.can_publish(user)
