"""Multi-step writes on network memberships."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import Organisation
from companies.services import Refused

from . import signals
from .models import Network, NetworkMembership


class MembershipRefused(Refused):
    """A membership change the network's rules do not allow."""


def join_network(
    *, network: Network, organisation: Organisation, user, message: str = ""
) -> NetworkMembership:
    """Join an open network at once, or ask to join one that needs the hosts' approval."""
    if not organisation.is_represented_by(user):
        raise MembershipRefused(_("You can only act on behalf of your own organisation."))
    if network.is_archived:
        raise MembershipRefused(_("This network is archived and takes no new members."))
    if network.join_policy == Network.JoinPolicy.INVITATION:
        raise MembershipRefused(
            _("This network is by invitation only. Contact the hosts to get in touch.")
        )
    is_open = network.join_policy == Network.JoinPolicy.OPEN
    now = timezone.now()
    new_status = NetworkMembership.Status.ACTIVE if is_open else NetworkMembership.Status.PENDING
    with transaction.atomic():
        try:
            with transaction.atomic():
                membership, created = NetworkMembership.objects.select_for_update().get_or_create(
                    network=network,
                    organisation=organisation,
                    defaults={
                        "status": new_status,
                        "contact_user": user,
                        "message": message,
                        "decided_at": now if is_open else None,
                    },
                )
        except IntegrityError:
            # A concurrent request created the row first; treat it as the existing membership.
            membership = NetworkMembership.objects.select_for_update().get(
                network=network, organisation=organisation
            )
            created = False
        if created:
            signals.membership_requested.send(sender=NetworkMembership, membership=membership)
            return membership
        if membership.status == NetworkMembership.Status.ACTIVE:
            raise MembershipRefused(_("%(org)s is already a member.") % {"org": organisation})
        if membership.status == NetworkMembership.Status.PENDING:
            raise MembershipRefused(
                _("%(org)s has already asked to join; the hosts will decide.")
                % {"org": organisation}
            )
        membership.status = new_status
        membership.contact_user = user
        membership.message = message
        membership.requested_at = now
        membership.decided_at = now if is_open else None
        membership.decided_by = None
        membership.save()
        signals.membership_requested.send(sender=NetworkMembership, membership=membership)
        return membership


def leave_network(*, membership: NetworkMembership, user) -> NetworkMembership:
    """Leave a network (or withdraw a pending request) on behalf of one's organisation."""
    if not membership.organisation.is_represented_by(user):
        raise MembershipRefused(_("You can only act on behalf of your own organisation."))
    with transaction.atomic():
        membership = NetworkMembership.objects.select_for_update().get(pk=membership.pk)
        if membership.status not in (
            NetworkMembership.Status.ACTIVE,
            NetworkMembership.Status.PENDING,
        ):
            raise MembershipRefused(_("This organisation is not a member."))
        membership.status = NetworkMembership.Status.LEFT
        membership.decided_at = timezone.now()
        membership.save(update_fields=["status", "decided_at"])
        return membership


def decide_membership(
    *, membership: NetworkMembership, approve: bool, decided_by
) -> NetworkMembership:
    """Approve or reject a pending membership request."""
    with transaction.atomic():
        membership = NetworkMembership.objects.select_for_update().get(pk=membership.pk)
        if membership.status != NetworkMembership.Status.PENDING:
            raise MembershipRefused(_("Only pending requests can be decided."))
        membership.status = (
            NetworkMembership.Status.ACTIVE if approve else NetworkMembership.Status.REJECTED
        )
        membership.decided_at = timezone.now()
        membership.decided_by = decided_by
        membership.save(update_fields=["status", "decided_at", "decided_by"])
        signals.membership_decided.send(sender=NetworkMembership, membership=membership)
        return membership
