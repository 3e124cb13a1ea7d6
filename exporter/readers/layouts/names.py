"""Committee names of an opening line to codes, through the theme's committee table."""

from __future__ import annotations

import re

from ...theme import Theme

__all__ = ["split_names"]

_SEPARATORS = re.compile(r" ?[,;/] ?")
_AND = " och "
# How much longer than its folded form (`model.fold`) a name may be written: decomposed
# letters (NFD) take two characters for one.
_SLACK = 2


def split_names(names: str, theme: Theme) -> list[str]:
    """The committees named in "Kommunstyrelsen, Tekniska nämnden": the whole text where
    the theme knows it, else its parts split at `,`, `;` or `/`, and a part the theme does
    not know split at " och " where the theme knows both halves ("Barn- och
    utbildningsnämnden" is one committee, "Kommunstyrelsen och Tekniska nämnden" two)."""
    if theme.committee_code(names):
        return [names]
    found: list[str] = []
    for part in _SEPARATORS.split(names):
        part = part.strip()
        if not part:
            continue
        if " och " in part and not theme.committee_code(part):
            found.extend(_two_names(part, theme))
            continue
        found.append(part)
    return found


def _two_names(part: str, theme: Theme) -> list[str]:
    """`part` cut at the first " och " where the theme knows both halves, else whole.
    Only the cuts that leave two halves no longer than a name of the theme can be are
    tried, so a text of thousands of " och " takes time linear in its length."""
    longest = _SLACK * theme.longest_committee_name + _SLACK
    if len(part) > 2 * longest + len(_AND):
        return [part]
    at = part.find(_AND)
    while at >= 0:
        left, right = part[:at], part[at + len(_AND) :]
        if len(left) <= longest and len(right) <= longest and theme.committee_code(left) and theme.committee_code(right):
            return [left, right]
        at = part.find(_AND, at + 1)
    return [part]
