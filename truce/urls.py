from django.urls import include, path

from truce.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("record/", include("truce.record.urls")),
    path("bulletins/", include("truce.bulletins.urls")),
    path("", include("truce.web.urls")),
]
