from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "truce.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from truce.accounts.language import remember_at_login

        user_logged_in.connect(remember_at_login, dispatch_uid="truce-remember-language")
