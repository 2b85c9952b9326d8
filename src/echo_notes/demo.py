"""A demo clinic with a clinician login and fictional patients, so a first start shows real screens.

Seeded through the owner connection (it exists before anyone can log in), with one audit row per patient
record written, like any other write of patient data. The generated password is printed once and kept in
``<data dir>/demo-credentials.txt`` (mode 600) so it can be found again.
"""

from __future__ import annotations

import os
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from echo_notes.db.models import (
    AuditLog,
    Clinic,
    Patient,
    PatientVisitSession,
    Professional,
    ProfessionalRole,
    VisitStatus,
)
from echo_notes.domain.auth.passwords import hash_password

DEMO_CLINIC_NAME = "Echo Notes Demo Hearing Clinic"
DEMO_EMAIL = "demo.audiologist@echo-notes.example"
DEMO_ADMIN_EMAIL = "demo.admin@echo-notes.example"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    admin_email: str
    created: bool
    credentials_file: Path


_PATIENTS = [
    (
        "Margaret",
        "Okafor",
        date(1948, 3, 14),
        "MRN-D-1001",
        "Follow-up after hearing-aid fitting",
        "Clinician: How have the new hearing aids been this month?\n"
        "Patient: Much better at church, but the restaurant is still hard. "
        "The right one whistles sometimes.\n"
        "Clinician: Let's check the fit of the right dome and adjust the feedback manager.",
    ),
    (
        "Walter",
        "Brennan-Shaw",
        date(1957, 11, 2),
        "MRN-D-1002",
        "Ringing in the left ear for three months",
        "Clinician: Tell me about the ringing.\n"
        "Patient: It's a high pitch in the left ear, worse at night. No dizziness. "
        "I worked in a sawmill for years.\n"
        "Clinician: We'll do a full audiogram and tympanometry today.",
    ),
    (
        "Priya",
        "Natarajan",
        date(1990, 6, 25),
        "MRN-D-1003",
        "Muffled hearing after a cold",
        "Clinician: When did the muffled feeling start?\n"
        "Patient: About two weeks ago, after a bad cold. Both ears feel full, the right more.\n"
        "Clinician: Let's look in the ears and check middle-ear pressure.",
    ),
    (
        "Henry",
        "Delacroix",
        date(1939, 1, 9),
        "MRN-D-1004",
        "Annual hearing-aid review",
        "Clinician: Any changes since last year?\n"
        "Patient: The TV is louder again and my wife says I miss the phone.\n"
        "Clinician: We'll retest and update the programs.",
    ),
]


def _write_credentials(path: Path, email: str, password: str, admin_email: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(f"clinician: {email}\nclinic admin: {admin_email}\npassword (both): {password}\n")


def _read_password(path: Path) -> str:
    for line in path.read_text().splitlines():
        if line.startswith("password"):
            return line.split(":", 1)[1].strip()
    return ""


def ensure_demo(owner_url: str, data_dir: Path) -> DemoLogin:
    """Create the demo clinic unless it exists; return its login either way."""
    credentials = data_dir / "demo-credentials.txt"
    engine = create_engine(owner_url)
    try:
        with Session(engine) as session, session.begin():
            existing = session.scalar(select(Professional).where(Professional.email == DEMO_EMAIL))
            if existing is not None:
                password = _read_password(credentials) if credentials.exists() else "(see your records)"
                return DemoLogin(DEMO_EMAIL, password, DEMO_ADMIN_EMAIL, False, credentials)
            password = secrets.token_urlsafe(12)
            _seed(session, password)
        _write_credentials(credentials, DEMO_EMAIL, password, DEMO_ADMIN_EMAIL)
        return DemoLogin(DEMO_EMAIL, password, DEMO_ADMIN_EMAIL, True, credentials)
    finally:
        engine.dispose()


def _seed(session: Session, password: str) -> None:
    clinic = Clinic(id=uuid.uuid4(), name=DEMO_CLINIC_NAME)
    session.add(clinic)
    session.flush()
    password_hash = hash_password(password)
    clinician = Professional(
        id=uuid.uuid4(),
        clinic_id=clinic.id,
        email=DEMO_EMAIL,
        full_name="Dr. Alex Rivera, AuD",
        role=ProfessionalRole.audiologist,
        password_hash=password_hash,
        is_active=True,
    )
    admin = Professional(
        id=uuid.uuid4(),
        clinic_id=clinic.id,
        email=DEMO_ADMIN_EMAIL,
        full_name="Sam Chen (clinic admin)",
        role=ProfessionalRole.clinic_admin,
        password_hash=password_hash,
        is_active=True,
    )
    session.add_all([clinician, admin])
    session.flush()
    now = datetime.now(UTC)
    for index, (first, last, born, mrn, complaint, transcript) in enumerate(_PATIENTS):
        patient = Patient(
            id=uuid.uuid4(),
            clinic_id=clinic.id,
            first_name=first,
            last_name=last,
            date_of_birth=born,
            medical_record_number=mrn,
            created_by=clinician.id,
        )
        session.add(patient)
        session.flush()
        visit = PatientVisitSession(
            id=uuid.uuid4(),
            clinic_id=clinic.id,
            patient_id=patient.id,
            professional_id=clinician.id,
            visit_date=now - timedelta(days=3 * index + 1),
            visit_type="consultation",
            status=VisitStatus.completed if index else VisitStatus.in_progress,
            chief_complaint=complaint,
            transcript=transcript,
            context_data={},
        )
        session.add(visit)
        session.flush()
        for action, target_type, target in (
            ("patient.create", "patient", patient.id),
            ("session.create", "session", visit.id),
        ):
            session.add(
                AuditLog(
                    clinic_id=clinic.id,
                    actor_id=None,
                    action=action,
                    target_type=target_type,
                    target_id=str(target),
                    details={"source": "demo"},
                )
            )
