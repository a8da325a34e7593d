from django.db import migrations


def create_head(apps, schema_editor):
    # Appends lock this row (truce.record.store.lock_head); it must exist before the first append so
    # two first appends cannot both try to create it.
    Head = apps.get_model("record", "Head")
    Head.objects.get_or_create(id=1, defaults={"size": 0, "digest": "0" * 64})


class Migration(migrations.Migration):
    dependencies = [("record", "0001_initial")]
    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
