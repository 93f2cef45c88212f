"""URLs: the pages of each context, the JSON API under /api/ and the admin."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from safehold.shell import home as shell_home

from .api import api, register_routers
from .health import healthz, readyz
from .metrics import metrics

register_routers()

admin.site.site_header = "Safehold administration"
admin.site.site_title = "Safehold administration"
admin.site.index_title = "Users, roles and force configuration"

urlpatterns = [
    path("", shell_home.home, name="home"),
    path("accounts/", include("safehold.accounts.urls")),
    path("people/", include("safehold.people.urls")),
    path("offenders/", include("safehold.offenders.urls")),
    path("safeguarding/", include("safehold.safeguarding.urls")),
    path("planning/", include("safehold.planning.urls")),
    path("audit/", include("safehold.audit.urls")),
    path("jobs/", include("safehold.jobs.urls")),
    path("simulation/", include("safehold.simulation.urls")),
    path("demand/", include("safehold.demand.urls")),
    path("insights/", include("safehold.insights.urls")),
    # One sign-in for everything (lockout, second factor): the admin's own form is not used.
    path("admin/login/", RedirectView.as_view(url="/accounts/sign-in/?next=/admin/")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),
]

handler400 = "safehold.config.errors.bad_request"
handler403 = "safehold.config.errors.forbidden"
handler404 = "safehold.config.errors.not_found"
handler500 = "safehold.config.errors.server_error"
