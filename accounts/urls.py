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
    path("invitation/<uidb64>/<token>/", views.InvitationView.as_view(), name="invitation"),
]
