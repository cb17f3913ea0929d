"""Every relation field of every admin form accepts only rows in the user's scope.

The autocomplete and select widgets offer only the user's own events, networks, projects and
organisations; this walk posts another organisation's id to each foreign-key and many-to-many
field of every add and change form (inlines included) and expects a form error and nothing
saved, with the user's own row accepted as the control. A staff user holding every permission of
the scoped admins stands in for the most powerful non-superuser; admins outside the scoped base
must be out of reach for every role group. A newly registered admin or relation is walked too, and
fails until the tables below say whose rows its model has.
"""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from accounts.roles import ROLE_PERMISSIONS
from api.models import ApiToken
from companies.models import DeMinimisStatement, OrganisationMembership, SizeDeclaration
from companies.scoped_admin import ScopedInlineMixin, ScopedModelAdmin
from events.models import CheckInLog, CoHostInvitation
from funding.models import DeMinimisEntry
from regions.models import Region
from tests.factories import (
    ArticleFactory,
    DocumentFactory,
    EventFactory,
    EventReportFactory,
    FollowUpSurveyFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    OrganisationFactory,
    OrganisationMembershipFactory,
    OrganiserMessageFactory,
    ProjectFactory,
    ProjectGoalFactory,
    RegistrationFactory,
    ScienceParkFactory,
    ThematicAreaFactory,
    UserFactory,
    county,
    de_minimis_event,
)

pytestmark = pytest.mark.django_db

REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label_lower)
# Rows every organisation shares: any of them is a valid choice.
SHARED = {
    "regions.county",
    "regions.region",
    "companies.thematicarea",
    "auth.group",
    "auth.permission",
}
# Relations where another organisation is a legitimate choice, and why.
LEGITIMATELY_FOREIGN = {
    # Choosing another organisation as co-host sends it an invitation it must accept
    # (tests/events/test_cohost_invitations.py); until then it is not a host.
    ("events.event", "hosts"),
}


class Sides:
    """Park A (the user's) and park B, with one row of each scoped model on each side."""

    def __init__(self):
        self.park_a, self.park_b = ScienceParkFactory(), ScienceParkFactory()
        self.user = UserFactory(is_staff=True)
        OrganisationMembershipFactory(
            user=self.user, organisation=self.park_a, role=OrganisationMembership.Role.STAFF
        )
        self.user.user_permissions.set(scoped_permissions())
        self.own = self._side(self.park_a, staff=self.user)
        self.other = self._side(self.park_b, staff=UserFactory(is_staff=True))
        OrganisationMembershipFactory(
            user=self.other["accounts.user"],
            organisation=self.park_b,
            role=OrganisationMembership.Role.STAFF,
        )

    @staticmethod
    def _side(park, *, staff):
        company = OrganisationFactory()
        project = ProjectFactory(owner=park)
        network = NetworkFactory(hosts=[park], project=project)
        event = EventFactory(hosts=[park], status="draft")
        report = EventReportFactory(event=EventFactory(hosts=[park]), organisation=park)
        registration = RegistrationFactory(event=event)
        # Taking part in an event of the park held last week was de minimis aid of the project.
        aided = RegistrationFactory(
            event=de_minimis_event(
                project=project,
                hosts=[park],
                starts_at=timezone.now() - datetime.timedelta(days=7),
            ),
            attended=True,
        )
        return {
            "companies.organisation": park,
            "accounts.user": staff,
            "projects.project": project,
            "projects.projectgoal": ProjectGoalFactory(project=project),
            "networks.network": network,
            "networks.networkmembership": NetworkMembershipFactory(
                network=network, organisation=company
            ),
            "events.event": event,
            "events.registration": registration,
            "events.checkinlog": CheckInLog.objects.create(
                event=event,
                registration=registration,
                action=CheckInLog.Action.UNDONE,
                source=CheckInLog.Source.CHECK_IN_PAGE,
                recorded_by=staff,
            ),
            "api.apitoken": ApiToken.objects.create(organisation=park, name=f"{park} website"),
            "notifications.organisermessage": OrganiserMessageFactory(event=event, sender=staff),
            "followup.followupsurvey": FollowUpSurveyFactory(project=project, organisation=company),
            "funding.deminimisentry": DeMinimisEntry.objects.get(registration=aided),
            # The company the park's event supported states its other de minimis aid.
            "companies.deminimisstatement": DeMinimisStatement.objects.create(
                organisation=aided.organisation, confirmed_at=timezone.now()
            ),
            "news.article": ArticleFactory(organisation=park),
            "news.eventreport": report,
            "news.document": DocumentFactory(organisation=park),
            "companies.organisationmembership": OrganisationMembership.objects.get(
                organisation=park, user=staff
            )
            if OrganisationMembership.objects.filter(organisation=park, user=staff).exists()
            else OrganisationMembershipFactory(organisation=park),
            "companies.sizedeclaration": SizeDeclaration.objects.create(
                organisation=park, declared_on="2025-01-01", headcount=3
            ),
            "events.cohostinvitation": CoHostInvitation.objects.create(
                event=EventFactory(hosts=[ScienceParkFactory()]), organisation=park
            ),
            "companies.thematicarea": ThematicAreaFactory(),
            "regions.county": county("C"),
            "regions.region": Region.objects.create(name=f"Region of {park}", slug=park.slug),
        }


