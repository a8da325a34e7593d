from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "truce.accounts"
    label = "accounts"
