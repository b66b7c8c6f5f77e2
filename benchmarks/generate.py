"""Synthetic catalogs for benchmarks: n valid, cross-linked records from a seed.

The shape follows the real catalog (docs/records.md): about 25% papers, 20%
techniques, 20% models, 15% tools, 10% datasets, 10% benchmarks and 1%
collections (reading lists of 3 to 30 items in 1 to 4 sections), with
realistic names, 1-3 aliases, 20-60 word summaries, 1-4 topics from the real
``catalog/topics.yaml`` (copied in), 1-3 links, and cross-links that resolve to
records of the right kind. Output depends only on ``n`` and ``seed``.

It always contains a ``qlora`` technique (with ``lora``, ``qlora-paper`` and
``lora-paper``) so that ``genai search qlora`` has a real target and ``genai
path qlora lora-paper`` a real chain (qlora builds on lora, introduced in lora-paper).

Usage: python benchmarks/generate.py PATH [-n 1000] [--seed 0] [--dangling 0]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from genai_catalog.drafts import Draft
from genai_catalog.model import ids

# Bump when the output changes, so that cached catalogs are regenerated.
GENERATOR_VERSION = 4
STAMP_FILE = ".generator"

REPO = Path(__file__).resolve().parent.parent
KIND_SHARES: tuple[tuple[str, float], ...] = (
    ("paper", 0.25),
    ("technique", 0.20),
    ("model", 0.20),
    ("tool", 0.15),
    ("dataset", 0.10),
    ("benchmark", 0.10),
    # Reading lists: the real catalog has a handful per few hundred records.
    ("collection", 0.01),
)
FOLDERS = {kind: kind + "s" for kind, _ in KIND_SHARES}
# What relations and collection items may point at: anything but a collection.
LINKABLE = tuple(kind for kind, _ in KIND_SHARES if kind != "collection")
MIN_RECORDS = 12

# --------------------------------------------------------------------------- vocabulary


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(sep))


SYLLABLES = _words(
    "al ar ba bel ca cor da del el en fa fin ga gem hal ion ja ka kor la lum ma mir na nex "
    "o or pa pol qua ra ren sa sol ta tor u ul va vel wa xe ya ze zor ti mo ne ri lu ve"
)
ADJECTIVES = _words(
    "efficient scalable sparse robust adaptive hierarchical contrastive generative latent "
    "multimodal recurrent causal structured lightweight unified dynamic parallel conditional "
    "self-supervised instruction-tuned retrieval-augmented quantized distilled low-rank "
    "long-context compositional grounded stable fast memory-efficient differentiable modular "
    "open zero-shot few-shot multilingual aligned verifiable streaming mixture-of-experts"
)
NOUNS = _words(
    "attention transformer adapter decoder encoder tokenizer embedding diffusion alignment "
    "distillation quantization pruning retrieval reasoning planning agent policy reward "
    "preference optimizer scheduler sampler router memory cache kernel gradient objective "
    "representation prompt critic verifier curriculum benchmark corpus model network "
    "layer head expert graph search inference training pretraining fine-tuning evaluation"
)
TASKS = _words(
    "language modeling|question answering|code generation|image synthesis|speech recognition|"
    "machine translation|text summarization|mathematical reasoning|instruction following|"
    "dialogue|visual question answering|video generation|information retrieval|"
    "tool use|long-document understanding|program repair|text-to-image generation|"
    "semantic parsing|named entity recognition|multi-step planning",
    "|",
)
TITLE_PATTERNS = (
    "{Adj} {Noun} for {Task}",
    "{Coined}: {Adj} {Noun} for {Task}",
    "Towards {Adj} {Task} with {Noun} Models",
    "On the {Noun} of {Adj} {Noun} Models",
    "{Coined}: Scaling {Adj} {Noun} to {Task}",
    "Learning {Adj} {Noun} from {Noun} Feedback",
    "{Adj} and {Adj} {Noun} Improves {Task}",
    "{Noun} Is All You Need for {Task}",
    "Rethinking {Noun} in {Adj} {Task}",
    "{Coined}: A {Adj} {Noun} Benchmark for {Task}",
)
SUMMARY_WORDS = _words(
    "model models language large small training trains trained fine-tunes adapts learns "
    "uses combines replaces improves reduces increases matches outperforms scales "
    "attention layers weights parameters tokens context window memory compute cost "
    "latency throughput accuracy quality data dataset examples instructions preferences "
    "reward policy gradient loss objective sampling decoding inference serving GPU "
    "hardware kernel sparse dense low-rank quantized 4-bit 8-bit precision adapters "
    "frozen base pretrained checkpoint benchmark tasks reasoning math code images "
    "audio video text multimodal retrieval documents queries embeddings vectors index "
    "search agents tools planning feedback human AI evaluation metric baseline "
    "method approach technique framework library system pipeline open released "
    "public licensed efficient fast stable robust simple general specialized long "
    "short new prior existing standard strong single multiple several many few "
    "across over under between within without while during before after each every "
    "the a an of to in on for with by from and or that which so"
)
FIRST_NAMES = _words(
    "Ada Alan Amir Ana Anil Aria Ben Carla Chen Dario Elena Emma Farah Felix Grace Hana "
    "Hugo Ines Ivan Jia Jonas Julia Kai Karim Lena Leo Lina Luca Maya Mei Mina Nadia Noah "
    "Omar Priya Quinn Rafael Rosa Sam Sara Tariq Tom Uma Vera Wei Xin Yara Yusuf Zoe"
)
LAST_NAMES = _words(
    "Abbasi Bauer Chen Costa Dubois Eriksen Fischer Garcia Gupta Haddad Ito Jensen Kim "
    "Kowalski Li Liu Martin Moreau Nakamura Nguyen Novak Okafor Park Patel Petrov Quispe "
    "Rossi Sato Schmidt Silva Singh Smith Tanaka Torres Wang Weber Wu Yamada Zhang Zhou"
)
VENUES = _words("NeurIPS ICML ICLR ACL EMNLP NAACL CVPR ICCV ECCV AAAI TMLR COLM")
ORGANIZATIONS = _words(
    "Meta|Google DeepMind|OpenAI|Anthropic|Mistral AI|Alibaba|Microsoft|Hugging Face|"
    "AI2|EleutherAI|Stability AI|NVIDIA|Cohere|DeepSeek|TII|BigScience|LMSYS|Tsinghua University|"
    "Stanford University|UC Berkeley",
    "|",
)
LICENSES = _words(
    "MIT|Apache-2.0|BSD-3-Clause|CC-BY-4.0|CC-BY-SA-4.0|Llama 2 Community License|other", "|"
)
TECHNIQUE_CATEGORIES = _words(
    "architecture attention prompting fine-tuning peft alignment quantization decoding "
    "inference-optimization retrieval training representation generative-modeling agents "
    "evaluation data reasoning interpretability compression concept"
)
TOOL_CATEGORIES = _words(
    "library framework inference-runtime serving vector-database agent-framework "
    "rag-framework fine-tuning evaluation data application platform api observability "
    "format hardware"
)
MODALITIES = _words("text code image audio speech music video 3d")
TOOL_SUFFIXES = _words("Kit Forge Flow Serve DB Hub Lab Stack Bench Lens Ops Run Core")
DATA_SUFFIXES = _words("Corpus Instruct Pile Set Web Chat QA Code Math Vision")
BENCH_SUFFIXES = _words("Bench Eval QA Arena Test Suite")
LINK_TYPES = ("code", "docs", "blog", "article", "homepage", "demo", "discussion", "video")

_TOPIC_LINE = re.compile(r"^\s+([a-z0-9][a-z0-9-]*):")

# --------------------------------------------------------------------------- records


@dataclass
class Planned:
    """One record being generated: the library's draft, and where it sits in the plan."""

    draft: Draft
    position: int  # among the records of its kind
    year: int | None = None

    @property
    def kind(self) -> str:
        return self.draft.kind

    @property
    def id(self) -> str:
        return self.draft.id

    @property
    def name(self) -> str:
        return self.draft.name

    @property
    def fields(self) -> dict[str, object]:
        return self.draft.fields

    @fields.setter
    def fields(self, value: dict[str, object]) -> None:
        self.draft.fields = value


