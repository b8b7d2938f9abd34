from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("press/join/", views.join, name="join"),
    path("press/join/confirm/<str:signed>/", views.confirm, name="confirm"),
    path("press/unsubscribe/<str:signed>/", views.unsubscribe, name="unsubscribe"),
    path("press/s/<str:signed>/", views.press_story, name="press-story"),
    path("press/s/<str:signed>/press-kit.zip", views.press_kit, name="press-kit"),
]
