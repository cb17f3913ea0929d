import re

from csp.decorators import csp_replace
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.ratelimit import rate_limited
from companies.forms import ActingForForm
from companies.models import Organisation
from web.listing import filtered_page
from web.page_cache import cache_public_page

from .calendar import (
    FEED_LIMIT,
    add_to_calendar_links,
    build_calendar,
    calendar_event,
    calendar_response,
    feed_links,
)
from .certificates import certificate_pdf
from .filters import public_events
from .forms import (
    AttendanceForm,
    CheckInSearchForm,
    ColleagueForm,
    EmbedBuilderForm,
    RegistrationAnswersForm,
    TransferForm,
    WalkInForm,
)
from .models import AttendanceCertificate, CheckInLog, Event, Registration
from .qr import qr_svg
from .services import (
    RegistrationRefused,
    accept_seat_offer,
    cancel_registration,
    decline_seat_offer,
    record_attendance,
    register_colleague,
    register_for_event,
    register_walk_in,
    transfer_registration,
)
from .structured_data import event_json_ld


@cache_public_page
def event_list(request):
    filterset, results = public_events(request.GET)
    listing = filtered_page(request, filterset, queryset=results)
    # The page's events are read again by id (in the same query, as a subquery) so that seats
    # are counted for the 20 shown, not for every event a deep page skips.
    page = listing.page_obj
    page.object_list = (
        Event.objects.filter(pk__in=page.object_list.values("pk"))
        .with_confirmed_count()
        .select_related("county")
        .prefetch_related("hosts")
        .order_by("starts_at", "id")
    )
    return render(
        request,
        "events/event_list.html",
        {
            "listing": listing,
            "filterset": filterset,
            "page_obj": listing.page_obj,
            "feed": feed_links(request, filters=request.GET),
        },
    )


def event_feed(request):
    """The events of any list filter as a calendar to subscribe to (the same as the page)."""
    filterset, results = public_events(request.GET)
    if filterset.is_bound and not filterset.is_valid():
        # A subscribed calendar must not silently turn into every event of the portal.
        raise Http404
    results = results[:FEED_LIMIT]
    names = [str(chosen) for chosen in filterset.chosen_context]
    name = " – ".join([*names, _("Cluster Portal events")])
    calendar = build_calendar(name, (calendar_event(event) for event in results))
    return calendar_response(request, calendar, "events.ics", download=False, max_age=900)


def _detail_events():
    return (
        Event.objects.published()
        .with_confirmed_count()
        .select_related("county", "network", "aid_granting_project")
        .prefetch_related("hosts", "programme_items", "speakers", "projects")
    )


@cache_public_page(event_kwarg="slug")
def event_detail(request, slug):
    event = get_object_or_404(_detail_events(), slug=slug)
    return render(request, "events/event_detail.html", _detail_context(request, event))


def _detail_context(request, event, *, answers_form=None, chosen_organisation=None) -> dict:
    registration = None
    companies = []
    administers_companies = False
    if request.user.is_authenticated:
        registration = (
            event.registrations.live()
            .filter(user=request.user)
            .select_related("organisation")
            .first()
        )
        companies = list(Organisation.objects.represented_by(request.user).order_by("name"))
        administers_companies = Organisation.objects.administered_by(request.user).exists()
        if answers_form is None and registration is None:
            answers_form = RegistrationAnswersForm(questions=event.questions.all())
    seats_left = None
    if event.capacity is not None:
        held = 0
        if event.waitlist_mode == Event.WaitlistMode.OFFER:
            held = event.registrations.offered().count()  # seats kept for an open offer
        seats_left = max(event.capacity - event.confirmed_count - held, 0)
    return {
        "event": event,
        "registration": registration,
        "companies": companies,
        "administers_companies": administers_companies,
        "chosen_organisation": chosen_organisation,
        "answers_form": answers_form,
        "seats_left": seats_left,
        "registration_open": event.registration_is_open(),
        "json_ld": event_json_ld(event, seats_left=seats_left),
        "share_url": f"{settings.SITE_URL}{event.get_absolute_url()}",
        "calendar_links": add_to_calendar_links(event),
    }


