from django.urls import path

from truce.accounts import views

urlpatterns = [
    path("second-factor/", views.second_factor, name="second-factor"),
    path("second-factor/setup/", views.second_factor_setup, name="second-factor-setup"),
    path("tokens/", views.token_list, name="token-list"),
    path("tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("tokens/<int:token_id>/rotate/", views.token_rotate, name="token-rotate"),
    path("users/", views.user_list, name="user-list"),
    path("users/<int:user_id>/tokens/", views.user_tokens, name="user-tokens"),
    path("users/<int:user_id>/<str:verb>/", views.user_act, name="user-act"),
    path("failed-logins/", views.failed_logins, name="failed-logins"),
]
