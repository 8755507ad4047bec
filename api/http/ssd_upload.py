"""Receiving an SSD extract over HTTP: CSV files as a multipart upload, or one zip of them.

Everything is bounded: the request body (`MAX_UPLOAD_BYTES`), the number of files, and the
bytes a zip expands to (counted while extracting, not trusted from its directory). Only the
base names of `.csv` files are kept, so no path in an upload can escape its folder.
"""

from __future__ import annotations

import contextlib
import shutil
import zipfile
from collections.abc import AsyncGenerator
from pathlib import Path, PurePosixPath

from fastapi import Request
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from api.http.bodies import reading_slot, stream_body
from api.http.problems import ProblemError, ValidationProblemError
from api.settings import Settings
from engine.ssd.pseudonym import write_new_key
from models.validation import FieldError

MAX_UPLOAD_BYTES = 1024**3
MAX_EXTRACTED_BYTES = 4 * 1024**3
MAX_FILES = 64
ZIP_TYPES = frozenset({"application/zip", "application/x-zip-compressed"})
_CHUNK = 1024 * 1024


def unprocessable(message: str) -> ValidationProblemError:
    """A 422 about the upload as a whole: the message names a file or column, never a value."""
    return ValidationProblemError([FieldError(path="(body)", message=message)])


def key_path(settings: Settings) -> Path:
    """The pseudonymisation key: `DEPLAN_SSD_KEY_FILE`, or one made on first use in the data
    directory (kept with the data, so refs stay stable across imports)."""
    if settings.ssd_key_file is not None:
        return settings.ssd_key_file
    path = settings.data_dir / "ssd-import.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):  # another worker made it first
            write_new_key(path)
    return path


async def receive_extract(request: Request, folder: Path, idle_timeout: float) -> int:
    """Write the uploaded CSV files into `folder`; the number of bytes received. The body is
    bounded as every upload is (`api.http.bodies`): its size while it arrives, a timeout when it
    stops arriving, and one of the key's reading slots while it does."""
    with reading_slot(request).slot(request):
        return await _receive(request, folder, idle_timeout)


async def _receive(request: Request, folder: Path, idle_timeout: float) -> int:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    folder.mkdir(parents=True, exist_ok=True)
    received = [0]

    async def body() -> AsyncGenerator[bytes, None]:
        async for chunk in stream_body(
            request, what="The upload", limit=MAX_UPLOAD_BYTES, idle_timeout=idle_timeout
        ):
            received[0] += len(chunk)
            yield chunk

    if media_type == "multipart/form-data":
        parser = MultiPartParser(request.headers, body(), max_files=MAX_FILES, max_fields=MAX_FILES)
        try:
            form = await parser.parse()
        except MultiPartException as error:
            raise unprocessable(
                f"The multipart upload could not be read: {error.message}"
            ) from None
        for _field, value in form.multi_items():
            if isinstance(value, UploadFile):
                name = _csv_name(value.filename or "")
                if name is not None:
                    with (folder / name).open("wb") as out:
                        shutil.copyfileobj(value.file, out, _CHUNK)
                await value.close()
    elif media_type in ZIP_TYPES:
        archive = folder.parent / "extract.zip"
        with archive.open("wb") as out:
            async for chunk in body():
                out.write(chunk)
        try:
            _unzip(archive, folder)
        finally:
            archive.unlink(missing_ok=True)
    else:
        raise ProblemError(
            415, "Send the extract's CSV files as multipart/form-data, or one application/zip."
        )
    if not any(folder.iterdir()):
        raise unprocessable("The upload holds no .csv files (ssd_person.csv, ...).")
    return received[0]


def _csv_name(filename: str) -> str | None:
    name = PurePosixPath(filename.replace("\\", "/")).name.lower()
    return name if name.endswith(".csv") and not name.startswith(".") else None


def _unzip(archive: Path, folder: Path) -> None:
    try:
        with zipfile.ZipFile(archive) as bundle:
            members = [(m, _csv_name(m.filename)) for m in bundle.infolist() if not m.is_dir()]
            named = [(member, name) for member, name in members if name is not None]
            if len(named) > MAX_FILES:
                raise ProblemError(413, f"A zip may hold at most {MAX_FILES} CSV files.")
            written = 0
            for member, name in named:
                with bundle.open(member) as source, (folder / name).open("wb") as out:
                    while chunk := source.read(_CHUNK):
                        written += len(chunk)
                        if written > MAX_EXTRACTED_BYTES:
                            raise ProblemError(
                                413, f"The zip expands to over {MAX_EXTRACTED_BYTES} bytes."
                            )
                        out.write(chunk)
    # zipfile raises NotImplementedError for a compression method it cannot read.
    except (zipfile.BadZipFile, EOFError, NotImplementedError):
        raise unprocessable("The upload is not a readable zip file.") from None