def slugify(text: str) -> str:
    return ids.slugify(text) or "record"


def kind_counts(n: int) -> dict[str, int]:
    """Records per kind for n records; papers take the rounding remainder."""
    if n < MIN_RECORDS:
        raise ValueError(f"need at least {MIN_RECORDS} records, got {n}")
    counts = {kind: max(1, int(n * share)) for kind, share in KIND_SHARES}
    counts["paper"] += n - sum(counts.values())
    return counts


class Generator:
    def __init__(self, n: int, seed: int, topics: Sequence[str]) -> None:
        self.rng = random.Random(f"genai-bench:{seed}:{n}")
        self.n = n
        self.topics = list(topics)
        self.used_ids: set[str] = set()
        self.used_arxiv: set[str] = set()
        self.by_kind: dict[str, list[Planned]] = {kind: [] for kind, _ in KIND_SHARES}
        self.drafts: list[Planned] = []

    # ---- names and ids

    def coined(self, syllables: int | None = None) -> str:
        count = syllables or self.rng.choice((2, 2, 3))
        return "".join(self.rng.choice(SYLLABLES) for _ in range(count)).capitalize()

    def unique_id(self, base: str) -> str:
        candidate = base
        suffix = 2
        while candidate in self.used_ids:
            candidate = f"{base}-{suffix}"
            suffix += 1
        self.used_ids.add(candidate)
        return candidate

    def title(self) -> str:
        pattern = self.rng.choice(TITLE_PATTERNS)
        out = pattern
        while "{Coined}" in out:
            out = out.replace("{Coined}", self.coined(), 1)
        for slot, choices in (("{Adj}", ADJECTIVES), ("{Noun}", NOUNS), ("{Task}", TASKS)):
            while slot in out:
                out = out.replace(slot, self.rng.choice(choices).title(), 1)
        return out

    def name_for(self, kind: str) -> tuple[str, str]:
        """(name, id base) for a record of ``kind``."""
        rng = self.rng
        if kind == "paper":
            name = self.title()
            return name, slugify(name)
        if kind == "technique":
            words = [rng.choice(ADJECTIVES), rng.choice(NOUNS)]
            if rng.random() < 0.4:
                words.insert(0, self.coined())
            name = " ".join(w.title() for w in words)
            return name, slugify(name)
        if kind == "model":
            family = self.coined()
            version = rng.choice(("", "-2", "-3", " 1.5", " 2", "-v2", "-3.1"))
            size = rng.choice(("7B", "8B", "13B", "34B", "70B", "1.3B", "405B", "Mini", "Large"))
            name = f"{family}{version} {size}"
            return name, slugify(name)
        if kind == "tool":
            name = self.coined() + rng.choice(TOOL_SUFFIXES)
            if rng.random() < 0.3:
                name = name.lower()
            return name, slugify(name)
        if kind == "collection":
            name = f"{rng.choice(ADJECTIVES).title()} {rng.choice(NOUNS).title()} Reading List"
            return name, slugify(name)
        suffixes = DATA_SUFFIXES if kind == "dataset" else BENCH_SUFFIXES
        name = f"{self.coined()}{rng.choice(suffixes)}"
        if rng.random() < 0.3:
            name += rng.choice(("-2", "-Pro", "-XL", " v2", "-Hard"))
        return name, slugify(name)

    def aliases(self, name: str) -> list[str]:
        words = [w for w in re.split(r"[\s\-:]+", name) if w]
        candidates: list[str] = []
        initials = "".join(w[0] for w in words if w[0].isalnum()).upper()
        if len(initials) >= 2:
            candidates.append(initials)
        candidates.append(re.sub(r"[^A-Za-z0-9]", "", name).lower())
        candidates.append(name.replace(" ", "-"))
        if len(words) >= 2:
            candidates.append(" ".join(words[:2]))
        # A common misspelling: two letters swapped.
        if len(name) > 4:
            i = self.rng.randrange(1, len(name) - 2)
            candidates.append(name[:i] + name[i + 1] + name[i] + name[i + 2 :])
        unique = [c for c in dict.fromkeys(candidates) if c and c != name and len(c) <= 30]
        return self.rng.sample(unique, min(len(unique), self.rng.randint(1, 3)))

    def summary(self) -> str:
        count = self.rng.randint(20, 60)
        words = self.rng.choices(SUMMARY_WORDS, k=count)
        sentences: list[str] = []
        start = 0
        while start < count:
            end = min(count, start + self.rng.randint(8, 22))
            if count - end < 5:
                end = count
            sentence = " ".join(words[start:end])
            sentences.append(sentence[0].upper() + sentence[1:] + ".")
            start = end
        return " ".join(sentences)

    def arxiv_id(self, year: int) -> str:
        while True:
            month = self.rng.randint(1, 12)
            number = self.rng.randint(1, 29999)
            arxiv = f"{year % 100:02d}{month:02d}.{number:05d}"
            if arxiv not in self.used_arxiv:
                self.used_arxiv.add(arxiv)
                return arxiv

    # ---- the catalog

    def add(self, kind: str, record_id: str, name: str) -> Planned:
        draft = Planned(Draft(kind, record_id, name), len(self.by_kind[kind]))
        self.drafts.append(draft)
        self.by_kind[kind].append(draft)
        return draft

    def build(self) -> list[Planned]:
        counts = kind_counts(self.n)
        self.used_ids.update({"qlora", "lora", "qlora-paper", "lora-paper"})
        self.used_arxiv.update({"2305.14314", "2106.09685"})
        anchors = self.anchor_records()
        for draft in anchors:
            counts[draft.kind] -= 1
        for kind, _ in KIND_SHARES:
            if kind == "paper":
                # Papers in year order, so that builds_on can point at earlier work.
                years = sorted(self.rng.randint(2015, 2025) for _ in range(counts[kind]))
            for i in range(counts[kind]):
                name, base = self.name_for(kind)
                draft = self.add(kind, self.unique_id(base), name)
                if kind == "paper":
                    draft.year = years[i]
        for draft in self.drafts[len(anchors) :]:
            self.fill(draft)
        return self.drafts

    def anchor_records(self) -> list[Planned]:
        """The real QLoRA records, so that `genai search qlora` finds an exact id."""
        qlora_paper = self.add(
            "paper", "qlora-paper", "QLoRA: Efficient Finetuning of Quantized LLMs"
        )
        qlora_paper.year = 2023
        qlora_paper.fields = {
            "aliases": ["QLoRA paper"],
            "year": 2023,
            "summary": "Shows that a 65B model can be fine-tuned on a single 48 GB GPU by "
            "freezing it in 4-bit precision and training low-rank adapters on top.",
            "topics": ["peft", "quantization", "fine-tuning"],
            "arxiv": "2305.14314",
            "authors": ["Tim Dettmers", "Artidoro Pagnoni", "Ari Holtzman", "Luke Zettlemoyer"],
            "venue": "NeurIPS",
            "links": [
                {"label": "arXiv", "url": "https://arxiv.org/abs/2305.14314", "type": "paper"}
            ],
        }
        lora_paper = self.add(
            "paper", "lora-paper", "LoRA: Low-Rank Adaptation of Large Language Models"
        )
        lora_paper.year = 2021
        lora_paper.fields = {
            "aliases": ["LoRA paper"],
            "year": 2021,
            "summary": "Proposes freezing a pretrained model and training a low-rank update "
            "for its weight matrices beside it.",
            "topics": ["peft", "fine-tuning"],
            "arxiv": "2106.09685",
            "authors": ["Edward J. Hu", "Yelong Shen", "Phillip Wallis"],
            "links": [
                {"label": "arXiv", "url": "https://arxiv.org/abs/2106.09685", "type": "paper"}
            ],
        }
        lora = self.add("technique", "lora", "LoRA")
        lora.fields = {
            "aliases": ["Low-Rank Adaptation"],
            "category": "peft",
            "year": 2021,
            "summary": "Fine-tunes a frozen model by learning a low-rank update to its "
            "weight matrices, training a small fraction of the parameters.",
            "topics": ["peft", "fine-tuning"],
            "introduced_in": "lora-paper",
            "links": [
                {"label": "Code", "url": "https://github.com/microsoft/LoRA", "type": "code"}
            ],
        }
        qlora = self.add("technique", "qlora", "QLoRA")
        qlora.fields = {
            "aliases": ["Quantized LoRA"],
            "category": "peft",
            "year": 2023,
            "summary": "Fine-tunes a large model by freezing it in 4-bit NF4 precision and "
            "training small LoRA adapters on top, so that a 65B model fits on a single "
            "48 GB GPU.",
            "topics": ["peft", "quantization", "fine-tuning"],
            "introduced_in": "qlora-paper",
            "builds_on": ["lora"],
            "links": [
                {
                    "label": "Reference implementation",
                    "url": "https://github.com/artidoro/qlora",
                    "type": "code",
                }
            ],
        }
        return [qlora_paper, lora_paper, lora, qlora]

    def pick(self, kinds: Sequence[str], most: int, exclude: Planned) -> list[str]:
        """Up to ``most`` distinct ids of records of ``kinds``, never ``exclude``."""
        want = self.rng.randint(0, most)
        chosen: dict[str, None] = {}
        for _ in range(want * 3):
            if len(chosen) >= want:
                break
            pool = self.by_kind[self.rng.choice(kinds)]
            target = self.rng.choice(pool)
            if target is not exclude:
                chosen[target.id] = None
        return list(chosen)

    def earlier(self, draft: Planned, most: int) -> list[str]:
        """builds_on: up to ``most`` earlier records of the same kind (so no cycles)."""
        if draft.position == 0 or self.rng.random() < 0.5:
            return []
        pool = self.by_kind[draft.kind]
        count = min(draft.position, self.rng.randint(1, most))
        return sorted({pool[self.rng.randrange(draft.position)].id for _ in range(count)})

    def links(self, draft: Planned, fields: dict[str, object]) -> list[dict[str, str]]:
        rng = self.rng
        out: list[dict[str, str]] = []
        if "arxiv" in fields:
            arxiv = str(fields["arxiv"])
            out.append({"label": "arXiv", "url": f"https://arxiv.org/abs/{arxiv}", "type": "paper"})
        for link_type in rng.sample(LINK_TYPES, rng.randint(1, 3) - len(out)):
            host = rng.choice(("github.com", "huggingface.co", "example.org", "blog.example.com"))
            out.append(
                {
                    "label": f"{link_type.title()} for {draft.name}"[:80].strip(),
                    "url": f"https://{host}/{draft.id}/{link_type}",
                    "type": link_type,
                }
            )
        return out

    def fill_collection(self, draft: Planned) -> None:
        """Sections of items that are other records, a few with a note."""
        rng = self.rng
        sections = []
        for number in range(1, rng.randint(1, 4) + 1):
            items: dict[str, dict[str, str]] = {}
            for _ in range(rng.randint(3, 8)):
                target = rng.choice(self.by_kind[rng.choice(("paper", "paper", *LINKABLE))])
                item = {"id": target.id}
                if rng.random() < 0.3:
                    item["note"] = self.summary().split(".")[0][:150] + "."
                items.setdefault(target.id, item)
            title = f"Part {number}: {rng.choice(NOUNS).title()}"
            sections.append({"title": title, "items": list(items.values())})
        draft.fields = {
            "aliases": self.aliases(draft.name),
            "summary": self.summary(),
            "topics": rng.sample(self.topics, rng.randint(1, min(3, len(self.topics)))),
            "sections": sections,
        }

    def fill(self, draft: Planned) -> None:
        rng = self.rng
        if draft.kind == "collection":
            self.fill_collection(draft)
            return
        f: dict[str, object] = {"aliases": self.aliases(draft.name)}
        kind = draft.kind
        if kind == "technique":
            f["category"] = rng.choice(TECHNIQUE_CATEGORIES)
        elif kind == "tool":
            f["category"] = rng.choice(TOOL_CATEGORIES)
        if draft.year is None and rng.random() < 0.7:
            draft.year = rng.randint(2015, 2025)
        if draft.year is not None:
            f["year"] = draft.year
        f["summary"] = self.summary()
        f["topics"] = rng.sample(self.topics, rng.randint(1, min(4, len(self.topics))))
        if kind == "paper":
            assert draft.year is not None
            if rng.random() < 0.9:
                f["arxiv"] = self.arxiv_id(draft.year)
            f["authors"] = [
                f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                for _ in range(rng.randint(3, 8))
            ]
            if rng.random() < 0.5:
                f["venue"] = rng.choice(VENUES)
            if "arxiv" not in f:
                f["url"] = f"https://proceedings.example.org/{draft.year}/{draft.id}"
        else:
            if kind in ("model", "tool", "dataset", "benchmark") and rng.random() < 0.8:
                f["organization"] = rng.choice(ORGANIZATIONS)
            if kind == "model":
                f["parameters"] = rng.choice(("7B", "7B, 13B, 70B", "1.3B", "8x7B", "405B"))
                f["architecture"] = rng.choice(
                    ("decoder-only transformer", "encoder-decoder transformer", "diffusion")
                )
                f["modality"] = rng.sample(MODALITIES, rng.randint(1, 3))
                f["open_weights"] = rng.random() < 0.6
            if kind in ("dataset", "benchmark"):
                f["tasks"] = rng.sample(TASKS, rng.randint(1, 3))
                f["metrics"] = rng.sample(["accuracy", "F1", "pass@1", "BLEU", "exact match"], 1)
                f["size"] = f"{rng.randint(1, 999)}K examples"
            if kind == "tool" and rng.random() < 0.8:
                f["repo"] = (
                    f"https://github.com/{slugify(str(f.get('organization', 'oss')))}/{draft.id}"
                )
            if kind != "technique" and rng.random() < 0.6:
                f["license"] = rng.choice(LICENSES)
            if rng.random() < 0.6:
                f["introduced_in"] = rng.choice(self.by_kind["paper"]).id
        builds_on = self.earlier(draft, 2)
        if builds_on:
            f["builds_on"] = builds_on
        if kind == "model":
            models = self.by_kind["model"]
            if rng.random() < 0.3 and len(models) > 1:
                base = rng.choice(models)
                if base is not draft:
                    f["base_model"] = base.id
            for name, kinds, most in (
                ("uses", ("technique",), 3),
                ("trained_on", ("dataset",), 2),
                ("evaluated_on", ("benchmark", "benchmark", "dataset"), 3),
            ):
                ids = self.pick(kinds, most, draft)
                if ids:
                    f[name] = ids
        if kind == "tool":
            ids = self.pick(("technique", "technique", "model"), 3, draft)
            if ids:
                f["implements"] = ids
        related = self.pick(LINKABLE, 2, draft)
        if related:
            f["related"] = related
        f["links"] = self.links(draft, f)
        draft.fields = f


