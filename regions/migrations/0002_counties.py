from django.db import migrations
from localflavor.se.se_counties import COUNTY_CHOICES


def add_counties(apps, schema_editor):
    County = apps.get_model("regions", "County")
    for code, _name in COUNTY_CHOICES:
        County.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("regions", "0001_initial")]

    operations = [migrations.RunPython(add_counties, migrations.RunPython.noop)]
