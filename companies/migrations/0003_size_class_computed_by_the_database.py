"""The size class of a declaration is computed by the database from its facts.

Until now only companies.services.declare_size_facts computed it, so declarations written in
the admin were stored as "unknown". Adding the generated column computes it again for every
existing row. Organisations whose current facts were saved in the admin without a declaration
get the declaration they lacked, dated the day the facts were declared.
"""

from decimal import Decimal
from django.db import migrations, models


def declare_undeclared_current_facts(apps, schema_editor):
    Organisation = apps.get_model("companies", "Organisation")
    SizeDeclaration = apps.get_model("companies", "SizeDeclaration")
    undeclared = (
        Organisation.objects.filter(sme_facts_declared_on__isnull=False)
        .exclude(
            headcount__isnull=True,
            annual_turnover_eur__isnull=True,
            balance_sheet_total_eur__isnull=True,
        )
        .exclude(
            size_declarations__declared_on=models.F("sme_facts_declared_on"),
        )
    )
    SizeDeclaration.objects.bulk_create(
        SizeDeclaration(
            organisation=organisation,
            declared_on=organisation.sme_facts_declared_on,
            headcount=organisation.headcount,
            annual_turnover_eur=organisation.annual_turnover_eur,
            balance_sheet_total_eur=organisation.balance_sheet_total_eur,
        )
        for organisation in undeclared.iterator()
    )


class Migration(migrations.Migration):

    dependencies = [
        ('companies', '0002_organisation_list_indexes'),
    ]

    operations = [
        migrations.RemoveField(model_name="sizedeclaration", name="size_class"),
        migrations.AddField(
            model_name='sizedeclaration',
            name='size_class',
            field=models.GeneratedField(db_persist=True, expression=models.Case(models.When(models.Q(('headcount__isnull', True)), then=models.Value('unknown')), models.When(models.Q(('headcount__lt', 10), models.Q(models.Q(('annual_turnover_eur__isnull', True), ('balance_sheet_total_eur__isnull', True)), ('annual_turnover_eur__lte', Decimal('2000000')), ('balance_sheet_total_eur__lte', Decimal('2000000')), _connector='OR')), then=models.Value('micro')), models.When(models.Q(('headcount__lt', 50), models.Q(models.Q(('annual_turnover_eur__isnull', True), ('balance_sheet_total_eur__isnull', True)), ('annual_turnover_eur__lte', Decimal('10000000')), ('balance_sheet_total_eur__lte', Decimal('10000000')), _connector='OR')), then=models.Value('small')), models.When(models.Q(('headcount__lt', 250), models.Q(models.Q(('annual_turnover_eur__isnull', True), ('balance_sheet_total_eur__isnull', True)), ('annual_turnover_eur__lte', Decimal('50000000')), ('balance_sheet_total_eur__lte', Decimal('43000000')), _connector='OR')), then=models.Value('medium')), default=models.Value('large'), output_field=models.CharField()), choices=[('micro', 'Micro'), ('small', 'Small'), ('medium', 'Medium'), ('large', 'Large'), ('unknown', 'Unknown')], output_field=models.CharField(choices=[('micro', 'Micro'), ('small', 'Small'), ('medium', 'Medium'), ('large', 'Large'), ('unknown', 'Unknown')], max_length=16), verbose_name='size class'),
        ),
        migrations.RunPython(declare_undeclared_current_facts, migrations.RunPython.noop),
    ]
