from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "truce.cases"
    label = "cases"
