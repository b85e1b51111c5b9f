"""The council's records a plan is made from, each read whole in a few queries."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from transport import models as m


def load_spot_rates(db: Session) -> list[m.SpotHireRate]:
    return list(db.scalars(select(m.SpotHireRate).options(selectinload(m.SpotHireRate.operator)).order_by(m.SpotHireRate.ref)))


def load_records(db: Session) -> tuple[list[m.Child], list[m.FleetVehicle], list[m.PassengerAssistant]]:
    children = db.scalars(
        select(m.Child)
        .options(
            selectinload(m.Child.school).selectinload(m.School.bells),
            selectinload(m.Child.addresses),
            selectinload(m.Child.avoid),
        )
        .order_by(m.Child.ref)
    ).all()
    vehicles = db.scalars(
        select(m.FleetVehicle)
        .options(
            selectinload(m.FleetVehicle.layouts), selectinload(m.FleetVehicle.drivers), selectinload(m.FleetVehicle.operator)
        )
        .order_by(m.FleetVehicle.ref)
    ).all()
    assistants = db.scalars(
        select(m.PassengerAssistant).options(selectinload(m.PassengerAssistant.skills)).order_by(m.PassengerAssistant.ref)
    ).all()
    return list(children), list(vehicles), list(assistants)
