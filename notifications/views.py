from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .emails import user_from_organiser_messages_token, user_from_unsubscribe_token
from .forms import DigestPreferencesForm, OrganiserMessagesPreferenceForm
from .models import DigestSubscription, OrganiserMessageOptOut
from .services import set_organiser_messages_wanted


@login_required
def preferences(request):
    subscription = DigestSubscription.objects.filter(user=request.user).first()
    subscription = subscription or DigestSubscription(user=request.user)
    # Bound on every POST: with every box unticked the form posts nothing but its token.
    data = request.POST if request.method == "POST" else None
    form = DigestPreferencesForm(data, instance=subscription)
    organiser_form = OrganiserMessagesPreferenceForm(
        data,
        initial={
            "organiser_messages": not OrganiserMessageOptOut.objects.filter(
                user=request.user
            ).exists()
        },
    )
    if request.method == "POST" and form.is_valid() and organiser_form.is_valid():
        form.save()
        set_organiser_messages_wanted(
            user=request.user, wanted=organiser_form.cleaned_data["organiser_messages"]
        )
        messages.success(request, _("Your email preferences are saved."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "organiser_form": organiser_form},
    )


# Mail programs POST here without a CSRF token (RFC 8058 one-click unsubscribe); the signed
# token in the URL is what proves the request comes from the recipient.
@csrf_exempt
def unsubscribe(request, token):
    user = user_from_unsubscribe_token(token)
    if user is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    # GET only asks: link checkers in mail systems follow links and must not unsubscribe anyone.
    if request.method == "POST":
        DigestSubscription.objects.filter(user=user).update(is_active=False)
        return render(request, "notifications/unsubscribed.html", {"email": user.email})
    return render(request, "notifications/unsubscribe.html", {"email": user.email})


# As the digest's: a signed token, no login, GET asks and POST acts (RFC 8058 one-click).
@csrf_exempt
def organiser_messages_unsubscribe(request, token):
    user = user_from_organiser_messages_token(token)
    if user is None:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    if request.method == "POST":
        set_organiser_messages_wanted(user=user, wanted=False)
        # Back to this page, which now says so: a reload sends nothing again.
        return redirect(request.path)
    opted_out = OrganiserMessageOptOut.objects.filter(user=user).exists()
    template = "organiser_messages_unsubscribed" if opted_out else "organiser_messages_unsubscribe"
    return render(request, f"notifications/{template}.html", {"email": user.email})
