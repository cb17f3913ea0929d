"""County and theme filters read their table once and accept exactly what Django's field accepts
(web/listing.py, ReferenceChoiceFilter)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_filters.fields import ModelChoiceField

from companies.models import ThematicArea
from regions.models import County
from tests.factories import NetworkFactory, ThematicAreaFactory, county
from web.listing import ReferenceChoiceField

pytestmark = pytest.mark.django_db

SUBMITTED = ["AB", "C", "ab", "ZZ", "ABC", " AB", "", None, "a\x00b", 5, "energy", "ENERGY", "x"]


def outcome(field, value):
    try:
        return ("valid", field.clean(value))
    except ValidationError as error:
        return ("invalid", error.code, error.messages)


@pytest.mark.parametrize(
    ("queryset", "options"),
    [
        (County.objects.all, {}),
        (County.objects.all, {"required": False}),
        (ThematicArea.objects.all, {"to_field_name": "slug", "required": False}),
        (ThematicArea.objects.all, {"required": False, "null_label": "None", "null_value": "n"}),
    ],
)
def test_a_choice_is_accepted_exactly_when_djangos_field_accepts_it(queryset, options):
    energy = ThematicAreaFactory(slug="energy")
    submitted = [*SUBMITTED, str(energy.pk), f" {energy.pk}", "n"]
    ours = ReferenceChoiceField(queryset=queryset(), **options)
    djangos = ModelChoiceField(queryset=queryset(), **options)
    for value in submitted:
        assert outcome(ours, value) == outcome(djangos, value), value
    assert list(ours.choices) == list(djangos.choices)
    assert str(ours.widget.render("county", "AB")) == str(djangos.widget.render("county", "AB"))


def test_a_filtered_list_reads_the_counties_and_themes_once(client):
    ThematicAreaFactory(slug="energy")
    NetworkFactory().counties.add(county("AB"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/en/networks/", {"county": "AB", "theme": "energy"})
    assert '<option value="AB" selected>' in response.content.decode()
    tables = [
        query["sql"].split(" FROM ")[1].split()[0] for query in queries if " FROM " in query["sql"]
    ]
    assert tables.count('"regions_county"') == 1
    assert tables.count('"companies_thematicarea"') == 1
