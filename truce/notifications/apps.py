from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "truce.notifications"
    label = "notifications"
