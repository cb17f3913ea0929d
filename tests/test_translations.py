"""Every string a visitor can see exists in Swedish (no URL prefix) and English (/en/)."""

import ast
import datetime
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.core import mail
from django.utils import timezone
from django.utils.translation.template import templatize

from accounts.roles import COORDINATOR, SCIENCE_PARK_STAFF, ensure_role_groups
from companies.models import OrganisationMembership
from events.services import register_for_event
from tests.factories import (
    EventFactory,
    OrganisationMembershipFactory,
    ProjectFactory,
    ScienceParkFactory,
    UserFactory,
)

CATALOGUE = settings.BASE_DIR / "locale" / "sv" / "LC_MESSAGES" / "django.po"
GETTEXT_NAMES = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
SKIPPED_DIRS = {".venv", ".lock-venv", "staticfiles", "media", "node_modules", "tests"}


def catalogue():
    with CATALOGUE.open("rb") as po:
        return read_po(po)


def is_untranslated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return not all(strings)


def source_files(*suffixes):
    for path in sorted(settings.BASE_DIR.rglob("*")):
        parts = path.relative_to(settings.BASE_DIR).parts
        hidden = any(part.startswith(".") for part in parts)
        if path.suffix in suffixes and not hidden and not SKIPPED_DIRS.intersection(parts):
            yield path