@login_required
@require_POST
@rate_limited(key="events:register", rate="10/m")
def event_register(request, slug):
    event = get_object_or_404(Event.objects.published(), slug=slug)
    form = ActingForForm(request.POST, user=request.user)
    if not form.is_valid():
        raise Http404  # an organisation the user does not represent
    organisation = form.cleaned_data["organisation"]
    answers_form = RegistrationAnswersForm(request.POST, questions=event.questions.all())
    if not answers_form.is_valid():
        # The page again with what was typed and chosen, and a message on each question.
        event = _detail_events().get(pk=event.pk)
        context = _detail_context(
            request, event, answers_form=answers_form, chosen_organisation=organisation
        )
        messages.error(request, _("Answer the questions marked below to register."))
        return render(request, "events/event_detail.html", context, status=400)
    try:
        registration = register_for_event(
            event=event,
            user=request.user,
            organisation=organisation,
            answers=answers_form.answers(),
        )
    except RegistrationRefused as refusal:
        messages.error(request, refusal.message)
    else:
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(request, _("You are registered for %(event)s.") % {"event": event})
        else:
            messages.warning(
                request,
                _(
                    "%(event)s is full. You are number %(position)s on the waiting list and get "
                    "a seat as soon as one is free."
                )
                % {"event": event, "position": registration.waitlist_position},
            )
    return redirect(event)


@login_required
@require_http_methods(["GET", "POST"])
def event_cancel(request, slug):
    """GET asks "are you sure?" (a page, so it works without JavaScript); POST cancels."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    registration = get_object_or_404(event.registrations.live(), user=request.user)
    if request.method == "GET":
        from_me = request.GET.get("back") == "me"
        back_url = reverse("me:index") if from_me else event.get_absolute_url()
        return render(
            request,
            "confirm.html",
            {
                "title": _("Cancel your registration?"),
                "question": _("Do you want to cancel your registration for %(event)s?")
                % {"event": event.title},
                "detail": _(
                    "Your seat goes to the next person on the waiting list. You can register "
                    "again later if seats are left."
                )
                if registration.status == Registration.Status.CONFIRMED
                else _("You leave the waiting list."),
                "action": request.path,
                "confirm_label": _("Yes, cancel my registration"),
                "back_url": back_url,
            },
        )
    cancel_registration(registration=registration)
    messages.success(request, _("Your registration for %(event)s is cancelled.") % {"event": event})
    return redirect(event)


# Colleagues and seat offers --------------------------------------------------------------------


@login_required
def colleagues(request, slug):
    """A company admin registers colleagues for the event and sees (and may pass on) the
    registrations of the companies they administer."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    organisations = Organisation.objects.administered_by(request.user).order_by("name")
    if not organisations.exists():
        raise Http404
    form = ColleagueForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            registration = register_colleague(
                event=event, registered_by=request.user, **form.cleaned_data
            )
        except RegistrationRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            text = (
                _("%(person)s is registered for %(event)s and gets an email.")
                if registration.status == Registration.Status.CONFIRMED
                else _("%(event)s is full: %(person)s is on the waiting list and gets an email.")
            )
            messages.success(
                request, text % {"person": registration.user.display_name, "event": event}
            )
            return redirect("events:colleagues", slug=event.slug)
    registrations = (
        event.registrations.live()
        .filter(organisation__in=organisations)
        .with_waitlist_position()
        .select_related("user", "organisation")
        .order_by("organisation__name", "user__last_name", "user__first_name", "id")
    )
    return render(
        request,
        "events/colleagues.html",
        {
            "event": event,
            "form": form,
            "registrations": registrations,
            "registration_refusal": event.registration_refusal(),
        },
    )


@login_required
def transfer(request, slug, pk):
    """Pass a registration to a colleague: the registrant's own, or one of the companies the
    user administers (anyone else's is a 404)."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    registration = get_object_or_404(
        Registration.objects.transferable_by(request.user)
        .filter(event=event, organisation__isnull=False)
        .select_related("user", "organisation", "event"),
        pk=pk,
    )
    form = TransferForm(request.POST or None, organisation=registration.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            transfer_registration(
                registration=registration, to_user=form.colleague, by=request.user
            )
        except RegistrationRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("The registration is passed to %(person)s, who gets an email.")
                % {"person": form.colleague.display_name},
            )
            if registration.user == request.user:
                return redirect(event)
            return redirect("events:colleagues", slug=event.slug)
    return render(
        request,
        "events/transfer.html",
        {
            "event": event,
            "registration": registration,
            "form": form,
            "refusal": registration.transfer_refusal(),
        },
    )


@login_required
def seat_offer(request, slug):
    """The seat offered to the person from the waiting list: accept or decline it."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    registration = get_object_or_404(event.registrations.offered(), user=request.user)
    if request.method == "POST":
        decision = request.POST.get("decision")
        if decision not in ("accept", "decline"):
            raise Http404
        try:
            if decision == "accept":
                accept_seat_offer(registration=registration)
            else:
                decline_seat_offer(registration=registration)
        except RegistrationRefused as refusal:
            messages.error(request, refusal.message)
        else:
            if decision == "accept":
                messages.success(
                    request,
                    _("The seat is yours: you are registered for %(event)s.") % {"event": event},
                )
            else:
                messages.info(
                    request,
                    _("You declined the seat; your registration for %(event)s is cancelled.")
                    % {"event": event},
                )
        return redirect(event)
    return render(request, "events/seat_offer.html", {"event": event, "registration": registration})


