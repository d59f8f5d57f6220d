"""The glTF container: .glb chunks, the JSON document, buffers and URIs.

A URI may be a ``data:`` URI or a relative path inside the model's folder. Absolute paths, other
schemes (``http:``, ``file:``) and ``..`` that leaves the folder are refused: a model on a kiosk
must not read arbitrary files or reach the network, and a tour must be copyable as one folder.
"""

from __future__ import annotations

import base64
import binascii
import json
import struct
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from vtour.io.gltf_json import GltfInvalid, get_dict, get_int, get_list, get_str, item

MAX_FILE_BYTES = 2**31
"""Larger .glb/.gltf/.bin files are refused (a 2 GB model would not fit a laptop's GPU anyway)."""

MAX_JSON_BYTES = 256 * 2**20

_GLB_MAGIC = b"glTF"
_CHUNK_JSON = 0x4E4F534A
_CHUNK_BIN = 0x004E4942


class UriRefused(GltfInvalid):
    """A URI that is not a relative path inside the model's folder (an authoring error to fix)."""


@dataclass
class Container:
    """A parsed glTF file: its JSON document, its folder and a cache of loaded buffers."""

    path: Path
    doc: dict
    json_text: str | None = None  # the .gltf text, to give errors a line and column
    bin_chunk: memoryview | None = None
    _buffers: dict[int, memoryview] = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        return self.path.parent

    def buffer(self, index: int, path: tuple) -> memoryview:
        """The bytes of ``buffers[index]`` (exactly ``byteLength`` of them), loaded once."""
        if index not in self._buffers:
            self._buffers[index] = self._load_buffer(index, path)
        return self._buffers[index]

    def buffer_view(self, index: int, path: tuple) -> tuple[memoryview, dict]:
        """The bytes of ``bufferViews[index]`` and the view object (for ``byteStride``)."""
        view = item(self.doc, "bufferViews", index, path)
        here = ("bufferViews", index)
        offset = get_int(view, "byteOffset", here, 0)
        length = get_int(view, "byteLength", here, minimum=1)
        data = self.buffer(get_int(view, "buffer", here), (*here, "buffer"))
        if offset + length > len(data):
            raise GltfInvalid(here, f"bytes {offset}..{offset + length} lie outside its buffer of {len(data)} bytes")
        return data[offset : offset + length], view

    def uri_bytes(self, uri: str, path: tuple) -> bytes:
        """The bytes a ``uri`` names (a data: URI or a checked file in the model's folder)."""
        if uri.startswith("data:"):
            return decode_data_uri(uri, path)
        return read_limited(resolve_uri(self.folder, uri, path), path)

    def _load_buffer(self, index: int, path: tuple) -> memoryview:
        buffer = item(self.doc, "buffers", index, path)
        here = ("buffers", index)
        length = get_int(buffer, "byteLength", here, minimum=1)
        uri = get_str(buffer, "uri", here, None)
        if uri is None:
            if self.bin_chunk is None:
                raise GltfInvalid(here, "has no uri and the file has no binary chunk")
            data = self.bin_chunk
        else:
            data = memoryview(self.uri_bytes(uri, (*here, "uri")))
        if len(data) < length:
            raise GltfInvalid(here, f"byteLength is {length} but only {len(data)} bytes were found (truncated?)")
        return data[:length]


def read_container(path: Path) -> Container:
    """Read a .gltf or .glb file (told apart by content, not by name)."""
    data = read_limited(path, ())
    if data[:4] == _GLB_MAGIC:
        json_bytes, bin_chunk = _glb_chunks(data)
        return Container(path, _parse_json(json_bytes), None, bin_chunk)
    text = _decode_text(data)
    return Container(path, _parse_json(text), text)


def resolve_uri(folder: Path, uri: str, path: tuple) -> Path:
    """The file a relative ``uri`` names, refused unless it stays inside ``folder``."""
    if not uri or "\0" in uri:
        raise GltfInvalid(path, f"uri {uri!r} is not a file name")
    if _has_scheme(uri) or uri.startswith(("/", "\\")) or (len(uri) > 1 and uri[1] == ":"):
        raise UriRefused(
            path,
            f"uri {uri!r} is not a path relative to the model: only relative paths "
            "inside the model's folder and data: URIs are read",
        )
    relative = PurePosixPath(unquote(uri).replace("\\", "/"))
    try:
        resolved = (folder / relative).resolve()
    except (OSError, ValueError) as exc:  # a NUL after unquoting, a symlink loop
        raise GltfInvalid(path, f"uri {uri!r} cannot be resolved ({exc})") from None
    if not resolved.is_relative_to(folder.resolve()):
        raise UriRefused(path, f"uri {uri!r} leaves the model's folder; assets must stay beside the model")
    return resolved


