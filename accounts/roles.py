"""The permission groups behind the portal's roles.

Capability ("may this person manage events at all?") comes from these groups; scope ("which
events?") comes from each model's `manageable_by(user)` queryset.
"""

from django.contrib.auth.models import Group, Permission

SCIENCE_PARK_STAFF = "Science-park staff"
COORDINATOR = "Coordinator"

ROLE_PERMISSIONS: dict[str, dict[str, list[str]]] = {
    SCIENCE_PARK_STAFF: {
        "events": [
            "add_event",
            "change_event",
            "delete_event",
            "view_event",
            "add_programmeitem",
            "change_programmeitem",
            "delete_programmeitem",
            "view_programmeitem",
            "add_speaker",
            "change_speaker",
            "delete_speaker",
            "view_speaker",
            "add_registrationquestion",
            "change_registrationquestion",
            "delete_registrationquestion",
            "view_registrationquestion",
            "change_registration",
            "view_registration",
            "view_checkinlog",
            "change_cohostinvitation",
            "view_cohostinvitation",
        ],
        "networks": [
            "add_network",
            "change_network",
            "view_network",
            "change_networkmembership",
            "view_networkmembership",
        ],
        "companies": [
            "change_organisation",
            "view_organisation",
            "view_thematicarea",
            # SME declarations of the companies their events support: read, and correct with
            # a logged reason.
            "view_sizedeclaration",
            "change_sizedeclaration",
            "view_deminimisstatement",
        ],
        "projects": ["view_project"],
        "funding": ["view_deminimisentry"],
        "news": [
            "add_article",
            "change_article",
            "delete_article",
            "view_article",
            "add_eventreport",
            "change_eventreport",
            "delete_eventreport",
            "view_eventreport",
            "add_photo",
            "change_photo",
            "delete_photo",
            "view_photo",
            "add_document",
            "change_document",
            "delete_document",
            "view_document",
        ],
        # Within their own organisations, and never groups, flags or email (see UserAdmin).
        "accounts": ["view_user", "change_user"],
        # Keys for their organisation's sites that call the public API.
        "api": ["add_apitoken", "change_apitoken", "delete_apitoken", "view_apitoken"],
        # Messages to their events' participants and their networks' members.
        "notifications": ["add_organisermessage", "view_organisermessage"],
        # Answers to their projects' follow-up surveys, given on the phone.
        "followup": ["change_followupsurvey", "view_followupsurvey"],
    },
    COORDINATOR: {
        "events": ["view_event", "view_registration", "view_registrationquestion"],
        "funding": ["view_deminimisentry"],
        "projects": ["view_project", "view_projectgoal"],
    },
}


def ensure_role_groups() -> dict[str, Group]:
    """Create or update the role groups with exactly their permissions (idempotent)."""
    wanted = {
        (app_label, codename)
        for per_app in ROLE_PERMISSIONS.values()
        for app_label, codenames in per_app.items()
        for codename in codenames
    }
    # Every role's permissions in one query rather than one query per permission.
    found = {
        (permission.content_type.app_label, permission.codename): permission
        for permission in Permission.objects.filter(
            content_type__app_label__in={app_label for app_label, _codename in wanted},
            codename__in={codename for _app_label, codename in wanted},
        ).select_related("content_type")
    }
    if missing := wanted - found.keys():
        raise Permission.DoesNotExist(f"Missing permissions: {sorted(missing)}")
    groups = {}
    for name, per_app in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(
            [
                found[app_label, codename]
                for app_label, codenames in per_app.items()
                for codename in codenames
            ]
        )
        groups[name] = group
    return groups
