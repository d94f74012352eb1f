"""SCORM 1.2 / 2004 packages and run-time data, in plain Python (no Django import).

``package_inspect(file, limits)`` reads a zip once, without extracting it, and either returns what the
portal needs to play it (:class:`PackageInfo`: version, title, launch file, members) or raises
:class:`PackageRejected` with a code and the facts its sentence needs (``learning.messages`` words it):
not a zip, no ``imsmanifest.xml``, broken XML, no organisation or launchable resource, a launch file
missing from the zip, an unsafe member name (``..``, absolute, drive letters, backslashes), a symlink,
a file type not on the list, too many files, too many bytes once expanded, a suspicious compression
ratio. ``package_extract`` then writes the members it was given into an empty directory, counting
the bytes it writes (a member cannot expand past what it declared).

``cmi_state(version, cmi)`` reads what a commit says about completion, success and score.
"""

from __future__ import annotations

import posixpath
import re
import stat
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

SCORM_12 = "1.2"
SCORM_2004 = "2004"
MANIFEST = "imsmanifest.xml"

#: extensions a package may hold (lower case, without the dot); anything else rejects the package
ALLOWED_EXTENSIONS = frozenset(
    """
    html htm xhtml js mjs css json xml xsd dtd xsl xslt txt md csv map
    png jpg jpeg gif svg webp ico bmp avif
    mp3 mp4 m4a m4v ogg oga ogv webm wav aac vtt srt
    woff woff2 ttf otf eot pdf
    """.split()
)


@dataclass(frozen=True)
class Limits:
    max_files: int = 5000
    max_total_bytes: int = 500 * 1024 * 1024
    max_ratio: int = 100
    #: members smaller than this are not held to the ratio (tiny text files compress very well)
    ratio_floor_bytes: int = 1024 * 1024


class PackageRejected(Exception):  # noqa: N818 - a refusal with a code, like core.errors.ServiceError
    def __init__(self, code: str, **params) -> None:
        super().__init__(code, params)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class PackageInfo:
    version: str  # SCORM_12 or SCORM_2004
    title: str
    launch: str  # the SCO's href inside the package, with its parameters (a query string) if any
    launch_file: str  # the file the launch opens
    members: tuple[zipfile.ZipInfo, ...] = field(repr=False)
    total_bytes: int = 0

    @property
    def file_count(self) -> int:
        return len(self.members)


_DRIVE = re.compile(r"^[A-Za-z]:")


def member_path_check(name: str) -> str:
    """The member's path inside the package, normalised, or PackageRejected(unsafe_path)."""
    if "\\" in name or "\x00" in name or name.startswith("/") or _DRIVE.match(name):
        raise PackageRejected("unsafe_path", name=name)
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts or any(p == ".." for p in parts):
        raise PackageRejected("unsafe_path", name=name)
    return "/".join(parts)


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element, name: str) -> list:
    return [c for c in element if _local(c.tag) == name]


def _child(element, name: str):
    found = _children(element, name)
    return found[0] if found else None


def _attr(element, name: str) -> str:
    for key, value in element.attrib.items():
        if _local(key).lower() == name.lower():
            return value.strip()
    return ""


def _text(element) -> str:
    return (element.text or "").strip() if element is not None else ""


def _version_of(root) -> str:
    metadata = _child(root, "metadata")
    schema_version = _text(_child(metadata, "schemaversion")) if metadata is not None else ""
    if schema_version == "1.2":
        return SCORM_12
    if "2004" in schema_version or schema_version.startswith("CAM 1.3"):
        return SCORM_2004
    namespaces = " ".join([root.tag, *(k for e in root.iter() for k in e.attrib)])
    if "adlcp_v1p3" in namespaces or "imscp_v1p1" in namespaces and "adlseq" in namespaces:
        return SCORM_2004
    if "adlcp_rootv1p2" in namespaces:
        return SCORM_12
    raise PackageRejected("unknown_version", found=schema_version or "—")


def _first_launchable(items, resources) -> tuple[object, object] | None:
    for item in items:
        ref = _attr(item, "identifierref")
        if ref and ref in resources and _attr(resources[ref], "href"):
            return item, resources[ref]
        found = _first_launchable(_children(item, "item"), resources)
        if found:
            return found
    return None


def _join_base(*parts: str) -> str:
    path = ""
    for part in parts:
        if part:
            path = posixpath.join(path, part) if path else part
    return path


