from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "truce.meetings"
    label = "meetings"
