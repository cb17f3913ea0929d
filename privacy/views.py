import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from accounts.ratelimit import rate_limited

from . import services
from .forms import ConsentForm, DeleteAccountForm
from .models import NOTICE_VERSION, Consent


@require_safe
def notice(request):
    # The notice is legal text kept whole in each language, not assembled from messages.
    language = "en" if translation.get_language() == "en" else "sv"
    return render(request, f"privacy/notice_{language}.html", {"notice_version": NOTICE_VERSION})


@login_required
@require_http_methods(["GET", "POST"])
def consents(request):
    if request.method == "POST":
        form = ConsentForm(request.POST)
        if form.is_valid():
            purpose = form.cleaned_data["purpose"]
            label = Consent.Purpose(purpose).label
            if form.cleaned_data["action"] == "give":
                services.give_consent(user=request.user, purpose=purpose)
                messages.success(request, _("You consented to: %(what)s.") % {"what": label})
            else:
                services.withdraw_consent(user=request.user, purpose=purpose)
                messages.success(request, _("You withdrew consent to: %(what)s.") % {"what": label})
            return redirect("privacy:consents")
        messages.error(request, _("That choice is not available. Nothing was changed."))
    in_force = {c.purpose: c for c in Consent.objects.in_force().filter(user=request.user)}
    choices = [
        {"purpose": purpose, "label": label, "consent": in_force.get(purpose)}
        for purpose, label in Consent.Purpose.choices
    ]
    history = Consent.objects.filter(user=request.user).order_by("-given_at")
    return render(
        request,
        "privacy/consents.html",
        {"choices": choices, "history": history, "notice_version": NOTICE_VERSION},
    )


@login_required
@require_safe
@never_cache
def download_data(request):
    data = services.collect_personal_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    filename = f"cluster-portal-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
@rate_limited(key="privacy:delete", rate="5/m")
def delete_account(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.delete_account(user=request.user)
        logout(request)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect("home")
    return render(request, "privacy/delete_account.html", {"form": form})