def manifest_read(data: bytes, *, names: set[str]) -> tuple[str, str, str, str]:
    """(version, title, launch, launch_file) from the bytes of imsmanifest.xml."""
    try:
        root = ElementTree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise PackageRejected("manifest_unsafe_xml", detail=type(exc).__name__) from None
    except ElementTree.ParseError as exc:
        raise PackageRejected("manifest_broken_xml", detail=str(exc)) from None
    if _local(root.tag) != "manifest":
        raise PackageRejected("manifest_not_manifest", found=_local(root.tag))
    version = _version_of(root)
    organizations = _child(root, "organizations")
    orgs = _children(organizations, "organization") if organizations is not None else []
    if not orgs:
        raise PackageRejected("no_organization")
    default = _attr(organizations, "default")
    if default:
        chosen = [o for o in orgs if _attr(o, "identifier") == default]
        if not chosen:
            raise PackageRejected("default_organization_missing", identifier=default)
        org = chosen[0]
    else:
        org = orgs[0]
    resources_el = _child(root, "resources")
    resources = {}
    if resources_el is not None:
        for res in _children(resources_el, "resource"):
            if _attr(res, "identifier"):
                resources[_attr(res, "identifier")] = res
    found = _first_launchable(_children(org, "item"), resources)
    if found is None:
        raise PackageRejected("no_launchable_resource")
    item, resource = found
    href = _join_base(
        _attr(root, "base"), _attr(resources_el, "base"), _attr(resource, "base"), _attr(resource, "href")
    )
    if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.IGNORECASE) or href.startswith("//"):
        raise PackageRejected("launch_not_in_package", href=href)
    launch_file = href.split("?", 1)[0].split("#", 1)[0]
    try:
        launch_file = member_path_check(launch_file)
    except PackageRejected:
        raise PackageRejected("unsafe_path", name=href) from None
    if launch_file not in names:
        raise PackageRejected("launch_file_missing", href=launch_file)
    parameters = _attr(item, "parameters")
    launch = href
    if parameters:
        parameters = parameters.lstrip("?&")
        launch = f"{href}{'&' if '?' in href else '?'}{parameters}"
    title = _text(_child(org, "title")) or _text(_child(item, "title")) or launch_file
    return version, title[:255], launch, launch_file


def package_inspect(file: IO[bytes], limits: Limits | None = None) -> PackageInfo:
    """Validate a SCORM zip without extracting it (see the module docstring)."""
    limits = limits or Limits()
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise PackageRejected("not_a_zip") from None
    with archive:
        infos = archive.infolist()
        files = [i for i in infos if not i.is_dir()]
        if len(files) > limits.max_files:
            raise PackageRejected("too_many_files", count=len(files), limit=limits.max_files)
        total = 0
        members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            path = member_path_check(info.filename)
            if _is_symlink(info):
                raise PackageRejected("symlink", name=info.filename)
            if info.is_dir():
                continue
            if path in members:
                raise PackageRejected("duplicate_member", name=path)
            extension = path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""
            if extension not in ALLOWED_EXTENSIONS:
                raise PackageRejected("file_type_not_allowed", name=path, extension=extension or "—")
            if info.flag_bits & 0x1:
                raise PackageRejected("encrypted_member", name=path)
            total += info.file_size
            if total > limits.max_total_bytes:
                raise PackageRejected("too_large_uncompressed", limit=limits.max_total_bytes)
            if info.file_size >= limits.ratio_floor_bytes and info.file_size > limits.max_ratio * max(
                info.compress_size, 1
            ):
                raise PackageRejected(
                    "compression_ratio", name=path, ratio=info.file_size // max(info.compress_size, 1)
                )
            members[path] = info
        if MANIFEST not in members:
            nested = sorted(p for p in members if p.endswith("/" + MANIFEST))
            raise PackageRejected("no_manifest", nested=nested[0] if nested else "")
        try:
            manifest = _read_member(archive, members[MANIFEST], limit=5 * 1024 * 1024)
        except PackageRejected:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
            raise PackageRejected("corrupt_member", name=MANIFEST) from None
        version, title, launch, launch_file = manifest_read(manifest, names=set(members))
        return PackageInfo(
            version=version,
            title=title,
            launch=launch,
            launch_file=launch_file,
            members=tuple(members.values()),
            total_bytes=total,
        )


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, *, limit: int) -> bytes:
    if info.file_size > limit:
        raise PackageRejected("manifest_too_large")
    with archive.open(info) as member:
        data = member.read(limit + 1)
    if len(data) > limit:
        raise PackageRejected("manifest_too_large")
    return data


CHUNK = 64 * 1024


