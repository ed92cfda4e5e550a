"""``read_aliases`` and ``check_mapping``: what they accept, and one line with file:line for the rest."""

from __future__ import annotations

import pytest

from mkdocs_arxdigest.aliases import AliasesError, check_mapping, read_aliases


def read(tmp_path, text: str | bytes):
    path = tmp_path / "aliases.yml"
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    try:
        return read_aliases(path, shown="aliases.yml")
    except AliasesError as exc:
        message = str(exc)
        assert "\n" not in message and message.startswith("aliases.yml")
        return message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ann Lee: [A. Lee, Lee Ann]\n", {"Ann Lee": ["A. Lee", "Lee Ann"]}),
        ("Ann Lee:\n  - A. Lee\n", {"Ann Lee": ["A. Lee"]}),
        ("Ann Lee: A. Lee\n", {"Ann Lee": ["A. Lee"]}),  # one name alone is a list of it, not its letters
        ("Ann Lee:\n", {"Ann Lee": []}),
        ("", {}),
        ("# nothing yet\n", {}),
        ("Ann Lee: [A. Lee]\nAnn Lee: [Lee A., A. Lee]\n", {"Ann Lee": ["A. Lee", "Lee A."]}),  # both kept
        ("\ufeff李明: [Ming Li, 'Li, Ming']\n", {"李明": ["Ming Li", "Li, Ming"]}),
        ("'2025': ['x']\n", {"2025": ["x"]}),  # quoted: text
    ],
)
def test_accepted(tmp_path, text, expected):
    assert read(tmp_path, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- Ann Lee\n- A. Lee\n", "aliases.yml:1: expected a mapping `Canonical Name: [variant, ...]`, got a list"),
        ("just a name\n", "aliases.yml:1: expected a mapping `Canonical Name: [variant, ...]`, got text 'just a name'"),
        ("Ann Lee: [A. Lee]\nBo: {x: 1}\n", "aliases.yml:2: 'Bo': expected a list `[variant, ...]`, got a mapping"),
        ("Ann Lee:\n  - A. Lee\n  - 42\n", "aliases.yml:3: 'Ann Lee': a variant must be a name, got a number '42'"),
        ("Ann Lee: ['']\n", "aliases.yml:1: 'Ann Lee': a variant must be a name, got empty text"),
        ("Ann: [A]\n2025: [x]\n", "aliases.yml:2: a name must be text, got a number '2025'"),
        ("Ann: [A]\nBo: [B\n", "aliases.yml:3: expected ',' or ']', but got '<stream end>'"),
        ("Ann: A\n  Bo: B\n", "aliases.yml:2: mapping values are not allowed here"),
        ("Ann: [A]\n\tBo: [B]\n", "aliases.yml:2: found character '\\t' that cannot start any token"),
        (b"Ann: [A]\nBo: [\xff]\n", "aliases.yml:2: not UTF-8 text; save the file as UTF-8"),
    ],
)
def test_refused_with_file_and_line(tmp_path, text, expected):
    message = read(tmp_path, text)
    assert isinstance(message, str) and message.startswith(expected), message


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(AliasesError, match=r"^nope\.yml: no such file$"):
        read_aliases(tmp_path / "nope.yml", shown="nope.yml")
    with pytest.raises(AliasesError, match=r": is a folder; name a YAML file"):
        read_aliases(tmp_path)
    with pytest.raises(AliasesError, match=rf"^{tmp_path}/nope\.yml: no such file$"):
        read_aliases(tmp_path / "nope.yml")  # shown as given by default


def test_check_mapping_takes_a_lone_string_as_one_item():
    assert check_mapping({"Agents": "agent"}) == {"Agents": ["agent"]}
    llm = ["LLM", "re:GPT-\\d"]
    assert check_mapping({"Agents": None, "LLMs": llm}) == {"Agents": [], "LLMs": llm}
    assert check_mapping(None) == {}


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ({"Agents": 3}, "'Agents': expected a list `[keyword, ...]`, got a number"),
        ({"Agents": ["re:("]}, "'Agents': 're:(' is not a valid regular expression"),
        ({"Agents": [True]}, "each keyword must be non-empty text, got true/false True"),
        ("Agents", "expected a mapping `Name: [keyword, ...]`, got text"),
    ],
)
def test_check_mapping_refuses(value, fragment):
    with pytest.raises(ValueError) as info:
        check_mapping(value)
    assert fragment in str(info.value)
