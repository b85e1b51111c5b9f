"""The gateways the settings name: Twilio for texts when an account is set, SMTP for emails when a
server is set, else the local logs; `Channels` sends each message by its channel."""

from __future__ import annotations

from pathlib import Path

from transport.notify.email import SmtpGateway
from transport.notify.gateway import EmailGateway, Outgoing, SmsGateway
from transport.notify.local_gateway import LocalGateway
from transport.notify.twilio_gateway import TwilioGateway
from transport.settings import Settings


class Channels:
    """The outbox's one gateway: a text to the SMS gateway, an email to the email gateway."""

    def __init__(self, sms: SmsGateway, email: EmailGateway) -> None:
        self.sms, self.email = sms, email

    def _by_channel(self, message: Outgoing) -> SmsGateway:
        return self.email if message.channel == "email" else self.sms

    def send(self, message: Outgoing) -> str:
        return self._by_channel(message).send(message)

    def sent_before(self, message: Outgoing) -> str | None:
        return self._by_channel(message).sent_before(message)


def sms_gateway_from_settings(settings: Settings) -> SmsGateway:
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


def email_gateway_from_settings(settings: Settings) -> EmailGateway:
    if settings.smtp_host:
        return SmtpGateway(
            settings.smtp_host,
            settings.smtp_port,
            settings.smtp_from,
            settings.smtp_user,
            settings.smtp_password,
            settings.starttls,
        )
    return LocalGateway(Path(settings.email_log))


def gateway_from_settings(settings: Settings) -> Channels:
    return Channels(sms_gateway_from_settings(settings), email_gateway_from_settings(settings))
