from django.db import migrations, models

import api.models


def digest_existing_keys(apps, schema_editor):
    ApiToken = apps.get_model("api", "ApiToken")
    for token in ApiToken.objects.all():
        token.key_prefix = token.key[: api.models.KEY_PREFIX_LENGTH]
        token.key_digest = api.models.key_digest(token.key)
        token.save(update_fields=["key_prefix", "key_digest"])


class Migration(migrations.Migration):
    """Existing keys keep working: their digest replaces them."""

    dependencies = [("api", "0001_api_tokens")]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="key_prefix",
            field=models.CharField(
                default="",
                editable=False,
                help_text="The first characters of the key, to tell tokens apart.",
                max_length=8,
                verbose_name="key begins with",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="apitoken",
            name="key_digest",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(digest_existing_keys, migrations.RunPython.noop),
    ]
