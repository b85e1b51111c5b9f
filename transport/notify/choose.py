"""The SMS gateway the settings name: Twilio when an account is set, else the local one."""

from __future__ import annotations

from pathlib import Path

from transport.notify.gateway import SmsGateway
from transport.notify.local_gateway import LocalGateway
from transport.notify.twilio_gateway import TwilioGateway
from transport.settings import Settings


def gateway_from_settings(settings: Settings) -> SmsGateway:
    if settings.twilio_account_sid:
        return TwilioGateway(
            settings.twilio_account_sid,
            settings.twilio_auth_token,
            settings.twilio_from,
            settings.twilio_messaging_service_sid,
            settings.sms_status_callback_url,
            settings.twilio_base_url,
        )
    return LocalGateway(Path(settings.sms_log))
