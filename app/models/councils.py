from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from app.models.base import str_enum, timestamp


class StaffRole(StrEnum):
    PLANNER = "planner"
    APPROVER = "approver"
    ADMIN = "admin"


class Council(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=60, unique=True)
    name: str = Field(max_length=200)
    email: str = Field(default="", max_length=320)
    phone: str = Field(default="", max_length=40)
    address: str = Field(default="", max_length=500)
    website: str = Field(default="", max_length=500)
    complaints_url: str = Field(default="", max_length=500)
    complaints_phone: str = Field(default="", max_length=40)
    advocacy_name: str = Field(default="", max_length=200)
    advocacy_url: str = Field(default="", max_length=500)
    advocacy_phone: str = Field(default="", max_length=40)
    created_at: datetime = timestamp(default_now=True)


class CouncilStaff(SQLModel, table=True):
    """A council practitioner. Each staff account belongs to exactly one council."""

    __tablename__ = "council_staff"

    id: int | None = Field(default=None, primary_key=True)
    council_id: int = Field(foreign_key="council.id", index=True, ondelete="CASCADE")
    account_id: int = Field(foreign_key="account.id", unique=True, ondelete="CASCADE")
    role: StaffRole = Field(default=StaffRole.PLANNER, sa_type=str_enum(StaffRole))
    created_at: datetime = timestamp(default_now=True)
