from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "truce.agreements"
    label = "agreements"
