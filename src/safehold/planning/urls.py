from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("", views.runs, name="runs"),
    path("new/", views.new_plan, name="new"),
    path("mine/", views.mine, name="mine"),
    path("forecast/", views.forecast_page, name="forecast"),
    path("forecast/curve.svg", views.forecast_curve, name="forecast_curve"),
    path("forecast/backlog.svg", views.forecast_backlog, name="forecast_backlog"),
    path("<int:run_id>/", views.run_detail, name="run"),
    path("<int:run_id>/progress/", views.run_progress, name="run_progress"),
    path("<int:run_id>/plan.csv", views.export, name="export"),
    path("<int:run_id>/accept/", views.accept, name="accept"),
    path("<int:run_id>/replan/", views.replan, name="replan"),
    path("<int:run_id>/days/<int:day>/", views.day_page, name="day"),
    path("<int:run_id>/pairs/<int:pair_id>/days/<int:day>/", views.pair_day, name="pair_day"),
    path("<int:run_id>/pairs/<int:pair_id>/calendar.ics", views.pair_ics, name="pair_ics"),
]
