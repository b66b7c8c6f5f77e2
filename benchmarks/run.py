"""Measure genai end to end, side by side: one command, one markdown table.

Every measured command runs as its own subprocess (the real ``genai`` console
script next to this interpreter), with ``GENAI_CACHE_DIR`` in a temporary
folder. Times are wall-clock medians over ``--runs``; peak RSS and CPU are the
child's own ``ru_maxrss`` and ``ru_utime + ru_stime`` from ``os.wait4``, taken
by a small helper process (see ``LAUNCHER``). Warm commands run interleaved, round
robin, so that a change in machine load hits all of them alike, and a warm run
that rewrote the index cache (because someone edited the source, say) is
discarded and re-run instead of being counted as warm.

Usage: python benchmarks/run.py [--sizes 1000,10000,100000] [--runs 7]
                                [--out benchmarks/out/results.md]
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from generate import generate, is_current  # noqa: E402

GENAI = Path(sys.executable).parent / "genai"
IMPORTS = "import typer, pydantic, yaml, rich, rapidfuzz"
DANGLING = 300
# The parse floor: what any loader must at least do for a cold first query, in one
# process: PyYAML's C loader and pydantic over every record file.
PARSE_FLOOR = r"""
import sys, yaml
from pathlib import Path
from genai_catalog.model.schema import record_adapter
adapter = record_adapter()
loader = yaml.CSafeLoader
for path in sorted(Path(sys.argv[1]).glob("*/*.yaml")):
    adapter.validate_python(yaml.load(path.read_text(encoding="utf-8"), Loader=loader))
