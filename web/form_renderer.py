"""The form renderer (settings.FORM_RENDERER): Django's own, with its commonest templates in Python.

Django renders every `<option>` of a select, and every attribute of every widget, through a
template include of its own; the county and theme selects of a filter form cost more than all
the rest of the page's markup. This renderer writes the same HTML as Django's templates for
inputs, selects, options and labels (`django/forms/widgets/input.html` and the templates that
only include it, `select.html`, `select_option.html`, `attrs.html`, `label.html`), byte for byte,
and renders everything else through the templates as before. A template that an installed app
overrides is rendered from its template.
"""

from functools import cached_property
from pathlib import Path

import django.forms
from django.forms.renderers import DjangoTemplates
from django.template import TemplateDoesNotExist
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData
from django.utils.timezone import template_localtime

DJANGO_FORM_TEMPLATES = Path(django.forms.__file__).parent / "templates"

INPUT_TEMPLATES = {
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
}
SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
LABEL_TEMPLATE = "django/forms/label.html"
# Templates the Python versions stand for, directly or through an include.
REPLACED_TEMPLATES = {
    *INPUT_TEMPLATES,
    SELECT_TEMPLATE,
    OPTION_TEMPLATE,
    LABEL_TEMPLATE,
    "django/forms/widgets/attrs.html",
    "django/forms/attrs.html",
}


def _variable(value) -> str:
    """`{{ value }}` in an autoescaping template."""
    value = localize(template_localtime(value))
    if not issubclass(type(value), str):
        value = str(value)
    return conditional_escape(value)


def _stringformat(value) -> str:
    """`{{ value|stringformat:'s' }}` in an autoescaping template."""
    try:
        formatted = "%s" % (str(value) if isinstance(value, tuple) else value)
    except (ValueError, TypeError):
        return ""
    return formatted if isinstance(value, SafeData) else escape(formatted)


def _attrs(attrs) -> str:
    """`django/forms/widgets/attrs.html` and `django/forms/attrs.html`."""
    if not attrs:
        return ""
    return "".join(
        f" {_variable(name)}" if value is True else f' {_variable(name)}="{_stringformat(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget) -> str:
    # A missing key renders as the template would: nothing (string_if_invalid is "").
    value = widget.get("value")
    value_attr = "" if value is None else f' value="{_stringformat(value)}"'
    return (
        f'<input type="{_variable(widget.get("type", ""))}" name="{_variable(widget["name"])}"'
        f"{value_attr}{_attrs(widget['attrs'])}>\n"
    )


def _option(option) -> str:
    return (
        f'<option value="{_stringformat(option["value"])}"{_attrs(option["attrs"])}>'
        f"{_variable(option['label'])}</option>\n"
    )


def _select(widget) -> str:
    parts = [f'<select name="{_variable(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_variable(group_name)}">')
        for option in group_choices:
            parts.append("\n  ")
            parts.append(_option(option))
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>\n")
    return "".join(parts)


def _label(context) -> str:
    label = _variable(context["label"])
    if not context["use_tag"]:
        return label + "\n"
    tag = _variable(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{label}</{tag}>\n"


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if self._in_python:
            if template_name in INPUT_TEMPLATES:
                return _input(context["widget"]).strip()
            if template_name == SELECT_TEMPLATE and all(
                option["template_name"] == OPTION_TEMPLATE
                for _name, choices, _index in context["widget"]["optgroups"]
                for option in choices
            ):
                return _select(context["widget"]).strip()
            if template_name == LABEL_TEMPLATE:
                return _label(context).strip()
        return super().render(template_name, context, request=request)

    @cached_property
    def _in_python(self) -> bool:
        """Whether every replaced template is still Django's own file."""
        for name in REPLACED_TEMPLATES:
            try:
                origin = Path(self.get_template(name).origin.name)
            except TemplateDoesNotExist:
                return False
            if not origin.is_relative_to(DJANGO_FORM_TEMPLATES):
                return False
        return True
