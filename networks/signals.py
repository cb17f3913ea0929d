"""What the networks app announces to the apps above it; sent by `networks.services` inside
the write's transaction (see events/signals.py for why)."""

from django.dispatch import Signal

# With `membership`: an organisation asks to join a network; its request was decided.
membership_requested = Signal()
membership_decided = Signal()