def package_extract(file: IO[bytes], info: PackageInfo, target: Path) -> None:
    """Write the members of an inspected package under ``target`` (an empty directory). Each member is
    written in chunks and stops at the size it declared (PackageRejected(corrupt_member) past it)."""
    root = target.resolve()
    with zipfile.ZipFile(file) as archive:
        for member in info.members:
            path = member_path_check(member.filename)
            destination = (root / path).resolve()
            if root not in destination.parents:
                raise PackageRejected("unsafe_path", name=member.filename)
            destination.parent.mkdir(parents=True, exist_ok=True)
            written = 0
            try:
                with archive.open(member) as source, open(destination, "xb") as out:
                    while chunk := source.read(CHUNK):
                        written += len(chunk)
                        if written > member.file_size:
                            raise PackageRejected("corrupt_member", name=path)
                        out.write(chunk)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
                raise PackageRejected("corrupt_member", name=path) from None


# --- run-time data --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CmiState:
    lesson_status: str  # 1.2: cmi.core.lesson_status; 2004: "" (see completion_status)
    completion_status: str
    success_status: str
    score_raw: Decimal | None
    score_scaled: Decimal | None
    location: str
    suspend_data: str
    exit: str

    @property
    def completed(self) -> bool:
        """Does this data complete the lesson? 1.2: lesson_status completed or passed; 2004:
        completion_status completed (a failed success_status leaves the lesson to retake)."""
        if self.success_status == "failed":
            return False
        if self.lesson_status in ("completed", "passed"):
            return True
        return self.completion_status == "completed"


LESSON_STATUSES_12 = {"passed", "completed", "failed", "incomplete", "browsed", "not attempted"}
COMPLETION_STATUSES = {"completed", "incomplete", "not attempted", "unknown"}
SUCCESS_STATUSES = {"passed", "failed", "unknown"}


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() and abs(number) < Decimal("1e9") else None


def _get(data, *path):
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _str(value, limit: int) -> str:
    return value[:limit] if isinstance(value, str) else ""


def cmi_state(version: str, cmi: dict) -> CmiState:
    """What a commit's ``cmi`` object says (unknown or malformed values read as nothing)."""
    if version == SCORM_12:
        status = _str(_get(cmi, "core", "lesson_status"), 20)
        status = status if status in LESSON_STATUSES_12 else ""
        return CmiState(
            lesson_status=status,
            completion_status="completed" if status in ("completed", "passed") else "",
            success_status={"passed": "passed", "failed": "failed"}.get(status, ""),
            score_raw=_decimal(_get(cmi, "core", "score", "raw")),
            score_scaled=None,
            location=_str(_get(cmi, "core", "lesson_location"), 255),
            suspend_data=_str(_get(cmi, "suspend_data"), 64000),
            exit=_str(_get(cmi, "core", "exit"), 20),
        )
    completion = _str(_get(cmi, "completion_status"), 20)
    success = _str(_get(cmi, "success_status"), 20)
    return CmiState(
        lesson_status="",
        completion_status=completion if completion in COMPLETION_STATUSES else "",
        success_status=success if success in SUCCESS_STATUSES else "",
        score_raw=_decimal(_get(cmi, "score", "raw")),
        score_scaled=_decimal(_get(cmi, "score", "scaled")),
        location=_str(_get(cmi, "location"), 1000),
        suspend_data=_str(_get(cmi, "suspend_data"), 64000),
        exit=_str(_get(cmi, "exit"), 20),
    )


#: what the portal gives back to scorm-again when a learner resumes (the rest the SCO starts afresh)
RESUME_FIELDS_12 = (("core", "lesson_location"), ("core", "lesson_status"), ("core", "score"), ("suspend_data",))
RESUME_FIELDS_2004 = (
    ("location",),
    ("completion_status",),
    ("success_status",),
    ("score",),
    ("suspend_data",),
    ("progress_measure",),
)


def cmi_resume(version: str, cmi: dict) -> dict:
    """The stored data a resumed attempt starts with (scorm-again's ``loadFromJSON``): location,
    statuses, score and suspend_data, plus ``entry`` resume when the SCO suspended."""
    fields = RESUME_FIELDS_12 if version == SCORM_12 else RESUME_FIELDS_2004
    out: dict = {}
    for path in fields:
        value = _get(cmi, *path)
        if value in (None, "", {}):
            continue
        target = out
        for key in path[:-1]:
            target = target.setdefault(key, {})
        target[path[-1]] = value
    if version == SCORM_12:
        if out:
            out.setdefault("core", {})["entry"] = "resume"
    elif out:
        out["entry"] = "resume"
    return out
