"""The scoped admin base every app's admin builds on, and the user admin.

Capability (may this person change events at all?) is a Django model permission from the role
groups in `accounts.roles`; scope (which events?) is the model's `manageable_by(user)` queryset.
Another organisation's object is absent from lists and answers 404 – never 403, which would
confirm that it exists.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm as DjangoAdminPasswordChangeForm
from django.contrib.auth.forms import SetUnusablePasswordMixin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from companies.models import Organisation, OrganisationMembership
from projects.models import Project, ProjectPartner

from .models import User


def own_organisation_ids(request) -> set[int]:
    """Ids of the organisations whose staff the requesting user is (cached on the request)."""
    if not hasattr(request, "_own_organisation_ids"):
        request._own_organisation_ids = set(
            Organisation.objects.staffed_by(request.user).values_list("pk", flat=True)
        )
    return request._own_organisation_ids


def host_choices(request):
    """Organisations that may be chosen as (co-)hosts: the user's own plus the organisations
    that host events and networks (science parks, cluster organisations, universities, public
    bodies) – never companies or funders."""
    if request.user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(
        ~Q(kind__in=[Organisation.Kind.COMPANY, Organisation.Kind.FUNDER])
        | Q(pk__in=own_organisation_ids(request))
    )


def project_choices(request):
    """Projects an event or network may count for: those the user's organisations own or
    partner in."""
    if request.user.is_superuser:
        return Project.objects.all()
    own = own_organisation_ids(request)
    return Project.objects.filter(
        Q(owner__in=own)
        | Q(pk__in=ProjectPartner.objects.filter(organisation__in=own).values("project_id"))
    )


class ScopedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose rows are what the user may see and whose writes what they may manage.

    Subclasses narrow `viewable()` (default: the model's `manageable_by(user)`) when more people
    may read than write, e.g. coordinators reading their projects' events, and name the choices
    of their foreign keys and many-to-many fields in `choices_for()`. With `hosts_field` set,
    the user's own organisation is preselected as host and must stay among the hosts.
    """

    hosts_field: str | None = None

    # Scope -----------------------------------------------------------------------------------
    def manageable(self, request, queryset):
        return queryset.manageable_by(request.user)

    def viewable(self, request, queryset):
        return self.manageable(request, queryset)

    def deletable(self, request, queryset):
        """What the user may delete; by default what they manage."""
        return self.manageable(request, queryset)

    def get_queryset(self, request):
        return self.viewable(request, super().get_queryset(request))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("Not found."))
        return obj

    def _in_scope(self, request, obj, scope) -> bool:
        if obj is None or request.user.is_superuser:
            return True
        cache = request.__dict__.setdefault("_admin_scope_cache", {})
        key = (scope.__name__, obj._meta.label, obj.pk)
        if key not in cache:
            cache[key] = (
                scope(request, self.model._default_manager.all()).filter(pk=obj.pk).exists()
            )
        return cache[key]

    def may_manage(self, request, obj) -> bool:
        return self._in_scope(request, obj, self.manageable)

    def only_manageable(self, request, queryset):
        """The part of a (viewable) queryset the user may change; admin actions act on this."""
        if request.user.is_superuser:
            return queryset
        return queryset.filter(
            pk__in=self.manageable(request, self.model._default_manager.all()).values("pk")
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.may_manage(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_scope(
            request, obj, self.deletable
        )

    def delete_queryset(self, request, queryset):
        if not request.user.is_superuser:
            queryset = queryset.filter(
                pk__in=self.deletable(request, self.model._default_manager.all()).values("pk")
            )
        super().delete_queryset(request, queryset)

    # Choices ---------------------------------------------------------------------------------
    def choices_for(self, request, db_field):
        """The queryset offered for a relation field, or None for the default (all rows)."""
        if self.hosts_field and db_field.name == self.hosts_field:
            return host_choices(request)
        return None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        choices = self.choices_for(request, db_field)
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        choices = self.choices_for(request, db_field)
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    # Hosts -----------------------------------------------------------------------------------
    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        own = own_organisation_ids(request)
        if self.hosts_field and self.hosts_field not in initial and len(own) == 1:
            initial[self.hosts_field] = list(own)
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        field_name = self.hosts_field
        if request.user.is_superuser or not field_name or field_name not in form.base_fields:
            return form
        own = own_organisation_ids(request)

        class OwnHostForm(form):
            def clean(self):
                cleaned_data = super().clean()
                hosts = cleaned_data.get(field_name)
                if hosts is not None and not any(host.pk in own for host in hosts):
                    self.add_error(field_name, _("Keep your own organisation among the hosts."))
                return cleaned_data

        return OwnHostForm

    # History ---------------------------------------------------------------------------------
    def log_action(self, request, obj, message: str) -> None:
        """Record an admin action in the object's history, like an edit through the form."""
        self.log_change(request, obj, message)

    def report_refusals(self, request, refusals: list[str]) -> None:
        for refusal in refusals:
            self.message_user(request, refusal, messages.WARNING)


class ReferenceDataAdmin(ScopedModelAdmin):
    """Shared reference data (counties, themes): every row is in scope; the model permissions
    alone decide who may read or change it."""

    def manageable(self, request, queryset):
        return queryset


class ScopedInlineMixin:
    """Inline rows may be changed only where their parent may be."""

    def _parent_manageable(self, request, obj) -> bool:
        parent_admin = self.admin_site._registry.get(self.parent_model)
        if obj is None or parent_admin is None or not hasattr(parent_admin, "may_manage"):
            return True
        return parent_admin.may_manage(request, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._parent_manageable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._parent_manageable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._parent_manageable(request, obj)


PERMISSION_ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def permission_label(permission) -> str:
    """A permission in the reader's language: Django stores its name in English."""
    model = permission.content_type.model_class()
    action = permission.codename.split("_", 1)[0]
    if model is None or action not in PERMISSION_ACTIONS:
        return f"{permission.content_type} | {gettext(permission.name)}"
    opts = model._meta
    what = PERMISSION_ACTIONS[action] % {"model": opts.verbose_name}
    return f"{opts.app_config.verbose_name} | {what}"


class TranslatedPermissionsMixin:
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if formfield is not None and db_field.name in ("permissions", "user_permissions"):
            formfield.label_from_instance = permission_label
        return formfield


class AdminPasswordChangeForm(DjangoAdminPasswordChangeForm):
    # Django joins its warning to the translated help text once, at import, in English.
    usable_password_help_text = format_lazy(
        '{}<ul id="id_unusable_warning" class="messagelist"><li class="warning">{}</li></ul>',
        SetUnusablePasswordMixin.usable_password_help_text,
        _("If disabled, the current password for this user will be lost."),
    )


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(TranslatedPermissionsMixin, DjangoGroupAdmin):
    pass


@admin.register(User)
class UserAdmin(TranslatedPermissionsMixin, ScopedModelAdmin, DjangoUserAdmin):
    """Superusers manage every account. Staff see the people of their own organisations and may
    change their names, language and whether the account is active – never an email address
    (that would hand over the account), a password, a group or the superuser flag."""

    change_password_form = AdminPasswordChangeForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active", "preferred_language", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "preferred_language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    staff_fieldsets = [
        (None, {"fields": ["email"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "preferred_language"]}),
        (_("Rights"), {"fields": ["is_active", "is_staff", "groups", "organisations"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]}),
    ]

    def viewable(self, request, queryset):
        if request.user.is_superuser:
            return queryset
        return queryset.filter(
            organisation_memberships__organisation__in=own_organisation_ids(request),
            organisation_memberships__status=OrganisationMembership.Status.ACTIVE,
        ).distinct()

    def manageable(self, request, queryset):
        """People of the user's organisations who hold no right the user lacks."""
        user = request.user
        if user.is_superuser:
            return queryset
        foreign_memberships = OrganisationMembership.objects.exclude(
            organisation__in=own_organisation_ids(request)
        )
        return (
            self.viewable(request, queryset)
            .filter(is_superuser=False, user_permissions=None)
            .exclude(pk__in=foreign_memberships.values("user_id"))
            .exclude(groups__in=Group.objects.exclude(user=user))
        )

    def get_list_filter(self, request):
        if request.user.is_superuser:
            return self.list_filter
        return ["is_active", "preferred_language"]

    def get_fieldsets(self, request, obj=None):
        if obj is None or request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.staff_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["email", "is_staff", "groups", "organisations", "last_login", "date_joined"]

    @admin.display(description=_("organisations"))
    def organisations(self, obj):
        return ", ".join(
            f"{m.organisation} ({m.get_role_display()})"
            for m in obj.organisation_memberships.active().select_related("organisation")
        )

    def has_add_permission(self, request):
        return request.user.is_superuser

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)
