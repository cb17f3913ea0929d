"""Every URL pattern of the project and how to exercise it with each role.

`walk()` lists the patterns from the root resolver, recursively (i18n_patterns, includes, the
admin site). `route_for(name)` says how to build a pattern's arguments from the world and what
each role must get. Admin patterns follow generic rules per registered model; every other
pattern must be named in ROUTES, so a new URL fails the walk until someone says who may see it.

Outcomes are compared as tokens: "200", "403", "404", "405", "400", "login" (a redirect to a
login page) and "302" (any other redirect).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver

from notifications.emails import organiser_messages_unsubscribe_token, unsubscribe_token

from .world import OTHER_ROLES, World

LOGIN = frozenset({"login"})
DENIED = frozenset({"login", "403", "404"})
OK = frozenset({"200"})


@dataclass(frozen=True)
class Pattern:
    name: str | None  # "namespace:name", None for unnamed admin patterns
    route: str  # the full pattern text, for messages and unnamed patterns


def walk(patterns=None, prefix: str = "", namespace: str | None = None):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield Pattern(name=name, route=prefix + str(entry.pattern))


@dataclass(frozen=True)
class Route:
    """How to request one URL: arguments, query or form data, and the outcome per role.

    `entitled` names the world user for whom the object is theirs (the positive control);
    `expect` maps each role of the walk to the acceptable outcomes. `hidden` lists objects of
    side A whose change links must not appear in the page for the other roles (admin lists).
    `private` is False where the page legitimately shows the registrant's data to the caller
    (for the entitled role the email check never applies).
    """

    expect: dict[str, frozenset]
    entitled: str = "sme_a"
    kwargs: Callable[[World], dict] = field(default=lambda world: {})
    query: Callable[[World], dict] | None = None
    method: str = "get"
    data: Callable[[World], dict] | None = None
    shows_registrant_to_entitled: bool = False
    hidden: Callable[[World], list] | None = None


def everyone(outcome=OK, **overrides) -> dict:
    return {role: overrides.get(role, outcome) for role in [*OTHER_ROLES, "entitled"]}


def logged_in(outcome=OK, **overrides) -> dict:
    return everyone(outcome, anonymous=LOGIN, **overrides)


def only_entitled(outcome=OK, **overrides) -> dict:
    return everyone(DENIED, entitled=outcome, **overrides)


REDIRECTED = frozenset({"302"})


def for_company_a(world) -> dict:
    return {"organisation": world.company_a.pk}


def slug(name: str) -> Callable[[World], dict]:
    return lambda world: {"slug": world.objects[name].slug}


AT_THE_DOOR = everyone(
    frozenset({"403"}), anonymous=LOGIN, staff_other=frozenset({"404"}), entitled=OK
)

ROUTES: dict[str, Route] = {
    # Project wiring.
    "healthz": Route(everyone()),
    # The brand's colours as a style sheet: the same public file for everyone.
    "brand_css": Route(everyone()),
    # Django's own view, kept for old links and forms; the switcher in base.html is links.
    "set_language": Route(
        everyone(frozenset({"302"})), method="post", data=lambda w: {"language": "en"}
    ),
    "sitemap": Route(everyone()),
    "home": Route(everyone()),
    # Public pages: published rows for everyone, drafts for nobody.
    "networks:list": Route(everyone()),
    "networks:detail": Route(everyone(), kwargs=slug("network")),
    "events:list": Route(everyone()),
    "events:detail": Route(everyone(), kwargs=slug("event")),
    "projects:list": Route(everyone()),
    "projects:detail": Route(everyone(), kwargs=slug("project_a")),
    "companies:list": Route(everyone()),
    "companies:detail": Route(everyone(), kwargs=slug("company_a")),
    "news:list": Route(everyone()),
    "news:feed_rss": Route(everyone()),
    "news:feed_atom": Route(everyone()),
    "news:network_feed_rss": Route(everyone(), kwargs=slug("network")),
    "news:network_feed_atom": Route(everyone(), kwargs=slug("network")),
    "news:organisation_feed_rss": Route(everyone(), kwargs=slug("park_a")),
    "news:organisation_feed_atom": Route(everyone(), kwargs=slug("park_a")),
    "news:detail": Route(everyone(), kwargs=slug("article")),
    "search:search": Route(everyone(), query=lambda w: {"q": "A"}),
    "events:calendar": Route(everyone(), kwargs=slug("event")),
    "events:feed": Route(everyone()),
    # The embeddable list is public; building its snippet is for staff (any organisation's).
    "events:embed": Route(everyone()),
    "events:embed_colour": Route(everyone(), kwargs=lambda w: {"colour": "0b5d3b"}),
    "events:embed_builder": Route(everyone(anonymous=LOGIN, sme_other=LOGIN), entitled="staff_a"),
    # The public API (read-only, the same rows as the public pages) and its documentation.
    "api_docs": Route(everyone()),
    "api:schema": Route(everyone()),
    "api:event-list": Route(everyone()),
    "api:event-detail": Route(everyone(), kwargs=slug("event")),
    "api:network-list": Route(everyone()),
    "api:network-detail": Route(everyone(), kwargs=slug("network")),
    "api:project-list": Route(everyone()),
    "api:project-detail": Route(everyone(), kwargs=slug("project_a")),
    "api:organisation-list": Route(everyone()),
    "api:organisation-detail": Route(everyone(), kwargs=slug("company_a")),
    "api:article-list": Route(everyone()),
    "api:article-detail": Route(everyone(), kwargs=slug("article")),
    "api:theme-list": Route(everyone()),
    "api:theme-detail": Route(everyone(), kwargs=slug("theme")),
    "api:county-list": Route(everyone()),
    "api:county-detail": Route(everyone(), kwargs=lambda w: {"code": w.objects["county"].code}),
    # The SME journey: acting for company A is for company A's people only.
    "networks:join": Route(
        only_entitled(REDIRECTED, anonymous=LOGIN),
        kwargs=slug("network"),
        method="post",
        data=for_company_a,
    ),
    "networks:leave": Route(
        only_entitled(REDIRECTED, anonymous=LOGIN),
        kwargs=slug("network"),
        method="post",
        data=for_company_a,
        # The confirmation page (GET) names the company leaving.
        query=for_company_a,
    ),
    "events:register": Route(
        only_entitled(REDIRECTED, anonymous=LOGIN),
        kwargs=slug("event"),
        method="post",
        data=for_company_a,
    ),
    "events:cancel": Route(
        only_entitled(REDIRECTED, anonymous=LOGIN),
        entitled="registrant",
        kwargs=slug("event"),
        method="post",
    ),
    # A company's admin registers colleagues for their own companies (any company's admin
    # has the page, showing only their own people); nobody else has it.
    "events:colleagues": Route(
        everyone(frozenset({"404"}), anonymous=LOGIN, sme_other=OK, entitled=OK),
        kwargs=slug("event"),
        shows_registrant_to_entitled=True,
    ),
    # The registrant passes their own registration on (as may their company's admin).
    "events:transfer": Route(
        only_entitled(anonymous=LOGIN),
        entitled="registrant",
        kwargs=lambda w: {"slug": w.event.slug, "pk": w.registration.pk},
        shows_registrant_to_entitled=True,
    ),
    # A seat offered from the waiting list: only the person it is offered to sees it.
    "events:offer": Route(
        everyone(frozenset({"404"}), anonymous=LOGIN, entitled=OK),
        entitled="offered",
        kwargs=slug("offer_event"),
    ),
    # The participant's own QR code: another person's is a 404.
    "events:ticket": Route(
        everyone(frozenset({"404"}), anonymous=LOGIN, entitled=OK),
        entitled="registrant",
        kwargs=slug("event"),
    ),
    # The door: the hosts' staff only. Without the permission 403, another host's event 404.
    "events:check_in": Route(
        AT_THE_DOOR, entitled="staff_a", kwargs=slug("event"), shows_registrant_to_entitled=True
    ),
    "events:check_in_record": Route(
        AT_THE_DOOR | {"entitled": REDIRECTED},
        entitled="staff_a",
        kwargs=slug("event"),
        method="post",
        data=lambda w: {"registration": w.registration.pk, "action": "undo"},
    ),
    "events:check_in_walk_in": Route(AT_THE_DOOR, entitled="staff_a", kwargs=slug("event")),
    # What a participant's QR code opens: the person, for the hosts' staff only.
    "events:check_in_qr": Route(
        AT_THE_DOOR,
        entitled="staff_a",
        kwargs=lambda w: {"token": w.registration.check_in_token()},
        shows_registrant_to_entitled=True,
    ),
    # The participant's own certificate; nobody else's.
    "events:certificate": Route(
        everyone(frozenset({"404"}), anonymous=LOGIN, entitled=OK),
        entitled="certified",
        kwargs=slug("past_event"),
    ),
    # Public: whoever holds the certificate checks its code.
    "verify_certificate": Route(everyone(), kwargs=lambda w: {"code": w.certificate.code}),
    "companies:create": Route(logged_in()),
    "companies:join": Route(logged_in()),
    "companies:edit": Route(only_entitled(anonymous=LOGIN), kwargs=slug("company_a")),
    # A company's admin sees its people; nobody else does.
    "companies:members": Route(
        only_entitled(anonymous=LOGIN),
        kwargs=slug("company_a"),
        shows_registrant_to_entitled=True,
    ),
    "companies:decide": Route(
        only_entitled(REDIRECTED, anonymous=LOGIN),
        kwargs=lambda w: {"slug": w.company_a.slug, "pk": w.company_membership.pk},
        method="post",
        data=lambda w: {"decision": "reject"},
    ),
    # The SME declaration: the company's admin makes and reads it.
    "companies:declarations": Route(only_entitled(anonymous=LOGIN), kwargs=slug("company_a")),
    "companies:declaration_new": Route(only_entitled(anonymous=LOGIN), kwargs=slug("company_a")),
    "companies:declaration_pdf": Route(
        only_entitled(anonymous=LOGIN),
        kwargs=lambda w: {"slug": w.company_a.slug, "pk": w.signed_declaration.pk},
    ),
    # De minimis aid: the company's people see its aid and certificates, its admin states
    # other aid; a project's ledger is for those who report on the project.
    "funding:company": Route(only_entitled(anonymous=LOGIN), kwargs=slug("company_a")),
    "funding:certificate": Route(
        only_entitled(anonymous=LOGIN), kwargs=lambda w: {"pk": w.de_minimis_entry.pk}
    ),
    "funding:statement": Route(only_entitled(anonymous=LOGIN), kwargs=slug("company_a")),
    "funding:ledger": Route(
        only_entitled(sme_other=frozenset({"403"}), anonymous=LOGIN),
        entitled="coordinator_a",
        query=lambda w: {"project": w.project_a.slug},
    ),
    "me:index": Route(logged_in(), entitled="registrant"),
    # Each person edits their own name and nobody else's: the page has no id in it.
    "me:profile": Route(logged_in(), entitled="registrant"),
    "me:renew_calendar": Route(logged_in(REDIRECTED), method="post"),
    # The token in the address is the key to one person's calendar.
    "me:calendar": Route(everyone(), kwargs=lambda w: {"token": w.users["sme_a"].calendar_token}),
    # Personal pages.
    "notifications:preferences": Route(logged_in()),
    "privacy:notice": Route(everyone()),
    "privacy:consents": Route(logged_in()),
    # Everything the portal holds about the caller, and no one else.
    "privacy:data": Route(logged_in(), entitled="registrant", shows_registrant_to_entitled=True),
    "privacy:delete": Route(logged_in()),
    # The signed token is the recipient's key: whoever holds it sees that one address.
    "notifications:unsubscribe": Route(
        everyone(), kwargs=lambda w: {"token": unsubscribe_token(w.users["sme_a"])}
    ),
    "notifications:organiser_messages_unsubscribe": Route(
        everyone(),
        kwargs=lambda w: {"token": organiser_messages_unsubscribe_token(w.users["sme_a"])},
    ),
    # Reports: staff and coordinators see their own scopes; A's project is a 404 for them.
    "reports:report": Route(
        only_entitled(sme_other=frozenset({"403"}), anonymous=LOGIN),
        entitled="coordinator_a",
        query=lambda w: {"scope": f"project-{w.project_a.pk}"},
    ),
    "reports:csv": Route(
        only_entitled(sme_other=frozenset({"403"}), anonymous=LOGIN),
        entitled="coordinator_a",
        query=lambda w: {"scope": f"project-{w.project_a.pk}"},
        shows_registrant_to_entitled=True,
    ),
    "reports:xlsx": Route(
        only_entitled(sme_other=frozenset({"403"}), anonymous=LOGIN),
        entitled="coordinator_a",
        query=lambda w: {"scope": f"project-{w.project_a.pk}"},
    ),
    "reports:enterprises_csv": Route(
        only_entitled(sme_other=frozenset({"403"}), anonymous=LOGIN),
        entitled="coordinator_a",
        query=lambda w: {"scope": f"project-{w.project_a.pk}"},
    ),
    "reports:enterprises_xlsx": Route(
        only_entitled(sme_other=frozenset({"403"}), anonymous=LOGIN),
        entitled="coordinator_a",
        query=lambda w: {"scope": f"project-{w.project_a.pk}"},
    ),
    # The signed link in the survey mail opens for the company's admins only, after login.
    "followup:answer": Route(
        everyone(frozenset({"404"}), anonymous=LOGIN, entitled=OK),
        kwargs=lambda w: {"token": w.follow_up_survey.token()},
    ),
    "reports:export_create": Route(
        only_entitled(frozenset({"302"}), sme_other=frozenset({"403"}), anonymous=LOGIN),
        entitled="coordinator_a",
        method="post",
        data=lambda w: {"scope": f"project-{w.project_a.pk}"},
    ),
    "reports:export": Route(
        only_entitled(sme_other=frozenset({"403"}), anonymous=LOGIN),
        entitled="coordinator_a",
        kwargs=lambda w: {"pk": w.report_export.pk},
    ),
    "reports:export_download": Route(
        only_entitled(sme_other=frozenset({"403"}), anonymous=LOGIN),
        entitled="coordinator_a",
        kwargs=lambda w: {"pk": w.report_export.pk},
    ),
    "reports:dashboard": Route(
        only_entitled(sme_other=frozenset({"403"}), anonymous=LOGIN),
        entitled="coordinator_a",
        kwargs=slug("project_a"),
    ),
}

# allauth: pages for signed-out people redirect the signed-in ones, and the reverse.
SIGNED_IN_AWAY = everyone(frozenset({"302"}), anonymous=OK)
ROUTES.update(
    {
        "account_login": Route(SIGNED_IN_AWAY),
        "account_signup": Route(SIGNED_IN_AWAY),
        "account_logout": Route(everyone(anonymous=frozenset({"302"}))),
        "account_inactive": Route(everyone()),
        "account_reauthenticate": Route(logged_in()),
        "account_email": Route(logged_in()),
        "account_email_verification_sent": Route(everyone()),
        "account_change_password": Route(logged_in()),
        "account_set_password": Route(logged_in(frozenset({"302"}))),
        "account_reset_password": Route(everyone()),
        "account_reset_password_done": Route(everyone()),
        "account_reset_password_from_key_done": Route(everyone()),
        "account_confirm_login_code": Route(everyone(frozenset({"login", "302", "404"}))),
        # A made-up key: nobody confirms or resets anything with it.
        "account_confirm_email": Route(
            everyone(frozenset({"200", "404"})), kwargs=lambda w: {"key": "made-up-key"}
        ),
        "account_reset_password_from_key": Route(
            everyone(frozenset({"200", "302"})),
            kwargs=lambda w: {"uidb36": "1", "key": "made-up-key"},
        ),
    }
)


# -- the admin -------------------------------------------------------------------------------

# Per registered model: the object of side A to request, and who it belongs to.
ADMIN_OBJECTS: dict[str, tuple[str, str]] = {
    "auth.group": ("group", "superuser"),
    "account.emailaddress": ("email_address", "superuser"),
    "accounts.user": ("registrant", "superuser"),
    "regions.county": ("county", "superuser"),
    "regions.region": ("region", "superuser"),
    "companies.thematicarea": ("theme", "superuser"),
    "companies.organisation": ("park_a", "staff_a"),
    "companies.organisationmembership": ("company_membership", "superuser"),
    # Staff see the declarations of the companies their events support.
    "companies.sizedeclaration": ("size_declaration", "staff_a"),
    "companies.deminimisstatement": ("de_minimis_statement", "staff_a"),
    "funding.deminimisentry": ("de_minimis_entry", "staff_a"),
    "projects.project": ("project_a", "coordinator_a"),
    "projects.projectgoal": ("goal", "coordinator_a"),
    "networks.network": ("network", "staff_a"),
    "networks.networkmembership": ("network_membership", "staff_a"),
    "events.event": ("event", "staff_a"),
    "events.registration": ("registration", "staff_a"),
    "events.checkinlog": ("check_in_log", "staff_a"),
    "events.cohostinvitation": ("cohost_invitation", "staff_a"),
    "news.article": ("article", "staff_a"),
    "news.eventreport": ("event_report", "staff_a"),
    "news.document": ("document", "staff_a"),
    "notifications.notification": ("notification", "superuser"),
    "api.apitoken": ("api_token", "staff_a"),
    "notifications.digestsubscription": ("digest_subscription", "superuser"),
    "notifications.organisermessage": ("organiser_message", "staff_a"),
    "privacy.consent": ("consent", "superuser"),
    "followup.followupsurvey": ("follow_up_survey", "staff_a"),
}
# Reference data every role with the model permission may read: another side's row is no secret.
SHARED_MODELS = {"auth.group", "regions.county", "regions.region", "companies.thematicarea"}
# Admin views of one object beyond Django's own: their model and the HTTP method they answer.
CUSTOM_ADMIN_VIEWS = {
    "events_event_participants": ("events.event", "get"),
    "events_event_participants_csv": ("events.event", "get"),
    "networks_networkmembership_approve": ("networks.networkmembership", "post"),
    "networks_networkmembership_reject": ("networks.networkmembership", "post"),
    "auth_user_password_change": ("accounts.user", "get"),
    # Writing to an event's participants or a network's members: its hosts' staff only.
    "notifications_organisermessage_event": ("events.event", "get"),
    "notifications_organisermessage_network": ("networks.network", "get"),
}
# Pages that show the registrant's data to the entitled user on purpose (the hosts' lists).
ADMIN_SHOWS_REGISTRANT = {
    "events_event_participants",
    "events_event_participants_csv",
    "events_registration_change",
    "events_registration_changelist",
    "events_checkinlog_change",
    "events_checkinlog_changelist",
}
MODEL_ACTIONS = ("changelist", "add", "history", "delete", "change")

STAFF_ONLY = everyone(anonymous=LOGIN, sme_other=LOGIN)
ADMIN_SITE_ROUTES: dict[str, Route] = {
    "admin:login": Route(everyone(frozenset({"200", "302"}))),
    "admin:logout": Route(everyone(frozenset({"302", "405"}))),
    "admin:index": Route(everyone(anonymous=LOGIN, sme_other=LOGIN), entitled="staff_a"),
    "admin:password_change": Route(STAFF_ONLY, entitled="staff_a"),
    "admin:password_change_done": Route(STAFF_ONLY, entitled="staff_a"),
    "admin:jsi18n": Route(STAFF_ONLY, entitled="staff_a"),
    # Without its parameters the autocomplete refuses everyone.
    "admin:autocomplete": Route(
        everyone(frozenset({"403"}), anonymous=LOGIN, sme_other=LOGIN), entitled="staff_a"
    ),
    "admin:app_list": Route(
        everyone(frozenset({"200", "404"}), anonymous=LOGIN, sme_other=LOGIN),
        entitled="staff_a",
        kwargs=lambda w: {"app_label": "events"},
    ),
    "admin:view_on_site": Route(
        everyone(frozenset({"302"}), anonymous=LOGIN, sme_other=LOGIN),
        entitled="staff_a",
        kwargs=lambda w: {
            "content_type_id": ContentType.objects.get_for_model(w.event).pk,
            "object_id": w.event.pk,
        },
    ),
}


@dataclass(frozen=True)
class AdminRoute:
    """A URL of one registered model's admin, judged by generic rules."""

    model_label: str
    action: str  # changelist/add/history/delete/change or a CUSTOM_ADMIN_VIEWS name
    url_name: str | None  # None: Django's unnamed <object_id>/ redirect to the change page

    @property
    def model_admin(self):
        return next(
            model_admin
            for model, model_admin in admin.site._registry.items()
            if model._meta.label_lower == self.model_label
        )

    @property
    def object_name(self) -> str:
        return ADMIN_OBJECTS[self.model_label][0]

    @property
    def entitled(self) -> str:
        return ADMIN_OBJECTS[self.model_label][1]

    @property
    def method(self) -> str:
        return CUSTOM_ADMIN_VIEWS[self.action][1] if self.action in CUSTOM_ADMIN_VIEWS else "get"

    @property
    def needs_object(self) -> bool:
        return self.action not in ("changelist", "add")


