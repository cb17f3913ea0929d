"""A small company's whole journey through the portal, on a phone-sized screen."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from companies.models import Organisation, OrganisationMembership
from events.models import Registration
from networks.models import Network, NetworkMembership
from tests.factories import (
    EventFactory,
    NetworkFactory,
    OrganisationMembershipFactory,
    ScienceParkFactory,
    ThematicAreaFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


def submit(page, name):
    page.locator("main").get_by_role("button", name=name).click()


def test_small_company_journey(live_server, browser, page, log_in):
    park = ScienceParkFactory(name="STUNS Life Science")
    theme = ThematicAreaFactory(name="Circular economy", slug="circular-economy")
    open_network = NetworkFactory(name="Circular Makers", hosts=[park])
    open_network.thematic_areas.add(theme)
    approval_network = NetworkFactory(
        name="Life Science Leaders", hosts=[park], join_policy=Network.JoinPolicy.APPROVAL
    )
    workshop = EventFactory(title="Circular design workshop", capacity=1, hosts=[park])
    workshop.thematic_areas.add(theme)
    EventFactory(title="Funding breakfast", hosts=[park])

    page.set_viewport_size(PHONE)
    url = live_server.url

    # Browse and filter anonymously; the filters live in the URL.
    page.goto(f"{url}/en/events/")
    expect(page.locator(".result-count")).to_have_text("2 results")
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_role("textbox", name="Search").fill("circular")
    page.get_by_text("Filters").click()
    page.get_by_label("Thematic area").select_option("circular-economy")
    submit(page, "Show results")
    expect(page).to_have_url(re.compile(r"q=circular.*theme=circular-economy"))
    expect(page.locator(".result-count")).to_have_text("1 result")
    # htmx swapped the results in place: no page load, yet the address is shareable.
    assert page.evaluate("window.stillTheSamePage === true")
    page.get_by_role("link", name="Circular design workshop").click()
    expect(page.locator("main")).to_contain_text("1 seat left")

    # Sign up and verify the email address with the link from the mail.
    page.goto(f"{url}/en/accounts/signup/")
    page.locator("#id_first_name").fill("Frida")
    page.locator("#id_last_name").fill("Founder")
    page.locator("#id_email").fill("founder@smallco.example")
    page.locator("#id_password1").fill("a-long-Secret-42")
    page.locator("#id_password2").fill("a-long-Secret-42")
    submit(page, "Sign Up")
    expect(page.locator("h1")).to_contain_text("Verify Your Email Address")
    link = re.search(r"https?://\S+/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    submit(page, "Confirm")
    expect(page).to_have_url(re.compile(r"/en/me/$"))

    # Register the company and see its EU size class.
    page.locator("main").get_by_role("link", name="Register your company").click()
    page.locator("#id_name").fill("Small Circular AB")
    page.locator("#id_organisation_number").fill("556036-0793")
    page.locator("#id_county").select_option("C")
    page.locator("#id_municipality").fill("Uppsala")
    page.get_by_label("Circular economy").check()
    page.locator("#id_is_listed").check()
    page.locator("#id_headcount").fill("4")
    page.locator("#id_annual_turnover_eur").fill("300000")
    submit(page, "Register company")
    expect(page.locator(".messages")).to_contain_text("Size class: Micro")
    company = Organisation.objects.get(name="Small Circular AB")
    assert company.memberships.get().role == OrganisationMembership.Role.ADMIN

    # Join an open network at once, and ask to join one that needs approval.
    page.goto(f"{url}/en/networks/{open_network.slug}/")
    submit(page, "Join network")
    expect(page.locator(".messages")).to_contain_text("is now a member of Circular Makers")
    page.goto(f"{url}/en/networks/{approval_network.slug}/")
    page.get_by_label("Message to the hosts (optional)").fill("We make circular packaging.")
    submit(page, "Ask to join")
    expect(page.locator(".messages")).to_contain_text("The hosts will decide")
    assert NetworkMembership.objects.get(network=approval_network).status == "pending"

    # Register for the event that has one seat, and see it on /me/.
    page.goto(f"{url}/en/events/{workshop.slug}/")
    submit(page, "Register")
    expect(page.locator(".messages")).to_contain_text("You are registered")
    page.goto(f"{url}/en/me/")
    main = page.locator("main")
    expect(main).to_contain_text("Circular design workshop")
    expect(main).to_contain_text("Circular Makers")
    expect(main).to_contain_text("Pending")

    # The event is full now: the next person goes on the waiting list.
    colleague = UserFactory(email="next@other.example")
    OrganisationMembershipFactory(user=colleague)
    other_context = browser.new_context(viewport=PHONE, locale="en-GB")
    log_in(other_context, colleague)
    other = other_context.new_page()
    other.goto(f"{url}/en/events/{workshop.slug}/")
    expect(other.locator("main")).to_contain_text("Full – join the waiting list")
    other.locator("main").get_by_role("button", name="Join the waiting list").click()
    expect(other.locator(".messages")).to_contain_text("number 1 on the waiting list")

    # A cancellation promotes the first on the waiting list at once.
    page.goto(f"{url}/en/events/{workshop.slug}/")
    page.locator("main").get_by_role("link", name="Cancel my registration").click()
    submit(page, "Yes, cancel my registration")
    expect(page.locator(".messages")).to_contain_text("is cancelled")
    other.goto(f"{url}/en/me/")
    expect(other.locator("main")).to_contain_text("Confirmed")
    assert Registration.objects.get(user=colleague).status == Registration.Status.CONFIRMED
    other_context.close()
