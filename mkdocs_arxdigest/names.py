"""People's names: family name, a sort key in Latin letters, the A–Z letter.

The authors index is sorted by family name, whatever the script the name is
written in, so that "Wei Zhang" and "张伟" sit together under Z. Pure functions,
no MkDocs. The rules, in the order they are tried:

* **Groups** ("The Example Brain Consortium", "ATLAS Collaboration", "NVIDIA
  Research Team"): a name holding a word such as Consortium, Collaboration,
  Team or Group. Its "family name" is its first significant word (leading
  articles skipped): Example, ATLAS.
* **Han characters** ("张伟", "欧阳修", "諸葛亮"): the family name comes first; it is
  the first character, or the first two when they are a compound surname
  (欧阳, 司马, 诸葛, 上官, …, in simplified and traditional forms). A space or a
  middle dot splits explicitly: "张 伟" (family first), "迈克尔·乔丹" (a foreign name
  in Chinese: family last). A Japanese name written in kanji only cannot be told
  from a Chinese one; it is read the same way (the family name comes first there
  too, so the order stays right).
* **Kana** (Japanese, "やまだ たろう"): family first; without a space the name
  cannot be split and is its own family name.
* **Hangul** (Korean, "김민준"): family first, one syllable, or two for the
  compound surnames (남궁, 황보, 제갈, 선우, 독고, 사공, …).
* **Latin script**: "Moreau, C." and "van der Berg, Jan" are surname first (the
  part before the comma); "ZHANG Wei" marks the family name in capitals;
  "Moreau C." (trailing initials) is surname first; otherwise the family name is
  the last word, with the particles written before it (van, von, de, da, di,
  del, della, der, den, du, la, le, ter, ten, dos, das, bin, ibn, al, …): "Ludwig
  van Beethoven" → "van Beethoven", "Vivi De La Rue" → "De La Rue". A particle is
  never the first word ("Di Wang" → Wang, "Le Wang" → Wang). Titles (Dr.,
  Prof.) and suffixes (Jr., III) are left out.

**Sorting**: particles belong to the family name, so "van Beethoven" sorts under
V, as it is written (one rule for Dutch, German, French and Italian names, with
no language guessing). Keys are compared letter by letter in Latin letters:
accents dropped ("Müller" = "Muller"), punctuation and spaces ignored
("O'Brien" = "OBrien"), Han characters in pinyin (``pypinyin``, with the
readings surnames take: 曾 Zeng, 单 Shan, 解 Xie, 仇 Qiu, 朴 Piao, …), Hangul with the
usual spellings of Korean surnames (김 Kim, 이 Lee, 박 Park) and syllable by
syllable otherwise, kana syllable by syllable. Without ``pypinyin`` Han names keep
their characters: they sort after Latin names and go under "#".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


def _words(text: str) -> frozenset[str]:
    """A set of the space-separated words of ``text``: long tables stay readable."""
    return frozenset(text.split())


#: Two-character Chinese surnames (simplified and traditional forms).
COMPOUND_SURNAMES: frozenset[str] = _words(
    "欧阳 歐陽 司马 司馬 诸葛 諸葛 上官 东方 東方 皇甫 尉迟 尉遲 公孙 公孫 慕容 长孙 長孫 宇文 司徒 司空 夏侯 令狐 "
    "独孤 獨孤 南宫 南宮 西门 西門 轩辕 軒轅 端木 百里 呼延 东郭 東郭 闻人 聞人 万俟 萬俟 澹台 澹臺 公冶 太叔 申屠 "
    "赫连 赫連 钟离 鍾離 宗政 濮阳 濮陽 淳于 单于 單于 拓跋 第五 仲孙 仲孫 羊舌 微生 梁丘 左丘 东门 東門 谷梁 穀梁 "
    "乐正 樂正 漆雕 公良 巫马 巫馬 公西 颛孙 顓孫 亓官 司寇 子车 子車 段干 鲜于 鮮于 闾丘 閭丘 公羊 拓拔"
)

#: Readings that Han characters take as surnames, where pypinyin's everyday reading differs.
SURNAME_PINYIN: dict[str, str] = {
    "曾": "zeng", "单": "shan", "單": "shan", "解": "xie", "仇": "qiu", "朴": "piao", "区": "ou", "區": "ou",
    "乐": "yue", "樂": "yue", "查": "zha", "翟": "zhai", "缪": "miao", "繆": "miao", "覃": "qin", "盖": "ge",
    "蓋": "ge", "召": "shao", "种": "chong", "秘": "bi", "员": "yun", "員": "yun", "黑": "he", "繁": "po",
    "句": "gou", "能": "nai", "折": "she", "祭": "zhai", "藏": "zang", "重": "chong", "卜": "bu", "隗": "wei",
    "阚": "kan", "薄": "bo", "长": "chang", "長": "chang", "么": "yao", "蔚": "yu", "都": "du",
    "长孙": "zhangsun", "長孫": "zhangsun", "尉迟": "yuchi", "尉遲": "yuchi", "万俟": "moqi", "萬俟": "moqi",
    "单于": "chanyu", "單于": "chanyu",
}  # fmt: skip

#: Korean compound surnames; the first six are read as compound in three-syllable names too.
KOREAN_COMPOUND_SURNAMES: tuple[str, ...] = ("남궁", "황보", "제갈", "독고", "사공", "서문", "선우", "동방")

#: The usual Latin spellings of common Korean surnames (Revised Romanization would file 김 under G).
KOREAN_SURNAMES: dict[str, str] = {
    "김": "kim", "이": "lee", "리": "lee", "박": "park", "최": "choi", "정": "jung", "강": "kang", "조": "cho",
    "윤": "yoon", "장": "jang", "임": "lim", "한": "han", "오": "oh", "서": "seo", "신": "shin", "권": "kwon",
    "황": "hwang", "안": "ahn", "송": "song", "류": "ryu", "유": "yoo", "홍": "hong", "전": "jeon", "고": "ko",
    "문": "moon", "양": "yang", "손": "son", "배": "bae", "백": "baek", "허": "heo", "남": "nam", "심": "shim",
    "노": "noh", "하": "ha", "곽": "kwak", "성": "sung", "차": "cha", "주": "joo", "우": "woo", "구": "koo",
    "민": "min", "진": "jin", "지": "ji", "엄": "eom", "채": "chae", "원": "won", "천": "cheon", "방": "bang",
    "공": "kong", "현": "hyun", "함": "ham", "변": "byun", "염": "yeom", "여": "yeo", "추": "choo", "도": "do",
    "소": "so", "석": "seok", "선": "sun", "설": "seol", "마": "ma", "길": "gil", "연": "yeon", "표": "pyo",
    "명": "myung", "기": "ki", "반": "ban", "왕": "wang", "금": "geum", "옥": "ok", "육": "yook", "인": "in",
    "남궁": "namgoong", "황보": "hwangbo", "제갈": "jegal", "선우": "sunwoo", "독고": "dokgo", "사공": "sagong",
    "서문": "seomun", "동방": "dongbang",
}  # fmt: skip

#: Lower-cased particles that belong to the family name that follows them.
PARTICLES: frozenset[str] = _words(
    "van von vom zu zum zur de del della delle dello dei degli der den des di da dal dalla du la le lo las los "
    "ter ten te het 't van't d' dos das do bin ibn binti bint al el st st. saint"
)

#: Words that make a name a group's ("The Example Brain Consortium").
GROUP_WORDS: frozenset[str] = _words(
    "consortium collaboration collaborations team group groups project initiative alliance society association "
    "committee network lab labs laboratory laboratories institute university corporation inc inc. ltd ltd. "
    "foundation center centre organization organisation community partnership program programme council "
    "coalition working"
)

_ARTICLES = _words("the a an le la les l' el los las il lo gli die der das de het")
_TITLES = _words("dr dr. prof prof. professor mr mr. mrs mrs. ms ms. sir")
_SUFFIXES = _words("jr jr. sr sr. ii iii iv phd ph.d. md m.d.")
_INITIALS_RE = re.compile(r"^(?:[A-Z]\.?-?)+$")
_NOT_ALNUM_RE = re.compile(r"[^0-9a-z]+")
_PAREN_RE = re.compile(r"\s*[(（][^)）]*[)）]\s*")
_MIDDLE_DOTS = "·・•‧"
_LATIN_SPECIAL = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d",
     "Ð": "D", "þ": "th", "Þ": "TH", "œ": "oe", "Œ": "OE", "ı": "i", "ħ": "h", "Ħ": "H"}
)  # fmt: skip


# -- scripts --------------------------------------------------------------------------


# Code point ranges (compared, not looked up by Unicode name: the index sorts every author of the corpus).
def _is_han(c: str) -> bool:
    """A CJK ideograph (unified, extensions A to H, compatibility) or 〇."""
    o = ord(c)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x323AF
        or o == 0x3007
    )


def _is_kana(c: str) -> bool:
    """Hiragana, katakana (with the phonetic extensions and half-width forms)."""
    o = ord(c)
    return 0x3041 <= o <= 0x30FF or 0x31F0 <= o <= 0x31FF or 0xFF66 <= o <= 0xFF9D


def _is_hangul(c: str) -> bool:
    """A precomposed Hangul syllable."""
    return 0xAC00 <= ord(c) <= 0xD7A3


def _script(name: str) -> str:
    """``kana``, ``hangul``, ``han`` or ``latin`` (everything else): the first that the name's letters show."""
    if name.isascii():
        return "latin"
    letters = [c for c in name if c.isalpha()]
    if any(_is_kana(c) for c in letters):
        return "kana"
    if any(_is_hangul(c) for c in letters):
        return "hangul"
    if letters and sum(_is_han(c) for c in letters) * 2 >= len(letters):
        return "han"
    return "latin"


