from django.urls import path

from .views import export, forecast, routes, runs

app_name = "planning"
urlpatterns = [
    path("", runs.runs, name="runs"),
    path("new/", runs.new_plan, name="new"),
    path("mine/", routes.mine, name="mine"),
    path("forecast/", forecast.forecast_page, name="forecast"),
    path("forecast/curve.svg", forecast.forecast_curve, name="forecast_curve"),
    path("forecast/backlog.svg", forecast.forecast_backlog, name="forecast_backlog"),
    path("<int:run_id>/", runs.run_detail, name="run"),
    path("<int:run_id>/progress/", runs.run_progress, name="run_progress"),
    path("<int:run_id>/plan.csv", export.export, name="export"),
    path("<int:run_id>/accept/", runs.accept, name="accept"),
    path("<int:run_id>/replan/", runs.replan, name="replan"),
    path("<int:run_id>/days/<int:day>/", routes.day_page, name="day"),
    path("<int:run_id>/pairs/<int:pair_id>/days/<int:day>/", routes.pair_day, name="pair_day"),
    path("<int:run_id>/pairs/<int:pair_id>/calendar.ics", routes.pair_ics, name="pair_ics"),
]
