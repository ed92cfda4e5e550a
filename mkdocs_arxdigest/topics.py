"""Topics: arXiv category names and keyword rules in English and Chinese.

A paper's topics are the union of

* the topics its source gives (topic-table sections),
* its main arXiv category, with a readable name (``cs.CV — Computer Vision``),
* every keyword rule that matches its titles, TL;DR or abstracts,
* tags from the user's notes,

each under its one name (:class:`TopicAliases`: 多模态 and Multimodal are one topic).

Rules map a topic name to keywords. A keyword in ASCII matches at the start of a
word, case-insensitively (``agent`` matches "agents" and "agentic"); a keyword
with Chinese characters matches anywhere; a keyword written ``re:<pattern>`` is
a regular expression.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
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


# -- one topic, many names ---------------------------------------------------------
#
# The same subject reaches a corpus under several names: a keyword rule's name
# ("Multimodal"), an arXiv category's topic ("cs.RO — Robotics"), and the section
# headings of topic-table digests (the cv-arxiv-daily family), often in Chinese
# ("多模态", "大模型强化学习", "具身智能"). :class:`TopicAliases` gives each subject one
# name, so that a reader finds it once and the topic graph does not split it.
#
# What is merged and what stays apart (checked on the real samples: every one of
# the 50 papers under "多模态" is also tagged "Multimodal" by the keyword rule, and
# 49 of the 50 under "大模型强化学习" are tagged "Reinforcement Learning", while only
# 24 of the 50 under "生成模型" are tagged "Diffusion Models"):
#
# * The same subject in another language, spelling or source is one topic:
#   多模态 = Multimodal, 扩散模型 = Diffusion Models, cs.RO — Robotics = Robotics,
#   eess.SY — Systems and Control = cs.SY — Systems and Control.
# * A narrower wording joins the broader topic when the broader topic's keyword
#   rule already tags every paper of it, so that a separate topic would only list
#   the same papers a second time: 大模型强化学习 (RL for LLMs) and RLHF join
#   Reinforcement Learning; Robot Learning and 具身智能 (embodied AI) join Robotics
#   (its rule has "robot" and "embodied"); **LLM Agents joins Agents** (the rule's
#   "agent" matches every LLM-agent paper: a sub-topic would be a subset page
#   that splits the topic graph). A user who wants it apart writes
#   ``topic_aliases: {LLM Agents: []}``.
# * A broader or merely overlapping subject stays apart: 生成模型 (generative
#   models, also GANs, VAEs, flows, autoregressive image models) is its own topic
#   "Generative Models", not Diffusion Models; cs.MA — Multiagent Systems is not
#   Agents; cs.MM — Multimedia is not Multimodal; cs.IR — Information Retrieval is
#   not Retrieval-Augmented Generation; cs.CR — Cryptography and Security is not
#   Safety and Alignment; cs.CV, cs.CL, cs.LG and cs.AI stay categories (broader
#   than any keyword topic); Semantic Segmentation stays a sub-topic of
#   Segmentation (no rule covers it).
#
# Names are compared without regard to case, width, dashes, hyphens and spaces
# ("multi-modal" = "Multi Modal"), but two spellings are only one topic when the
# table (or the user) says so.

#: Canonical topic -> the other names it goes by (built in; ``topic_aliases`` adds and overrides).
BUILTIN_TOPIC_ALIASES: dict[str, list[str]] = {
    # Keyword rules (DEFAULT_RULES), with their translations and the headings that mean them.
    "Large Language Models": [
        "Large Language Model", "LLM", "LLMs", "Language Models", "大语言模型", "大型语言模型", "大模型", "语言模型",
    ],
    "Multimodal": [
        "多模态", "多模态学习", "多模态大模型", "多模态大语言模型", "Multi-modal", "Multimodal Learning",
        "Multimodal LLM", "Multimodal LLMs", "Multimodal Large Language Models", "MLLM", "MLLMs",
        "Vision-Language", "Vision-Language Models", "Vision Language Models", "VLM", "VLMs", "视觉语言模型",
        "视觉-语言模型",
    ],
    "Diffusion Models": ["Diffusion", "Diffusion Model", "扩散模型", "Denoising Diffusion", "Score-Based Models"],
    "Agents": [
        "Agent", "AI Agents", "LLM Agents", "LLM Agent", "LLM-based Agents", "Agentic AI", "Autonomous Agents",
        "智能体", "大模型智能体", "代理",
    ],
    "Reinforcement Learning": [
        "RL", "Deep Reinforcement Learning", "强化学习", "深度强化学习", "大模型强化学习", "LLM Reinforcement Learning",
        "RL for LLMs", "RLHF", "Reinforcement Learning from Human Feedback",
    ],
    "3D Vision": [
        "3D", "三维视觉", "3D视觉", "3D Reconstruction", "三维重建", "Point Cloud", "Point Clouds", "点云", "NeRF",
        "Neural Radiance Fields", "Gaussian Splatting", "3D Gaussian Splatting", "3DGS", "高斯泼溅",
    ],
    "Robotics": [
        "Robot", "Robots", "Robot Learning", "Robotic Manipulation", "Robot Manipulation", "机器人", "机器人学",
        "机器人学习", "Embodied AI", "Embodied Intelligence", "具身智能", "具身",
    ],
    "Medical": ["Medical Imaging", "Medical Image Analysis", "Medical AI", "医学", "医疗", "医学图像", "医学影像"],
    "Video": ["Video Understanding", "Video Generation", "视频", "视频理解", "视频生成"],
    "Speech and Audio": ["Speech", "Audio", "Speech Recognition", "语音", "音频", "语音识别"],
    "Autonomous Driving": ["Self-Driving", "End-to-End Autonomous Driving", "自动驾驶", "端到端自动驾驶"],
    "Efficient ML": [
        "Efficient Machine Learning", "Efficient Deep Learning", "Model Compression", "Quantization", "Pruning",
        "Knowledge Distillation", "Efficient Inference", "模型压缩", "量化", "剪枝", "知识蒸馏", "蒸馏", "高效推理",
    ],
    "Safety and Alignment": [
        "AI Safety", "LLM Safety", "Alignment", "Jailbreak", "Hallucination", "对齐", "安全", "大模型安全", "越狱",
        "幻觉",
    ],
    "Retrieval-Augmented Generation": ["RAG", "Retrieval Augmented Generation", "检索增强生成", "检索增强"],
    "Reasoning": ["LLM Reasoning", "Chain-of-Thought", "CoT", "推理", "思维链"],
    "Graph Learning": ["Graph Neural Networks", "GNN", "GNNs", "图神经网络", "图学习"],
    "Time Series": ["Time Series Forecasting", "时间序列", "时间序列预测", "时序预测"],
    # Headings of topic-table digests without a keyword rule: translations and spellings only.
    "Generative Models": ["Generative Model", "生成模型", "生成式模型", "Generative AI", "生成式AI", "生成式人工智能"],
    "Parameter-Efficient Fine-Tuning": ["PEFT", "大模型PEFT", "参数高效微调", "Parameter Efficient Fine-Tuning"],
    "Continual Learning": ["Lifelong Learning", "持续学习", "大模型持续学习", "终身学习", "连续学习"],
    "Transformer": ["Transformers"],
    "World Models": ["World Model", "世界模型"],
    "Object Detection": ["目标检测", "物体检测"],
    "Segmentation": ["Image Segmentation", "分割", "图像分割"],
    "Semantic Segmentation": ["语义分割"],
    "Image Generation": ["图像生成"],
    "SLAM": ["Visual SLAM", "视觉SLAM", "同步定位与建图"],
    "Structure from Motion": ["SFM", "SfM", "运动恢复结构"],
    "Visual Localization": ["视觉定位"],
    "Keypoint Detection": ["关键点检测"],
    "Image Matching": ["图像匹配", "特征匹配"],
    # arXiv categories whose subject is another category's.
    category_topic("cs.SY"): ["eess.SY", category_topic("eess.SY")],
}  # fmt: skip

#: arXiv categories whose topic is a keyword topic (the same subject at the same breadth).
CATEGORY_TOPICS: dict[str, str] = {"cs.RO": "Robotics", "eess.AS": "Speech and Audio", "cs.SD": "Speech and Audio"}

#: Chinese names of arXiv categories, as topic-table digests write them.
_CATEGORY_NAMES_ZH: dict[str, list[str]] = {
    "cs.AI": ["人工智能"], "cs.CL": ["计算语言学", "自然语言处理", "Natural Language Processing", "NLP"],
    "cs.CV": ["计算机视觉"], "cs.LG": ["机器学习"], "cs.CR": ["密码学与安全"], "cs.IR": ["信息检索"],
    "cs.HC": ["人机交互"], "cs.SE": ["软件工程"], "cs.GR": ["计算机图形学"],
    "cs.MA": ["多智能体系统", "Multi-Agent Systems"],
}  # fmt: skip

_NAME_SEP_RE = re.compile(r"[\s\-‐‑‒–—―_·・]+")


def topic_key(name: str) -> str:
    """The form names are compared in: NFKC, case-folded, dashes, hyphens and spaces as one space."""
    return _NAME_SEP_RE.sub(" ", unicodedata.normalize("NFKC", str(name)).casefold()).strip()


def _builtin_groups() -> list[tuple[str, list[str]]]:
    """The built-in table as ``(canonical, variants)``: categories first, so that the named topics win."""
    groups: list[tuple[str, list[str]]] = []
    for code, name in CATEGORY_NAMES.items():
        variants = [code, name, *_CATEGORY_NAMES_ZH.get(code, [])]
        target = CATEGORY_TOPICS.get(code)
        if target:
            groups.append((target, [category_topic(code), *variants]))
        elif name != "Systems and Control" or code == "cs.SY":
            groups.append((category_topic(code), variants))
    groups.extend(BUILTIN_TOPIC_ALIASES.items())
    return groups


def _as_names(value) -> list[str]:
    """A user mapping's variants: a list, one name, or nothing (``None``); each as text."""
    if value is None:
        return []
    if isinstance(value, (list, tuple, set, frozenset)):
        return [str(v) for v in value if v is not None]
    return [str(value)]


