"""The index cache: fast when nothing changed, never stale when something did."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from genai_catalog import paths
from genai_catalog.cache import codec
from genai_catalog.cache.packed import PackedRecords
from genai_catalog.catalog import Catalog, load, pipeline, workers
from genai_catalog.files.record_files import FileResult, load_file
from genai_catalog.graph import Graph, Links


@pytest.fixture(autouse=True)
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as settled at once, except in the tests about racily clean files."""
    monkeypatch.setattr(pipeline, "RACY_NS", -(10**18))


def load_counting(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Catalog, list[str]]:
    """Load through the cache, recording which record files were parsed."""
    parsed: list[str] = []

    def spy(root_: Path, rel: str) -> FileResult:
        parsed.append(rel)
        return load_file(root_, rel)

    monkeypatch.setattr(workers, "load_file", spy)
    return load(root, use_cache=True), parsed


def cache_files() -> list[Path]:
    folder = paths.cache_dir()
    assert folder is not None
    return sorted(p for p in folder.iterdir() if p.name != codec.KEY_FILE)


def edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text().replace(old, new))


def test_cold_load_parses_everything_and_warm_load_nothing(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold, parsed = load_counting(catalog_copy, monkeypatch)
    assert len(parsed) == 12
    warm, parsed = load_counting(catalog_copy, monkeypatch)
    assert parsed == []
    assert list(warm.graph) == list(cold.graph)
    assert warm.graph.links.state() == cold.graph.links.state()
    assert warm.search("qlora")[0].record["id"] == "qlora"


def test_a_warm_walk_decodes_only_the_records_it_shows(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_counting(catalog_copy, monkeypatch)
    warm, _ = load_counting(catalog_copy, monkeypatch)
    records = warm.graph.by_id
    assert isinstance(records, PackedRecords)
    chain = warm.path("qlora", "lora-paper")
    assert [r["id"] for r in chain.records] == ["qlora", "lora", "lora-paper"]
    shown = {records.position(i) for i in ("qlora", "lora", "lora-paper")}
    assert set(records._decoded) == shown


def test_a_changed_file_is_the_only_one_reparsed(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_counting(catalog_copy, monkeypatch)
    edit(catalog_copy / "techniques" / "lora.yaml", "name: Low-Rank Adaptation", "name: LoRA x")
    catalog, parsed = load_counting(catalog_copy, monkeypatch)
    assert parsed == ["techniques/lora.yaml"]
    assert catalog.get("lora")["name"] == "LoRA x"


def test_an_edit_that_keeps_size_and_mtime_is_still_seen(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """os.utime, cp -p, rsync -a and tar x restore an mtime; none restores a ctime."""
    lora = catalog_copy / "techniques" / "lora.yaml"
    load_counting(catalog_copy, monkeypatch)
    before = lora.stat()
    time.sleep(0.01)
    edit(lora, "name: Low-Rank Adaptation", "name: Low-Rank Adaptatiox")
    os.utime(lora, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert lora.stat().st_size == before.st_size and lora.stat().st_mtime_ns == before.st_mtime_ns
    catalog, parsed = load_counting(catalog_copy, monkeypatch)
    assert parsed == ["techniques/lora.yaml"]
    assert catalog.get("lora")["name"] == "Low-Rank Adaptatiox"


def test_a_file_replaced_by_a_copy_with_the_same_stamp_is_seen(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    lora = catalog_copy / "techniques" / "lora.yaml"
    load_counting(catalog_copy, monkeypatch)
    other = tmp_path / "lora.yaml"
    other.write_text(lora.read_text().replace("Low-Rank Adaptation", "Low-Rank Adaptatiox"))
    shutil.copystat(lora, other)  # as cp -p does
    os.replace(other, lora)  # a new inode, as tar x and rsync give
    catalog, parsed = load_counting(catalog_copy, monkeypatch)
    assert parsed == ["techniques/lora.yaml"]
    assert catalog.get("lora")["name"] == "Low-Rank Adaptatiox"


def test_a_racily_clean_file_is_not_trusted_until_it_settles(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file changed within the timestamp granularity is read again, as git does."""
    lora = catalog_copy / "techniques" / "lora.yaml"
    time.sleep(0.4)
    edit(lora, "Low-Rank Adaptation", "Low-Rank Adaptation 1")
    # A clock that stands 0.1 s after the edit: the copy's files are older than
    # the 0.2 s window, the edit is inside it.
    edited = lora.stat().st_ctime_ns
    monkeypatch.setattr(pipeline, "RACY_NS", 200_000_000)
    monkeypatch.setattr(time, "time_ns", lambda: edited + 100_000_000)
    _, parsed = load_counting(catalog_copy, monkeypatch)
    assert len(parsed) == 12
    # Just edited: its result is not kept, and no warm answer is stored.
    _, parsed = load_counting(catalog_copy, monkeypatch)
    assert parsed == ["techniques/lora.yaml"]
    # Once everything is older than the granularity, the cache answers alone.
    monkeypatch.setattr(pipeline, "RACY_NS", -(10**18))
    load_counting(catalog_copy, monkeypatch)
    _, parsed = load_counting(catalog_copy, monkeypatch)
    assert parsed == []


def test_added_removed_and_renamed_files_are_seen(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_counting(catalog_copy, monkeypatch)
    (catalog_copy / "benchmarks" / "mmlu.yaml").unlink()
    catalog, parsed = load_counting(catalog_copy, monkeypatch)
    assert "mmlu" not in catalog and parsed == []
    # llama-2 pointed at mmlu: the reference is now dangling, and validate says so.
    assert any("no record has the id 'mmlu'" in p.message for p in catalog.problems)

    (catalog_copy / "models" / "guanaco.yaml").rename(catalog_copy / "models" / "guanaco2.yaml")
    catalog, parsed = load_counting(catalog_copy, monkeypatch)
    assert parsed == ["models/guanaco2.yaml"]
    assert any(p.field == "id" for p in catalog.all_problems())


def test_a_changed_topic_vocabulary_rechecks_topics(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_counting(catalog_copy, monkeypatch)
    edit(catalog_copy / "topics.yaml", "  quantization: Fewer bits per weight.\n", "")
    catalog, parsed = load_counting(catalog_copy, monkeypatch)
    assert parsed == []
    assert any("unknown topic 'quantization'" in p.message for p in catalog.problems)


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"garbage",
        codec.MAGIC + b"\x00" * 8 + b"junk",
        codec.MAGIC + (2**62).to_bytes(8, "big") + b"\x00" * 16 + b"\x00",
    ],
)
def test_a_corrupt_cache_is_rebuilt_silently(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    load_counting(catalog_copy, monkeypatch)
    for path in cache_files():
        path.write_bytes(damage)
    catalog, parsed = load_counting(catalog_copy, monkeypatch)
    assert len(parsed) == 12 and len(catalog) == 12
    _, parsed = load_counting(catalog_copy, monkeypatch)
    assert parsed == []  # and it was written back whole


def test_a_forged_cache_is_not_believed(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache written with another key (another user's, a forger's) is ignored."""
    load_counting(catalog_copy, monkeypatch)
    index = next(p for p in cache_files() if p.suffix == ".index")
    payload = codec.unframe(codec.load_key(index.parent) or b"", index, 1 << 30)
    payload["catalog"]["topics"] = {"forged": "A topic nobody wrote."}
    index.write_bytes(b"".join(codec.frame(b"k" * 32, payload)))
    catalog, parsed = load_counting(catalog_copy, monkeypatch)
    assert "forged" not in catalog.topics
    assert parsed == []  # the per-file results are genuine: only the forged index is redone


def test_a_key_other_users_can_read_is_not_trusted(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_counting(catalog_copy, monkeypatch)
    folder = paths.cache_dir()
    assert folder is not None
    (folder / codec.KEY_FILE).chmod(0o644)
    assert codec.load_key(folder) is None
    _, parsed = load_counting(catalog_copy, monkeypatch)
    assert len(parsed) == 12  # no cache rather than a cache anyone could have forged


def test_a_cache_from_another_version_is_ignored(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_counting(catalog_copy, monkeypatch)
    monkeypatch.setattr(codec, "code_stamp", lambda: "another version")
    _, parsed = load_counting(catalog_copy, monkeypatch)
    assert len(parsed) == 12


def test_the_code_stamp_changes_with_any_module_and_with_the_year(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import datetime

    before = codec.code_stamp()
    assert codec.code_stamp() == before

    next_year = datetime.date.today().year + 1

    class NextYear(datetime.date):
        @classmethod
        def today(cls) -> NextYear:
            return cls(next_year, 1, 1)

    monkeypatch.setattr(datetime, "date", NextYear)
    assert codec.code_stamp() != before  # "year N is in the future" is re-judged at New Year


def test_the_code_stamp_covers_every_module_that_shapes_cached_data() -> None:
    """Derived from the package's files: no hand-kept list to forget one in."""
    import genai_catalog

    package = Path(genai_catalog.__file__).parent
    shaping = {
        str(p.relative_to(package))
        for p in package.rglob("*.py")
        if p.relative_to(package).parts[0] not in codec._NOT_SHAPING
    }
    assert {"catalog/assemble.py", "catalog/checks.py", "model/schema.py", "search.py"} <= shaping


def test_no_cache_neither_reads_nor_writes(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_counting(catalog_copy, monkeypatch)
    written = {p: p.stat().st_mtime_ns for p in cache_files()}
    reads: list[Path] = []
    real = codec.unframe

    def spy(key: bytes, path: Path, limit: int) -> object:
        reads.append(path)
        return real(key, path, limit)

    monkeypatch.setattr(codec, "unframe", spy)
    load(catalog_copy, use_cache=False)
    assert reads == []
    assert {p: p.stat().st_mtime_ns for p in cache_files()} == written


def test_warm_records_are_decoded_only_when_asked_for(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_counting(catalog_copy, monkeypatch)
    warm, _ = load_counting(catalog_copy, monkeypatch)
    records = warm.graph.by_id
    assert isinstance(records, PackedRecords)
    assert records._decoded == {}
    assert warm.get("qlora") is not None
    assert list(records._decoded) == [records.position("qlora")]


def test_a_damaged_record_is_read_from_its_file_and_the_cache_rebuilt(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_counting(catalog_copy, monkeypatch)
    (records_file,) = (p for p in cache_files() if p.suffix == ".records")
    data = bytearray(records_file.read_bytes())
    data[5] ^= 0xFF
    records_file.write_bytes(bytes(data))
    warm, parsed = load_counting(catalog_copy, monkeypatch)
    assert parsed == []
    fresh = load(catalog_copy, use_cache=False)
    assert list(warm.graph) == list(fresh.graph)  # the answer is whole and right
    _, parsed = load_counting(catalog_copy, monkeypatch)
    assert parsed == []  # rebuilt while answering: the next run is warm


def test_a_missing_records_file_means_a_rebuild(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_counting(catalog_copy, monkeypatch)
    for path in cache_files():
        if path.suffix == ".records":
            path.unlink()
    catalog, parsed = load_counting(catalog_copy, monkeypatch)
    assert parsed == []  # per-file results are still good: only the assembly is redone
    assert catalog.get("lora") is not None
    assert any(p.suffix == ".records" for p in cache_files())


@pytest.mark.parametrize("which", [".index", ".files", ".records"])
def test_a_cache_file_that_is_a_fifo_or_dev_zero_does_not_hang(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch, which: str
) -> None:
    load_counting(catalog_copy, monkeypatch)
    (target,) = (p for p in cache_files() if p.suffix == which)
    target.unlink()
    os.mkfifo(target)
    catalog, _ = load_counting(catalog_copy, monkeypatch)
    assert len(catalog) == 12
    target = next((p for p in cache_files() if p.suffix == which), target)
    if target.exists():
        target.unlink()
    target.symlink_to("/dev/zero")
    catalog, _ = load_counting(catalog_copy, monkeypatch)
    assert len(catalog) == 12


def test_a_warm_load_knows_the_collections_without_decoding_records(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold, _ = load_counting(catalog_copy, monkeypatch)
    warm, parsed = load_counting(catalog_copy, monkeypatch)
    assert parsed == []
    assert warm.graph.memberships == cold.graph.memberships != {}
    assert [c.id for c in warm.collections()] == ["peft-reading"]
    assert warm.graph.collections_of("guanaco")[0]["name"] == "PEFT Reading List"


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["list", "--format", "json"],
        ["list", "papers", "--sort", "year", "--format", "csv"],
        ["list", "--topic", "peft", "--since", "2021", "--until", "2023"],
        ["list", "--org", "meta", "--format", "markdown"],
        ["list", "models", "--year", "2023", "--sort", "kind"],
        ["export"],
        ["export", "--format", "json", "--columns", "name,year,introduced_in"],
        ["export", "techniques", "--group-by", "topic", "--columns", "name,summary"],
    ],
)
def test_lists_from_the_cached_columns_equal_lists_from_the_files(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    from tests.helpers import run

    fresh = run("--no-cache", *args, "--catalog", str(catalog_copy))
    load_counting(catalog_copy, monkeypatch)  # cache written
    warm = run(*args, "--catalog", str(catalog_copy))
    assert warm == fresh
    assert fresh.exit_code == 0 and fresh.stdout


def test_a_large_list_decodes_no_record_for_a_table_or_json(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from genai_catalog.columns import LazyRecord
    from genai_catalog.exporters import Job
    from genai_catalog.exporters import json as json_export

    load_counting(catalog_copy, monkeypatch)
    warm, _ = load_counting(catalog_copy, monkeypatch)
    records = warm.select(lazy=True, sort="year")
    assert all(isinstance(r, LazyRecord) for r in records)
    table = [(r["id"], r["kind"], r["name"], r.get("year"), r.get("topics")) for r in records]
    text = json_export.render(Job(records))
    packed = warm.graph.by_id
    assert isinstance(packed, PackedRecords) and packed._decoded == {}
    fresh = load(catalog_copy, use_cache=False)
    expected = fresh.select(sort="year")
    assert table == [
        (r["id"], r["kind"], r["name"], r.get("year"), r.get("topics")) for r in expected
    ]
    assert text == json_export.render(Job(expected))


def test_a_long_list_from_the_cache_is_the_list_from_the_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the bulk threshold: the JSON texts come out of one decoded region, by name order.

    Names repeat (the id breaks the tie), some are not ASCII (character and byte
    offsets differ), some records have no year.
    """
    from genai_catalog.cache import packed
    from genai_catalog.exporters import Job
    from genai_catalog.exporters import json as json_export
    from genai_catalog.query import SORT_KEYS, Filters
    from tests.helpers import write_catalog

    files: dict[str, str | bytes] = {}
    for n in range(40):
        name = ["Zoë Net", "alpha", "Ängström", "beta"][n % 4]
        year = f"year: {2015 + n % 7}\n" if n % 5 else ""
        files[f"models/m{n:02}.yaml"] = (
            f"id: m{n:02}\nkind: model\nname: {name}\n{year}summary: Model {n}, “quoted”.\n"
        )
        files[f"tools/t{n:02}.yaml"] = f"id: t{n:02}\nkind: tool\nname: {name}\nsummary: s\n"
    root = write_catalog(tmp_path / "c", files, topics="peft: Parameter-efficient\n")
    monkeypatch.setattr(packed, "_BULK_AFTER", 8)
    load(root, use_cache=True)  # cache written
    warm = load(root, use_cache=True)
    fresh = load(root, use_cache=False)
    assert warm.graph.columns is not None
    for sort in SORT_KEYS:
        for kind in (None, "model"):
            filters = Filters(kind=kind, sort=sort)
            lazy = warm.select(filters, lazy=True)
            eager = fresh.select(filters)
            assert [r["id"] for r in lazy] == [r["id"] for r in eager], (sort, kind)
            assert json_export.render(Job(lazy)) == json_export.render(Job(eager))
    records = warm.graph.by_id
    assert isinstance(records, PackedRecords)
    assert records._json_text is not None  # the bulk path was the one taken
    assert records._decoded == {}
    # A whole list in name order is one slice of the region; one kind, a slice per run.
    everything = warm.select(Filters(), lazy=True)
    assert len(records.json_texts([r.position for r in everything])) == 1  # type: ignore[attr-defined]
    models = warm.select(Filters(kind="model"), lazy=True)
    assert 1 < len(records.json_texts([r.position for r in models])) < 40  # type: ignore[attr-defined]


@pytest.mark.parametrize("region", ["extras", "search"])
def test_a_damaged_region_of_the_records_file_is_rebuilt_from_the_records(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch, region: str
) -> None:
    """Links, columns and search structures are checked when first used, not at load."""
    from genai_catalog.search import SearchIndex

    cold, _ = load_counting(catalog_copy, monkeypatch)
    (records_file,) = (p for p in cache_files() if p.suffix == ".records")
    index_file = records_file.with_name(records_file.name.split(".")[0] + ".index")
    key = codec.load_key(records_file.parent)
    assert key is not None
    cached = codec.unframe(key, index_file, 1 << 30)
    assert isinstance(cached, dict)
    start, end, _ = cached["catalog"][region]
    data = bytearray(records_file.read_bytes())
    assert 0 < start < end <= len(data)
    data[(start + end) // 2] ^= 0xFF
    records_file.write_bytes(bytes(data))

    rebuilt: list[str] = []
    real_index, real_links = SearchIndex.__init__, Links.build

    def index_spy(self: SearchIndex, graph: Graph) -> None:
        rebuilt.append("search")
        real_index(self, graph)

    def links_spy(graph: Graph) -> Links:
        rebuilt.append("links")
        return real_links(graph)

    monkeypatch.setattr(SearchIndex, "__init__", index_spy)
    monkeypatch.setattr(Links, "build", links_spy)
    damaged, parsed = load_counting(catalog_copy, monkeypatch)
    assert parsed == [] and rebuilt == []  # nothing is checked before it is used
    assert [h.record["id"] for h in damaged.search("lora")] == [
        h.record["id"] for h in cold.search("lora")
    ]
    assert damaged.graph.neighbours("lora") == cold.graph.neighbours("lora")
    assert damaged.graph.memberships == cold.graph.memberships
    assert [r["id"] for r in damaged.select(sort="year", lazy=True)] == [
        r["id"] for r in cold.select(sort="year")
    ]
    # A new search index comes with its own graph, whose links are built too.
    assert rebuilt == (["search", "links"] if region == "search" else ["links"])


def _signed_bytes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many bytes each keyed digest covers, from here on."""
    sizes: list[int] = []
    real_sign = codec.sign

    def counting(key: bytes, data: bytes | memoryview) -> bytes:
        sizes.append(len(data))
        return real_sign(key, data)

    monkeypatch.setattr(codec, "sign", counting)
    return sizes


def test_a_sealed_records_file_is_read_without_a_digest_of_each_region(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_counting(catalog_copy, monkeypatch)
    (records_file,) = (p for p in cache_files() if p.suffix == ".records")
    signed = _signed_bytes(monkeypatch)
    warm, parsed = load_counting(catalog_copy, monkeypatch)
    assert parsed == []
    assert warm.search("qlora")[0].record["id"] == "qlora"
    assert sorted(warm.graph.ids()) == sorted(load(catalog_copy, use_cache=False).graph.ids())
    index_bytes = (records_file.with_name(records_file.name.split(".")[0] + ".index")).stat()
    assert len(signed) == 1 and signed[0] < index_bytes.st_size  # the index, and nothing else


@pytest.mark.parametrize(
    "change", ["group-writable", "touched", "swapped for a copy", "folder open to others"]
)
def test_a_records_file_that_may_have_changed_is_checked_digest_by_digest(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    load_counting(catalog_copy, monkeypatch)
    (records_file,) = (p for p in cache_files() if p.suffix == ".records")
    if change == "group-writable":
        records_file.chmod(0o664)
    elif change == "touched":
        os.utime(records_file)  # same bytes, a new mtime: no longer as sealed
    elif change == "swapped for a copy":
        copy = records_file.with_name("copy")
        shutil.copy2(records_file, copy)  # the same bytes and mtime, another inode
        os.replace(copy, records_file)
    else:
        records_file.parent.chmod(0o777)
    signed = _signed_bytes(monkeypatch)
    warm, parsed = load_counting(catalog_copy, monkeypatch)
    assert warm.search("qlora")[0].record["id"] == "qlora"
    assert parsed == []  # the digests match: the cache is still good
    assert len(signed) > 1  # but it was checked, not trusted


def test_a_record_damaged_at_once_after_the_write_is_still_caught(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Within one tick of a coarse clock, only the sealed mtime tells the write apart."""
    load_counting(catalog_copy, monkeypatch)
    (records_file,) = (p for p in cache_files() if p.suffix == ".records")
    with records_file.open("r+b") as handle:
        first = handle.read(6)
        handle.seek(5)
        handle.write(bytes([first[5] ^ 0xFF]))
    assert records_file.stat().st_mtime_ns != 1_000_000_000
    warm, parsed = load_counting(catalog_copy, monkeypatch)
    assert parsed == []
    fresh = load(catalog_copy, use_cache=False)
    assert list(warm.graph) == list(fresh.graph)  # the damaged record came from its file


def test_the_cache_is_private_whatever_the_umask(
    catalog_copy: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A group-writable umask would leave every records file unsealed, and slow."""
    monkeypatch.setenv("GENAI_CACHE_DIR", str(tmp_path / "new-cache"))
    old = os.umask(0o002)
    try:
        load_counting(catalog_copy, monkeypatch)
    finally:
        os.umask(old)
    folder = paths.cache_dir()
    assert folder is not None
    assert folder.stat().st_mode & 0o777 == 0o700
    assert {p.stat().st_mode & 0o777 for p in folder.iterdir()} == {0o600}
    signed = _signed_bytes(monkeypatch)
    _, parsed = load_counting(catalog_copy, monkeypatch)
    assert parsed == [] and len(signed) == 1  # sealed: only the index is digested
