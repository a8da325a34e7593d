from django.apps import AppConfig


class PenaltiesConfig(AppConfig):
    name = "truce.penalties"
    label = "penalties"
