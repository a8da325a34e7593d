from django.urls import include, path

from truce.api import api
from truce.health import views as health

urlpatterns = [
    path("api/v1/", api.urls),
    path("healthz", health.healthz, name="healthz"),
    path("metrics", health.metrics, name="metrics"),
    path("record/", include("truce.record.urls")),
    path("bulletins/", include("truce.bulletins.urls")),
    path("", include("truce.web.urls")),
]
