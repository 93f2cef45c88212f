from django.urls import path

from . import merge_views, views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("<int:person_id>/", views.person_detail, name="detail"),
    path("<int:person_id>/merge/", merge_views.merge, name="merge"),
    path("<int:person_id>/unmerge/", merge_views.unmerge, name="unmerge"),
]
