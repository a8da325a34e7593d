from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    name = "truce.bulletins"
    label = "bulletins"
