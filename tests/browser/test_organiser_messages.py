"""Staff write to an event's confirmed participants in the admin, preview and send; each
participant gets the message in their own language (issue #15 §3)."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.roles import SCIENCE_PARK_STAFF, ensure_role_groups
from companies.models import OrganisationMembership
from events.models import Registration
from tests.factories import (
    MINIMAL_PDF,
    EventFactory,
    OrganisationMembershipFactory,
    RegistrationFactory,
    ScienceParkFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_message_reaches_the_confirmed_participants_in_both_languages(
    live_server, browser, log_in, counties, tmp_path
):
    park = ScienceParkFactory(name="STUNS")
    staff = UserFactory(is_staff=True, preferred_language="en")
    staff.groups.add(ensure_role_groups()[SCIENCE_PARK_STAFF])
    OrganisationMembershipFactory(
        user=staff, organisation=park, role=OrganisationMembership.Role.STAFF
    )
    event = EventFactory(title="Battery day", hosts=[park], capacity=None)
    swede = RegistrationFactory(event=event, user__preferred_language="sv").user
    english = RegistrationFactory(event=event, user__preferred_language="en").user
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    programme = tmp_path / "programme.pdf"
    programme.write_bytes(MINIMAL_PDF)

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    log_in(context, staff)
    page = context.new_page()
    page.set_default_timeout(30_000)  # the admin pages are the heaviest the portal has
    page.goto(f"{live_server.url}/en/admin/events/event/{event.pk}/change/")
    page.get_by_role("link", name="Message participants").click()

    page.get_by_label("To:").select_option("confirmed")
    page.get_by_label("Subject in Swedish:").fill("Parkering vid STUNS")
    page.get_by_label("Text in Swedish:").fill("Parkera på gästparkeringen.")
    page.get_by_label("Subject in English:").fill("Parking at STUNS")
    page.get_by_label("Text in English:").fill("Please use the visitors' car park.")
    page.get_by_label("Attachment:").set_input_files(str(programme))
    page.get_by_role("button", name="Preview").click()

    expect(page.locator(".organiser-message-counts")).to_contain_text("2 recipients")
    expect(page.locator(".organiser-message-preview[lang=sv]")).to_contain_text(
        "Parkera på gästparkeringen."
    )
    expect(page.locator(".organiser-message-preview[lang=en]")).to_contain_text(
        "Please use the visitors' car park."
    )
    assert not mail.outbox
    page.get_by_role("button", name="Send to 2 recipients").click()

    expect(page.locator(".messagelist")).to_contain_text("is on its way to 2 people")
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {swede.email: "Parkering vid STUNS", english.email: "Parking at STUNS"}
    for message in mail.outbox:
        assert [name for name, _content, _type in message.attachments] == ["programme.pdf"]
    # The event's history says who was written to.
    page.goto(f"{live_server.url}/en/admin/events/event/{event.pk}/history/")
    expect(page.locator("#change-history")).to_contain_text("is on its way to 2 people")
