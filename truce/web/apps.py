from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "truce.web"
    label = "web"
