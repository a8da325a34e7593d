from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "truce.sources"
    label = "sources"
