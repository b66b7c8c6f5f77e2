"""The record schemas: one strict pydantic model per kind.

Relations are stored on one side only (see ``kinds.RELATIONS``); the graph
computes the inverse. Catalog-level rules that need more than one record
(references, topics, duplicate ids) live in ``catalog.checks``.
"""

from __future__ import annotations

import datetime
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    StringConstraints,
    TypeAdapter,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from genai_catalog.model.ids import ARXIV_PATTERN, SLUG_MAX, SLUG_PATTERN, ArxivId

URL_PATTERN = r"^https?://[^\s/?#]+[^\s]*$"
_BREAKS = ("\n", "\r", "\t", "\x85", "\u2028", "\u2029")


def _one_line(text: str) -> str:
    """Names, aliases and labels are one line: a table row or a search hit stays one line."""
    if any(mark in text for mark in _BREAKS):
        raise PydanticCustomError(
            "one_line", "must be one line of text, without line breaks or tabs"
        )
    if not text.strip():
        raise PydanticCustomError("blank", "is blank; write the text")
    if text != text.strip():
        raise PydanticCustomError("padded", "starts or ends with spaces; remove them")
    return text


def _not_blank(text: str) -> str:
    if not text.strip():
        raise PydanticCustomError("blank", "is blank; write the text")
    return text


class JsonSchemaKeywords:
    """Keywords added to a type's JSON Schema, for rules a validator function enforces.

    Validation is unchanged (the function still gives the message); editors
    reading the JSON Schema (``model.json_schema``) learn the rule too.
    """

    def __init__(self, **keywords: Any) -> None:
        self.keywords = keywords

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        schema.update(self.keywords)
        return schema


# One line, not blank, no spaces at either end (what _one_line checks), as a JSON Schema
# pattern that both Python's re and ECMAScript (the YAML language server) read alike.
ONE_LINE_PATTERN = r"^[^\s](?:[^\n\r\t\x85\u2028\u2029]*[^\s])?$"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=SLUG_MAX)]
Text = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200, strip_whitespace=False),
    AfterValidator(_one_line),
    JsonSchemaKeywords(pattern=ONE_LINE_PATTERN),
]
LongText = Annotated[
    str,
    StringConstraints(min_length=1, max_length=2000),
    AfterValidator(_not_blank),
    JsonSchemaKeywords(pattern=r"\S"),
]
Url = Annotated[str, StringConstraints(pattern=URL_PATTERN, max_length=2000)]

LinkType = Literal[
    "paper", "code", "docs", "blog", "article", "dataset", "model", "video",
    "course", "podcast", "homepage", "demo", "discussion", "other",
]  # fmt: skip
TechniqueCategory = Literal[
    "architecture", "attention", "prompting", "fine-tuning", "peft", "alignment",
    "quantization", "decoding", "inference-optimization", "retrieval", "training",
    "representation", "generative-modeling", "agents", "evaluation", "data",
    "reasoning", "interpretability", "compression", "concept",
]  # fmt: skip
ToolCategory = Literal[
    "library", "framework", "inference-runtime", "serving", "vector-database",
    "agent-framework", "rag-framework", "fine-tuning", "evaluation", "data",
    "application", "platform", "api", "observability", "format", "hardware",
]  # fmt: skip
Modality = Literal["text", "code", "image", "audio", "speech", "music", "video", "3d"]


class FieldValueError(ValueError):
    """A rule that spans fields, reported against the field the user should fix."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def current_year() -> int:
    return datetime.date.today().year


class Link(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    label: Text
    url: Url
    type: LinkType = "other"


class RecordBase(BaseModel):
    """Fields every record has. ``kind`` is declared by each subclass."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    id: Slug
    name: Text
    aliases: list[Text] = []
    # A draft (written by ``add`` or ``import`` without a summary) loads and is
    # listed, but ``validate`` warns about it until someone writes the summary.
    draft: bool | None = None
    summary: LongText | None = None
    topics: list[Slug] = []
    year: int | None = Field(default=None, ge=1940)
    links: list[Link] = []
    related: list[Slug] = []
    notes: Annotated[str, StringConstraints(max_length=20000)] | None = None

    @model_validator(mode="after")
    def _year_not_in_future(self) -> RecordBase:
        if self.year is not None and self.year > current_year():
            raise FieldValueError("year", f"{self.year} is in the future")
        return self

    @model_validator(mode="after")
    def _summary_unless_draft(self) -> RecordBase:
        if self.summary is None and not self.draft:
            raise FieldValueError(
                "summary", "required field is missing (only a draft may leave it out)"
            )
        return self


class Paper(RecordBase):
    kind: Literal["paper"]
    year: int = Field(ge=1940)
    arxiv: Annotated[str, StringConstraints(pattern=ARXIV_PATTERN)] | None = None
    authors: list[Text] = []
    venue: Text | None = None
    url: Url | None = None
    builds_on: list[Slug] = []

    @model_validator(mode="after")
    def _arxiv_matches_year(self) -> Paper:
        if self.arxiv is not None:
            arxiv_year = ArxivId(self.arxiv).year
            if arxiv_year != self.year:
                raise FieldValueError(
                    "year", f"{self.year} disagrees with arxiv {self.arxiv}, from {arxiv_year}"
                )
        return self


