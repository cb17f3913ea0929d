from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .emails import user_from_unsubscribe_token
from .forms import DigestPreferencesForm
from .models import DigestSubscription


@login_required
def preferences(request):
    subscription = DigestSubscription.objects.filter(user=request.user).first()
    subscription = subscription or DigestSubscription(user=request.user)
    form = DigestPreferencesForm(request.POST or None, instance=subscription)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your email preferences are saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


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