def scoped_permissions():
    """Every permission of the models whose admin is scoped."""
    models = {
        model
        for model, model_admin in REGISTRY
        if isinstance(model_admin, ScopedModelAdmin)
        for model in [model, *[inline.model for inline in model_admin.inlines]]
    }
    return [
        permission
        for permission in Permission.objects.select_related("content_type")
        if permission.content_type.model_class() in models
    ]


def relation_fields(form) -> dict[str, str]:
    return {
        name: field.queryset.model._meta.label_lower
        for name, field in form.fields.items()
        if isinstance(field, forms.ModelChoiceField)
    }


def management_data(inline_formsets) -> dict:
    data = {}
    for inline in inline_formsets:
        prefix = inline.formset.prefix
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


def choice_error(errors, name) -> bool:
    return any("valid choice" in str(error) for error in errors.get(name, []))


def cases(page, model_label):
    """(where, field name, related model label, post data builder, errors getter) for every
    relation field of the page's form and inline forms."""
    inline_formsets = list(page.context["inline_admin_formsets"])
    base = management_data(inline_formsets)
    for name, label in relation_fields(page.context["adminform"].form).items():
        if (model_label, name) in LEGITIMATELY_FOREIGN:
            continue
        yield (
            model_label,
            name,
            label,
            lambda pk, name=name: {**base, name: [pk]},
            lambda response: response.context["adminform"].form.errors,
        )
    for inline in inline_formsets:
        prefix = inline.formset.prefix
        inline_label = inline.formset.model._meta.label_lower
        for name, label in relation_fields(inline.formset.empty_form).items():
            # The row's own id and its parent are the formset's business, not a choice.
            if name == inline.formset.model._meta.pk.name or name == inline.formset.fk.name:
                continue
            if (inline_label, name) in LEGITIMATELY_FOREIGN:
                continue

            def errors(response, prefix=prefix):
                formset = next(
                    f.formset
                    for f in response.context["inline_admin_formsets"]
                    if f.formset.prefix == prefix
                )
                return formset.forms[0].errors

            yield (
                f"{inline_label} inline",
                name,
                label,
                lambda pk, prefix=prefix, name=name: {
                    **base,
                    f"{prefix}-TOTAL_FORMS": "1",
                    f"{prefix}-0-{name}": [pk],
                },
                errors,
            )


@pytest.mark.parametrize(
    ("model", "model_admin"), REGISTRY, ids=[m._meta.label_lower for m, _ in REGISTRY]
)
def test_every_admin_form_refuses_another_organisations_rows(client, model, model_admin):
    label = model._meta.label_lower
    if not isinstance(model_admin, ScopedModelAdmin):
        granted = {
            codename
            for role in ROLE_PERMISSIONS.values()
            for codename in role.get(model._meta.app_label, [])
        }
        writes = {f"add_{model._meta.model_name}", f"change_{model._meta.model_name}"}
        assert not writes & granted, f"{label}: its admin is outside the scoped base"
        return
    for inline in model_admin.inlines:
        assert issubclass(inline, ScopedInlineMixin), f"{inline.__name__}: use ScopedInlineMixin"
    sides = Sides()
    client.force_login(sides.user)
    opts = model._meta
    pages = [reverse(f"admin:{opts.app_label}_{opts.model_name}_add")]
    assert label in sides.own, f"say in Sides which row of {label} is whose"
    pages.append(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[sides.own[label].pk])
    )
    walked, failures = 0, []
    for url in pages:
        page = client.get(url)
        if page.status_code == 403:  # no add page (registrations come from the public site)
            continue
        assert page.status_code == 200, url
        for where, name, related, data, errors in cases(page, label):
            if related in SHARED:
                continue
            assert related in sides.other, f"{where}.{name}: say in Sides whose {related} is"
            own, other = sides.own[related], sides.other[related]
            count = model._default_manager.count()
            response = client.post(url, data(other.pk))
            walked += 1
            if response.status_code != 200 or not choice_error(errors(response), name):
                failures.append(f"{url} {where}.{name}: accepted another organisation's {related}")
            if model._default_manager.count() != count:
                failures.append(f"{url} {where}.{name}: saved a row")
            response = client.post(url, data(own.pk))
            if response.status_code == 200 and choice_error(errors(response), name):
                failures.append(f"{url} {where}.{name}: refused the user's own {related}")
    assert not failures, "\n".join(failures)
    if label in {"news.article", "news.document", "events.event", "networks.network"}:
        assert walked, f"{label}: no relation field was walked"
