from django.apps import AppConfig


class RulingsConfig(AppConfig):
    name = "truce.rulings"
    label = "rulings"