def python_msgids(path: Path):
    """(context, msgid) of each gettext call with literal arguments in a Python module."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute)):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
        if name not in GETTEXT_NAMES:
            continue
        literals = [
            arg.value
            for arg in node.args
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
        ]
        if not literals:
            continue
        if name.startswith(("pgettext", "npgettext")) and len(literals) >= 2:
            yield literals[0], literals[1]
        else:
            yield None, literals[0]


TEMPLATE_CALL = re.compile(r"\b(n?p?gettext)\(((?:u'(?:[^'\\]|\\.)*'(?:, )?)+)")


def template_msgids(path: Path):
    """(context, msgid) of each {% translate %} and {% blocktranslate %}, as makemessages sees."""
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for name, arguments in TEMPLATE_CALL.findall(code):
        literals = ast.literal_eval(f"({arguments.rstrip(', ')},)")
        if name.startswith("p") or name.startswith("np"):
            yield literals[0], literals[1]
        else:
            yield None, literals[0]


def test_the_swedish_catalogue_has_no_untranslated_or_fuzzy_messages():
    messages = [message for message in catalogue() if message.id]
    untranslated = [message.id for message in messages if is_untranslated(message)]
    fuzzy = [message.id for message in messages if message.fuzzy]
    assert len(messages) > 500
    assert untranslated == []
    assert fuzzy == []


def test_swedish_placeholders_match_the_english_ones():
    problems = [
        (message.id, [str(error) for error in errors])
        for message, errors in catalogue().check()
        if errors
    ]
    assert problems == []


def test_plural_messages_have_both_swedish_forms():
    for message in catalogue():
        if message.pluralizable:
            assert len(message.string) == 2, message.id
            assert all(message.string), message.id


def test_every_marked_string_in_code_and_templates_is_in_the_catalogue():
    """Strings merged since the last `make messages` would otherwise reach Swedish readers in
    English."""
    known = {
        (message.context, message.id if isinstance(message.id, str) else message.id[0])
        for message in catalogue()
        if message.id
    }
    found = {}
    for path in source_files(".py"):
        for key in python_msgids(path):
            found.setdefault(key, path)
    for path in source_files(".html", ".txt"):
        for key in template_msgids(path):
            found.setdefault(key, path)
    assert len(found) > 500
    missing = sorted(
        f"{path.relative_to(settings.BASE_DIR)}: {msgid!r}"
        for (context, msgid), path in found.items()
        if (context, msgid) not in known
    )
    assert missing == [], "run `make messages` and translate:\n" + "\n".join(missing)


def test_the_compiled_catalogue_is_not_older_than_the_source():
    compiled = CATALOGUE.with_suffix(".mo")
    assert compiled.exists(), "run `make compilemessages`"
    assert compiled.stat().st_mtime >= CATALOGUE.stat().st_mtime, "run `make compilemessages`"


# Pages: Swedish without a prefix, English under /en/ ----------------------------------------


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.django_db
def test_home_page_is_swedish_without_prefix_and_english_under_en(client):
    swedish, english = page(client, "/"), page(client, "/en/")
    assert '<html lang="sv">' in swedish
    assert "Innovationskluster i din region" in swedish
    assert "Evenemang" in swedish
    assert "Innovation clusters in your region" not in swedish
    assert '<html lang="en">' in english
    assert "Innovation clusters in your region" in english


@pytest.mark.django_db
def test_event_list_is_swedish_without_prefix_and_english_under_en(client):
    EventFactory(title="Cirkulär workshop")
    swedish, english = page(client, "/events/"), page(client, "/en/events/")
    assert "Visar kommande evenemang. Välj datum för att se tidigare." in swedish
    assert "Cirkulär workshop" in swedish
    assert "Showing upcoming events" not in swedish
    assert "Showing upcoming events. Choose dates to see past ones." in english


@pytest.mark.django_db
def test_news_list_is_swedish_without_prefix_and_english_under_en(client):
    swedish, english = page(client, "/news/"), page(client, "/en/news/")
    assert "Filtrera nyheter" in swedish
    assert "Filter news" in english


@pytest.mark.django_db
def test_admin_index_for_staff_is_swedish_without_prefix_and_english_under_en(client):
    park = ScienceParkFactory()
    staff = UserFactory(is_staff=True)
    staff.groups.add(ensure_role_groups()[SCIENCE_PARK_STAFF])
    OrganisationMembershipFactory(
        user=staff, organisation=park, role=OrganisationMembership.Role.STAFF
    )
    EventFactory(hosts=[park], title="Nätverksträff")
    client.force_login(staff)
    swedish, english = page(client, "/admin/"), page(client, "/en/admin/")
    assert "Klusterportalens administration" in swedish
    assert "Dina kommande evenemang" in swedish
    assert "Anmälda / platser" in swedish
    assert "Your upcoming events" not in swedish
    assert "Cluster Portal administration" in english
    assert "Your upcoming events" in english
    assert "Registered / capacity" in english


@pytest.mark.django_db
def test_reports_page_for_a_coordinator_is_swedish_without_prefix_and_english_under_en(client):
    coordinator = UserFactory()
    coordinator.groups.add(ensure_role_groups()[COORDINATOR])
    ProjectFactory().coordinators.add(coordinator)
    client.force_login(coordinator)
    swedish, english = page(client, "/reports/"), page(client, "/en/reports/")
    assert "Omfattning och period" in swedish
    assert "Rapporter" in swedish
    assert "Scope and period" not in swedish
    assert "Scope and period" in english


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "subject", "lines"),
    [
        (
            "sv",
            "Anmälan bekräftad: Klimatfrukost",
            ["Hej Greta Lind,", "Din plats på Klimatfrukost är bekräftad.", "/notifications/"],
        ),
        (
            "en",
            "Registration confirmed: Klimatfrukost",
            ["Hello Greta Lind,", "Your seat at Klimatfrukost is confirmed.", "/en/notifications/"],
        ),
    ],
)
def test_a_notification_email_is_in_the_recipients_language(
    django_capture_on_commit_callbacks, settings, language, subject, lines
):
    settings.SITE_URL = "https://portal.example.org"
    starts_at = timezone.now() + datetime.timedelta(days=10)
    event = EventFactory(
        title="Klimatfrukost", starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2)
    )
    membership = OrganisationMembershipFactory(
        user=UserFactory(first_name="Greta", last_name="Lind", preferred_language=language)
    )
    with django_capture_on_commit_callbacks(execute=True):
        register_for_event(event=event, user=membership.user, organisation=membership.organisation)
    [message] = mail.outbox
    assert message.subject == subject
    for line in lines:
        assert line in message.body
    assert ("/en/" in message.body) is (language == "en")
    assert message.extra_headers["Content-Language"] == language
