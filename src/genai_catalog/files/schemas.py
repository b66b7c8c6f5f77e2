"""The JSON Schema files of a catalog, in its ``.schemas`` folder (``yaml_write.SCHEMA_FOLDER``).

Record files point at them with ``yaml_write.schema_header``; editors with
the YAML language server then complete and check fields while typing.
"""

from __future__ import annotations

import errno
from pathlib import Path

from genai_catalog.errors import OutputError
from genai_catalog.files.atomic import write_atomic
from genai_catalog.files.reading import read_regular
from genai_catalog.files.yaml_write import SCHEMA_FOLDER

# A schema file is a few KiB: anything much larger there is not one of ours.
_MAX_BYTES = 1 << 20


def default_folder(root: Path) -> Path:
    return root / SCHEMA_FOLDER


def write_schemas(folder: Path) -> list[tuple[Path, bool]]:
    """Write every kind's schema into ``folder``; (path, whether it changed) for each.

    ``folder`` is created if missing (not its parents). A file that already
    holds the schema is left alone, so its time stamp says when it last changed.
    """
    from genai_catalog.model.json_schema import file_name, kinds, schema_text

    try:
        folder.mkdir(exist_ok=True)
    except FileNotFoundError:
        raise OutputError(f"cannot write into {folder}: its parent folder does not exist") from None
    except OSError as exc:
        if exc.errno == errno.EEXIST:
            raise OutputError(f"cannot write into {folder}: it is not a folder") from None
        raise OutputError(f"cannot write into {folder}: {exc.strerror or exc}") from None
    if not folder.is_dir():
        raise OutputError(f"cannot write into {folder}: it is not a folder")
    written = []
    for kind in kinds():
        path = folder / file_name(kind)
        data = schema_text(kind).encode("utf-8")
        try:
            same = read_regular(path, _MAX_BYTES) == data
        except OSError:
            same = False  # missing, or not a regular file: then the write refuses it
        if not same:
            write_atomic(path, data, overwrite=True)
        written.append((path, not same))
    return written
