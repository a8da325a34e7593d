from django.urls import path

from truce.meetings import views

urlpatterns = [
    path("", views.meeting_list, name="meeting-list"),
    path("new/", views.meeting_new, name="meeting-new"),
    path("<int:meeting_id>/", views.meeting_detail, name="meeting-detail"),
    path("<int:meeting_id>/agenda/", views.agenda_add, name="meeting-agenda-add"),
    path("<int:meeting_id>/decisions/", views.decision_add, name="meeting-decision-add"),
    path("<int:meeting_id>/close/", views.meeting_close, name="meeting-close"),
    path("<int:meeting_id>/cancel/", views.meeting_cancel, name="meeting-cancel"),
    path("<int:meeting_id>/dossier/", views.meeting_dossier, name="meeting-dossier"),
]
