from django.urls import path

from . import views

app_name = "simulation"
urlpatterns = [
    path("", views.home, name="home"),
    path("advise/", views.advise, name="advise"),
    path("calibrate/", views.calibrate, name="calibrate"),
    path("<int:run_id>/", views.run_detail, name="run"),
    path("<int:run_id>/progress/", views.run_progress, name="progress"),
    path("<int:run_id>/compliance.svg", views.compliance_chart, name="compliance_chart"),
    path("<int:run_id>/utilisation.svg", views.utilisation_chart, name="utilisation_chart"),
]
