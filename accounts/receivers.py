from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_init, post_save

from . import preferences, sessions


def start_session(sender, request, user, **kwargs):
    preferences.remember_in_session(request.session, user)
    sessions.start(request, user)


def remember_what_ends_sessions(sender, instance, **kwargs):
    # Kept from when the row was read, so a save can tell what changed without a query.
    instance._accounts_was = (instance.is_active, instance.password)


def end_sessions_on_deactivation_or_new_password(sender, instance, created, **kwargs):
    was_active, old_password = getattr(instance, "_accounts_was", (True, instance.password))
    if not created and (
        (was_active and not instance.is_active) or old_password != instance.password
    ):
        sessions.end_sessions_of(instance)
    remember_what_ends_sessions(sender, instance)


def connect():
    user = get_user_model()
    user_logged_in.connect(start_session, dispatch_uid="accounts.start_session")
    post_init.connect(remember_what_ends_sessions, sender=user, dispatch_uid="accounts.was")
    post_save.connect(
        end_sessions_on_deactivation_or_new_password,
        sender=user,
        dispatch_uid="accounts.end_sessions",
    )
