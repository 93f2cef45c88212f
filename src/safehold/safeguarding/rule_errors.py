"""The errors a caller of the safeguarding rules can cause, and what each means.

----------
Every error a caller can cause is a :class:`SafeguardingRuleError` (a ``ValueError``) with a
stable ``code``, a ``message`` that says what to fix and the ``field`` at fault::

    SafeguardingRuleError
    ├── DashInputError
    │   ├── UnknownQuestionnaireError   code "unknown_questionnaire"
    │   ├── UnknownQuestionError        code "unknown_question"
    │   ├── BadAnswerError              code "bad_answer"
    │   ├── BadGradeError               code "bad_grade"
    │   ├── MissingReasonError          code "missing_reason"
    │   └── BadDocumentError            code "bad_document"
    ├── ConfigurationError               code "bad_configuration" (a broken TOML file)
    ├── marac.MaracInputError            code "marac_input_error"
    ├── queue_policy.QueueInputError     code "queue_input_error"
    ├── reassessment.ReassessmentError
    │   ├── DowngradeWithoutReasonError     code "downgrade_needs_reason"
    │   ├── DowngradeWithoutSupervisorError code "downgrade_needs_supervisor"
    │   └── SupervisorIsAssessorError       code "supervisor_is_assessor"
    └── clocks.ProtectiveActionError     code per instance: "unknown_action", "bad_time",
                                         "missing_order_days", "bad_order_days",
                                         "unknown_rank", "rank_too_low",
                                         "perpetrator_too_young", "bad_outcome_type",
                                         "bad_configuration"

The CLI and the API map ``SafeguardingRuleError`` to a non-zero exit / HTTP 400 in one
place each, printing ``to_dict()``.
"""

from __future__ import annotations

__all__ = [
    "BadAnswerError",
    "BadDocumentError",
    "BadGradeError",
    "ConfigurationError",
    "DashInputError",
    "MissingReasonError",
    "SafeguardingRuleError",
    "UnknownQuestionError",
    "UnknownQuestionnaireError",
]


class SafeguardingRuleError(ValueError):
    """Base of every error a caller of the safeguarding rules can cause.

    Parameters
    ----------
    message
        What is wrong and what to do about it.
    field
        Where the problem is, as a dotted path into the input (``"answers.28"``), or
        ``None`` when it concerns the whole input.
    """

    code: str = "safeguarding_error"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def to_dict(self) -> dict[str, str | None]:
        """Return the error as JSON-ready data for the CLI and the API."""
        return {"code": self.code, "message": self.message, "field": self.field}


class ConfigurationError(SafeguardingRuleError):
    """A questionnaire or policy file is malformed; ``field`` names the file and key."""

    code = "bad_configuration"


class DashInputError(SafeguardingRuleError):
    """Bad input to DASH scoring."""

    code = "dash_input_error"


class UnknownQuestionnaireError(DashInputError):
    """No questionnaire file has the given id."""

    code = "unknown_questionnaire"


class UnknownQuestionError(DashInputError):
    """An answer was given for a question number the questionnaire does not have."""

    code = "unknown_question"


class BadAnswerError(DashInputError):
    """An answer is not one of "yes", "no" or "not known"."""

    code = "bad_answer"


class BadGradeError(DashInputError):
    """A grade is not one of "standard", "medium" or "high"."""

    code = "bad_grade"


class MissingReasonError(DashInputError):
    """Professional judgement (or a downgrade) was given without a reason."""

    code = "missing_reason"


class BadDocumentError(DashInputError):
    """The scoring document does not have the expected shape."""

    code = "bad_document"
