"""Signing in by a code, in the browser, as a parent, a PA and a school office do: the number typed
as people write it, the code read from the text (or the school's email) in the outbox; a wrong
code, a code run out, a code used twice, the lockout; one number for two roles; an unknown
number told the same as a known one and sent nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import delete, func, or_, select

from tests.test_sign_in_codes import a_pa
from tests.web.conftest import shot
from transport import models as m
from transport import sign_in_codes as codes
from transport.db import transaction
from transport.phones import for_people

SENT = "If that number or email is ours, we have sent a code to it."


@pytest.fixture(autouse=True)
def no_codes_left(site):
    """Each test starts with no codes sent (the limits count per number, across tests)."""
    yield
    with transaction(site.factory) as db:
        db.execute(delete(m.SignInCode))


def _code_to(site, address: str) -> str:
    """The code in the newest sign-in text or email to this number or address, as its owner reads it."""
    with site.factory() as db:
        body = db.scalar(
            select(m.Message.body)
            .where(
                m.Message.template == codes.TEMPLATE,
                or_(m.Message.recipient_phone == address, m.Message.recipient_email == address),
            )
            .order_by(m.Message.id.desc())
        )
    assert body, f"no code was sent to {address}"
    return re.search(r"is (\d{6})\.", body).group(1)


def _codes_queued(site) -> int:
    with site.factory() as db:
        return db.scalar(select(func.count()).select_from(m.Message).where(m.Message.template == codes.TEMPLATE))


def _parent_phone(site, key: str = "parent2") -> str:
    with site.factory() as db:
        phone = db.get(m.Guardian, site.ids[key]).phone
        holders = codes.holders(db, codes.Address("phone", phone))
    assert len(holders) == 1, holders
    return phone


def _ask(page, typed: str) -> None:
    page.goto("/web/sign-in")
    page.get_by_label("Your mobile number, or the school's email").fill(typed)
    page.get_by_role("button", name="Send me a code").click()
    page.wait_for_url("**/web/sign-in/code**")


def _type_code(page, code: str) -> None:
    page.get_by_label("Your code").fill(code)
    page.get_by_role("button", name="Sign in with the code").click()


def test_a_parent_signs_in_with_a_code_texted_to_their_number(site, new_page):
    phone = _parent_phone(site)
    page = new_page()
    _ask(page, for_people(phone))  # typed as people write it: 07700 900123
    assert SENT in page.locator("main").inner_text()
    shot(page, "sign-in-code")
    code = _code_to(site, phone)
    wrong = "000000" if code != "000000" else "111111"
    _type_code(page, wrong)
    assert "That code is not right" in page.get_by_role("alert").inner_text()
    _type_code(page, code)
    page.wait_for_url("**/web/parent")
    assert page.get_by_role("button", name="Sign out").is_visible()
    with site.factory() as db:
        guardian = db.get(m.Guardian, site.ids["parent2"])
        user = db.scalar(select(m.User).where(m.User.role == "parent", m.User.link_ref == guardian.ref))
        assert user.last_signed_in is not None


def test_a_code_works_once(site, new_page):
    phone = _parent_phone(site)
    page = new_page()
    _ask(page, for_people(phone))
    other = new_page()  # the same sign-in open on a second tab or device
    other.context.add_cookies(page.context.cookies())
    other.goto("/web/sign-in/code")
    code = _code_to(site, phone)
    _type_code(page, code)
    page.wait_for_url("**/web/parent")
    _type_code(other, code)
    assert "used already" in other.get_by_role("alert").inner_text()
    assert "/web/sign-in/code" in other.url


def test_a_code_runs_out(site, new_page, monkeypatch):
    phone = _parent_phone(site)
    page = new_page()
    _ask(page, for_people(phone))
    code = _code_to(site, phone)
    later = codes.now() + dt.timedelta(minutes=10, seconds=1)
    monkeypatch.setattr(codes, "now", lambda: later)  # the clock moves on past the code's 10 minutes
    _type_code(page, code)
    assert "run out" in page.get_by_role("alert").inner_text()


def test_five_wrong_codes_lock_the_number_out(site, new_page, monkeypatch):
    phone = _parent_phone(site)
    page = new_page()
    _ask(page, for_people(phone))
    code = _code_to(site, phone)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        _type_code(page, wrong)
    assert "Too many wrong codes. Wait 15 minutes" in page.get_by_role("alert").inner_text()
    _type_code(page, code)  # even the right code, now
    assert "Too many wrong codes" in page.get_by_role("alert").inner_text()
    page.goto("/web/sign-in")
    page.get_by_label("Your mobile number, or the school's email").fill(for_people(phone))
    page.get_by_role("button", name="Send me a code").click()
    assert "Too many wrong codes" in page.get_by_role("alert").inner_text()
    later = codes.now() + dt.timedelta(minutes=15, seconds=1)
    monkeypatch.setattr(codes, "now", lambda: later)
    _ask(page, for_people(phone))  # the lockout over, a new code works
    _type_code(page, _code_to(site, phone))
    page.wait_for_url("**/web/parent")


def test_an_unknown_number_is_told_the_same_and_sent_nothing(site, new_page):
    before = _codes_queued(site)
    page = new_page()
    _ask(page, "07700 900999")
    assert SENT in page.locator("main").inner_text()
    assert _codes_queued(site) == before
    _type_code(page, "123456")
    assert "That code is not right" in page.get_by_role("alert").inner_text()
    page.goto("/web/sign-in")
    page.get_by_label("Your mobile number, or the school's email").fill("not a number")
    page.get_by_role("button", name="Send me a code").click()
    assert "is not a phone number" in page.get_by_role("alert").inner_text()


def test_a_parent_with_no_account_yet_is_given_one_by_their_first_code(site, new_page):
    with site.factory() as db:
        has_account = select(m.User.link_ref).where(m.User.role == "parent")
        guardian = next(
            g
            for g in db.scalars(select(m.Guardian).where(m.Guardian.ref.not_in(has_account)).order_by(m.Guardian.id))
            if len(codes.holders(db, codes.Address("phone", g.phone))) == 1
        )
    page = new_page()
    _ask(page, for_people(guardian.phone))
    _type_code(page, _code_to(site, guardian.phone))
    page.wait_for_url("**/web/parent")
    assert f"{guardian.first_name} {guardian.last_name}" in page.locator("header").inner_text()
    with transaction(site.factory) as db:  # made at this sign-in, linked to the record; taken away again
        made = db.scalar(select(m.User).where(m.User.role == "parent", m.User.link_ref == guardian.ref))
        assert made is not None and made.last_signed_in is not None
        db.execute(delete(m.SignIn).where(m.SignIn.user_id == made.id))
        db.delete(made)


@pytest.fixture
def parent_and_pa(site):
    """One number held by a parent and a PA (records of their own, taken away afterwards)."""
    phone = "+447700900777"
    with transaction(site.factory) as db:
        db.add(m.Guardian(ref="G-TWO-ROLES", first_name="Sam", last_name="Lee", phone=phone))
        db.add(a_pa("PA-TWO-ROLES", phone))
    yield phone
    with transaction(site.factory) as db:
        db.execute(delete(m.SignIn).where(m.SignIn.user_id.in_(select(m.User.id).where(m.User.link_ref.like("%-TWO-ROLES")))))
        db.execute(delete(m.User).where(m.User.link_ref.like("%-TWO-ROLES")))
        db.execute(delete(m.Guardian).where(m.Guardian.ref == "G-TWO-ROLES"))
        db.execute(delete(m.PassengerAssistant).where(m.PassengerAssistant.ref == "PA-TWO-ROLES"))


def test_one_number_for_a_parent_and_a_pa_chooses_the_role(site, new_page, parent_and_pa):
    page = new_page()
    _ask(page, "07700 900777")
    _type_code(page, _code_to(site, parent_and_pa))
    page.wait_for_url("**/web/sign-in/role**")
    shot(page, "sign-in-role")
    page.get_by_role("button", name="Passenger assistant (PA): Sam Lee").click()
    page.wait_for_url("**/web/crew**")
    with site.factory() as db:  # both accounts made by the code, each linked to its record
        made = db.scalars(select(m.User).where(m.User.link_ref.like("%-TWO-ROLES"))).all()
        assert {(u.role, u.link_ref) for u in made} == {("parent", "G-TWO-ROLES"), ("pa", "PA-TWO-ROLES")}


@pytest.fixture
def school_email(site):
    with transaction(site.factory) as db:
        school = db.get(m.School, site.ids["school"])
        school.email = "Office@School.example"
    yield "office@school.example"
    with transaction(site.factory) as db:
        db.get(m.School, site.ids["school"]).email = None


def test_a_school_office_signs_in_with_a_code_sent_to_its_email(site, new_page, school_email):
    page = new_page()
    _ask(page, "Office@School.example")
    with site.factory() as db:
        email = db.scalar(select(m.Message).where(m.Message.recipient_email == school_email).order_by(m.Message.id.desc()))
        assert (email.channel, email.subject) == ("email", "Your sign-in code for school transport")
    _type_code(page, _code_to(site, school_email))
    page.wait_for_url("**/web/school**")
    assert page.get_by_role("link", name="Manifest").is_visible()
