"""What a link points at, and when two links point at the same thing."""

from __future__ import annotations

import pytest

from genai_catalog.links import classify, is_web, normalize, repo_of


@pytest.mark.parametrize(
    ("url", "kind", "repo"),
    [
        ("https://arxiv.org/pdf/2305.14314v2.pdf", "arxiv", None),
        ("https://huggingface.co/papers/2305.14314", "arxiv", None),
        ("https://github.com/artidoro/qlora", "github", "github.com/artidoro/qlora"),
        ("https://github.com/Artidoro/QLoRA.git", "github", "github.com/artidoro/qlora"),
        (
            "https://github.com/huggingface/peft/blob/main/README.md",
            "github",
            "github.com/huggingface/peft",
        ),
        ("https://raw.githubusercontent.com/a/b/main/x.md", "github", "github.com/a/b"),
        ("https://github.com/topics/llm", "other", None),
        ("https://github.com/huggingface", "other", None),
        (
            "https://huggingface.co/meta-llama/Llama-2-7b",
            "huggingface-model",
            "huggingface.co/meta-llama/llama-2-7b",
        ),
        (
            "https://huggingface.co/datasets/OpenAssistant/oasst1",
            "huggingface-dataset",
            "huggingface.co/datasets/openassistant/oasst1",
        ),
        ("https://huggingface.co/docs/peft/index", "other", None),
        ("https://huggingface.co/spaces/a/b", "other", None),
        ("https://huggingface.co/meta-llama", "other", None),
        ("https://www.promptingguide.ai/", "other", None),
    ],
)
def test_classify(url: str, kind: str, repo: str | None) -> None:
    target = classify(url)
    assert (target.kind, target.repo) == (kind, repo)


def test_every_url_form_of_a_paper_is_one_target() -> None:
    forms = ["https://arxiv.org/abs/2305.14314", "http://arxiv.org/pdf/2305.14314v1.pdf",
             "https://huggingface.co/papers/2305.14314"]  # fmt: skip
    assert {classify(u).key for u in forms} == {"arxiv:2305.14314"}
    assert classify(forms[0]).arxiv == "2305.14314"


def test_normalize_drops_only_what_never_changes_the_page() -> None:
    assert normalize("http://WWW.Example.com:80/A/b/?q=1#top") == "https://example.com/A/b?q=1"
    assert normalize("https://example.com:8443/x") == "https://example.com:8443/x"
    assert normalize("https://example.com/a") != normalize("https://example.com/A")


def test_repo_of_refuses_odd_names() -> None:
    assert repo_of("https://github.com/a/b%20c") is None
    assert repo_of("https://example.com/a/b") is None


def test_is_web() -> None:
    assert is_web("https://x.org/a")
    assert not any(is_web(u) for u in ["#anchor", "notes.md", "mailto:a@b.c", "https://"])
