from django.apps import AppConfig


class IdempotencyConfig(AppConfig):
    name = "truce.idempotency"
    label = "idempotency"
