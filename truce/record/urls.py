from django.urls import path

from truce.record import views

urlpatterns = [path("", views.record_page, name="record")]
