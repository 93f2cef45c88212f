from django.urls import path

from . import views

app_name = "insights"

urlpatterns = [
    path("outcomes/", views.outcomes, name="outcomes"),
    path("outcomes/explain.svg", views.explain_chart, name="explain_chart"),
    path("outcomes/measure.svg", views.measure_chart, name="measure_chart"),
    path("open-data/", views.open_data, name="open_data"),
    path("inspection/", views.inspection, name="inspection"),
    path("inspection/sample/", views.case_sample, name="case_sample"),
    path("inspection/download", views.inspection_download, name="inspection_download"),
]
