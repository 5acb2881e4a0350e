"""Database tables. Only ``app.data`` reads and writes them; everything else passes ids and plain values."""

from app.models.accounts import Account, EmailToken, PendingForm, RateEvent, UserSession
from app.models.answers import Answer, AnswerChange, AnswerDraft, Attachment, AttachmentContent, OwnSection
from app.models.assessments import ApiClient, ApiToken, ImportedAssessment, ImportLog
from app.models.base import metadata, new_id, utcnow
from app.models.budget import BudgetChallenge, BudgetLine, BudgetSettings
from app.models.councils import Council, CouncilStaff, StaffRole
from app.models.plans import AuditEvent, Plan, PlanFor, PlanStatus, SectionState

__all__ = [
    "Account",
    "Answer",
    "AnswerChange",
    "AnswerDraft",
    "ApiClient",
    "ApiToken",
    "Attachment",
    "AttachmentContent",
    "AuditEvent",
    "BudgetChallenge",
    "BudgetLine",
    "BudgetSettings",
    "Council",
    "CouncilStaff",
    "EmailToken",
    "ImportLog",
    "ImportedAssessment",
    "OwnSection",
    "PendingForm",
    "Plan",
    "PlanFor",
    "PlanStatus",
    "RateEvent",
    "SectionState",
    "StaffRole",
    "UserSession",
    "metadata",
    "new_id",
    "utcnow",
]
