"""Forms look exactly as Django's own widget templates draw them (web/form_renderer.py).

The portal's renderer writes inputs, selects and labels in Python; every form a visitor sees must
come out byte for byte as with Django's template renderer: same markup, same escaping, same
selected options and accessibility attributes.
"""

import datetime
import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from tests.factories import NetworkFactory, ThematicAreaFactory, county
from web.form_renderer import FormRenderer

pytestmark = pytest.mark.django_db


class EveryWidgetForm(forms.Form):
    text = forms.CharField(label='Name <b>"&', max_length=20, help_text="Help <i>")
    search = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "search"}))
    email = forms.EmailField(label=mark_safe("E-mail <abbr>addr</abbr>"))
    number = forms.DecimalField(required=False, min_value=0, decimal_places=2)
    whole = forms.IntegerField(required=False, widget=forms.NumberInput(attrs={"step": 5}))
    date = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    moment = forms.DateTimeField(required=False)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    agree = forms.BooleanField(required=False, label="I agree?")
    flags = forms.CharField(
        required=False, widget=forms.TextInput(attrs={"readonly": True, "disabled": False})
    )
    kind = forms.ChoiceField(
        choices=[("", "Any"), ("a&b", "A & B"), ("c", mark_safe("<em>C</em>")), (3, "Three")]
    )
    grouped = forms.ChoiceField(
        required=False,
        choices=[("", "---"), ("Nordic", [("se", "Sweden"), ("no", 'Norway "N"')]), ("x", "X")],
    )
    many = forms.MultipleChoiceField(
        required=False, choices=[("1", "One"), ("2", "Two"), ("3", "Three")]
    )
    yes_no = forms.NullBooleanField(required=False)
    radio = forms.ChoiceField(
        required=False, widget=forms.RadioSelect, choices=[("r", "R"), ("s", "S")]
    )
    text_area = forms.CharField(required=False, widget=forms.Textarea)


DATA = {
    "text": '<script>"x"&amp;',
    "search": "  spaced  ",
    "email": "not an email",
    "number": "1.5",
    "whole": "10",
    "date": "2026-02-30",
    "moment": "2026-11-21 10:00",
    "password": "s3cr&t",
    "hidden": "h<i>dden",
    "agree": "on",
    "flags": "ro",
    "kind": "a&b",
    "grouped": "no",
    "many": ["1", "3"],
    "yes_no": "true",
    "radio": "s",
    "text_area": "line\n<two>",
}


def drawings(form):
    yield form.as_div()
    yield form.as_p()
    yield form.as_table()
    for field in form:
        yield str(field)
        yield field.label_tag()
        yield field.label_tag(attrs={"class": "x"}, label_suffix=":")
        yield field.legend_tag()


def both(form_factory):
    ours = list(drawings(form_factory(FormRenderer())))
    djangos = list(drawings(form_factory(DjangoTemplates())))
    return ours, djangos


@pytest.mark.parametrize(
    "make",
    [
        lambda renderer: EveryWidgetForm(renderer=renderer),
        lambda renderer: EveryWidgetForm(DATA, renderer=renderer),
        lambda renderer: EveryWidgetForm(
            initial={"date": datetime.date(2026, 11, 21), "number": 2.25, "kind": 3},
            renderer=renderer,
        ),
        lambda renderer: EveryWidgetForm(DATA, auto_id=False, renderer=renderer),
        lambda renderer: EveryWidgetForm(DATA, auto_id="f_%s", prefix="p", renderer=renderer),
    ],
    ids=["unbound", "bound", "initial", "no-ids", "prefixed"],
)
def test_every_kind_of_field_looks_as_with_djangos_templates(make):
    ours, djangos = both(make)
    assert ours == djangos


def filter_form(html: str) -> str:
    return re.search(r'<form method="get" class="filters".*?</form>', html, flags=re.S).group(0)


@pytest.mark.parametrize(
    "url",
    [
        "/en/networks/?county=AB&theme=energy&join_policy=open&q=%3Cb%3E",
        "/networks/?county=AB",
        "/en/events/?county=AB&kind=workshop&starts_after=2026-01-01",
        "/en/organisations/?county=AB",
    ],
)
def test_filter_forms_look_as_with_djangos_templates(client, settings, url):
    ThematicAreaFactory(slug="energy", name="Energy & <heat>")
    NetworkFactory().counties.add(county("AB"))
    ours = filter_form(client.get(url).content.decode())
    settings.FORM_RENDERER = "django.forms.renderers.DjangoTemplates"
    djangos = filter_form(client.get(url).content.decode())
    assert '<option value="AB" selected>' in ours
    assert ours == djangos