def event_calendar(request, slug):
    event = get_object_or_404(Event.objects.published(), slug=slug)
    calendar = build_calendar(event.title, [calendar_event(event)])
    return calendar_response(request, calendar, f"{event.slug}.ics")


# Check-in at the door -------------------------------------------------------------------------
# Capability: the model permission; scope: the events the user's organisations host (another
# organisation's event or registration is a 404).
CHECK_IN_PERMISSION = "events.change_registration"
# A phone shows this many matches; staff narrow the search for more.
CHECK_IN_ROWS = 25


def _check_in_event(request, slug):
    return get_object_or_404(
        Event.objects.manageable_by(request.user).with_seat_counts(), slug=slug
    )


def _check_in_panel(request, event, query: str) -> dict:
    registrations = (
        event.registrations.live()
        .matching(query)
        .select_related("user", "organisation")
        .order_by("user__last_name", "user__first_name", "id")
    )
    rows = list(registrations[: CHECK_IN_ROWS + 1])
    return {
        "event": event,
        "query": query,
        "registrations": rows[:CHECK_IN_ROWS],
        "more": len(rows) > CHECK_IN_ROWS,
        "refusal": event.attendance_refusal(),
    }


def _from_htmx(request) -> bool:
    # htmx swaps in a part of the page; without JavaScript the whole page comes back.
    return request.headers.get("HX-Request") == "true"


def _refresh_counts(event):
    return Event.objects.with_seat_counts().get(pk=event.pk)


@login_required
@permission_required(CHECK_IN_PERMISSION, raise_exception=True)
def check_in(request, slug):
    """The door: search by name or company, one tap to check in, live counts."""
    event = _check_in_event(request, slug)
    form = CheckInSearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    if _from_htmx(request) and request.GET.get("part") == "counts":
        return render(request, "events/_check_in_counts.html", {"event": event})
    context = _check_in_panel(request, event, query)
    if _from_htmx(request):
        return render(request, "events/_check_in_panel.html", context)
    return render(request, "events/check_in.html", {**context, "form": form})


@login_required
@permission_required(CHECK_IN_PERMISSION, raise_exception=True)
@require_POST
def check_in_record(request, slug):
    """Check one person in, or undo it, from the check-in page."""
    event = _check_in_event(request, slug)
    form = AttendanceForm(request.POST)
    if not form.is_valid():
        raise Http404
    registration = get_object_or_404(
        event.registrations.live(), pk=form.cleaned_data["registration"]
    )
    checking_in = form.cleaned_data["action"] == AttendanceForm.CHECK_IN
    try:
        record_attendance(
            registration=registration,
            attended=True if checking_in else None,
            by=request.user,
            source=CheckInLog.Source.CHECK_IN_PAGE,
        )
    except RegistrationRefused as refusal:
        messages.error(request, refusal.message)
    else:
        person = registration.user.display_name if registration.user else _("(deleted user)")
        if checking_in:
            messages.success(request, _("%(person)s is checked in.") % {"person": person})
        else:
            messages.info(request, _("Check-in undone for %(person)s.") % {"person": person})
    query = form.cleaned_data["q"]
    if _from_htmx(request):
        event = _refresh_counts(event)
        return render(
            request,
            "events/_check_in_panel.html",
            {**_check_in_panel(request, event, query), "with_messages": True},
        )
    url = reverse("events:check_in", args=[event.slug])
    return redirect(f"{url}?{urlencode({'q': query})}" if query else url)


@login_required
@permission_required(CHECK_IN_PERMISSION, raise_exception=True)
def check_in_walk_in(request, slug):
    """Register someone who turns up without a registration and check them in."""
    event = _check_in_event(request, slug)
    form = WalkInForm(request.POST or None)
    answers_form = RegistrationAnswersForm(request.POST or None, questions=event.questions.all())
    if request.method == "POST" and form.is_valid() and answers_form.is_valid():
        try:
            registration = register_walk_in(
                event=event, by=request.user, answers=answers_form.answers(), **form.cleaned_data
            )
        except RegistrationRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("%(person)s is registered and checked in.")
                % {"person": registration.user.display_name},
            )
            return redirect("events:check_in", slug=event.slug)
    return render(
        request,
        "events/check_in_walk_in.html",
        {"event": event, "form": form, "answers_form": answers_form},
    )


