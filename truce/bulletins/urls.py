from django.urls import path

from truce.bulletins import views

urlpatterns = [
    path("", views.bulletin_list, name="bulletin-list"),
    path("new/", views.bulletin_new, name="bulletin-new"),
    path("<int:bulletin_id>/file/", views.bulletin_file, name="bulletin-file"),
]
