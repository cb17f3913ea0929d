"""The scoped admin base every app's admin builds on.

Capability (may this person change events at all?) is a Django model permission from the role
groups in `accounts.roles`; scope (which events?) is the model's `manageable_by(user)` queryset.
Another organisation's object is absent from lists and answers 404 – never 403, which would
confirm that it exists.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from web.admin_fieldsets import AutoFilledFieldsLastMixin

from .models import Organisation


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


def scoped_choices(admin_site, request, db_field):
    """The rows a relation field may point at, for a user who is not a superuser: what the
    related model's admin shows them (what its autocomplete offers), else what they manage,
    else every row (reference data such as permissions)."""
    related = db_field.related_model
    try:
        related_admin = admin_site.get_model_admin(related)
    except NotRegistered:
        queryset = related._default_manager.all()
        return queryset.manageable_by(request.user) if hasattr(queryset, "manageable_by") else None
    visible = related_admin.get_queryset(request).values("pk")
    return related._default_manager.filter(pk__in=visible)


def keeping_current_choices(form_class):
    """The form class, whose relation fields also accept the rows the object points at now, so
    that editing an object keeps a link someone else made (a co-host's network) instead of
    refusing the form or dropping the link."""

    class CurrentChoicesForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.instance.pk is None:
                return
            for name, field in self.fields.items():
                current = self.initial.get(name)
                if not isinstance(field, forms.ModelChoiceField) or current in (None, "", []):
                    continue
                key = field.to_field_name or "pk"
                values = [
                    getattr(value, key) if isinstance(value, models.Model) else value
                    for value in (current if isinstance(current, list | tuple) else [current])
                ]
                model = field.queryset.model
                field.queryset = model._default_manager.filter(
                    Q(pk__in=field.queryset.values("pk")) | Q(**{f"{key}__in": values})
                )

    return CurrentChoicesForm


class ScopedChoicesMixin:
    """Every foreign-key and many-to-many field offers – and, since the field's queryset is what
    Django validates against, accepts – only rows in the user's scope: `choices_for()` where a
    subclass names them, else `scoped_choices()`. A posted id outside it is a form error."""

    def choices_for(self, request, db_field):
        """The queryset offered for a relation field, or None for `scoped_choices()`."""
        return None

    def scoped_choices_for(self, request, db_field):
        choices = self.choices_for(request, db_field)
        if choices is None and not request.user.is_superuser:
            choices = scoped_choices(self.admin_site, request, db_field)
        return choices

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        choices = self.scoped_choices_for(request, db_field)
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        choices = self.scoped_choices_for(request, db_field)
        if choices is not None:
            kwargs["queryset"] = choices
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedModelAdmin(AutoFilledFieldsLastMixin, ScopedChoicesMixin, admin.ModelAdmin):
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
        if self.hosts_field and db_field.name == self.hosts_field:
            return host_choices(request)
        return super().choices_for(request, db_field)

    # Hosts -----------------------------------------------------------------------------------
    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        own = own_organisation_ids(request)
        if self.hosts_field and self.hosts_field not in initial and len(own) == 1:
            initial[self.hosts_field] = list(own)
        return initial

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not request.user.is_superuser:
            form = keeping_current_choices(form)
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


class ScopedInlineMixin(ScopedChoicesMixin):
    """Inline rows may be changed only where their parent may be, and point only at rows in
    the user's scope."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if not request.user.is_superuser:
            formset.form = keeping_current_choices(formset.form)
        return formset

    def _parent_manageable(self, request, obj) -> bool:
        if obj is None or not self.admin_site.is_registered(self.parent_model):
            return True
        parent_admin = self.admin_site.get_model_admin(self.parent_model)
        if not hasattr(parent_admin, "may_manage"):
            return True
        return parent_admin.may_manage(request, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._parent_manageable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._parent_manageable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._parent_manageable(request, obj)
