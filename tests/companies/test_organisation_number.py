import pytest
from django.core.exceptions import ValidationError

from companies.models import normalise_organisation_number
from tests.factories import OrganisationFactory


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("556036-0793", "5560360793"),
        ("5560360793", "5560360793"),
        (" 556016-0680 ", "5560160680"),
        ("202100-5257", "2021005257"),
    ],
)
def test_valid_organisation_numbers_are_accepted_with_or_without_hyphen(typed, stored):
    assert normalise_organisation_number(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["556036-0794", "5560360790", "202100-5258"],
)
def test_organisation_number_with_bad_checksum_is_rejected(typed):
    with pytest.raises(ValidationError):
        normalise_organisation_number(typed)


@pytest.mark.parametrize("typed", ["55603607", "556036-07931", "12345678901", "556036-079X", "abc"])
def test_organisation_number_of_wrong_length_or_characters_is_rejected(typed):
    with pytest.raises(ValidationError) as error:
        normalise_organisation_number(typed)
    assert "10 digits" in str(error.value)


@pytest.mark.django_db
def test_model_validation_rejects_bad_number_and_normalises_good_one():
    organisation = OrganisationFactory.build(organisation_number="556036-0794")
    with pytest.raises(ValidationError) as error:
        organisation.full_clean(exclude=["county"])
    assert "organisation_number" in error.value.message_dict

    organisation.organisation_number = "556036-0793"
    organisation.full_clean(exclude=["county"])
    assert organisation.organisation_number == "5560360793"
    assert organisation.formatted_organisation_number == "556036-0793"
