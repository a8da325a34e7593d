from django.urls import path

from truce.sources import views

urlpatterns = [
    path("", views.lead_list, name="lead-list"),
    path("<int:lead_id>/", views.lead_detail, name="lead-detail"),
    path("<int:lead_id>/accept/", views.lead_accept, name="lead-accept"),
    path("<int:lead_id>/dismiss/", views.lead_dismiss, name="lead-dismiss"),
]
