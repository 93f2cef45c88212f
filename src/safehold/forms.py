"""GOV.UK Design System styling for Django forms.

``GovukFormMixin`` gives each widget the GOV.UK classes and error state; the template
``includes/field.html`` lays a field out (label, hint, error message, input) and
``includes/error_summary.html`` lists every error with a link to its field.
``ClockedForm`` is a form whose checks and initial values read the time from a clock.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator

from safehold.clock import SYSTEM_CLOCK, Clock

# Free text (notes, details, checks) is bounded in every form and API schema alike:
# a text column has no size of its own, so this is its size (see safehold.apiutil).
LONG_TEXT = 5000

_INPUT_TYPES = (
    forms.TextInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.PasswordInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.TimeInput,
    forms.URLInput,
)


class GovukFormMixin:
    """Adds GOV.UK classes to widgets, plus the error modifier on invalid fields."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(field, forms.CharField) and field.max_length is None:
                field.max_length = LONG_TEXT
                field.validators.append(MaxLengthValidator(LONG_TEXT))
                widget.attrs.setdefault("maxlength", str(LONG_TEXT))
            if isinstance(widget, forms.RadioSelect):
                css = "govuk-radios__input"
            elif isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                css = "govuk-checkboxes__input"
            elif isinstance(widget, forms.Select):
                css = "govuk-select"
            elif isinstance(widget, forms.Textarea):
                css = "govuk-textarea"
            elif isinstance(widget, forms.ClearableFileInput | forms.FileInput):
                css = "govuk-file-upload"
            elif isinstance(widget, _INPUT_TYPES):
                css = "govuk-input"
            else:
                css = ""
            existing = widget.attrs.get("class", "")
            widget.attrs["class"] = f"{css} {existing}".strip()
            if field.help_text:
                widget.attrs["aria-describedby"] = f"id_{name}-hint"

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        errors: dict[str, Any] = getattr(self, "_errors", None) or {}
        for name in errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if isinstance(
                    widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.CheckboxInput
                ):
                    continue
                base = widget.attrs.get("class", "").split(" ")[0]
                if base and f"{base}--error" not in widget.attrs["class"]:
                    widget.attrs["class"] += f" {base}--error"
                described = widget.attrs.get("aria-describedby", "")
                widget.attrs["aria-describedby"] = f"{described} id_{name}-error".strip()


class GovukForm(GovukFormMixin, forms.Form):
    """A plain form with GOV.UK styling."""


class ClockedForm(GovukForm):
    """A form whose checks and defaults read the time from ``clock`` (given when built;
    the system's by default)."""

    def __init__(self, *args: Any, clock: Clock = SYSTEM_CLOCK, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clock = clock


class GovukDateInput(forms.DateInput):
    """A date field as one text input (dd/mm/yyyy or yyyy-mm-dd) with a hint."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={"class": "govuk-input--width-10", **(attrs or {})}, format="%Y-%m-%d"
        )
