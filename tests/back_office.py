"""Logging an agent into the back office as the second factor requires: a confirmed TOTP
device and a session verified with it (what the OTP login step does)."""

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice


def connecter_agent(client, user):
    """`client.force_login(user)` plus a verified second factor; returns the device."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="application", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    assert session[SESSION_KEY] and session[BACKEND_SESSION_KEY] and session[HASH_SESSION_KEY]
    if settings.SESSION_COOKIE_NAME not in client.cookies:
        client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
    return device
