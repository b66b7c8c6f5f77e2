"""How long `genai import` takes on a large notes file: 15,000 lines, 2,000+ arXiv links.

The notes are generated from a seed (headings, nested lists, tables, bare URLs,
HTML links; arXiv links in every URL form, half of them to papers of the
bundled catalog, repeated links, GitHub and Hugging Face links), then the real
``genai`` console script next to this interpreter reports on them against the
bundled catalog, warm (one untimed run first), median of ``--runs``.

Usage: python benchmarks/import_notes.py [--lines 15000] [--runs 5] [--keep FILE]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GENAI = Path(sys.executable).parent / "genai"
TARGET_S = 5.0  # "a few seconds"
FORMS = (
    "https://arxiv.org/abs/{id}",
    "https://arxiv.org/abs/{id}v2",
    "https://arxiv.org/pdf/{id}.pdf",
    "http://arxiv.org/pdf/{id}v1",
    "https://huggingface.co/papers/{id}",
    "arxiv.org/abs/{id}",
)


def bundled_arxiv_ids() -> list[str]:
    found = []
    for path in sorted((REPO / "catalog" / "papers").glob("*.yaml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("arxiv: "):
                found.append(line.split('"')[1])
    return found


def generate(lines: int, seed: int = 0) -> str:
    """A notes file of about ``lines`` lines; about one line in seven has an arXiv link."""
    rng = random.Random(seed)
    known = bundled_arxiv_ids()
    out: list[str] = []
    section = 0
    while len(out) < lines:
        section += 1
        out += [f"# Part {section}", "", f"## Topic {section}.1", ""]
        for row in range(rng.randint(8, 20)):
            year, month = rng.randint(18, 25), rng.randint(1, 12)
            new_id = f"{year:02d}{month:02d}.{rng.randint(1, 29999):05d}"
            paper = rng.choice(known) if rng.random() < 0.5 else new_id
            link = rng.choice(FORMS).format(id=paper)
            shape = row % 6
            if shape == 0:
                out.append(f"- [Paper {row}]({link}) builds on earlier work")
            elif shape == 1:
                out.append(
                    f"  - nested: see {link} and [code](https://github.com/o{row}/r{section})"
                )
            elif shape == 2:
                out.append(f"| Paper {row} | [link]({link}) | 20{year} | a note |")
            elif shape == 3:
                out.append(
                    f'<a href="{link}">Paper {row}</a> and https://example.org/{section}/{row}'
                )
            elif shape == 4:
                out.append(f"1. [Model](https://huggingface.co/org/model-{row}) from <{link}>")
            else:
                out.append(f"Prose with a link to [the paper]({link}) in the middle of a line.")
            out += [f"Plain text line {n} without any link at all." for n in range(5)]
            out.append("")
    return "\n".join(out[:lines]) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=15_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--keep", type=Path, help="also write the generated notes here")
    args = parser.parse_args()
    text = generate(args.lines, args.seed)
    arxiv_links = sum(text.count(host) for host in ("arxiv.org/", "huggingface.co/papers/"))
    with tempfile.TemporaryDirectory() as folder:
        notes = Path(folder) / "notes.md"
        notes.write_text(text, encoding="utf-8")
        if args.keep:
            args.keep.write_text(text, encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k not in ("GENAI_CATALOG", "GENAI_NO_CACHE")}
        env["GENAI_CACHE_DIR"] = str(Path(folder) / "cache")
        command = [str(GENAI), "import", str(notes), "--format", "json"]
        subprocess.run(command, env=env, capture_output=True, check=True)  # warms the cache
        times, cpus = [], []
        load_before = os.getloadavg()[0]
        for _ in range(args.runs):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            done = subprocess.run(command, env=env, capture_output=True, check=True)
            times.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    median = statistics.median(times)
    findings = done.stdout.count(b'"url"')
    print("| measurement | median wall | median CPU | target | result |")
    print("| --- | ---: | ---: | --- | --- |")
    print(
        f"| `genai import` of {args.lines:,} lines with {arxiv_links:,} arXiv links "
        f"({findings:,} distinct targets), bundled catalog | {median:.2f} s | "
        f"{statistics.median(cpus):.2f} s | ≤ {TARGET_S:.0f} s | "
        f"{'✅' if median <= TARGET_S else '❌'} |"
    )
    print(
        f"wall: {', '.join(f'{t:.2f}' for t in times)} s; load average at start "
        f"{load_before:.2f} on {os.cpu_count()} cores",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
