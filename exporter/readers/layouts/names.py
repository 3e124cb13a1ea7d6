"""Committee names of an opening line to codes, through the theme's committee table."""

from __future__ import annotations

import re

from ...theme import Theme

__all__ = ["split_names"]

_SEPARATORS = re.compile(r" ?[,;/] ?")


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
        if not theme.committee_code(part) and " och " in part:
            halves = part.split(" och ")
            for cut in range(1, len(halves)):
                left, right = " och ".join(halves[:cut]), " och ".join(halves[cut:])
                if theme.committee_code(left) and theme.committee_code(right):
                    found.extend((left, right))
                    break
            else:
                found.append(part)
            continue
        found.append(part)
    return found