# --------------------------------------------------------------------------- entry points


def topics_file() -> Path:
    """The real catalog's topics.yaml: the repository's, else the installed package's."""
    candidate = REPO / "catalog" / "topics.yaml"
    if candidate.is_file():
        return candidate
    from genai_catalog.paths import bundled_catalog

    return bundled_catalog() / "topics.yaml"


def topic_slugs(path: Path) -> list[str]:
    slugs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _TOPIC_LINE.match(line)
        if match:
            slugs.append(match.group(1))
    if not slugs:
        raise ValueError(f"{path} lists no topics")
    return slugs


def break_references(drafts: list[Planned], count: int, seed: int) -> int:
    """Point ``count`` references at ids one letter off (a rename that missed its users).

    Each broken reference is close to a real id, so validate's did-you-mean has
    real work to do. Returns how many were broken.
    """
    rng = random.Random(f"genai-bench-dangling:{seed}")
    broken = 0
    candidates = [d for d in drafts if d.fields.get("related") or d.fields.get("builds_on")]
    for planned in rng.sample(candidates, min(count, len(candidates))):
        field = "related" if planned.fields.get("related") else "builds_on"
        targets = list(planned.fields[field])  # type: ignore[call-overload]
        targets[0] = f"{targets[0]}x"
        planned.fields[field] = targets
        broken += 1
    return broken


