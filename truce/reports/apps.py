from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "truce.reports"
    label = "reports"