def admin_route(pattern: Pattern) -> AdminRoute | None:
    """The model admin route of a pattern, or None when it is not one."""
    short_name = (pattern.name or "").removeprefix("admin:")
    if short_name in CUSTOM_ADMIN_VIEWS:
        return AdminRoute(CUSTOM_ADMIN_VIEWS[short_name][0], short_name, pattern.name)
    for model in admin.site._registry:
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}_"
        label = opts.label_lower
        if pattern.name and pattern.name.startswith(prefix):
            action = pattern.name.removeprefix(prefix)
            if action in MODEL_ACTIONS:
                return AdminRoute(label, action, pattern.name)
        if pattern.name is None and re.search(
            rf"admin/{opts.app_label}/{opts.model_name}/<path:object_id>/$", pattern.route
        ):
            return AdminRoute(label, "redirect", None)
    return None


def is_admin_catch_all(pattern: Pattern) -> bool:
    return pattern.name is None and pattern.route.endswith("admin/(?P<url>.*)$")


def unknown_patterns() -> list[Pattern]:
    """Patterns the walk does not know how to exercise."""
    unknown = []
    for pattern in walk():
        if pattern.name in ROUTES or pattern.name in ADMIN_SITE_ROUTES:
            continue
        if is_admin_catch_all(pattern):
            continue
        route = admin_route(pattern)
        if route is not None and route.model_label in ADMIN_OBJECTS:
            continue
        unknown.append(pattern)
    return unknown