def generate(path: Path | str, n: int, seed: int = 0, *, dangling: int = 0) -> Path:
    """Write a catalog of ``n`` records into ``path`` (replaced if it exists).

    ``dangling`` references are broken on purpose (see ``break_references``).
    """
    target = Path(path)
    source_topics = topics_file()
    drafts = Generator(n, seed, topic_slugs(source_topics)).build()
    if dangling:
        break_references(drafts, dangling, seed)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed: a half-written catalog is never mistaken for one.
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for folder in FOLDERS.values():
            (staging / folder).mkdir()
        shutil.copyfile(source_topics, staging / "topics.yaml")
        for draft in drafts:
            file = staging / FOLDERS[draft.kind] / f"{draft.id}.yaml"
            with open(file, "w", encoding="utf-8") as out:
                out.write(draft.draft.to_yaml())
        stamp = f"{GENERATOR_VERSION} {n} {seed}" + (f" {dangling}" if dangling else "")
        (staging / STAMP_FILE).write_text(stamp + "\n", encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def is_current(path: Path, n: int, seed: int, dangling: int = 0) -> bool:
    """Whether ``path`` holds a complete catalog from this generator for these arguments."""
    try:
        stamp = (path / STAMP_FILE).read_text(encoding="utf-8").split()
    except OSError:
        return False
    expected = [str(GENERATOR_VERSION), str(n), str(seed)] + ([str(dangling)] if dangling else [])
    return stamp == expected


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="folder to write (replaced if it exists)")
    parser.add_argument("-n", "--records", type=int, default=1000, help="number of records")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--dangling", type=int, default=0, help="references to break on purpose (for validate)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    generate(args.path, args.records, args.seed, dangling=args.dangling)
    elapsed = time.perf_counter() - started
    print(f"wrote {args.records} records to {args.path} in {elapsed:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
