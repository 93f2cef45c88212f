from django.urls import path

from .views import actions, assessment, incidents, marac, matches, queue, supervision, voice
from .views import claims as claim_views

app_name = "safeguarding"
urlpatterns = [
    path("", queue.queue_page_view, name="queue"),
    path("queue/rows/", queue.queue_fragment, name="queue_fragment"),
    path("incidents/", incidents.incident_list, name="incidents"),
    path("incidents/new/", incidents.log_incident, name="log_incident"),
    path("incidents/<int:incident_id>/", incidents.incident_detail, name="incident"),
    path("incidents/<int:incident_id>/dash/", assessment.record_dash, name="record_dash"),
    path("incidents/<int:incident_id>/contact/", assessment.record_contact, name="record_contact"),
    path("incidents/<int:incident_id>/reassess/", assessment.reassess, name="reassess"),
    path("incidents/<int:incident_id>/sign-off/", assessment.sign_off, name="sign_off"),
    path("incidents/<int:incident_id>/escalate/", assessment.escalate, name="escalate"),
    path("incidents/<int:incident_id>/marac/", actions.refer, name="refer"),
    path("incidents/<int:incident_id>/actions/new/", actions.record_action, name="record_action"),
    path(
        "incidents/<int:incident_id>/actions/<int:action_id>/complete/",
        actions.complete_action,
        name="complete_action",
    ),
    path(
        "incidents/<int:incident_id>/actions/<int:action_id>/breach/",
        actions.record_breach,
        name="record_breach",
    ),
    path("incidents/<int:incident_id>/close/", actions.close, name="close"),
    path("incidents/<int:incident_id>/review/", actions.review_closure, name="review_closure"),
    path("marac/", marac.marac, name="marac"),
    path("marac/<int:meeting_id>/", marac.marac_meeting, name="marac_meeting"),
    path("matches/", matches.matches, name="matches"),
    path("matches/<int:match_id>/", matches.match, name="match"),
    path("worklists/", supervision.worklists_page, name="worklists"),
    path("incidents/<int:incident_id>/voice/", voice.record_voice, name="record_voice"),
    path("incidents/<int:incident_id>/suspect/", voice.suspect_status, name="suspect_status"),
    path(
        "incidents/<int:incident_id>/suspect/<int:change_id>/told/",
        voice.victim_told,
        name="victim_told",
    ),
    path("incidents/<int:incident_id>/claim/", claim_views.claim, name="claim"),
    path("incidents/<int:incident_id>/release/", claim_views.release, name="release_claim"),
]
