from django.apps import AppConfig


class RecordConfig(AppConfig):
    name = "truce.record"
    label = "record"
