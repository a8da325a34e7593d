from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "truce.cases"
    label = "cases"

    def ready(self) -> None:
        # The dashboard's counters follow every saved case, in the saving action's transaction.
        from django.db.models.signals import post_save

        from truce.cases import counts
        from truce.cases.models import Case

        post_save.connect(counts.case_saved, sender=Case, dispatch_uid="truce.cases.counts.saved")
