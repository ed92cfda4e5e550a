"""Author lists as digests write them, turned into whole names.

Every format writes its authors its own way, and each way has a trap:

- **Surname-first lists** (bioRxiv/medRxiv rows): ``Moreau, C., Chen, Y.-L., Okafor, B. N.,
  The Example Brain Consortium``. Splitting at every comma makes the initials authors; here an
  initials token is joined to the surname before it, given name first (``C. Moreau``), and a
  collaboration name stays whole.
- **Incomplete lists**: ``First Author et al.`` / ``et.al.`` / ``等`` and the cv-arxiv-daily forks'
  ``Wei Zhang Team`` (their *last* author plus "Team"). The named person is kept, under the
  same name a plain ``Wei Zhang`` elsewhere has, and the list is reported incomplete. A team
  that is itself the author (``Qwen Team``, ``NVIDIA Team``: one word before "Team") stays whole.
- **Python-list syntax** (a variant of the AI-enhanced template): ``['A. Author', "Seán O'Neill"]``,
  read with :func:`ast.literal_eval`, or string by string when the list is broken.

Whatever the cell, no name returned is empty, lone punctuation or a bare initial (``A.``, ``J``,
``Y.-L.``): such tokens that cannot be joined to a surname are dropped.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from ..text import normalize_name, sanitize

_SEPARATORS_RE = re.compile(r"[,;，；、]")
_ETAL_RE = re.compile(r"[\s,;，]*(?:\bet\.?\s*al\.?|等人?)\s*$", re.I)  # \b: "Rahul Vetal" is a name
_TEAM_RE = re.compile(r"^(?P<name>.+?)\s+team\.?$", re.I)
#: Initials: ``A.``, ``Ch.`` (one of the usual two-letter ones), then more after an optional
#: space or hyphen (``Y.-L.``, ``J.M.``); a letter without a period must be followed by a space
#: or a hyphen, so ``Wu`` and ``Li`` are names, not two initials. A run of several initials is
#: bare only when it ends with a period (``B. N.``): ``A. B`` or ``A-B`` may be a short name.
_INITIAL_UNIT = r"(?:(?:[^\W\d_]|Ch|Th|Sh|Zh|Kh|Ph|Ts)\.[\s-]*|[^\W\d_][\s-]+)"
_INITIALS_RE = re.compile(rf"^(?:[^\W\d_]\.?|{_INITIAL_UNIT}*(?:[^\W\d_]|Ch|Th|Sh|Zh|Kh|Ph|Ts)\.)$")
_QUOTED_RE = re.compile(r"""'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)\"""")
_PLACEHOLDERS = {"", "null", "none", "n/a", "na", "-", "--", "无", "暂无", "nan", "unknown", "anonymous"}
#: A surname joined to initials has at most this many words (``van der Berg``).
_SURNAME_WORDS = 3


@dataclass(frozen=True)
class Authors:
    """Names read from one author cell and whether the cell says the list goes on."""

    names: list[str]
    complete: bool = True


def is_bare_initials(name: str) -> bool:
    """True for ``A.``, ``J``, ``Y.-L.``, ``B. N.``: initials with no name to go with them.

    Only cased letters count as initials: a one-character Chinese name is a name.
    """
    name = name.strip()
    if not _INITIALS_RE.match(name):
        return False
    letters = [ch for ch in name if ch.isalpha()]
    return all(unicodedata.category(ch) in ("Lu", "Ll", "Lt") for ch in letters)


def is_name(name: str) -> bool:
    """A usable author name: has a letter, is not a placeholder and not bare initials."""
    return (
        any(ch.isalpha() for ch in name)
        and name.lower() not in _PLACEHOLDERS
        and not is_bare_initials(name)
        and not _ETAL_RE.fullmatch(name)
    )


def _python_list(text: str) -> Authors | None:
    """The strings of ``['A', "B"]``, ``None`` when ``text`` is not written as a list.

    A broken list (truncated, unbalanced quotes) gives the strings that are whole, as an
    incomplete list."""
    text = text.strip()
    if not (text.startswith("[") and ("'" in text[:3] or '"' in text[:3] or text == "[]")):
        return None
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        value = None
    if isinstance(value, (list, tuple)):
        return Authors(clean_names(value))
    return Authors(clean_names(a or b for a, b in _QUOTED_RE.findall(text)), complete=False)


def _strip_incomplete(text: str) -> tuple[str, bool]:
    """Remove a trailing ``et al.`` / ``等``; the flag says one was there."""
    stripped = _ETAL_RE.sub("", text)
    return stripped, stripped != text


def _strip_team(name: str) -> tuple[str, bool]:
    """``Wei Zhang Team`` -> ``Wei Zhang`` (a person); ``Qwen Team`` stays (a team)."""
    m = _TEAM_RE.match(name)
    if not m:
        return name, False
    words = m.group("name").split()
    person = len(words) >= 2 and all(_looks_like_name_word(w) for w in words)
    return (m.group("name"), True) if person else (name, False)


def _looks_like_name_word(word: str) -> bool:
    """``Wei``, ``O'Neill``, ``Jean-Luc``: a capital then lower case, not an acronym or initial."""
    letters = [ch for ch in word if ch.isalpha()]
    if len(letters) < 2 or not letters[0].isupper() or not word[-1].isalpha():
        return False
    return any(ch.islower() for ch in letters[1:])


def join_surname_first(tokens: Iterable[str]) -> list[str]:
    """Join ``Surname, Initials`` pairs into ``Initials Surname``; other tokens pass unchanged.

    An initials token is joined to the token before it when that one is a short name not
    already joined; initials with nothing to join are left for the caller to drop.
    """
    out: list[str] = []
    open_surname = False
    for token in tokens:
        if is_bare_initials(token) and open_surname:
            out[-1] = f"{token} {out[-1]}"
            open_surname = False
            continue
        out.append(token)
        open_surname = (
            is_name(token)
            and len(token.split()) <= _SURNAME_WORDS
            and not any(is_bare_initials(w) for w in token.split())
        )
    return out


def clean_names(values: Iterable[object]) -> list[str]:
    """Normalise names (non-strings ignored), dropping unusable and repeated ones.

    Names are checked as they will be exported, made inert (:func:`~..text.sanitize`): ``A<b>``
    or ``A\\x1b`` would otherwise pass here and become the bare initial ``A`` in the corpus."""
    names: list[str] = []
    seen: set[str] = set()
    for value in values:
        if not isinstance(value, str):
            continue
        name = normalize_name(sanitize(value))
        if not is_name(name) or name in seen:
            continue
        seen.add(name)
        names.append(name)
    return names


def parse_authors(text: str, *, separators: re.Pattern[str] = _SEPARATORS_RE) -> Authors:
    """Read one author cell or line into whole names (see the module docstring).

    ``separators`` splits the list (commas and semicolons, Chinese ones too, by default).
    """
    text = text or ""
    listed = _python_list(text)
    if listed is not None:
        return listed
    text, cut = _strip_incomplete(normalize_name(text))
    tokens = [normalize_name(t) for t in separators.split(text)]
    tokens = [t for t in tokens if t]
    incomplete = cut
    if tokens:
        last, team = _strip_team(tokens[-1])
        if team:
            tokens[-1] = last
            incomplete = True
        stripped, etal = _strip_incomplete(tokens[-1])
        if etal:
            tokens[-1] = stripped
            incomplete = True
    return Authors(clean_names(join_surname_first(tokens)), complete=not incomplete)
