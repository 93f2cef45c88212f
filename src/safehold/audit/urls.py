from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("justify/", views.justify, name="justify"),
    path("access-log/", views.search, name="search"),
    path("access-log/export.csv", views.export, name="export"),
    path("privileged/", views.privileged, name="privileged"),
]
