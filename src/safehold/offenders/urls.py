from django.urls import path

from . import views

app_name = "offenders"
urlpatterns = [
    path("", views.offender_list_page, name="list"),
    path("export.csv", views.offender_export, name="export"),
    path("backlog/", views.backlog, name="backlog"),
    path("backlog/trend.svg", views.backlog_chart, name="backlog_chart"),
    path("briefing/", views.briefing, name="briefing"),
    path("briefing/<int:offender_id>/act/", views.briefing_actions, name="briefing_actions"),
    path("today/", views.today, name="today"),
    path("import/", views.import_page, name="import"),
    path("import/template.csv", views.import_template, name="import_template"),
    path("<int:offender_id>/", views.offender_detail, name="detail"),
    path("<int:offender_id>/visits/new/", views.record_visit, name="record_visit"),
    path("<int:offender_id>/visits/schedule/", views.schedule_visit, name="schedule_visit"),
    path("<int:offender_id>/assessments/new/", views.record_assessment, name="record_assessment"),
    path(
        "<int:offender_id>/notifications/new/",
        views.record_notification,
        name="record_notification",
    ),
    path("<int:offender_id>/breaches/new/", views.record_breach, name="record_breach"),
    path("<int:offender_id>/status/", views.change_status, name="change_status"),
    path("<int:offender_id>/assign/", views.assign, name="assign"),
    path("<int:offender_id>/pursue/", views.pursue, name="pursue"),
    path("<int:offender_id>/interval/", views.set_interval, name="set_interval"),
    path("<int:offender_id>/sign-off/", views.sign_off, name="sign_off"),
    path("<int:offender_id>/review/close/", views.close_review, name="close_review"),
    path("<int:offender_id>/whereabouts/step/", views.whereabouts_step, name="whereabouts_step"),
    path("<int:offender_id>/whereabouts/clear/", views.whereabouts_clear, name="whereabouts_clear"),
    path("<int:offender_id>/wanted/clear/", views.clear_wanted, name="clear_wanted"),
    path("<int:offender_id>/s91/", views.decide_s91, name="decide_s91"),
    path(
        "<int:offender_id>/intelligence/new/",
        views.record_intelligence,
        name="record_intelligence",
    ),
]
