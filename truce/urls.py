from django.urls import include, path

from truce.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("truce.web.urls")),
]