# -- splitting ------------------------------------------------------------------------


def split_name(name: str) -> tuple[str, str]:
    """``(family, given)`` of a name (see the module's rules); ``("", "")`` for a blank one."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = " ".join(name.split())
    if not name:
        return "", ""
    bare = name
    if "(" in name or "（" in name:  # "Wei Zhang (张伟)": the name outside the brackets
        bare = " ".join(_PAREN_RE.sub(" ", name).split()) or name
    words = bare.split()
    if len(words) > 1 and any(w.casefold().strip(",.") in GROUP_WORDS for w in words):
        return _group(words)
    script = _script(bare)
    if script == "han":
        return _han(bare)
    if script == "kana":
        return (words[0], " ".join(words[1:])) if len(words) > 1 else (bare, "")
    if script == "hangul":
        return _hangul(bare)
    return _latin(bare)


def _group(words: list[str]) -> tuple[str, str]:
    """A group sorts by its first significant word: "The Example Brain Consortium" → Example."""
    for i, w in enumerate(words):
        if w.casefold() not in _ARTICLES and any(c.isalnum() for c in w):
            return w.strip(",."), " ".join(words[i + 1 :])
    return words[0], " ".join(words[1:])


def _han(name: str) -> tuple[str, str]:
    for dot in _MIDDLE_DOTS:
        if dot in name:  # 迈克尔·乔丹: a foreign name written in Chinese, family name last
            parts = [p.strip() for p in name.split(dot) if p.strip()]
            return (parts[-1], " ".join(parts[:-1])) if parts else (name, "")
    words = name.split()
    if len(words) > 1:
        return words[0], " ".join(words[1:])
    if len(name) > 2 and name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


def _hangul(name: str) -> tuple[str, str]:
    words = name.split()
    if len(words) > 1:
        return words[0], " ".join(words[1:])
    head = name[:2]
    if head in KOREAN_COMPOUND_SURNAMES and (
        len(name) >= 4 or (len(name) == 3 and head in KOREAN_COMPOUND_SURNAMES[:6])
    ):
        return head, name[2:]
    return name[:1], name[1:]


def _is_caps(word: str) -> bool:
    """A family name written in capitals ("ZHANG", "LI", "DUPONT"), not initials ("CJ", "J.R.")."""
    if not word.isupper():  # cheap first: most words have a lower-case letter
        return False
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and any(c in "AEIOUY" for c in letters)


def _latin(name: str) -> tuple[str, str]:
    parts = [p.strip() for p in name.split(",") if p.strip()]
    parts = [p for p in parts if p.casefold() not in _SUFFIXES] or parts
    if len(parts) > 1:  # "Moreau, C.", "van der Berg, Jan", "King, Martin Luther, Jr."
        return parts[0], " ".join(parts[1:])
    words = parts[0].split() if parts else name.split()
    while len(words) > 1 and words[0].casefold() in _TITLES:
        words = words[1:]
    while len(words) > 2 and words[-1].casefold() in _SUFFIXES:
        words = words[:-1]
    if len(words) == 1:
        return words[0], ""
    caps = [i for i, w in enumerate(words) if _is_caps(w)]
    if caps and len(caps) < len(words) and caps == list(range(caps[0], caps[-1] + 1)):  # "ZHANG Wei"
        return " ".join(words[caps[0] : caps[-1] + 1]), " ".join(words[: caps[0]] + words[caps[-1] + 1 :])
    if _INITIALS_RE.match(words[-1]) and not _INITIALS_RE.match(words[0]):  # "Moreau C.", "Smith J.R."
        end = len(words)
        while end > 1 and _INITIALS_RE.match(words[end - 1]):
            end -= 1
        return " ".join(words[:end]), " ".join(words[end:])
    start = len(words) - 1
    while start > 1 and words[start - 1].casefold() in PARTICLES:
        start -= 1
    return " ".join(words[start:]), " ".join(words[:start])


def family_name(name: str) -> str:
    """The family name (a group's first significant word); the whole name when it cannot be split."""
    return split_name(name)[0]


# -- Latin letters for sorting ------------------------------------------------------------


@lru_cache(maxsize=1)
def _pinyin():
    """pypinyin's ``lazy_pinyin``, or ``None`` when it is not installed (Han then keeps its characters)."""
    try:
        from pypinyin import lazy_pinyin
    except ImportError:  # pragma: no cover - exercised by monkeypatching in the tests
        return None
    return lazy_pinyin


def _han_latin(text: str, surname: bool) -> str:
    convert = _pinyin()
    if convert is None:
        return text
    if surname and text in SURNAME_PINYIN:
        return SURNAME_PINYIN[text]
    if surname and text[:1] in SURNAME_PINYIN and len(text) == 1:
        return SURNAME_PINYIN[text]
    return "".join(convert(text))


def _syllable(c: str) -> str:
    """A kana or Hangul character's syllable in Latin letters, from its Unicode name ("HIRAGANA LETTER TA")."""
    name = unicodedata.name(c, "")
    if " LETTER " in name or name.startswith("HANGUL SYLLABLE"):
        return name.rsplit(" ", 1)[-1].lower()
    return ""


def latin(text: str, surname: bool = False) -> str:
    """``text`` in lower-case Latin letters and digits for sorting (see the module's rules).

    ``surname``: ``text`` is a family name (Han surnames and Korean surnames get their surname readings).
    """
    text = str(text or "")
    if text.isascii():  # most names: no script to convert, no accent to drop
        return _NOT_ALNUM_RE.sub("", text.lower())
    text = unicodedata.normalize("NFKC", text)
    if surname and text in KOREAN_SURNAMES:
        return KOREAN_SURNAMES[text]
    out: list[str] = []
    run: list[str] = []  # consecutive Han characters, converted together (pypinyin reads phrases)

    def flush() -> None:
        if run:
            out.append(_han_latin("".join(run), surname))
            run.clear()

    for c in text:
        if _is_han(c):
            run.append(c)
            continue
        flush()
        if _is_kana(c) or _is_hangul(c):
            out.append(_syllable(c))
        else:
            out.append(c.translate(_LATIN_SPECIAL))
    flush()
    decomposed = unicodedata.normalize("NFKD", "".join(out))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in plain.casefold() if c.isalnum())


def sort_key(name: str) -> tuple[str, str, str, str]:
    """Sort authors by family name, then given name, in Latin letters; the name itself breaks ties.

    ``sorted(names, key=sort_key)`` puts "Wei Zhang" and "张伟" together under Z,
    "van Beethoven" under V, and "The Example Brain Consortium" under E. The key
    is never empty for a non-blank name (its own characters stand in when no
    letter can be made of them).
    """
    family, given = split_name(name)
    fam = latin(family, surname=True) or family.casefold()
    return fam, latin(given) or given.casefold(), str(name).casefold(), str(name)


def index_letter(name: str) -> str:
    """The A–Z letter the name is filed under in the authors index, ``#`` for the others."""
    return letter_of(sort_key(name))


def letter_of(key: tuple[str, str, str, str]) -> str:
    """:func:`index_letter` from the name's :func:`sort_key`, already computed."""
    first = key[0][:1].upper()
    return first if "A" <= first <= "Z" else "#"
