from django.urls import path

from . import views

app_name = "safeguarding"
urlpatterns = [
    path("", views.queue_page, name="queue"),
    path("queue/rows/", views.queue_fragment, name="queue_fragment"),
    path("incidents/", views.incident_list, name="incidents"),
    path("incidents/new/", views.log_incident, name="log_incident"),
    path("incidents/<int:incident_id>/", views.incident_detail, name="incident"),
    path("incidents/<int:incident_id>/dash/", views.record_dash, name="record_dash"),
    path("incidents/<int:incident_id>/contact/", views.record_contact, name="record_contact"),
    path("incidents/<int:incident_id>/reassess/", views.reassess, name="reassess"),
    path("incidents/<int:incident_id>/sign-off/", views.sign_off, name="sign_off"),
    path("incidents/<int:incident_id>/escalate/", views.escalate, name="escalate"),
    path("incidents/<int:incident_id>/marac/", views.refer, name="refer"),
    path("incidents/<int:incident_id>/actions/new/", views.record_action, name="record_action"),
    path(
        "incidents/<int:incident_id>/actions/<int:action_id>/complete/",
        views.complete_action,
        name="complete_action",
    ),
    path("incidents/<int:incident_id>/close/", views.close, name="close"),
    path("incidents/<int:incident_id>/review/", views.review_closure, name="review_closure"),
    path("marac/", views.marac, name="marac"),
    path("marac/<int:meeting_id>/", views.marac_meeting, name="marac_meeting"),
    path("matches/", views.matches, name="matches"),
    path("matches/<int:match_id>/", views.match, name="match"),
]
