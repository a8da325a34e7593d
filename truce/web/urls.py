from django.contrib.auth import views as auth_views
from django.urls import include, path

from truce.accounts.language import UserLanguagePasswordResetForm, set_language
from truce.notifications import views as inbox_views
from truce.web import calendar_views, case_views, dashboard, views

urlpatterns = [
    path("", dashboard.dashboard, name="home"),
    path("dashboard/map.geojson", dashboard.dashboard_map, name="dashboard-map"),
    path("dashboard/zones.geojson", dashboard.dashboard_zones, name="dashboard-zones"),
    path("login/", auth_views.LoginView.as_view(template_name="truce/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("truce.accounts.urls")),
    path("language/", set_language, name="set-language"),
    path("calendar/", calendar_views.calendar_choose, name="calendar-choose"),
    # Password reset by e-mail: Django's views, our templates (truce/web/templates/registration/).
    path(
        "password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="truce/password_reset.html",
            email_template_name="truce/password_reset_email.txt",
            subject_template_name="truce/password_reset_subject.txt",
            form_class=UserLanguagePasswordResetForm,
        ),
        name="password-reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="truce/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(template_name="truce/password_reset_confirm.html"),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="truce/password_reset_complete.html"),
        name="password_reset_complete",
    ),
    path("cases/", views.case_list, name="case-list"),
    path("cases/<int:case_id>/", views.case_detail, name="case-detail"),
    path("cases/<int:case_id>/act/<str:verb>/", case_views.case_act, name="case-act"),
    path("ledger/<str:agreement_id>/<str:party>/", case_views.ledger_page, name="ledger"),
    path(
        "ledger/<str:agreement_id>/<str:party>/penalties/<int:penalty_id>/<str:decision>/",
        case_views.penalty_decide,
        name="penalty-decide",
    ),
    path("inbox/", inbox_views.inbox_page, name="inbox"),
    path("inbox/read/", inbox_views.inbox_read_all, name="inbox-read-all"),
    path("inbox/<int:notification_id>/read/", inbox_views.inbox_read, name="inbox-read"),
    path("meetings/", include("truce.meetings.urls")),
    path("leads/", include("truce.sources.urls")),
    path("reports/", views.report_list, name="report-list"),
    path("reports/new/", views.report_new, name="report-new"),
    path("reports/<int:report_id>/", views.report_detail, name="report-detail"),
    path("reports/<int:report_id>/submit/", views.report_submit, name="report-submit"),
    path("reports/<int:report_id>/evidence/", views.evidence_add, name="evidence-add"),
    path(
        "reports/<int:report_id>/evidence/<int:evidence_id>/download/",
        views.evidence_download,
        name="evidence-download",
    ),
    path(
        "reports/<int:report_id>/evidence/<int:evidence_id>/rendition/",
        views.evidence_rendition,
        name="evidence-rendition",
    ),
    path(
        "reports/<int:report_id>/evidence/<int:evidence_id>/rendition/add/",
        views.rendition_add,
        name="rendition-add",
    ),
]
