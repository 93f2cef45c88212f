from django.urls import path

from . import queue_views, views

app_name = "demand"

urlpatterns = [
    path("calls/", views.calls, name="calls"),
    path("calls/new/", views.record_call, name="record_call"),
    path("incidents/<int:incident_id>/", views.incident_detail, name="incident"),
    path("incidents/<int:incident_id>/thrive/", views.thrive, name="thrive"),
    path("incidents/<int:incident_id>/timeline/", views.dispatch_action, name="dispatch_action"),
    path("incidents/<int:incident_id>/resolution/", views.rc_action, name="rc_action"),
    path("incidents/<int:incident_id>/appointment/", views.book, name="book"),
    path("incidents/<int:incident_id>/advice/", views.close_advice, name="close_advice"),
    path("dispatch/", queue_views.dispatch_queue, name="dispatch"),
    path("dispatch/rows/", queue_views.dispatch_fragment, name="dispatch_fragment"),
    path("downgrades/<int:assessment_id>/", views.decide_downgrade, name="downgrade"),
    path("resolution-centre/", queue_views.rc_queue, name="rc_queue"),
    path("resolution-centre/rows/", queue_views.rc_fragment, name="rc_fragment"),
    path("appointments/", queue_views.appointments, name="appointments"),
    path("compliance/", queue_views.compliance, name="compliance"),
]
