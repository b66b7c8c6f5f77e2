"""genai add arxiv: every way it succeeds, and every way it fails without writing anything."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests import arxiv_feeds as feeds
from tests.cli.conftest import Editor, FakeClock
from tests.helpers import run

DPO = "2305.18290"
DPO_TITLE = "Direct Preference Optimization: Your Language Model is Secretly a Reward Model"
DPO_AUTHORS = ("Rafael Rafailov", "Archit Sharma", "Eric Mitchell", "Stefano Ermon",
               "Christopher D. Manning", "Chelsea Finn")  # fmt: skip
ABSTRACT = (
    "A placeholder abstract that stands for the real one: preference data can train the "
    "policy directly with a classification loss, without fitting a reward model first."
)
DPO_FEED = feeds.feed(
    feeds.entry(
        DPO, 3, DPO_TITLE, DPO_AUTHORS, "2023-05-29T17:57:46Z", ABSTRACT, journal_ref="NeurIPS 2023"
    ),
    ids=DPO,
)
OURS = "Trains a language model on preference pairs directly, with no separate reward model."
DRAFT_NOTE = (
    "(a draft: write its summary in our own words, then remove 'draft: true' "
    "('genai list --drafts' lists drafts))"
)


def files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def serve(api: HTTPServer, body: bytes = DPO_FEED, status: int = 200) -> None:
    api.expect_request("/api/query").respond_with_data(
        body, status=status, content_type="application/atom+xml"
    )


def test_a_new_paper_is_written_as_a_draft(arxiv_api: HTTPServer, catalog_copy: Path) -> None:
    serve(arxiv_api)
    result = run("add", "arxiv", f"https://arxiv.org/abs/{DPO}v3", "--catalog", catalog_copy)
    path = catalog_copy / "papers" / "direct-preference-optimization-paper.yaml"
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"wrote {path} {DRAFT_NOTE}\n"
    assert path.read_text() == (
        "# yaml-language-server: $schema=../.schemas/paper.schema.json\n"
        "id: direct-preference-optimization-paper\n"
        "kind: paper\n"
        f'name: "{DPO_TITLE}"\n'
        "draft: true\n"
        "year: 2023\n"
        f'arxiv: "{DPO}"\n'
        "authors:\n" + "".join(f"  - {name}\n" for name in DPO_AUTHORS) + "venue: NeurIPS 2023\n"
        "links:\n"
        f'  - {{label: arXiv abstract, url: "https://arxiv.org/abs/{DPO}", type: paper}}\n'
        f'  - {{label: arXiv PDF, url: "https://arxiv.org/pdf/{DPO}", type: paper}}\n'
    )
    request = arxiv_api.log[0][0]
    assert request.args["id_list"] == DPO
    assert request.headers["User-Agent"].startswith("genai-catalog/")
    validated = run("validate", "--catalog", catalog_copy)
    assert validated.exit_code == 0
    assert "warning: draft: is a draft" in validated.stdout
    listed = run("list", "--drafts", "--catalog", catalog_copy)
    assert listed.stdout.split()[5:6] == ["direct-preference-optimization-paper"]


def test_summary_topics_builds_on_and_id(arxiv_api: HTTPServer, catalog_copy: Path) -> None:
    serve(arxiv_api)
    result = run("add", "arxiv", f"arXiv:{DPO}", "--id", "dpo-paper", "--summary", OURS,
                 "--topics", "fine-tuning,llm", "--builds-on", "LoRA: Low-Rank Adaptation of "
                 "Large Language Models", "--catalog", catalog_copy)  # fmt: skip
    path = catalog_copy / "papers" / "dpo-paper.yaml"
    assert (result.exit_code, result.stdout) == (0, f"wrote {path}\n")
    text = path.read_text()
    assert "draft" not in text
    assert f"summary: >-\n  {OURS}\ntopics: [fine-tuning, llm]\nbuilds_on: [lora-paper]\n" in text
    assert run("validate", "--catalog", catalog_copy).exit_code == 0


def test_a_paper_already_in_the_catalog(arxiv_api: HTTPServer, catalog_copy: Path) -> None:
    before = files(catalog_copy)
    result = run(
        "add", "arxiv", "https://arxiv.org/pdf/2305.14314v2.pdf", "--catalog", catalog_copy
    )
    assert result.exit_code == 9
    assert result.stderr == (
        "Error: arXiv 2305.14314 is already in the catalog: qlora-paper "
        f"({catalog_copy}/papers/qlora-paper.yaml); nothing was written\n"
    )
    assert arxiv_api.log == []  # not even asked
    assert files(catalog_copy) == before


BAD_ARGUMENTS = [
    (["qlora"], "'qlora' is not an arXiv id or URL "
     "(like 2305.14314 or https://arxiv.org/abs/2305.14314)"),
    ([DPO, "--topics", "peft,finetuning"], "unknown topic 'finetuning' "
     "(did you mean: fine-tuning?); the catalog's topics.yaml lists them"),
    ([DPO, "--builds-on", "lora"], "'lora' is a technique; a paper builds on papers"),
    ([DPO, "--id", "Bad Id"], "'Bad Id' is not an id: use lowercase letters, digits "
     "and hyphens (like 'bad-id')"),
    ([DPO, "--summary", "  "], "the summary is blank; write 1-3 sentences or leave it out"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), BAD_ARGUMENTS)
def test_bad_arguments_are_refused_before_any_request(
    arxiv_api: HTTPServer, catalog_copy: Path, args: list[str], message: str
) -> None:
    before = files(catalog_copy)
    result = run("add", "arxiv", *args, "--catalog", catalog_copy)
    assert (result.exit_code, result.stderr) == (2, f"Error: {message}\n")
    assert arxiv_api.log == []
    assert files(catalog_copy) == before


def test_an_id_that_is_taken(arxiv_api: HTTPServer, catalog_copy: Path) -> None:
    result = run("add", "arxiv", DPO, "--id", "lora", "--catalog", catalog_copy)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: the id 'lora' is taken: {catalog_copy}/techniques/lora.yaml; choose another\n"
    )


def test_the_id_from_the_title_is_made_unique(arxiv_api: HTTPServer, catalog_copy: Path) -> None:
    (catalog_copy / "papers" / "direct-preference-optimization-paper.yaml").write_text("broken: [")
    serve(arxiv_api)
    result = run("add", "arxiv", DPO, "--catalog", catalog_copy)
    assert result.exit_code == 0, result.stderr
    assert (catalog_copy / "papers" / "direct-preference-optimization-paper-2.yaml").exists()


def network_failure(catalog: Path, code: int, message: str, *args: str) -> None:
    before = files(catalog)
    result = run("add", "arxiv", DPO, *args, "--catalog", catalog)
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", f"Error: {message}\n")
    assert files(catalog) == before


def test_an_unknown_id(arxiv_api: HTTPServer, catalog_copy: Path) -> None:
    serve(arxiv_api, feeds.EMPTY)
    network_failure(catalog_copy, 4, f"arXiv has no paper with the id {DPO}")


def test_the_error_entry(arxiv_api: HTTPServer, catalog_copy: Path) -> None:
    serve(arxiv_api, feeds.ERROR)
    network_failure(
        catalog_copy, 10, "the arXiv API refused the query: incorrect id format for 1234.12345"
    )


@pytest.mark.parametrize("payload", [feeds.BOMB, feeds.EXTERNAL], ids=["bomb", "external"])
def test_hostile_xml(arxiv_api: HTTPServer, catalog_copy: Path, payload: bytes) -> None:
    serve(arxiv_api, payload)
    network_failure(
        catalog_copy,
        10,
        "the arXiv API's answer declares a DTD or entities, which an Atom feed never needs; "
        "it was refused unread",
    )


def test_malformed_xml(arxiv_api: HTTPServer, catalog_copy: Path) -> None:
    serve(arxiv_api, feeds.MALFORMED)
    line = feeds.MALFORMED.decode().splitlines().index("  </entr>") + 1
    network_failure(
        catalog_copy, 10, f"the arXiv API's answer is not well-formed XML (line {line}, column 5)"
    )


def test_503_then_success(arxiv_api: HTTPServer, catalog_copy: Path, clock: FakeClock) -> None:
    arxiv_api.expect_ordered_request("/api/query").respond_with_data("", status=503)
    arxiv_api.expect_ordered_request("/api/query").respond_with_data(DPO_FEED)
    result = run("add", "arxiv", DPO, "--catalog", catalog_copy)
    assert result.exit_code == 0, result.stderr
    assert clock.sleeps == [3.0]


def test_429_with_retry_after(arxiv_api: HTTPServer, catalog_copy: Path, clock: FakeClock) -> None:
    arxiv_api.expect_ordered_request("/api/query").respond_with_data(
        "Rate exceeded.", status=429, headers={"Retry-After": "11"}
    )
    arxiv_api.expect_ordered_request("/api/query").respond_with_data(DPO_FEED)
    result = run("add", "arxiv", DPO, "--catalog", catalog_copy)
    assert result.exit_code == 0, result.stderr
    assert clock.sleeps == [11.0]


def test_a_service_that_stays_unavailable(arxiv_api: HTTPServer, catalog_copy: Path) -> None:
    serve(arxiv_api, b"", status=503)
    host = f"127.0.0.1:{arxiv_api.port}"
    network_failure(
        catalog_copy, 10, f"{host} answered HTTP 503 (Service Unavailable) 4 times; try again later"
    )


def test_an_http_error(arxiv_api: HTTPServer, catalog_copy: Path) -> None:
    serve(arxiv_api, b"no", status=400)
    network_failure(catalog_copy, 10, f"127.0.0.1:{arxiv_api.port} answered HTTP 400 (Bad Request)")


def test_a_timeout(
    arxiv_api: HTTPServer, catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow(request: Request) -> Response:
        time.sleep(1.0)
        return Response(DPO_FEED)

    arxiv_api.expect_request("/api/query").respond_with_handler(slow)
    monkeypatch.setenv("GENAI_HTTP_TIMEOUT", "0.2")
    network_failure(catalog_copy, 10, f"127.0.0.1:{arxiv_api.port} did not answer within 0.2 s")


def test_a_refused_connection(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch, clock: FakeClock
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("GENAI_ARXIV_API", f"http://127.0.0.1:{port}/api/query")
    network_failure(catalog_copy, 10, f"cannot reach 127.0.0.1:{port}: the connection was refused")


def test_no_dns(catalog_copy: Path, monkeypatch: pytest.MonkeyPatch, clock: FakeClock) -> None:
    def no_dns(*args: object, **kwargs: object) -> object:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    network_failure(
        catalog_copy,
        10,
        "cannot reach export.arxiv.org: the host name does not resolve (is the network up?)",
    )


def test_a_bad_api_setting(catalog_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GENAI_ARXIV_API", "ftp://mirror.example/api")
    network_failure(
        catalog_copy, 2, "$GENAI_ARXIV_API must be an http:// or https:// URL, not 'ftp://mirror.example/api'"
    )  # fmt: skip


def test_a_summary_that_copies_the_abstract(arxiv_api: HTTPServer, catalog_copy: Path) -> None:
    serve(arxiv_api)
    before = files(catalog_copy)
    copied = ABSTRACT.split(": ", 1)[1]
    result = run("add", "arxiv", DPO, "--summary", copied, "--catalog", catalog_copy)
    path = catalog_copy / "papers" / "direct-preference-optimization-paper.yaml"
    assert result.exit_code == 3
    assert result.stderr == (
        f"{path}:15:1: summary: copies the abstract; write 1-3 sentences in our own words\n"
        "Error: the paper record has 1 problem(s); nothing was written\n"
    )
    assert files(catalog_copy) == before


# ---- in a terminal: the editor


def test_the_editor_shows_the_abstract_and_its_summary_is_kept(
    arxiv_api: HTTPServer, catalog_copy: Path, editor: Editor
) -> None:
    serve(arxiv_api)
    editor.script(f"summary:{OURS}")
    result = run("add", "arxiv", DPO, "--catalog", catalog_copy)
    assert result.exit_code == 0, result.stderr
    shown = editor.shown[0]
    assert "summary: >-\n  \n" in shown
    assert "# The abstract, for reference only:\n#   A placeholder abstract" in shown
    text = (catalog_copy / "papers" / "direct-preference-optimization-paper.yaml").read_text()
    assert f"summary: >-\n  {OURS}\n" in text
    assert "draft" not in text
    assert "placeholder" not in text  # the abstract's comment lines are gone
    assert text.count("#") == 1  # only the schema header


def test_an_invalid_edit_can_be_edited_again(
    arxiv_api: HTTPServer, catalog_copy: Path, editor: Editor
) -> None:
    serve(arxiv_api)
    editor.script(
        "replace:year: 2023=>year: 2031", "replace:year: 2031=>year: 2023", f"summary:{OURS}"
    )
    result = run("add", "arxiv", DPO, "--catalog", catalog_copy, stdin="e\ne\n")
    assert result.exit_code == 0, result.stderr
    assert "The record has problems:\n" in result.stderr
    assert "summary: is empty" in result.stderr
    assert editor.left == []
    assert len(editor.shown) == 3


def test_an_invalid_edit_can_keep_the_draft(
    arxiv_api: HTTPServer, catalog_copy: Path, editor: Editor
) -> None:
    serve(arxiv_api)
    editor.script("none")  # saved as it was: the summary still empty
    result = run("add", "arxiv", DPO, "--catalog", catalog_copy, stdin="k\n")
    assert result.exit_code == 0, result.stderr
    assert "keep the draft without a summary [k]" in result.stdout
    text = (catalog_copy / "papers" / "direct-preference-optimization-paper.yaml").read_text()
    assert "draft: true" in text


@pytest.mark.parametrize(
    ("steps", "stdin", "message"),
    [
        (["none"], "d\n", "discarded; nothing was written"),
        (["empty"], None, "the record was left empty; nothing was written"),
        (["fail"], None, "the editor exited with status 3; nothing was written"),
        ([f"summary:{ABSTRACT}"], "d\n", "discarded; nothing was written"),
    ],
)
def test_nothing_is_written_when_the_edit_is_given_up(
    arxiv_api: HTTPServer,
    catalog_copy: Path,
    editor: Editor,
    steps: list[str],
    stdin: str | None,
    message: str,
) -> None:
    serve(arxiv_api)
    before = files(catalog_copy)
    editor.script(*steps)
    result = run("add", "arxiv", DPO, "--catalog", catalog_copy, stdin=stdin)
    assert result.exit_code == 1
    assert result.stderr.endswith(f"Error: {message}\n")
    assert files(catalog_copy) == before


def test_no_edit_writes_the_draft_even_in_a_terminal(
    arxiv_api: HTTPServer, catalog_copy: Path, editor: Editor
) -> None:
    serve(arxiv_api)
    result = run("add", "arxiv", DPO, "--no-edit", "--catalog", catalog_copy)
    assert result.exit_code == 0
    assert editor.shown == []
