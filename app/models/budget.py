from datetime import datetime

from sqlmodel import JSON, Column, Field, SQLModel

from app.models.base import new_id, timestamp


class BudgetLine(SQLModel, table=True):
    """One thing the person plans to spend on (or get free, or pay for themselves)."""

    __tablename__ = "budget_line"

    id: str = Field(default_factory=new_id, primary_key=True, max_length=20)
    plan_id: str = Field(foreign_key="plan.id", index=True, ondelete="CASCADE", max_length=20)
    description: str = Field(max_length=500)
    provider: str = Field(default="", max_length=200)
    paid_by: str = Field(max_length=30)
    unit_pence: int
    unit: str = Field(max_length=20)
    quantity: str = Field(default="1", max_length=20)  # a decimal, kept as text so it stays exact
    often: str = Field(default="week", max_length=20)
    flexible: bool = False
    links: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # needs and outcomes
    position: int = 0
    version: int = 1
    updated_at: datetime = timestamp(default_now=True)
    updated_by: int | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")


class BudgetSettings(SQLModel, table=True):
    __tablename__ = "budget_settings"

    plan_id: str = Field(primary_key=True, foreign_key="plan.id", ondelete="CASCADE", max_length=20)
    direct_payment_frequency: str = Field(default="four_weeks", max_length=20)
    direct_payment_to: str = Field(default="me", max_length=30)  # me, nominated, authorised


class BudgetChallenge(SQLModel, table=True):
    """The person (or their advocate) saying the indicative budget is not enough, and why."""

    __tablename__ = "budget_challenge"

    id: int | None = Field(default=None, primary_key=True)
    plan_id: str = Field(foreign_key="plan.id", index=True, ondelete="CASCADE", max_length=20)
    account_id: int | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    reasons: str = Field(max_length=5000)
    at: datetime = timestamp(default_now=True)