"""
RELEVANCE_FILES = ("tests/relevance.py", "tests/relevance_cases.py")
BIG = 100_000
# Catalog sizes whose static site is built and timed (a 100k site is 1 GB of pages).
SITE_SIZES = (1_000, 10_000)
SITE_TARGETS = {"bundled": 2.0, "10k": 30.0}
GIB_KIB = 1024 * 1024
STARTED = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - STARTED:7.1f}s] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- running children


@dataclass
class Sample:
    wall_s: float
    cpu_s: float  # user + system time of the child
    rss_kib: int
    returncode: int
    stderr: str


# Timed children are started by this small helper, not by run.py itself. On Linux
# a child's ru_maxrss starts from the high-water RSS of the process it was
# forked from (exec records the old address space's peak), so a child of run.py,
# which holds a generated catalog in memory, would inherit run.py's peak.
# The helper stays at ~10 MiB, below any command measured here.
LAUNCHER = r"""
import json, os, subprocess, sys, time
for line in sys.stdin:
    job = json.loads(line)
    with open(job["stderr"], "wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(job["argv"], env=job["env"], stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        # wait4 reaped the child: tell Popen, so that it does not wait again.
        proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    print(json.dumps({"wall": wall, "cpu": cpu, "rss": usage.ru_maxrss, "rc": proc.returncode}),
          flush=True)
"""


class Launcher:
    """A long-lived helper process that runs one command at a time and reports on it."""

    def __init__(self) -> None:
        # -I -S: no site-packages, no PYTHON* variables: the helper stays small.
        self.proc = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", LAUNCHER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, argv: Sequence[str], env: dict[str, str]) -> Sample:
        """Run one child to completion: its own wall time, peak RSS (KiB) and exit code."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        with tempfile.NamedTemporaryFile(prefix="genai-bench-stderr-") as err:
            job = {"argv": list(argv), "env": env, "stderr": err.name}
            self.proc.stdin.write(json.dumps(job) + "\n")
            self.proc.stdin.flush()
            reply = self.proc.stdout.readline()
            if not reply:
                raise RuntimeError("the launcher helper died")
            result = json.loads(reply)
            text = Path(err.name).read_bytes().decode("utf-8", "replace")
        return Sample(
            float(result["wall"]),
            float(result["cpu"]),
            int(result["rss"]),
            int(result["rc"]),
            text[-4000:],
        )

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait()


_launcher: Launcher | None = None


def run_once(argv: Sequence[str], env: dict[str, str]) -> Sample:
    global _launcher
    if _launcher is None:
        _launcher = Launcher()
    return _launcher.run(argv, env)


def folder_state(path: Path) -> dict[str, tuple[int, int]]:
    """(mtime_ns, size) of each file in ``path``: a rewrite of the cache changes it."""
    try:
        with os.scandir(path) as entries:
            return {e.name: (e.stat().st_mtime_ns, e.stat().st_size) for e in entries}
    except FileNotFoundError:
        return {}


@dataclass
class Series:
    """The samples of one measured command."""

    label: str
    argv: list[str]
    env: dict[str, str]
    # Warm series check that the run left the index cache untouched.
    cache_dir: Path | None = None
    ok_codes: frozenset[int] = frozenset({0})
    samples: list[Sample] = field(default_factory=list)
    discarded: int = 0
    failed: list[Sample] = field(default_factory=list)

    def measure(self, retries: int) -> None:
        """One timed run; a warm run that rebuilt the cache is retried up to ``retries`` times."""
        for _ in range(retries + 1):
            before = folder_state(self.cache_dir) if self.cache_dir else None
            sample = run_once(self.argv, self.env)
            if self.cache_dir is not None and folder_state(self.cache_dir) != before:
                self.discarded += 1
                continue
            if sample.returncode not in self.ok_codes:
                self.failed.append(sample)
            self.samples.append(sample)
            return

    @property
    def valid(self) -> list[Sample]:
        return [s for s in self.samples if s.returncode in self.ok_codes]

    def median(self) -> float | None:
        valid = self.valid
        return statistics.median(s.wall_s for s in valid) if valid else None

    def median_cpu(self) -> float | None:
        valid = self.valid
        return statistics.median(s.cpu_s for s in valid) if valid else None

    def median_rss(self) -> int | None:
        valid = self.valid
        return int(statistics.median(s.rss_kib for s in valid)) if valid else None

    def max_rss(self) -> int | None:
        valid = self.valid
        return max(s.rss_kib for s in valid) if valid else None

    def codes(self) -> str:
        return ",".join(sorted({str(s.returncode) for s in self.samples})) or "-"

    def problem(self) -> str | None:
        """Why the numbers cannot be trusted, if they cannot."""
        if self.failed:
            first = self.failed[0]
            last_line = (first.stderr.strip().splitlines() or ["(no stderr)"])[-1]
            return f"exit {first.returncode} in {len(self.failed)} run(s): {last_line[:160]}"
        if not self.samples:
            return f"no valid run ({self.discarded} discarded: the cache was rebuilt every time)"
        return None


# --------------------------------------------------------------------------- formatting


def size_label(n: int) -> str:
    return f"{n // 1000}k" if n % 1000 == 0 and n >= 1000 else str(n)


def secs(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f} s"


def mib(kib: int | None) -> str:
    return "—" if kib is None else f"{kib / 1024:,.0f} MiB"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


@dataclass
class Row:
    measurement: str
    median: str
    target: str
    result: str
    verdict: str


def table(rows: list[Row]) -> str:
    head = "| measurement | median | target | ratio/result | pass |\n"
    head += "| --- | ---: | --- | --- | --- |\n"
    body = "".join(
        f"| {r.measurement} | {r.median} | {r.target} | {r.result} | {r.verdict} |\n" for r in rows
    )
    return head + body


# --------------------------------------------------------------------------- the benchmark


@dataclass
class Options:
    sizes: list[int]
    runs: int
    big_cold_runs: int
    out: Path
    seed: int
    catalogs: Path
    retries: int


class Bench:
    def __init__(self, options: Options, tmp: Path) -> None:
        self.o = options
        self.tmp = tmp
        self.pycache = options.out.parent / "pycache"
        self.warm_cache = tmp / "warm-cache"
        self.roots: dict[int, Path] = {}
        self.generated: dict[int, str] = {}
        self.watch = SourceWatch()
        self.all_series: list[Series] = []
        self.relevance: list[str] = []
        self.dangling: Path | None = None
        self.site_sizes: dict[str, tuple[int, int]] = {}

    # ---- environment

    def env(self, cache_dir: Path, pycache: Path | None = None) -> dict[str, str]:
        env = dict(os.environ)
        for name in ("GENAI_CATALOG", "GENAI_NO_CACHE", "PYTHONDONTWRITEBYTECODE"):
            env.pop(name, None)
        env["GENAI_CACHE_DIR"] = str(cache_dir)
        # Bytecode goes under benchmarks/out, never into src/ or site-packages.
        env["PYTHONPYCACHEPREFIX"] = str(pycache or self.pycache)
        return env

    def fresh_dir(self, prefix: str) -> Path:
        return Path(tempfile.mkdtemp(prefix=prefix, dir=self.tmp))

    def series(
        self,
        label: str,
        argv: list[str],
        *,
        warm: bool,
        env: dict[str, str] | None = None,
        ok_codes: frozenset[int] = frozenset({0}),
    ) -> Series:
        s = Series(
            label,
            argv,
            env or self.env(self.warm_cache),
            self.warm_cache if warm else None,
            ok_codes,
        )
        self.all_series.append(s)
        return s

    # ---- phases

    def generate(self) -> None:
        for n in self.o.sizes:
            root = self.o.catalogs / f"{n}-{self.o.seed}"
            if is_current(root, n, self.o.seed):
                self.generated[n] = "cached"
            else:
                log(f"generating {n} records into {root}")
                started = time.perf_counter()
                generate(root, n, self.o.seed)
                self.generated[n] = f"generated in {time.perf_counter() - started:.1f} s"
            self.roots[n] = root
        if 10_000 in self.o.sizes:
            n = 10_000
            root = self.o.catalogs / f"{n}-{self.o.seed}-dangling{DANGLING}"
            if not is_current(root, n, self.o.seed, DANGLING):
                log(f"generating {n} records with {DANGLING} dangling references into {root}")
                generate(root, n, self.o.seed, dangling=DANGLING)
            self.dangling = root

    def prime(self) -> None:
        """Compile bytecode for everything the commands import, untimed."""
        log("priming bytecode")
        smallest = min(self.o.sizes, default=None)
        env = self.env(self.fresh_dir("prime-"))
        run_once([sys.executable, "-c", IMPORTS], env)
        run_once([str(GENAI), "--help"], env)
        for command in (["validate"], ["search", "qlora"], ["list", "papers", "--format", "json"]):
            extra = ["--catalog", str(self.roots[smallest])] if smallest else []
            run_once([str(GENAI), *command, *extra], env)

    def cold_validate(self) -> dict[int, Series]:
        out: dict[int, Series] = {}
        for n in self.o.sizes:
            runs = self.o.big_cold_runs if n >= BIG else self.o.runs
            argv = [str(GENAI), "validate", "--catalog", str(self.roots[n])]
            s = self.series(f"cold validate {size_label(n)}", argv, warm=False)
            last: Path | None = None
            for i in range(runs):
                log(f"cold validate {size_label(n)}: run {i + 1}/{runs}")
                cache = self.fresh_dir("cold-")
                s.env = self.env(cache)
                s.measure(0)
                if last is not None:
                    shutil.rmtree(last, ignore_errors=True)
                last = cache
            # The last run's cache seeds the warm runs: the key is the catalog path.
            if last is not None:
                self.warm_cache.mkdir(exist_ok=True)
                for item in last.iterdir():
                    os.replace(item, self.warm_cache / item.name)
                shutil.rmtree(last, ignore_errors=True)
            out[n] = s
            self.watch.check(f"cold validate {size_label(n)}")
        return out

    def cold_each(
        self, label: str, argv: list[str], ok_codes: frozenset[int] = frozenset({0})
    ) -> Series:
        """A command run with a fresh, empty cache every time."""
        s = self.series(label, argv, warm=False, ok_codes=ok_codes)
        for i in range(self.o.runs):
            log(f"{label}: run {i + 1}/{self.o.runs}")
            s.env = self.env(self.fresh_dir("cold-"))
            s.measure(0)
        return s

    def cold_extra(self) -> dict[str, Series]:
        """The parse floor and the cold first search at 10k; validate with dangling references."""
        out: dict[str, Series] = {}
        if 10_000 not in self.o.sizes:
            return out
        root = str(self.roots[10_000])
        # Run by run, side by side: the VM's speed drifts over minutes, and the
        # ratio of the two is the target.
        floor = self.series(
            "parse floor 10k", [sys.executable, "-c", PARSE_FLOOR, root], warm=False
        )
        first = self.series(
            "first search 10k (empty cache)",
            [str(GENAI), "search", "qlora", "--catalog", root],
            warm=False,
        )
        for i in range(self.o.runs):
            for s in (floor, first):
                log(f"{s.label}: run {i + 1}/{self.o.runs}")
                s.env = self.env(self.fresh_dir("cold-"))
                s.measure(0)
        out["floor"], out["first search"] = floor, first
        if self.dangling is not None:
            out["dangling"] = self.cold_each(
                f"cold validate 10k with {DANGLING} dangling references",
                [str(GENAI), "validate", "--catalog", str(self.dangling)],
                ok_codes=frozenset({3}),  # the dangling references are the point
            )
        return out

    def cold_help(self) -> Series:
        s = self.series("cold genai --help", [str(GENAI), "--help"], warm=False)
        for i in range(self.o.runs):
            log(f"cold --help: run {i + 1}/{self.o.runs}")
            s.env = self.env(self.fresh_dir("cold-cache-"), self.fresh_dir("cold-pyc-"))
            s.measure(0)
        return s

    def warm(self) -> dict[str, Series]:
        """Every warm command: one untimed warm-up each, then round robin."""
        genai = str(GENAI)
        found: dict[str, Series] = {
            "import": self.series("import baseline", [sys.executable, "-c", IMPORTS], warm=False),
            "help": self.series("warm genai --help", [genai, "--help"], warm=True),
            # Exit 7 is "no hits": still a search, reported as such.
            "bundled": self.series(
                "warm search bundled",
                [genai, "search", "qlora"],
                warm=True,
                ok_codes=frozenset({0, 7}),
            ),
        }
        found["complete bundled"] = self.series(
            "warm id completion bundled",
            [genai],
            warm=True,
            env=self.completion_env("genai show qlo"),
        )
        for n in self.o.sizes:
            root = str(self.roots[n])
            found[f"complete {n}"] = self.series(
                f"warm id completion {size_label(n)}",
                [genai],
                warm=True,
                env=self.completion_env(f"genai show --catalog {root} qlo"),
            )
            found[f"search {n}"] = self.series(
                f"warm search {size_label(n)}",
                [genai, "search", "qlora", "--catalog", root],
                warm=True,
                ok_codes=frozenset({0, 7}),
            )
            found[f"list {n}"] = self.series(
                f"warm list papers {size_label(n)}",
                [genai, "list", "papers", "--catalog", root, "--format", "json"],
                warm=True,
            )
            found[f"graph {n}"] = self.series(
                f"warm graph qlora depth 2 {size_label(n)}",
                [genai, "graph", "qlora", "--depth", "2", "--format", "json", "--catalog", root],
                warm=True,
            )
            found[f"path {n}"] = self.series(
                f"warm path qlora lora-paper {size_label(n)}",
                [genai, "path", "qlora", "lora-paper", "--catalog", root],
                warm=True,
            )
        if BIG in self.o.sizes:
            root = str(self.roots[BIG])
            found["grep"] = self.series(
                f"grep -rli qlora <{size_label(BIG)}>",
                ["grep", "-rli", "qlora", root],
                warm=False,
            )
            for command in ("list", "export"):
                found[f"{command} all"] = self.series(
                    f"warm {command} all {size_label(BIG)}",
                    [genai, command, "--catalog", root, "--format", "json"],
                    warm=True,
                )
        for s in found.values():
            log(f"warm-up: {s.label}")
            run_once(s.argv, s.env)
        for i in range(self.o.runs):
            log(f"warm round {i + 1}/{self.o.runs}")
            for s in found.values():
                s.measure(self.o.retries)
        return found

    def site_builds(self) -> dict[str, Series]:
        """`genai site` on the bundled catalog and at SITE_SIZES: each run rebuilds the site."""
        out: dict[str, Series] = {}
        catalogs: list[tuple[str, Path | None]] = [("bundled", None)]
        catalogs += [(size_label(n), self.roots[n]) for n in self.o.sizes if n in SITE_SIZES]
        for label, root in catalogs:
            dest = self.tmp / f"site-{label}"
            argv = [str(GENAI), "site", str(dest)]
            if root is not None:
                argv += ["--catalog", str(root)]
            s = self.series(f"site {label}", argv, warm=False)
            log(f"site {label}: first build (untimed)")
            run_once(argv, s.env)
            for i in range(self.o.runs):
                log(f"site {label}: rebuild {i + 1}/{self.o.runs}")
                s.measure(0)
            files = [p for p in dest.rglob("*") if p.is_file()]
            self.site_sizes[label] = (len(files), sum(p.stat().st_size for p in files))
            shutil.rmtree(dest, ignore_errors=True)
            out[label] = s
            self.watch.check(f"site {label}")
        return out

    def site_rows(self, sites: dict[str, Series]) -> list[Row]:
        rows = []
        for label, s in sites.items():
            where = "" if label == "bundled" else f" --catalog <{label}>"
            name = f"`genai site <dir>{where}` (rebuild{', bundled catalog' if not where else ''})"
            limit = SITE_TARGETS.get(label)
            target = f"≤ {limit:.0f} s" if limit else "—"
            count, size = self.site_sizes.get(label, (0, 0))
            detail = (
                f"{count:,} files, {size / 2**20:,.1f} MiB; CPU {secs(s.median_cpu())}; "
                f"peak RSS {mib(s.median_rss())}"
            )
            m = s.median()
            if s.problem() or m is None:
                rows.append(Row(name, secs(m), target, s.problem() or "—", "ERROR"))
            elif limit is None:
                rows.append(Row(name, secs(m), target, detail, "info"))
            else:
                result = f"{m / limit:.2f}x the target; {detail}"
                rows.append(Row(name, secs(m), target, result, verdict(m <= limit)))
        return rows

    def completion_env(self, line: str) -> dict[str, str]:
        """What bash's completion script sets when Tab is pressed at the end of ``line``."""
        return self.env(self.warm_cache) | {
            "_GENAI_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(line.split()) - 1),
        }

    def relevance_cases(self) -> tuple[Path | None, list[tuple[str, str]], str | None]:
        for rel in RELEVANCE_FILES:
            path = REPO / rel
            if not path.is_file():
                continue
            try:
                spec = importlib.util.spec_from_file_location("_relevance_cases", path)
                assert spec is not None and spec.loader is not None
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
                raw: Any = module.CASES
                cases = [(str(q), str(e)) for q, e in raw]
            except Exception as exc:
                return path, [], f"cannot load CASES from {rel}: {type(exc).__name__}: {exc}"
            return path, cases, None
        return None, [], None

    def mrr(self) -> Row:
        path, cases, error = self.relevance_cases()
        label = "relevance set MRR (bundled, `search --format json --limit 10`)"
        if path is None:
            return Row(label, "—", "—", "relevance set not found", "n/a")
        if error or not cases:
            return Row(label, "—", "—", error or f"{path.name} has no cases", "ERROR")
        log(f"relevance set: {len(cases)} queries")
        env = self.env(self.warm_cache)
        reciprocal: list[float] = []
        for query, expected in cases:
            argv = [str(GENAI), "search", query, "--format", "json", "--limit", "10"]
            proc = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
            try:
                ids = [hit["id"] for hit in json.loads(proc.stdout)]
            except (ValueError, TypeError, KeyError):
                ids = []
                self.relevance.append(
                    f"`{query}`: exit {proc.returncode}, no JSON: {proc.stderr.strip()[-160:]}"
                )
            rank = ids.index(expected) + 1 if expected in ids else None
            reciprocal.append(1 / rank if rank else 0.0)
            if rank != 1 and (ids or proc.stdout.strip()):
                where = f"rank {rank}" if rank else "not in top 10"
                self.relevance.append(
                    f"`{query}` → expected `{expected}`, {where}; "
                    f"top 3: {', '.join(ids[:3]) or '(none)'}"
                )
        hits1 = sum(1 for r in reciprocal if r == 1.0)
        mrr = statistics.fmean(reciprocal)
        return Row(
            f"{label}, {len(cases)} cases from `{path.relative_to(REPO)}`",
            f"{mrr:.3f}",
            "—",
            f"hit@1 {hits1 / len(cases):.3f} ({hits1}/{len(cases)})",
            "info",
        )

    # ---- the table

    def rows(
        self,
        cold: dict[int, Series],
        warm: dict[str, Series],
        help_cold: Series,
        extra: dict[str, Series],
        sites: dict[str, Series],
    ) -> list[Row]:
        rows: list[Row] = []
        imp, bundled = warm["import"], warm["bundled"]
        rows.append(
            Row(
                f'`python -c "{IMPORTS}"` (baseline)',
                secs(imp.median()),
                "—",
                f"peak RSS {mib(imp.median_rss())}",
                self.info(imp),
            )
        )
        rows.append(
            self.ratio_row(
                f"warm `genai search qlora` (bundled catalog, {bundled_count()} "
                "records) vs import baseline",
                bundled,
                imp,
                1.0,
                "import",
            )
        )
        rows.append(
            self.ratio_row(
                "warm id completion `genai show qlo<Tab>` (bash protocol, bundled) vs warm search",
                warm["complete bundled"],
                bundled,
                1.0,
                "warm search",
            )
        )
        for n in self.o.sizes:
            rows.append(
                self.ratio_row(
                    f"warm id completion `genai show --catalog <{size_label(n)}> qlo<Tab>` "
                    "vs warm search of the same catalog",
                    warm[f"complete {n}"],
                    warm[f"search {n}"],
                    1.0,
                    "warm search",
                )
            )
        targeted = sorted(set(self.o.sizes) | {10_000, BIG})
        for n in targeted:
            label = f"warm `genai search qlora --catalog <{size_label(n)}>`"
            if n not in self.o.sizes:
                target = "≤ 1.5x bundled search" if n == 10_000 else "≤ 0.5 s; peak RSS ≤ 1 GiB"
                rows.append(Row(label, "—", target, f"not run: {n} not in --sizes", "skipped"))
                continue
            s = warm[f"search {n}"]
            if n == 10_000:
                rows.append(
                    self.ratio_row(label + " vs bundled", s, bundled, 1.3, "bundled search")
                )
            elif n == BIG:
                rows.append(self.ratio_row(label + " vs grep", s, warm["grep"], 1.0, "grep -rli"))
                rows.append(
                    Row(
                        f"peak RSS of {label}",
                        mib(s.median_rss()),
                        "≤ 1 GiB",
                        f"max over runs {mib(s.max_rss())}",
                        verdict((s.median_rss() or 0) <= GIB_KIB),
                    )
                )
                for command in ("list", "export"):
                    rows.append(
                        self.ratio_row(
                            f"warm `genai {command} --catalog <{size_label(BIG)}> --format json`"
                            " (every record) vs warm search on it",
                            warm[f"{command} all"],
                            s,
                            2.0,
                            "warm search",
                        )
                    )
            else:
                rss = f"peak RSS {mib(s.median_rss())}"
                rows.append(Row(label, secs(s.median()), "—", rss, self.info(s)))
        for n in self.o.sizes:
            s = warm[f"list {n}"]
            label = (
                f"warm `genai list papers --catalog <{size_label(n)}> --format json > /dev/null`"
            )
            rss = f"peak RSS {mib(s.median_rss())}"
            rows.append(Row(label, secs(s.median()), "—", rss, self.info(s)))
        if "floor" in extra:
            rows.append(
                self.ratio_row(
                    "first `genai search qlora --catalog <10k>` with an empty cache vs the parse "
                    "floor (PyYAML C loader + pydantic over the same files, one process)",
                    extra["first search"],
                    extra["floor"],
                    1.5,
                    "parse floor",
                )
            )
        if "dangling" in extra and 10_000 in cold:
            rows.append(
                self.ratio_row(
                    f"cold `genai validate` on 10k with {DANGLING} dangling references vs clean",
                    extra["dangling"],
                    cold[10_000],
                    1.5,
                    "clean 10k",
                )
            )
        for n in self.o.sizes:
            rows.extend(self.link_rows(n, warm))
        for n in targeted:
            if n in self.o.sizes:
                rows.extend(self.cold_rows(n, cold[n]))
            else:
                target = "≤ 10 s" if n == 10_000 else "≤ 60 s"
                label = f"cold `genai validate --catalog <{size_label(n)}>`"
                rows.append(Row(label, "—", target, f"not run: {n} not in --sizes", "skipped"))
        help_warm = warm["help"]
        rows.append(
            Row(
                "cold `genai --help` (fresh empty bytecode cache and GENAI_CACHE_DIR)",
                secs(help_cold.median()),
                "—",
                f"peak RSS {mib(help_cold.median_rss())}",
                self.info(help_cold),
            )
        )
        rows.append(
            self.ratio_row(
                "warm `genai --help` vs a warm search (bundled)", help_warm, bundled, 1.0,
                "warm search",
            )
        )  # fmt: skip
        rows.extend(self.site_rows(sites))
        rows.append(self.mrr())
        return rows

    def link_rows(self, n: int, warm: dict[str, Series]) -> list[Row]:
        """Graph and path queries against a warm search on the same catalog."""
        rows = []
        search = warm[f"search {n}"]
        for key, command in (
            ("graph", "genai graph qlora --depth 2 --format json"),
            ("path", "genai path qlora lora-paper"),
        ):
            label = f"warm `{command} --catalog <{size_label(n)}>` vs search"
            s = warm[f"{key} {n}"]
            if n >= BIG:
                rows.append(self.ratio_row(label, s, search, 1.5, f"search {size_label(n)}"))
                continue
            m, b = s.median(), search.median()
            ratio = f"{m / b:.2f}x search" if m and b else "—"
            rows.append(Row(label, secs(m), "—", ratio, self.info(s)))
        return rows

    @staticmethod
    def info(s: Series) -> str:
        return "ERROR" if s.problem() else "info"

    def ratio_row(self, label: str, s: Series, base: Series, limit: float, base_name: str) -> Row:
        problem = s.problem() or base.problem()
        m, b = s.median(), base.median()
        if problem or m is None or b is None:
            return Row(label, secs(m), f"≤ {limit}x {base_name}", problem or "—", "ERROR")
        ratio = m / b
        result = f"{ratio:.2f}x ({secs(m)} / {secs(b)})"
        no_hits = [x.label for x in (s, base) if any(y.returncode == 7 for y in x.samples)]
        if no_hits:
            result += f"; note: {' and '.join(no_hits)} found no hits (exit 7)"
        return Row(label, secs(m), f"≤ {limit:.1f}x {base_name}", result, verdict(ratio <= limit))

    def cold_rows(self, n: int, s: Series) -> list[Row]:
        count = len(s.samples)
        runs = f"{count} run{'s' if count != 1 else ''}" + (
            ", reduced for 100k" if n >= BIG else ""
        )
        label = f"cold `genai validate --catalog <{size_label(n)}>` ({runs})"
        limit = {10_000: 10.0, BIG: 60.0}.get(n)
        target = f"≤ {limit:.0f} s" if limit else "—"
        problem = s.problem()
        m = s.median()
        rss = f"CPU {secs(s.median_cpu())}; peak RSS {mib(s.median_rss())} (max {mib(s.max_rss())})"
        if problem or m is None:
            # The median of the runs that did succeed is still shown, beside the error.
            row = Row(label, secs(m), target, problem or "—", "ERROR")
        elif limit is None:
            row = Row(label, secs(m), target, rss, "info")
        else:
            row = Row(
                label, secs(m), target, f"{m / limit:.2f}x the target; {rss}", verdict(m <= limit)
            )
        rows = [row]
        if n >= BIG and s.valid:
            rss_label = f"peak RSS of cold validate <{size_label(n)}>"
            max_rss = f"max over runs {mib(s.max_rss())}"
            rows.append(Row(rss_label, mib(s.median_rss()), "—", max_rss, "info"))
        return rows

    def details(self) -> str:
        lines = [
            "| series | command | runs | discarded | exit codes | median | min | max "
            "| samples (s) | median CPU | median RSS | max RSS |",
            "| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
        ]
        for s in self.all_series:
            walls = [x.wall_s for x in s.valid]
            shown = " ".join(shorten_argv(s.argv))
            lines.append(
                f"| {s.label} | `{shown}` | {len(s.samples)} | {s.discarded} | {s.codes()} | "
                f"{secs(s.median())} | {secs(min(walls, default=None))} | "
                f"{secs(max(walls, default=None))} | {' '.join(f'{w:.3f}' for w in walls)} | "
                f"{secs(s.median_cpu())} | {mib(s.median_rss())} | {mib(s.max_rss())} |"
            )
        return "\n".join(lines) + "\n"


def shorten_argv(argv: list[str]) -> list[str]:
    out = []
    for arg in argv:
        path = Path(arg)
        if arg == str(GENAI):
            out.append("genai")
        elif arg == sys.executable:
            out.append("python")
        elif path.is_absolute() and path.parent.name == "catalogs":
            out.append(f"<{path.name}>")
        elif path.is_absolute() and path.name.startswith("site-"):
            out.append("<dir>")
        else:
            out.append(arg)
    return out


def bundled_count() -> int | str:
    try:
        from genai_catalog.model.kinds import FOLDERS
        from genai_catalog.paths import bundled_catalog
    except ImportError:
        return "?"
    root = bundled_catalog()
    return sum(
        len(list((root / folder).glob("*.yaml")))
        for folder in FOLDERS.values()
        if (root / folder).is_dir()
    )


def source_fingerprint() -> str:
    """A hash of the package's source: did someone edit it while we measured?"""
    try:
        import genai_catalog
    except ImportError:
        return "?"
    package = Path(genai_catalog.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


class SourceWatch:
    """Notices which phases of the run saw the genai source change under them."""

    def __init__(self) -> None:
        self.first = self.last = source_fingerprint()
        self.changed_in: list[str] = []

    def check(self, phase: str) -> None:
        now = source_fingerprint()
        if now != self.last:
            self.changed_in.append(phase)
            self.last = now


def genai_version() -> str:
    proc = subprocess.run([str(GENAI), "--version"], capture_output=True, text=True, check=False)
    return proc.stdout.strip() or f"? (exit {proc.returncode})"


def machine() -> list[str]:
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        f"- machine: {platform.system()} {platform.machine()}, nproc {affinity} "
        f"(cpu_count {os.cpu_count()}), load average at start {load}",
        f"- python: {platform.python_version()} ({sys.executable})",
    ]


def parse_args(argv: Sequence[str] | None) -> Options:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="1000,10000,100000",
        help="catalog sizes to generate and measure (comma-separated)",
    )
    parser.add_argument("--runs", type=int, default=7, help="timed runs per measurement")
    parser.add_argument(
        "--big-cold-runs",
        type=int,
        default=3,
        help=f"runs of the cold validate at ≥ {BIG} records (default 3)",
    )
    parser.add_argument("--out", type=Path, default=HERE / "out" / "results.md")
    parser.add_argument("--seed", type=int, default=0, help="generator seed")
    parser.add_argument(
        "--catalogs",
        type=Path,
        default=HERE / "out" / "catalogs",
        help="where generated catalogs are kept, as <n>-<seed>/",
    )
    parser.add_argument(
        "--retries",
        type=int,
        default=3,
        help="re-runs of a warm sample that found the cache rebuilt",
    )
    args = parser.parse_args(argv)
    sizes = sorted({int(x) for x in args.sizes.split(",") if x.strip()})
    if args.runs < 1 or args.big_cold_runs < 1:
        parser.error("--runs and --big-cold-runs must be at least 1")
    return Options(
        sizes,
        args.runs,
        args.big_cold_runs,
        args.out.resolve(),
        args.seed,
        args.catalogs.resolve(),
        args.retries,
    )


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_args(argv)
    if not GENAI.exists():
        print(
            f"error: no genai console script at {GENAI}; run with the venv's python",
            file=sys.stderr,
        )
        return 2
    options.out.parent.mkdir(parents=True, exist_ok=True)
    date = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    header = [
        f"# genai-catalog benchmarks, {date}",
        "",
        *machine(),
        f"- genai: {genai_version()}",
        f"- bundled catalog: {bundled_count()} record files",
    ]
    with tempfile.TemporaryDirectory(prefix="genai-bench-") as tmp:
        bench = Bench(options, Path(tmp))
        watch = bench.watch
        bench.generate()
        bench.prime()
        watch.check("generation and priming")
        cold = bench.cold_validate()
        extra = bench.cold_extra()
        help_cold = bench.cold_help()
        watch.check("cold --help")
        warm = bench.warm()
        watch.check("warm runs")
        sites = bench.site_builds()
        rows = bench.rows(cold, warm, help_cold, extra, sites)
        watch.check("relevance set")
    if _launcher is not None:
        _launcher.close()
    elapsed = time.perf_counter() - STARTED
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    header += [
        f"- runs: {options.runs} per measurement ({options.big_cold_runs} for cold validate at "
        f"≥ {size_label(BIG)}); medians of wall time; CPU is the child's user+system time; "
        "RSS is each child's own ru_maxrss",
        "- generated catalogs (seed "
        f"{options.seed}): "
        + ", ".join(f"{size_label(n)} {how}" for n, how in bench.generated.items()),
        f"- total time {elapsed:.0f} s; load average at end {load}",
        f"- genai source fingerprint (sha256 of src/genai_catalog/**/*.py): {watch.first} "
        f"at start, {watch.last} at end",
    ]
    notes = []
    if watch.changed_in:
        notes.append(
            "**The genai source changed during this run**, during: "
            f"{', '.join(watch.changed_in)}. Numbers from those phases may mix code versions "
            "(warm samples that found the cache rebuilt were discarded and re-run)."
        )
    discarded = sum(s.discarded for s in bench.all_series)
    if discarded:
        notes.append(
            f"{discarded} warm sample(s) found the index cache rewritten (the source "
            "or the catalog changed) and were discarded and re-run."
        )
    report = "\n".join(header) + "\n\n" + table(rows)
    if notes:
        report += "\n" + "\n".join(f"- {n}" for n in notes) + "\n"
    print(report)
    full = report + "\n## Every series\n\n" + bench.details()
    if bench.relevance:
        full += "\n## Relevance misses\n\n" + "\n".join(f"- {m}" for m in bench.relevance) + "\n"
    options.out.write_text(full, encoding="utf-8")
    log(f"wrote {options.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
