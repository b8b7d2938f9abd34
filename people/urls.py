from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("officers/", views.OfficerListView.as_view(), name="officer-list"),
    path("officers/<slug:slug>/", views.OfficerDetailView.as_view(), name="officer-detail"),
    path("programmes/", views.ProgrammeListView.as_view(), name="programme-list"),
    path("programmes/<slug:slug>/", views.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("awards/", views.AwardListView.as_view(), name="award-list"),
    path("awards/<slug:slug>/", views.AwardDetailView.as_view(), name="award-detail"),
]
