from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("preferences/", views.preferences_view, name="preferences"),
    path("two-step/", views.security_view, name="security"),
    path("two-step/set-up/", views.enrol_view, name="enrol"),
    path("two-step/confirm/", views.verify_view, name="verify"),
    path("two-step/recovery-codes/", views.recovery_codes_view, name="recovery-codes"),
    path("two-step/remove/", views.remove_view, name="remove"),
    path(
        "two-step/authenticator/remove/",
        views.remove_authenticator_view,
        name="remove-authenticator",
    ),
    path("two-step/passkeys/<int:pk>/", views.passkey_name_view, name="passkey-name"),
    path("two-step/passkeys/<int:pk>/remove/", views.remove_passkey_view, name="remove-passkey"),
    path("invitation/<uidb64>/<token>/", views.InvitationView.as_view(), name="invitation"),
]
