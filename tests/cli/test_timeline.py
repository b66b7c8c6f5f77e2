"""genai timeline: records by year, and by month where an arXiv id gives it."""

from __future__ import annotations

from genai_catalog.cli.exit_codes import ExitCode
from tests.helpers import run


def test_the_table_is_oldest_first_with_months() -> None:
    result = run("timeline", "--kind", "technique")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.splitlines() == [
        "date     id           kind       name",
        "2017-06  transformer  technique  Transformer",
        "2021-06  lora         technique  Low-Rank Adaptation",
        "2023-05  qlora        technique  QLoRA",
    ]


def test_filters_are_those_of_list_and_undated_records_are_counted() -> None:
    result = run("timeline", "--since", "2023")
    assert [line.split()[0] for line in result.stdout.splitlines()[1:]] == (
        ["2023-05"] * 3 + ["2023"] * 2
    )
    tools = run("timeline", "tools")
    assert tools.stdout == "date  id  kind  name\n"
    assert tools.stderr == "warning: 1 record(s) without a year are not on the timeline\n"
    both = run("timeline", "papers", "--kind", "model")
    assert both.exit_code == ExitCode.USAGE
    assert both.stderr == "Error: two kinds were asked for, paper and model; give one\n"
    assert run("timeline", "--topic", "peftt").exit_code == ExitCode.USAGE


def test_markdown_has_a_section_per_year() -> None:
    assert run("timeline", "papers", "-f", "markdown").stdout == (
        "## 2017\n\n| Date | Name | Kind |\n| --- | --- | --- |\n"
        "| 2017-06 | [Attention Is All You Need](https://arxiv.org/abs/1706.03762) | paper |\n\n"
        "## 2021\n\n| Date | Name | Kind |\n| --- | --- | --- |\n"
        "| 2021-06 | [LoRA: Low-Rank Adaptation of Large Language Models]"
        "(https://arxiv.org/abs/2106.09685) | paper |\n\n"
        "## 2023\n\n| Date | Name | Kind |\n| --- | --- | --- |\n"
        "| 2023-05 | [QLoRA: Efficient Finetuning of Quantized LLMs]"
        "(https://arxiv.org/abs/2305.14314) | paper |\n"
    )


def test_mermaid_is_a_timeline_diagram() -> None:
    assert run("timeline", "--kind", "model", "-f", "mermaid").stdout == (
        "timeline\n    2023-05 : Guanaco\n    2023 : Llama 2\n"
    )