def _has_scheme(uri: str) -> bool:
    try:
        return bool(urlsplit(uri).scheme)
    except ValueError:  # e.g. an unbalanced "[" in what looks like a host
        return True


def decode_data_uri(uri: str, path: tuple) -> bytes:
    """The payload of a ``data:[<type>][;base64],<data>`` URI."""
    header, comma, payload = uri.partition(",")
    if not comma:
        raise GltfInvalid(path, "data: URI has no ',' before its data")
    if header.endswith(";base64"):
        try:
            return base64.b64decode(payload, validate=False)
        except (binascii.Error, ValueError) as exc:
            raise GltfInvalid(path, f"data: URI is not valid base64 ({exc})") from None
    return unquote_to_bytes(payload)


def read_limited(path: Path, json_path: tuple) -> bytes:
    """The bytes of ``path``, refusing folders, missing files and files over the size limit."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise GltfInvalid(
                json_path, f"{path.name} is {size / 2**30:.1f} GiB, over the {MAX_FILE_BYTES // 2**30} GiB limit"
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise GltfInvalid(json_path, f"file not found: {path}") from None
    except IsADirectoryError:
        raise GltfInvalid(json_path, f"is a folder, not a file: {path}") from None
    except OSError as exc:
        raise GltfInvalid(json_path, f"cannot read {path}: {exc.strerror or exc}") from None


def _glb_chunks(data: bytes) -> tuple[bytes, memoryview | None]:
    """The JSON and BIN chunks of a .glb (header: magic, version, length; then chunks)."""
    if len(data) < 20:
        raise GltfInvalid((), f"truncated .glb: {len(data)} bytes, not even a header")
    _, version, length = struct.unpack_from("<4sII", data, 0)
    if version != 2:
        raise GltfInvalid((), f".glb container version {version}; only glTF 2.0 is supported")
    if length > len(data):
        raise GltfInvalid((), f"truncated .glb: the header says {length} bytes, the file has {len(data)}")
    view = memoryview(data)[:length]
    chunks = list(_iter_chunks(view))
    if not chunks or chunks[0][0] != _CHUNK_JSON:
        raise GltfInvalid((), "malformed .glb: the first chunk is not JSON")
    bin_chunk = chunks[1][1] if len(chunks) > 1 and chunks[1][0] == _CHUNK_BIN else None
    return bytes(chunks[0][1]), bin_chunk


def _iter_chunks(view: memoryview):
    offset = 12
    while offset + 8 <= len(view):
        length, kind = struct.unpack_from("<II", view, offset)
        start = offset + 8
        if start + length > len(view):
            raise GltfInvalid((), f"truncated .glb: a chunk of {length} bytes at offset {offset} runs past the end")
        yield kind, view[start : start + length]
        offset = start + length + (-length % 4)  # chunks are 4-byte aligned


def _decode_text(data: bytes) -> str:
    if len(data) > MAX_JSON_BYTES:
        raise GltfInvalid((), f"JSON of {len(data) // 2**20} MiB is over the {MAX_JSON_BYTES // 2**20} MiB limit")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise GltfInvalid((), f"neither a .glb nor UTF-8 JSON (byte {exc.start} is not UTF-8)") from None


def _parse_json(text: str | bytes) -> dict:
    if isinstance(text, bytes):
        text = _decode_text(text)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _JsonSyntax(exc.msg, exc.lineno, exc.colno) from None
    except RecursionError:
        raise GltfInvalid((), "JSON nested too deeply") from None
    if not isinstance(doc, dict):
        raise GltfInvalid((), f"a glTF document is a JSON object, not {type(doc).__name__}")
    _check_version(doc)
    return doc


def _check_version(doc: dict) -> None:
    asset = get_dict(doc, "asset", ())
    version = get_str(asset, "version", ("asset",))
    if version.split(".")[0] != "2":
        raise GltfInvalid(
            ("asset", "version"),
            f"glTF version {version!r}; only glTF 2.x is supported " "(convert glTF 1.0 files with gltf-pipeline)",
        )
    get_list(doc, "extensionsRequired", (), [])


class _JsonSyntax(GltfInvalid):
    """Invalid JSON at a known line and column."""

    def __init__(self, message: str, line: int, column: int):
        super().__init__((), f"invalid JSON: {message}")
        self.line = line
        self.column = column
