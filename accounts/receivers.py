from django.contrib.auth.signals import user_logged_in

from . import preferences


def remember_preferences(sender, request, user, **kwargs):
    preferences.remember_in_session(request.session, user)


def connect():
    user_logged_in.connect(remember_preferences, dispatch_uid="accounts.remember_preferences")
