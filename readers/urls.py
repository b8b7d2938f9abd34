from django.urls import path

from . import views

app_name = "readers"

urlpatterns = [
    path("subscribe/", views.subscribe, name="subscribe"),
    path("subscribe/confirm/<str:signed>/", views.confirm, name="confirm"),
    path("subscribe/manage/<str:signed>/", views.manage, name="manage"),
    path("subscribe/unsubscribe/<str:signed>/", views.unsubscribe, name="unsubscribe"),
]
