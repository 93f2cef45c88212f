"""Names and postcodes as person linkage compares them, and the table of nicknames.

Records write one name many ways: in capitals or not, with accents, hyphens and stray
punctuation, or as a nickname (Bob for Robert). `clean_name` and `clean_postcode`
reduce a value to the form the comparisons use; `given_name_key` maps a given name to
its group in `GIVEN_NAME_GROUPS`, so that a nickname counts as the name. Plain Python:
no Splink here (``linkage.py`` is its adapter).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["GIVEN_NAME_GROUPS", "clean_name", "clean_postcode", "given_name_key"]

# Forms of one given name that records use interchangeably. A name sits in one group
# only; ambiguous short forms (Sam, Alex, Chris) join both the male and the female
# full forms, and the sex comparison then tells those apart.
GIVEN_NAME_GROUPS: tuple[tuple[str, ...], ...] = (
    ("ABIGAIL", "ABBY", "ABBIE", "ABI"),
    ("ALEXANDER", "ALEXANDRA", "ALEX", "ALEXA", "ALEC", "SANDY"),
    ("AMANDA", "MANDY"),
    ("AMELIA", "MILLIE", "EMILIA"),
    ("ANDREW", "ANDY", "DREW"),
    ("ANTHONY", "ANTONY", "TONY", "ANT"),
    ("BENJAMIN", "BEN", "BENNY", "BENJI"),
    ("BETHANY", "BETH"),
    ("CHARLES", "CHARLIE", "CHAS", "CHAZ"),
    ("CHRISTOPHER", "CHRISTINE", "CHRISTINA", "CHRIS", "CHRISSIE", "KIT"),
    ("DANIEL", "DAN", "DANNY"),
    ("DANIELLE", "DANI"),
    ("DAVID", "DAVE", "DAVY"),
    ("ELEANOR", "ELLIE", "NELL"),
    ("ELIZABETH", "LIZ", "LIZZIE", "LIZZY", "ELIZA", "BETTY", "BETSY"),
    ("GEMMA", "GEM"),
    ("HENRY", "HARRY", "HAL"),
    ("ISABEL", "ISABELLE", "ISABELLA", "IZZY", "IZZIE", "BELLA"),
    ("JAMES", "JIM", "JIMMY", "JAMIE"),
    ("JENNIFER", "JEN", "JENNY", "JENNI"),
    ("JESSICA", "JESS", "JESSIE"),
    ("JOANNE", "JOANNA", "JO"),
    ("JOHN", "JOHNNY", "JOHNNIE"),
    ("JONATHAN", "JON", "JONNY"),
    ("JOSEPH", "JOE", "JOEY"),
    ("JOSHUA", "JOSH"),
    ("KATHERINE", "CATHERINE", "KATHRYN", "KATIE", "KATE", "KATHY", "CATH", "KAT"),
    ("LOUISE", "LOUISA", "LOU"),
    ("MATTHEW", "MATT", "MATTY"),
    ("MEGAN", "MEG"),
    ("MELISSA", "MEL"),
    ("MICHAEL", "MIKE", "MICK", "MICKY", "MIKEY"),
    ("MICHELLE", "SHELLEY", "SHELLY"),
    ("NATHAN", "NATHANIEL", "NATE", "NAT"),
    ("NICHOLAS", "NICK"),
    ("NICOLA", "NICOLE", "NICKY", "NIKKI"),
    ("OLIVER", "OLLIE"),
    ("OLIVIA", "LIV", "LIVVY"),
    ("PATRICK", "PAT", "PADDY"),
    ("PETER", "PETE"),
    ("PHILIP", "PHILLIP", "PHIL"),
    ("REBECCA", "BECKY", "BECCA", "BEX"),
    ("RICHARD", "RICH", "RICHIE", "RICK", "RICKY", "DICK"),
    ("ROBERT", "ROB", "ROBBIE", "BOB", "BOBBY", "BERT"),
    ("SAMUEL", "SAMANTHA", "SAM", "SAMMY"),
    ("STEPHANIE", "STEPH"),
    ("STEPHEN", "STEVEN", "STEVE", "STEVIE"),
    ("SUSAN", "SUE", "SUSIE", "SUZANNE"),
    ("THOMAS", "TOM", "TOMMY"),
    ("VICTORIA", "VICKY", "VICKI", "TORI"),
    ("WILLIAM", "WILL", "BILL", "BILLY", "WILLIE"),
    ("ZOE", "ZOEY"),
)
_GIVEN_NAME_KEY: dict[str, str] = {form: group[0] for group in GIVEN_NAME_GROUPS for form in group}

_NOT_NAME = re.compile(r"[^A-Z' -]+")
_SPACES = re.compile(r"\s+")
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")


def clean_name(raw: str | None) -> str | None:
    """Return a name in capitals, accents folded, hyphens as spaces, other marks dropped.

    Parameters
    ----------
    raw
        The name as recorded, or ``None``.

    Returns
    -------
    str or None
        ``"ZOE SMITH JONES"`` for ``" Zoë  Smith-Jones "``; ``None`` when nothing is left.
    """
    if raw is None:
        return None
    # Accents fold to their letter (Zoë, Siân, Seán), so that they are not dropped.
    folded = "".join(c for c in unicodedata.normalize("NFKD", raw) if not unicodedata.combining(c))
    cleaned = _SPACES.sub(" ", _NOT_NAME.sub("", folded.upper().replace("-", " "))).strip()
    return cleaned or None


def clean_postcode(raw: str | None) -> str | None:
    """Return a postcode in capitals, with one space before the inward code.

    Parameters
    ----------
    raw
        The postcode as recorded, or ``None``.

    Returns
    -------
    str or None
        ``"ST16 2DH"`` for ``"st162dh"``; a value that is not a UK postcode comes back in
        capitals without spaces or marks; ``None`` when nothing is left.
    """
    if raw is None:
        return None
    compact = re.sub(r"[^A-Z0-9]", "", raw.upper())
    if not compact:
        return None
    # Splink's sector/district levels expect the outward and inward codes apart.
    if _POSTCODE.match(compact):
        return f"{compact[:-3]} {compact[-3:]}"
    return compact


def given_name_key(cleaned: str | None) -> str | None:
    """Return the group of the first given name: its full form (``"ROBERT"`` for ``"BOB"``).

    Parameters
    ----------
    cleaned
        A name as `clean_name` returns it, or ``None``.

    Returns
    -------
    str or None
        The first word's group in `GIVEN_NAME_GROUPS` (named by its first form), or the
        word itself when it is in no group; ``None`` for ``None``.
    """
    if cleaned is None:
        return None
    first = cleaned.split(" ")[0]
    return _GIVEN_NAME_KEY.get(first, first)
