"""BibTeX: every paper comes back from a real parser as the record says, whatever its text."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from bibtexparser import middlewares
from bibtexparser.entrypoint import parse_string
from bibtexparser.library import Library
from hypothesis import given, settings
from hypothesis import strategies as st
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from genai_catalog.exporters import Job, bibtex
from tests.helpers import bundled, require_program

Record = dict[str, Any]


def decoder() -> LatexNodes2Text:
    """pylatexenc's LaTeX-to-text, taught the kernel's brace and circumflex commands."""
    context = get_default_latex_context_db()
    context.add_context_category(
        "kernel-text-commands",
        prepend=True,
        macros=[
            MacroTextSpec("textbraceleft", "{"),
            MacroTextSpec("textbraceright", "}"),
            MacroTextSpec("textasciicircum", "^"),
        ],
    )
    return LatexNodes2Text(latex_context=context, math_mode="text", keep_braced_groups=False)


def parse(text: str) -> Library:
    """The entries, every field decoded to plain text and ``author`` split into a list."""
    to_text = decoder()
    # Authors are split first: decoding drops the braces that keep "{A and B}" one author.
    library = parse_string(
        text,
        append_middleware=[
            middlewares.SeparateCoAuthors(),
            middlewares.LatexDecodingMiddleware(decoder=to_text),
        ],
    )
    for entry in library.entries:
        if "author" in entry.fields_dict:  # the middleware decodes strings, not lists
            entry["author"] = [to_text.latex_to_text(name) for name in entry["author"]]
    return library


def paper(**fields: Any) -> Record:
    return {
        "id": "qlora-paper",
        "kind": "paper",
        "name": "QLoRA: Efficient Finetuning of Quantized LLMs",
        "year": 2023,
        "arxiv": "2305.14314",
        "authors": ["Tim Dettmers", "Artidoro Pagnoni"],
        "topics": ["peft"],
        "summary": "s",
    } | fields


def render(*records: Record) -> str:
    return bibtex.render(Job(list(records)))


def test_an_arxiv_paper_follows_arxivs_convention() -> None:
    assert render(paper()) == (
        "@misc{dettmers2023qlora,\n"
        "  title = {{QLoRA}: Efficient Finetuning of Quantized {LLMs}},\n"
        "  author = {Tim Dettmers and Artidoro Pagnoni},\n"
        "  year = {2023},\n"
        "  eprint = {2305.14314},\n"
        "  archivePrefix = {arXiv},\n"
        "  url = {https://arxiv.org/abs/2305.14314},\n"
        "  keywords = {peft},\n"
        "}\n"
    )


def test_a_paper_with_a_venue_keeps_its_eprint_fields() -> None:
    text = render(paper(venue="NeurIPS 2023"))
    assert text.startswith("@inproceedings{dettmers2023qlora,\n")
    assert "  booktitle = {NeurIPS 2023},\n" in text
    assert "  eprint = {2305.14314},\n  archivePrefix = {arXiv},\n" in text
    assert "primaryClass" not in text  # records do not hold it: never guessed


def test_a_paper_off_arxiv_has_its_own_url_and_no_eprint() -> None:
    record = paper(arxiv=None, venue="ACL 2002", url="https://aclanthology.org/P02-1040.pdf")
    text = render({k: v for k, v in record.items() if v is not None})
    assert "eprint" not in text and "archivePrefix" not in text
    assert "  url = {https://aclanthology.org/P02-1040.pdf},\n" in text


@pytest.mark.parametrize(
    ("venue", "kind"),
    [
        ("NeurIPS 2023", "inproceedings"),
        ("NeurIPS 2023 Datasets and Benchmarks", "inproceedings"),
        ("Text Summarization Branches Out (ACL 2004 workshop)", "inproceedings"),
        ("Proceedings of Machine Learning Research", "inproceedings"),
        ("Transactions of the Association for Computational Linguistics", "article"),
        ("JMLR", "article"),
        ("Nature", "article"),
        ("OpenAI blog", "misc"),
        ("Technical report", "misc"),
        (None, "misc"),
    ],
)
def test_the_entry_type_is_decided_from_the_venue_conservatively(
    venue: str | None, kind: str
) -> None:
    assert bibtex.entry_type(venue) == kind


def test_a_venue_that_names_no_known_kind_goes_in_a_note() -> None:
    text = render(paper(venue="OpenAI blog"))
    assert text.startswith("@misc{") and "  note = {OpenAI blog},\n" in text


def test_keys_shared_by_several_papers_get_suffixes_in_id_order() -> None:
    first = paper(id="b-paper", name="Attention Is All You Need")
    second = paper(id="a-paper", name="Attention, Again")
    third = paper(id="c-paper", name="Scaling")
    keys = bibtex.cite_keys([first, second, third])
    assert keys == {
        "a-paper": "dettmers2023attentiona",
        "b-paper": "dettmers2023attentionb",
        "c-paper": "dettmers2023scaling",
    }
    assert bibtex.cite_keys([second, third, first]) == keys


def test_a_papers_key_does_not_depend_on_the_filters() -> None:
    catalog = bundled()
    selected = [r for r in catalog.select(kind="paper") if r["id"] == "qlora-paper"]
    assert bibtex.render(Job(selected, catalog)).startswith("@inproceedings{dettmers2023qlora,")


def test_a_suffixed_key_never_takes_another_papers_key() -> None:
    # "llam" + "a" would be the key of the paper about "llama" without the check.
    llama = paper(id="z-paper", name="Llama")
    twins = [paper(id=f"t{i}-paper", name="Llam") for i in range(2)]
    keys = bibtex.cite_keys([llama, *twins])
    assert keys["z-paper"] == "dettmers2023llama"
    assert len(set(keys.values())) == 3


@pytest.mark.parametrize(
    ("authors", "name", "key"),
    [
        (["Łukasz Kaiser"], "Attention Is All You Need", "kaiser2023attention"),
        (["Baptiste Rozière"], "The LLaMA Paper", "roziere2023llama"),
        (["Martin Luther King Jr."], "On Dreams", "king2023dreams"),
        (["Le, Quoc V."], "Towards a Theory", "le2023theory"),
        (["Michiel de Jong"], "2023: A Year", "jong2023year"),
        ([], "Anything", "qlora-paper"),
        (["李"], "Anything", "qlora-paper"),
    ],
)
def test_keys_are_surname_year_word_in_ascii_or_the_record_id(
    authors: list[str], name: str, key: str
) -> None:
    assert bibtex.cite_keys([paper(authors=authors, name=name)]) == {"qlora-paper": key}


def test_the_whole_bundled_catalog_parses_back_to_its_records() -> None:
    catalog = bundled()
    papers = catalog.select(kind="paper")
    library = parse(bibtex.render(Job(papers, catalog)))
    assert library.failed_blocks == []
    assert len(library.entries) == len(papers)
    keys = [entry.key for entry in library.entries]
    assert len(set(keys)) == len(keys)
    mismatches = []
    for record, entry in zip(papers, library.entries, strict=True):
        fields = entry.fields_dict
        found = {
            "title": entry["title"],
            "authors": entry["author"] if "author" in fields else [],
            "year": int(entry["year"]),
            "eprint": entry["eprint"] if "eprint" in fields else None,
        }
        expected = {
            "title": record["name"],
            "authors": record.get("authors", []),
            "year": record["year"],
            "eprint": record.get("arxiv"),
        }
        if record.get("authors"):
            assert re.fullmatch(r"[a-z]+[0-9]{4}[a-z0-9]*", entry.key), entry.key
        else:
            assert entry.key == record["id"]
        if found != expected:
            mismatches.append((record["id"], found, expected))
    assert mismatches == []
    assert library.entries_dict["dettmers2023qlora"]["archivePrefix"] == "arXiv"


HOSTILE = [
    "a { b",
    "a } b",
    "}{",
    "{{{",
    "\\",
    "C:\\new\\table",
    "\\end{document}",
    "100% sure",
    "50% of $x$ #1 _u ~ ^ & done",
    "@misc{x, title = {",
    '"quoted" title',
    "en--dash and ''quotes'' and ``more`` ?` !`",
    "<script>alert(1)</script> | pipe",
    "Łódź, Müller, Ærøskøbing, Straße, naïve, Čapek, Øresund",
    "α-β pruning × Γ",
    "–— “” …",
]
# pylatexenc reads `x' as the ASCII characters, LaTeX prints them as ‘x’: compile only.
PRINT_ONLY = ["‘single’ quotes", "中文 題名", "©2024 § ¶ † ‡ ° ± √ ∞"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_titles_and_authors_parse_back_unchanged(text: str) -> None:
    library = parse(render(paper(name=text, authors=[text, "Tim Dettmers"], venue=text)))
    assert library.failed_blocks == []
    [entry] = library.entries
    assert entry["title"] == text
    assert entry["author"] == [text, "Tim Dettmers"]
    assert entry["note"] == text


def test_characters_latex_cannot_print_become_their_code_points() -> None:
    assert bibtex.title("中文 LLM") == "{U+4E2D}{U+6587} {LLM}"
    library = parse(render(paper(name="中文")))
    assert library.failed_blocks == [] and library.entries[0]["title"] == "U+4E2DU+6587"


def test_accented_letters_are_latex_accent_commands() -> None:
    assert bibtex.author("Jörg Łukasz Čapek İ í ǘ") == (
        r"J{\"o}rg {\L}ukasz {\v C}apek {\.I} {\'\i} {\'{\"u}}"
    )


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=60), st.text(min_size=1, max_size=30))
def test_any_text_gives_one_well_formed_ascii_entry(name: str, author: str) -> None:
    text = render(paper(name=name, authors=[author], venue=name))
    assert text.isascii()
    depth = 0
    for char in text:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0
    library = parse(text)
    assert library.failed_blocks == []
    assert len(library.entries) == 1


def test_the_bibliography_compiles_with_bibtex_and_pdflatex(tmp_path: Path) -> None:
    pdflatex = require_program("pdflatex", "to compile the exported bibliography")
    bibtex_program = require_program("bibtex", "to compile the exported bibliography")
    catalog = bundled()
    hostile = [
        paper(id=f"hostile-{i}", name=text, authors=[text], venue=text)
        for i, text in enumerate([*HOSTILE, *PRINT_ONLY])
    ]
    (tmp_path / "catalog.bib").write_text(
        bibtex.render(Job(catalog.select(kind="paper") + hostile, catalog)), encoding="ascii"
    )
    (tmp_path / "main.tex").write_text(
        "\\documentclass{article}\n\\usepackage{url}\n\\begin{document}\n\\nocite{*}\n"
        "\\bibliographystyle{plain}\n\\bibliography{catalog}\n\\end{document}\n"
    )

    def step(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            argv, cwd=tmp_path, capture_output=True, text=True, check=False, timeout=120
        )

    latex = (pdflatex, "-interaction=nonstopmode", "-halt-on-error", "main.tex")
    assert step(*latex).returncode == 0
    # 0: clean, 1: warnings only (papers without authors); 2 and up are errors.
    assert step(bibtex_program, "main").returncode in (0, 1), (tmp_path / "main.blg").read_text()
    assert "error message" not in (tmp_path / "main.blg").read_text()
    final = step(*latex)
    assert final.returncode == 0, final.stdout[-2000:]
    bbl = (tmp_path / "main.bbl").read_text()
    assert bbl.count("\\bibitem") == len(catalog.select(kind="paper")) + len(hostile)
