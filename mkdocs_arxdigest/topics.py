"""Topics: arXiv category names and keyword rules in English and Chinese.

A paper's topics are the union of

* the topics its source gives (topic-table sections),
* its main arXiv category, with a readable name (``cs.CV — Computer Vision``),
* every keyword rule that matches its titles, TL;DR or abstracts,
* tags from the user's notes.

Rules map a topic name to keywords. A keyword in ASCII matches at the start of a
word, case-insensitively (``agent`` matches "agents" and "agentic"); a keyword
with Chinese characters matches anywhere; a keyword written ``re:<pattern>`` is
a regular expression.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from functools import cached_property

CATEGORY_NAMES: dict[str, str] = {
    "cs.AI": "Artificial Intelligence",
    "cs.AR": "Hardware Architecture",
    "cs.CC": "Computational Complexity",
    "cs.CE": "Computational Engineering",
    "cs.CG": "Computational Geometry",
    "cs.CL": "Computation and Language",
    "cs.CR": "Cryptography and Security",
    "cs.CV": "Computer Vision",
    "cs.CY": "Computers and Society",
    "cs.DB": "Databases",
    "cs.DC": "Distributed Computing",
    "cs.DL": "Digital Libraries",
    "cs.DM": "Discrete Mathematics",
    "cs.DS": "Data Structures and Algorithms",
    "cs.ET": "Emerging Technologies",
    "cs.FL": "Formal Languages",
    "cs.GR": "Graphics",
    "cs.GT": "Game Theory",
    "cs.HC": "Human-Computer Interaction",
    "cs.IR": "Information Retrieval",
    "cs.IT": "Information Theory",
    "cs.LG": "Machine Learning",
    "cs.LO": "Logic in Computer Science",
    "cs.MA": "Multiagent Systems",
    "cs.MM": "Multimedia",
    "cs.MS": "Mathematical Software",
    "cs.NE": "Neural and Evolutionary Computing",
    "cs.NI": "Networking",
    "cs.OS": "Operating Systems",
    "cs.PF": "Performance",
    "cs.PL": "Programming Languages",
    "cs.RO": "Robotics",
    "cs.SD": "Sound",
    "cs.SE": "Software Engineering",
    "cs.SI": "Social and Information Networks",
    "cs.SY": "Systems and Control",
    "eess.AS": "Audio and Speech Processing",
    "eess.IV": "Image and Video Processing",
    "eess.SP": "Signal Processing",
    "eess.SY": "Systems and Control",
    "math.OC": "Optimization and Control",
    "q-bio.QM": "Quantitative Methods",
    "stat.ML": "Machine Learning (Statistics)",
}

#: The built-in keyword rules, replaceable or extendable from the config.
DEFAULT_RULES: dict[str, list[str]] = {
    "Large Language Models": [
        "LLM",
        "large language model",
        "language model",
        "GPT",
        "大语言模型",
        "大模型",
        "语言模型",
    ],
    "Multimodal": ["multimodal", "multi-modal", "vision-language", "VLM", "MLLM", "多模态", "视觉语言", "视觉-语言"],
    "Diffusion Models": ["diffusion", "denoising", "score-based", "扩散"],
    "Agents": ["agent", "tool use", "智能体", "代理"],
    "Reinforcement Learning": ["reinforcement learning", "RLHF", "policy optimization", "reward model", "强化学习"],
    "3D Vision": ["3D", "point cloud", "NeRF", "Gaussian splatting", "mesh", "三维", "点云", "高斯泼溅"],
    "Robotics": ["robot", "manipulation", "embodied", "机器人", "具身"],
    "Medical": ["medical", "clinical", "patient", "radiology", "pathology", "医学", "医疗", "临床", "病理"],
    "Video": ["video", "视频"],
    "Speech and Audio": ["speech", "audio", "voice", "语音", "音频"],
    "Autonomous Driving": ["autonomous driving", "self-driving", "自动驾驶"],
    "Efficient ML": ["quantization", "pruning", "distillation", "efficient inference", "量化", "剪枝", "蒸馏"],
    "Safety and Alignment": ["alignment", "jailbreak", "safety", "hallucination", "对齐", "越狱", "安全", "幻觉"],
    "Retrieval-Augmented Generation": ["retrieval-augmented", "RAG", "检索增强"],
    "Reasoning": ["reasoning", "chain-of-thought", "推理", "思维链"],
    "Graph Learning": ["graph neural", "GNN", "图神经网络"],
    "Time Series": ["time series", "forecasting", "时间序列"],
}


def category_topic(category: str) -> str:
    """The topic name of an arXiv category: ``cs.CV — Computer Vision`` (or the bare code)."""
    name = CATEGORY_NAMES.get(category)
    return f"{category} — {name}" if name else category


def _ascii_hit(lower: str, word: str) -> bool:
    """``word`` occurs in ``lower`` at the start of a word (not after a letter or digit)."""
    start = lower.find(word)
    while start != -1:
        if start == 0 or not lower[start - 1].isalnum():
            return True
        start = lower.find(word, start + 1)
    return False


class TopicRules:
    """Compiled keyword rules: ``TopicRules(rules).match(text) -> [topic, ...]``.

    Plain keywords are looked up with ``str.find`` rather than one regular
    expression per rule: on a 100k-paper corpus that is the difference between
    seconds and minutes.
    """

    def __init__(self, rules: Mapping[str, Sequence[str]]):
        self.rules = {name: list(words) for name, words in sorted(rules.items()) if words}
        self._compiled: list[tuple[str, list[str], list[str], re.Pattern[str] | None]] = []
        for name, words in self.rules.items():
            ascii_words = sorted({w.lower() for w in words if w.isascii() and not w.startswith("re:")})
            other = sorted({w for w in words if not w.isascii() and not w.startswith("re:")})
            patterns = [w[3:] for w in words if w.startswith("re:")]
            regex = re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
            self._compiled.append((name, ascii_words, other, regex))

    @classmethod
    def from_config(cls, extra: Mapping[str, Sequence[str]] | None = None, builtin: bool = True) -> TopicRules:
        """Built-in rules (unless ``builtin`` is false) updated with ``extra`` (same name replaces)."""
        rules: dict[str, list[str]] = dict(DEFAULT_RULES) if builtin else {}
        rules.update({str(k): [str(w) for w in (v or [])] for k, v in (extra or {}).items()})
        return cls(rules)

    def match(self, text: str, memo: TopicMemo | None = None) -> list[str]:
        """The names of the rules ``text`` matches, in name order.

        ``memo`` (made for these rules) remembers the answer by a digest of ``text``:
        a later build matches only the papers whose text changed.
        """
        if memo is None:
            return self._match(text)
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        try:
            found = memo[key]
        except KeyError:
            found = memo[key] = tuple(self._match(text))
        return list(found)

    @cached_property
    def digest(self) -> str:
        """A digest of the rules: memos made for other rules are not reused."""
        return hashlib.blake2b(json.dumps(self.rules, sort_keys=True).encode(), digest_size=16).hexdigest()

    def _match(self, text: str) -> list[str]:
        lower = text.lower()
        return [
            name
            for name, ascii_words, other, regex in self._compiled
            if any(_ascii_hit(lower, w) for w in ascii_words)
            or any(w in text for w in other)
            or (regex is not None and regex.search(text))
        ]


class TopicMemo(dict):
    """Answers of :meth:`TopicRules.match` by text digest, for the rules of digest ``rules``.

    It holds the answers looked up since it was made; ``previous`` (an earlier
    memo's entries) answers the others, so that a memo saved after a build keeps
    only what that build used.
    """

    def __init__(self, rules: str, previous: dict[bytes, tuple[str, ...]] | None = None):
        super().__init__()
        self.rules = rules
        self.previous = previous or {}

    def __missing__(self, key: bytes) -> tuple[str, ...]:
        value = self.previous[key]  # KeyError: not matched before
        self[key] = value
        return value