class TopicAliases:
    """One name per subject: ``TopicAliases(user).canonical("多模态") -> "Multimodal"``.

    Built from :data:`BUILTIN_TOPIC_ALIASES` (plus arXiv categories), then
    ``own`` (names that stay their own topic: the user's keyword rule names, so
    that a rule the user wrote is never renamed by the built-in table), then the
    user's ``topic_aliases`` mapping ``{Canonical: [variant, ...]}``, each entry
    overriding earlier ones name by name. A name then resolves through the chain:
    with ``{多模态: [Multimodal]}`` every built-in variant of Multimodal becomes
    多模态 too, and ``{LLM Agents: []}`` takes LLM Agents out of Agents.

    Names that the table does not know are their own canonical name, unchanged.
    ``warnings`` lists user entries that contradict each other (the later wins).
    """

    def __init__(
        self,
        user: Mapping[str, Sequence[str] | str | None] | None = None,
        *,
        own: Iterable[str] = (),
        builtin: bool = True,
    ):
        self.warnings: list[str] = []
        target: dict[str, str] = {}  # key -> the name it points at
        spelling: dict[str, str] = {}  # key -> how the table (or user) writes it
        groups = _builtin_groups() if builtin else []
        for canonical, variants in groups:
            self._put(target, spelling, canonical, variants)
        for name in own:
            if topic_key(name):
                target[topic_key(name)] = spelling[topic_key(name)] = str(name)
        claimed: dict[str, str] = {}  # key -> the user canonical that listed it
        for canonical, variants in (user or {}).items():
            canonical = str(canonical)
            names = _as_names(variants)
            for v in names:
                other = claimed.get(topic_key(v))
                if other is not None and topic_key(other) != topic_key(canonical):
                    self.warnings.append(f"topic_aliases: {v!r} is listed under {other!r} and {canonical!r}; "
                                         f"{canonical!r} wins")  # fmt: skip
                claimed[topic_key(v)] = canonical
            self._put(target, spelling, canonical, names, user=True)
        self._canonical = {key: self._resolve(key, target) for key in target}
        self._memo: dict[str, str] = {}
        self._names: dict[str, list[str]] = {}
        for key, canon in self._canonical.items():
            self._names.setdefault(canon, []).append(spelling[key])

    @staticmethod
    def _put(target: dict[str, str], spelling: dict[str, str], canonical: str, variants: Sequence[str],
             user: bool = False) -> None:  # fmt: skip
        ckey = topic_key(canonical)
        if not ckey:
            return
        target[ckey] = canonical
        if user or ckey not in spelling:
            spelling[ckey] = canonical
        for v in variants:
            key = topic_key(v)
            if key and key != ckey:
                target[key] = canonical
                if user or key not in spelling:
                    spelling[key] = str(v)

    @staticmethod
    def _resolve(key: str, target: dict[str, str]) -> str:
        """Follow ``key`` to a name that points at itself (a loop stops where it closes)."""
        seen = {key}
        name = target[key]
        while True:
            nxt = topic_key(name)
            if nxt not in target:
                return name
            if topic_key(target[nxt]) == nxt or nxt in seen:  # points at itself, or a loop closes
                return target[nxt]
            seen.add(nxt)
            name = target[nxt]

    def canonical(self, name: str) -> str:
        """The one name of the subject ``name`` names; ``name`` itself when the table does not know it.

        Answers are remembered by name: a corpus has few distinct topic names, met once per paper.
        """
        found = self._memo.get(name)
        if found is None:
            found = self._memo[name] = self._canonical.get(topic_key(name), name)
        return found

    def names_of(self, canonical: str, seen: Iterable[str] | None = None) -> list[str]:
        """Every name ``canonical`` goes by, itself first: those in the table, or (given ``seen``,
        the names met in the corpus) those among ``seen``; one spelling per compared form."""
        canonical = self.canonical(canonical)
        names = self._names.get(canonical, [canonical]) if seen is None else sorted(set(map(str, seen)))
        out: dict[str, str] = {topic_key(canonical): canonical}
        for n in names:
            if self.canonical(n) == canonical:
                out.setdefault(topic_key(n), n)
        return list(out.values())

    @cached_property
    def digest(self) -> str:
        """A digest of the mapping, for caches of aliased topics."""
        return hashlib.blake2b(json.dumps(sorted(self._canonical.items())).encode(), digest_size=16).hexdigest()