class Technique(RecordBase):
    kind: Literal["technique"]
    category: TechniqueCategory | None = None
    introduced_in: Slug | None = None
    builds_on: list[Slug] = []


class LanguageModel(RecordBase):
    kind: Literal["model"]
    organization: Text | None = None
    parameters: Text | None = None
    architecture: Text | None = None
    modality: list[Modality] = []
    open_weights: bool | None = None
    license: Text | None = None
    introduced_in: Slug | None = None
    builds_on: list[Slug] = []
    base_model: Slug | None = None
    uses: list[Slug] = []
    trained_on: list[Slug] = []
    evaluated_on: list[Slug] = []


class Tool(RecordBase):
    kind: Literal["tool"]
    category: ToolCategory | None = None
    organization: Text | None = None
    repo: Url | None = None
    homepage: Url | None = None
    license: Text | None = None
    introduced_in: Slug | None = None
    builds_on: list[Slug] = []
    implements: list[Slug] = []


class Dataset(RecordBase):
    kind: Literal["dataset"]
    organization: Text | None = None
    tasks: list[Text] = []
    metrics: list[Text] = []
    homepage: Url | None = None
    size: Text | None = None
    license: Text | None = None
    introduced_in: Slug | None = None
    builds_on: list[Slug] = []


class Benchmark(Dataset):
    kind: Literal["benchmark"]  # type: ignore[assignment]


class CollectionItem(BaseModel):
    """One entry of a reading list: a record, with a short note in our own words."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    id: Slug
    note: Text | None = None


def _item(value: Any) -> Any:
    # Written as a bare id, or as {id: ..., note: ...} when it carries a note;
    # held in one shape so that every reader of a collection sees the same.
    return {"id": value} if isinstance(value, str) else value


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    title: Text
    items: list[
        Annotated[
            CollectionItem,
            # What a file may hold (the JSON Schemas say so too): an id, or an item with a note.
            BeforeValidator(_item, json_schema_input_type=Slug | CollectionItem),
        ]
    ] = Field(min_length=1)


class Collection(BaseModel):
    """A curated, ordered reading list: sections of items, in the order they are read.

    Not a ``RecordBase``: it has no year, relations or draft state, and
    relations never point at it (``catalog.checks``).
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    id: Slug
    kind: Literal["collection"]
    name: Text
    aliases: list[Text] = []
    summary: LongText
    topics: list[Slug] = []
    links: list[Link] = []
    sections: list[Section] = Field(min_length=1)


AnyRecord = Annotated[
    Paper | Technique | LanguageModel | Tool | Dataset | Benchmark | Collection,
    Field(discriminator="kind"),
]
RECORD_CLASSES: dict[str, type[BaseModel]] = {
    "paper": Paper,
    "technique": Technique,
    "model": LanguageModel,
    "tool": Tool,
    "dataset": Dataset,
    "benchmark": Benchmark,
    "collection": Collection,
}
# The models of the parts of a record, by the field that holds them.
PART_CLASSES: dict[str, type[BaseModel]] = {
    "links": Link,
    "sections": Section,
    "items": CollectionItem,
}

_adapter: TypeAdapter[Any] | None = None


def record_adapter() -> TypeAdapter[Any]:
    """The union validator, built once: building it costs more than using it."""
    global _adapter
    if _adapter is None:
        _adapter = TypeAdapter(AnyRecord)
    return _adapter


def field_names(kind: str) -> list[str]:
    return list(RECORD_CLASSES[kind].model_fields)


def to_plain(record: BaseModel) -> dict[str, Any]:
    """The record as plain data, ``id``/``kind``/``name`` first, unset fields left out."""
    data = record.model_dump(exclude_none=True)
    head = {key: data.pop(key) for key in ("id", "kind", "name")}
    if data.get("draft") is False:
        del data["draft"]
    return head | {key: value for key, value in data.items() if value != []}


# What a field holds, for writers that need a type per field (SQL columns).
FieldType = Literal["text", "integer", "boolean", "list"]


def field_types(kind: str) -> dict[str, tuple[FieldType, bool]]:
    """Each field of a kind: what it holds and whether every record has it."""
    return {
        name: (_field_type(info.annotation), info.is_required())
        for name, info in RECORD_CLASSES[kind].model_fields.items()
    }


def _field_type(annotation: Any) -> FieldType:
    if get_origin(annotation) in (Union, UnionType):
        annotation = next(a for a in get_args(annotation) if a is not type(None))
    if get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) is list:
        return "list"
    if annotation is bool:
        return "boolean"
    if annotation is int:
        return "integer"
    return "text"
