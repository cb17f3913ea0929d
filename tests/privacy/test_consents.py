import pytest
from django.urls import reverse

from privacy.models import NOTICE_VERSION, Consent
from privacy.services import give_consent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("privacy:consents")


def test_signed_out_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_giving_and_withdrawing_are_one_click_each_and_leave_a_history(client):
    user = UserFactory()
    client.force_login(user)
    page = client.get(URL).content.decode()
    assert page.count('value="give"') == 2  # one button per purpose, nothing pre-ticked

    response = client.post(URL, {"purpose": "contacted_by_hosts", "action": "give"})
    assert response.status_code == 302
    consent = Consent.objects.get(user=user)
    assert (consent.purpose, consent.text_version, consent.withdrawn_at) == (
        "contacted_by_hosts",
        NOTICE_VERSION,
        None,
    )
    page = client.get(URL).content.decode()
    assert page.count('value="withdraw"') == 1

    client.post(URL, {"purpose": "contacted_by_hosts", "action": "withdraw"})
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert not Consent.objects.in_force().filter(user=user).exists()

    client.post(URL, {"purpose": "contacted_by_hosts", "action": "give"})
    assert Consent.objects.filter(user=user).count() == 2
    assert Consent.objects.in_force().filter(user=user).count() == 1


def test_giving_twice_records_one_consent_in_force():
    user = UserFactory()
    first = give_consent(user=user, purpose=Consent.Purpose.LISTED_PUBLICLY)
    assert give_consent(user=user, purpose=Consent.Purpose.LISTED_PUBLICLY) == first
    assert Consent.objects.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"purpose": "sell_my_data", "action": "give"},
        {"purpose": "listed_publicly", "action": "x"},
    ],
)
def test_bad_input_changes_nothing_and_is_no_server_error(client, data):
    client.force_login(UserFactory())
    response = client.post(URL, data)
    assert response.status_code == 200
    assert not Consent.objects.exists()


def test_one_persons_withdrawal_leaves_anothers_consent(client):
    mine, theirs = UserFactory(), UserFactory()
    give_consent(user=theirs, purpose=Consent.Purpose.LISTED_PUBLICLY)
    client.force_login(mine)
    client.post(URL, {"purpose": "listed_publicly", "action": "withdraw"})
    assert Consent.objects.in_force().filter(user=theirs).exists()


@pytest.mark.parametrize(("prefix", "lang"), [("", "sv"), ("/en", "en")])
def test_privacy_notice_is_public_in_both_languages(client, prefix, lang):
    response = client.get(f"{prefix}/privacy/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{lang}"' in html
    assert NOTICE_VERSION in html
    expected = "Så behandlar vi dina personuppgifter" if lang == "sv" else "How we handle"
    assert expected in html
    assert f'href="{prefix}/me/data/"' in html
