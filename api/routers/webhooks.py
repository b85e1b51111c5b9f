"""Twilio's webhooks: inbound texts and delivery reports, each checked against X-Twilio-Signature."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from sqlalchemy.exc import IntegrityError
from starlette.concurrency import run_in_threadpool
from twilio.request_validator import RequestValidator

from api.problems import PROBLEM_RESPONSES, HttpProblem
from transport import models as m
from transport.day.replies import handle_text, record_status
from transport.db import transaction

router = APIRouter(prefix="/webhooks/sms", tags=["webhooks"], responses=PROBLEM_RESPONSES)
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'


async def _signed_form(request: Request) -> dict[str, str]:
    """The posted form, if Twilio signed it with the council's auth token; else 403."""
    settings = request.app.state.settings
    if not settings.twilio_auth_token:
        raise HttpProblem(403, "texts can only be received with TWILIO_AUTH_TOKEN set, to check they come from Twilio")
    form = {k: str(v) for k, v in (await request.form()).items()}
    base = settings.sms_webhook_base_url.rstrip("/")
    url = base + request.url.path if base else str(request.url)
    signature = request.headers.get("X-Twilio-Signature", "")
    if not RequestValidator(settings.twilio_auth_token).validate(url, form, signature):
        raise HttpProblem(403, "the request is not signed by Twilio")
    return form


@router.post("/inbound", response_class=Response, responses={200: {"content": {"application/xml": {}}}})
async def inbound(request: Request) -> Response:
    """A parent's text: STOP/START, or an absence ("Sam absent Monday PM"); answered by text."""
    form = await _signed_form(request)

    def act() -> None:
        try:
            with transaction(request.app.state.factory) as db:
                handle_text(
                    db, request.app.state.settings, form.get("From", ""), form.get("Body", ""), form.get("MessageSid", "")
                )
        except IntegrityError:
            with request.app.state.factory() as db:  # the same text at the same moment, acted on by the other request
                if db.get(m.InboundText, form.get("MessageSid", "")[:64]) is None:
                    raise

    await run_in_threadpool(act)
    return Response(EMPTY_TWIML, media_type="application/xml")


@router.post("/status", status_code=204, response_class=Response)
async def status(request: Request) -> Response:
    """A delivery report for a text we sent."""
    form = await _signed_form(request)

    def act() -> None:
        with transaction(request.app.state.factory) as db:
            record_status(db, form.get("MessageSid", ""), form.get("MessageStatus", ""), form.get("ErrorCode"))

    await run_in_threadpool(act)
    return Response(status_code=204)