@login_required
@permission_required(CHECK_IN_PERMISSION, raise_exception=True)
def check_in_qr(request, token):
    """What a participant's QR code opens: for the hosts' staff, the person and one button;
    for anyone else nothing personal (a 404, or a 403 without the permission)."""
    pk = Registration.pk_from_check_in_token(token)
    if pk is None:
        raise Http404
    registration = get_object_or_404(
        Registration.objects.manageable_by(request.user)
        .live()
        .select_related("user", "organisation", "event"),
        pk=pk,
    )
    event = registration.event
    if request.method == "POST":
        form = AttendanceForm(request.POST)
        if form.is_valid() and form.cleaned_data["registration"] == registration.pk:
            checking_in = form.cleaned_data["action"] == AttendanceForm.CHECK_IN
            try:
                registration = record_attendance(
                    registration=registration,
                    attended=True if checking_in else None,
                    by=request.user,
                    source=CheckInLog.Source.QR_CODE,
                )
            except RegistrationRefused as refusal:
                messages.error(request, refusal.message)
            return redirect("events:check_in_qr", token=token)
        raise Http404
    return render(
        request,
        "events/check_in_qr.html",
        {"registration": registration, "event": event, "refusal": event.attendance_refusal()},
    )


@login_required
def ticket(request, slug):
    """The participant's own QR code for the door, printable."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    registration = get_object_or_404(
        event.registrations.confirmed().select_related("organisation"), user=request.user
    )
    return render(
        request,
        "events/ticket.html",
        {
            "event": event,
            "registration": registration,
            "qr": qr_svg(registration.check_in_url(), scale=6),
        },
    )


# Certificates of attendance ------------------------------------------------------------------
CERTIFICATE_CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


@login_required
def certificate(request, slug):
    """The participant's own certificate of attendance (PDF, in the page's language)."""
    event = get_object_or_404(Event.objects.published(), slug=slug)
    registration = get_object_or_404(
        event.registrations.attended().select_related("event", "user"), user=request.user
    )
    issued = AttendanceCertificate.objects.issue(registration)
    if issued is None:
        raise Http404
    response = HttpResponse(certificate_pdf(issued), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{event.slug}.pdf"'
    return response


@rate_limited(key="events:verify", rate="30/m", methods=("GET",))
def verify_certificate(request, code):
    """Whoever holds a certificate (a funder, an employer) checks it here: the page repeats
    the name and the event printed on it, nothing else about the person."""
    code = code.upper()
    if not CERTIFICATE_CODE.fullmatch(code):
        raise Http404
    issued = get_object_or_404(
        AttendanceCertificate.objects.genuine().select_related(
            "registration__user", "registration__event"
        ),
        code=code,
    )
    return render(
        request,
        "events/verify_certificate.html",
        {"certificate": issued, "event": issued.registration.event},
    )


EMBED_LANGUAGES = {"sv", "en"}
EMBED_LIMIT = 50


def embed_options(data) -> dict:
    """The embed's colour and language; anything else than a hex colour or a portal language
    falls back to the default, so nothing from the query reaches the page's CSS unchecked."""
    colour = data.get("colour", "")
    language = data.get("lang", "")
    return {
        "colour": colour.lower() if re.fullmatch(r"[0-9a-fA-F]{6}", colour) else "",
        "language": language if language in EMBED_LANGUAGES else None,
    }


@xframe_options_exempt
@csp_replace(settings.EMBED_CSP)
@csp_replace(settings.EMBED_CSP, REPORT_ONLY=True)
def event_embed(request):
    """The upcoming events of any list filter, as a light page other sites put in an iframe."""
    filterset, results = public_events(request.GET)
    if filterset.is_bound and not filterset.is_valid():
        raise Http404
    options = embed_options(request.GET)
    events = (results.with_confirmed_count().select_related("county").prefetch_related("hosts"))[
        :EMBED_LIMIT
    ]
    with translation.override(options["language"] or translation.get_language()):
        response = render(
            request,
            "events/embed.html",
            {"events": events, "colour": options["colour"], "filterset": filterset},
        )
    patch_cache_control(response, public=True, max_age=300)
    return response


def embed_colour(request, colour):
    """The embed's accent colour as a style sheet (the policy allows no inline style)."""
    if not re.fullmatch(r"[0-9a-f]{6}", colour):
        raise Http404
    response = HttpResponse(f":root {{ --accent: #{colour}; }}\n", content_type="text/css")
    patch_cache_control(response, public=True, max_age=31536000, immutable=True)
    return response


@staff_member_required
def embed_builder(request):
    """Staff choose a filter, language and colour, see the embed and copy its snippet."""
    form = EmbedBuilderForm(
        request.GET or {"lang": translation.get_language(), "colour": "#0b5d3b"}
    )
    query = form.embed_query() if form.is_valid() else ""
    # The embed takes its language from `lang`, so one address serves both.
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("events:embed")
    embed_url = request.build_absolute_uri(path) + (f"?{query}" if query else "")
    return render(
        request,
        "events/embed_builder.html",
        {
            "form": form,
            "embed_url": embed_url,
            "script_url": request.build_absolute_uri(static("js/embed.js")),
        },
    )
