from django.db import migrations, models


class Migration(migrations.Migration):
    """Apart from 0002 so that PostgreSQL alters the table in a transaction of its own, not
    one with rows just updated."""

    dependencies = [("api", "0002_hashed_api_keys")]

    operations = [
        migrations.RemoveField(model_name="apitoken", name="key"),
        migrations.AlterField(
            model_name="apitoken",
            name="key_digest",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
    ]
