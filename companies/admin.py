from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm as DjangoAdminPasswordChangeForm
from django.contrib.auth.forms import SetUnusablePasswordMixin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from regions.admin import ReferenceDataAdmin
from web.translated_admin import SideBySideTranslationAdmin

from .forms import SME_FIELDS
from .models import (
    DeMinimisStatement,
    Organisation,
    OrganisationMembership,
    OtherDeMinimisAid,
    RelatedEnterprise,
    SizeDeclaration,
    SizeDeclarationCorrection,
    ThematicArea,
)
from .scoped_admin import ScopedInlineMixin, ScopedModelAdmin, own_organisation_ids
from .services import (
    adopt_latest_size_declaration,
    correct_size_declaration,
    declare_size_facts,
)


@admin.register(ThematicArea)
class ThematicAreaAdmin(SideBySideTranslationAdmin, ReferenceDataAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class OrganisationMembershipInline(ScopedInlineMixin, admin.TabularInline):
    model = OrganisationMembership
    fk_name = "organisation"
    extra = 0
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at", "decided_at", "decided_by"]


class SizeDeclarationInline(ScopedInlineMixin, admin.TabularInline):
    model = SizeDeclaration
    extra = 0
    readonly_fields = ["size_class", "declared_by", "created_at"]
    fields = [
        "declared_on",
        "headcount",
        "annual_turnover_eur",
        "balance_sheet_total_eur",
        "size_class",
        "declared_by",
    ]


@admin.register(Organisation)
class OrganisationAdmin(SideBySideTranslationAdmin, ScopedModelAdmin):
    """Superusers manage every organisation; staff their own organisation's profile."""

    list_display = ["name", "kind", "organisation_number", "county", "municipality", "size_class"]
    list_filter = ["kind", "county", "is_listed", "thematic_areas"]
    search_fields = ["name", "organisation_number", "municipality", "sector"]
    list_select_related = ["county"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["thematic_areas"]
    inlines = [OrganisationMembershipInline, SizeDeclarationInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "organisation_number", "is_listed"]}),
        (_("Where"), {"fields": ["county", "municipality", "website"]}),
        (_("Profile"), {"fields": ["description", "logo", "sector", "thematic_areas"]}),
        (
            _("EU SME facts"),
            {
                "fields": [
                    "headcount",
                    "annual_turnover_eur",
                    "balance_sheet_total_eur",
                    "sme_facts_declared_on",
                ]
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return self.readonly_fields
        # What kind of organisation it is decides who may host; only superusers change it.
        return ["kind"]

    @admin.display(description=_("size class"))
    def size_class(self, obj):
        return obj.size_class.label

    def save_formset(self, request, form, formset, change):
        if formset.model is SizeDeclaration:
            # A company's signed declaration changes only on its own page, with a logged reason.
            changed = formset.save(commit=False)
            signed = [d for d in (*changed, *formset.deleted_objects) if d.pk and d.is_signed]
            for declaration in changed:
                if declaration in signed:
                    continue
                declaration.declared_by = declaration.declared_by or request.user
                declaration.save()
            for declaration in formset.deleted_objects:
                if declaration not in signed:
                    declaration.delete()
            if signed:
                messages.warning(
                    request,
                    gettext(
                        "Signed declarations were left as they were: correct them on their own "
                        "page, with a reason."
                    ),
                )
            return
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        """The SME facts on the form are a declaration, as on the company's own page; a
        declaration added below becomes the current facts when it is the latest."""
        super().save_related(request, form, formsets, change)
        organisation = form.instance
        facts_changed = any(
            name in form.changed_data for name in (*SME_FIELDS, "sme_facts_declared_on")
        )
        if facts_changed:
            declare_size_facts(
                organisation=organisation,
                declared_by=request.user,
                declared_on=form.cleaned_data.get("sme_facts_declared_on") or timezone.localdate(),
                **{name: form.cleaned_data.get(name) for name in SME_FIELDS},
            )
        elif any(f.model is SizeDeclaration and f.has_changed() for f in formsets):
            adopt_latest_size_declaration(organisation=organisation)


class OrganisationScopedAdmin(ScopedModelAdmin):
    """Rows that belong to an organisation: in scope where the organisation is."""

    def manageable(self, request, queryset):
        return queryset.filter(organisation__in=Organisation.objects.manageable_by(request.user))

    def choices_for(self, request, db_field):
        if db_field.name == "organisation":
            return Organisation.objects.manageable_by(request.user)
        return super().choices_for(request, db_field)


@admin.register(OrganisationMembership)
class OrganisationMembershipAdmin(OrganisationScopedAdmin):
    list_display = ["user", "organisation", "role", "status", "created_at"]
    list_filter = ["role", "status"]
    search_fields = ["user__email", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at", "decided_at", "decided_by"]


class RelatedEnterpriseInline(ScopedInlineMixin, admin.TabularInline):
    """What the company declared about its partner and linked enterprises: read-only."""

    model = RelatedEnterprise
    extra = 0
    can_delete = False
    fields = [
        "relation",
        "name",
        "organisation_number",
        "share_percent",
        "headcount",
        "annual_turnover",
        "balance_sheet_total",
    ]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


class CorrectionInline(ScopedInlineMixin, admin.TabularInline):
    model = SizeDeclarationCorrection
    extra = 0
    can_delete = False
    fields = ["corrected_at", "corrected_by", "reason", "changes"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


# A signed declaration is the company's own statement: staff may correct its figures (with a
# reason), never who signed it or when.
SIGNED_CORRECTABLE = [
    "reference_year",
    "publicly_controlled",
    "sek_per_eur",
    "own_headcount",
    "own_annual_turnover",
    "own_balance_sheet_total",
]


class SizeDeclarationCorrectionForm(forms.ModelForm):
    """A signed declaration changes only with a reason, which is logged with the change."""

    correction_reason = forms.CharField(
        label=_("Reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Required when you correct a signed declaration; it is kept in its log."),
    )

    class Meta:
        model = SizeDeclaration
        fields = [
            "organisation",
            "declared_on",
            "reference_year",
            "headcount",
            "annual_turnover_eur",
            "balance_sheet_total_eur",
            "publicly_controlled",
            *SIGNED_CORRECTABLE,
        ]

    def clean(self):
        cleaned = super().clean()
        changed = [name for name in self.changed_data if name != "correction_reason"]
        if self.instance.is_signed and changed and not cleaned.get("correction_reason", "").strip():
            self.add_error("correction_reason", _("Say why you correct this signed declaration."))
        return cleaned


DECLARATION_READONLY = [
    "size_class",
    "effective_size_class",
    "declared_by",
    "signer_name",
    "signer_role",
    "signed_at",
    "created_at",
]


class SupportedOrganisationAdmin(OrganisationScopedAdmin):
    """Rows of the companies the user's organisation supports (supported_by)."""

    def manageable(self, request, queryset):
        return queryset.filter(
            organisation__in=Organisation.objects.supported_by(request.user).values("pk")
        )


@admin.register(SizeDeclaration)
class SizeDeclarationAdmin(SupportedOrganisationAdmin):
    form = SizeDeclarationCorrectionForm
    list_display = [
        "organisation",
        "declared_on",
        "reference_year",
        "headcount",
        "size_class",
        "effective_size_class",
        "signed_at",
    ]
    list_filter = ["size_class", "effective_size_class", "reference_year"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation"]
    inlines = [RelatedEnterpriseInline, CorrectionInline]

    def get_inline_instances(self, request, obj=None):
        # Only a company's signed declaration names enterprises and logs corrections; a
        # declaration staff enter states the aggregate alone.
        if obj is None or not obj.is_signed:
            return []
        return super().get_inline_instances(request, obj)

    def get_fields(self, request, obj=None):
        if obj is not None and obj.is_signed:
            return [
                "organisation",
                "declared_on",
                *SIGNED_CORRECTABLE,
                "currency",
                "headcount",
                "annual_turnover_eur",
                "balance_sheet_total_eur",
                *DECLARATION_READONLY,
                "correction_reason",
            ]
        return [
            "organisation",
            "declared_on",
            "reference_year",
            "headcount",
            "annual_turnover_eur",
            "balance_sheet_total_eur",
            "publicly_controlled",
            *DECLARATION_READONLY,
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_signed:
            # The aggregate follows from the corrected figures and the declared enterprises.
            return [
                "organisation",
                "declared_on",
                "currency",
                "headcount",
                "annual_turnover_eur",
                "balance_sheet_total_eur",
                *DECLARATION_READONLY,
            ]
        return DECLARATION_READONLY

    def save_model(self, request, obj, form, change):
        obj.declared_by = obj.declared_by or request.user
        if change and obj.is_signed:
            correct_size_declaration(
                declaration=obj,
                changed_fields=[name for name in form.changed_data if name != "correction_reason"],
                initial=form.initial,
                reason=form.cleaned_data.get("correction_reason", ""),
                by=request.user,
            )
        else:
            super().save_model(request, obj, form, change)
        # The database computed the size class; the message after saving names it.
        obj.refresh_from_db(fields=["size_class"])
        adopt_latest_size_declaration(organisation=obj.organisation)


@admin.register(DeMinimisStatement)
class DeMinimisStatementAdmin(SupportedOrganisationAdmin):
    """What companies stated about their other de minimis aid: read-only for staff."""

    list_display = ["organisation", "confirmed_at", "confirmed_by"]
    search_fields = ["organisation__name"]
    list_select_related = ["organisation", "confirmed_by"]
    readonly_fields = ["organisation", "confirmed_by", "confirmed_at"]

    class OtherAidInline(ScopedInlineMixin, admin.TabularInline):
        model = OtherDeMinimisAid
        extra = 0
        can_delete = False
        fields = ["granting_body", "granted_on", "amount_eur"]
        readonly_fields = fields

        def has_add_permission(self, request, obj=None):
            return False

    inlines = [OtherAidInline]

    def has_add_permission(self, request):
        return False


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
