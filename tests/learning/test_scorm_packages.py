"""Importing a SCORM package: the manifest read, every refusal named, nothing half-written."""

from __future__ import annotations

import copy
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from core.models import AuditEvent
from learning import services
from learning.engine import scorm
from learning.models import ScormPackage
from tests.learning.scorm_packages import manifest, scorm_zip


def inspect(data: bytes, **limits):
    return scorm.package_inspect(io.BytesIO(data), scorm.Limits(**limits) if limits else None)


def refusal(data: bytes, **limits) -> scorm.PackageRejected:
    with pytest.raises(scorm.PackageRejected) as caught:
        inspect(data, **limits)
    return caught.value


@pytest.mark.parametrize("version", ["1.2", "2004"])
def test_it_reads_the_version_title_and_launch_file_of_each_scorm_edition(version):
    info = inspect(scorm_zip(version))
    assert (info.version, info.title, info.launch, info.launch_file) == (
        version,
        "Curso SCORM",
        "index.html",
        "index.html",
    )
    assert info.file_count == 3


def test_it_takes_the_default_organization_and_the_items_parameters_and_xml_base():
    text = manifest("2004").replace(
        '<organization identifier="ORG-1">',
        '<organization identifier="ORG-0"><title>Otra</title>'
        '<item identifier="X" identifierref="NOPE"><title>x</title></item></organization>'
        '<organization identifier="ORG-1">',
    )
    text = text.replace('identifierref="RES-1"', 'identifierref="RES-1" parameters="?modo=curso"')
    text = text.replace("<resources>", '<resources xml:base="sco/">').replace(
        'href="index.html">', 'href="inicio.html">'
    )
    info = inspect(scorm_zip("2004", manifest_text=text, extra={"sco/inicio.html": "<p>hola</p>"}))
    assert info.launch == "sco/inicio.html?modo=curso" and info.launch_file == "sco/inicio.html"


def test_it_reads_the_version_from_the_namespaces_when_the_metadata_is_missing():
    text = manifest("1.2").replace("<schemaversion>1.2</schemaversion>", "")
    assert inspect(scorm_zip("1.2", manifest_text=text)).version == "1.2"


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"this is not a zip", "not_a_zip"),
        (scorm_zip(drop=("imsmanifest.xml",)), "no_manifest"),
        (scorm_zip("1.2", manifest_text="<manifest><organizations>"), "manifest_broken_xml"),
        (
            scorm_zip(
                "1.2",
                manifest_text='<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa">]><manifest>&a;</manifest>',
            ),
            "manifest_unsafe_xml",
        ),
        (scorm_zip("1.2", manifest_text="<html/>"), "manifest_not_manifest"),
        (scorm_zip("1.2", href="falta.html"), "launch_file_missing"),
        (scorm_zip("1.2", href="https://example.com/sco.html"), "launch_not_in_package"),
        (scorm_zip("1.2", default="ORG-9"), "default_organization_missing"),
        (
            scorm_zip(
                "1.2",
                manifest_text=manifest("1.2")
                .replace("<schemaversion>1.2", "<schemaversion>9")
                .replace("adlcp_rootv1p2", "otro"),
            ),
            "unknown_version",
        ),
        (scorm_zip(extra={"../fuera.html": "x"}), "unsafe_path"),
        (scorm_zip(extra={"/etc/passwd.txt": "x"}), "unsafe_path"),
        (scorm_zip(extra={"C:/windows.txt": "x"}), "unsafe_path"),
        (scorm_zip(extra={"a\\..\\b.txt": "x"}), "unsafe_path"),
        (scorm_zip(symlinks={"enlace.html": "/etc/passwd"}), "symlink"),
        (scorm_zip(extra={"programa.exe": b"MZ"}), "file_type_not_allowed"),
        (scorm_zip(extra={"script.php": "<?php ?>"}), "file_type_not_allowed"),
        (scorm_zip(extra={"SIN_EXTENSION": "x"}), "file_type_not_allowed"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_it_refuses_a_broken_or_unsafe_package_naming_what_is_wrong(data, code):
    assert refusal(data).code == code


def test_it_refuses_a_manifest_inside_a_folder_and_says_where_it_is():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("curso/imsmanifest.xml", manifest())
        archive.writestr("curso/index.html", "x")
    exc = refusal(buffer.getvalue())
    assert exc.code == "no_manifest" and exc.params["nested"] == "curso/imsmanifest.xml"


def test_it_refuses_a_package_with_a_launch_file_outside_through_dot_dot():
    assert refusal(scorm_zip("1.2", href="../index.html")).code == "unsafe_path"


def test_it_refuses_too_many_files_too_many_bytes_and_a_zip_bomb():
    many = {f"img/{i}.png": b"x" for i in range(20)}
    assert refusal(scorm_zip(extra=many), max_files=10).code == "too_many_files"
    assert refusal(scorm_zip(extra={"big.txt": "a" * 50_000}), max_total_bytes=20_000).code == "too_large_uncompressed"
    bomb = refusal(scorm_zip(extra={"bomba.txt": b"\0" * 3_000_000}))
    assert bomb.code == "compression_ratio" and bomb.params["name"] == "bomba.txt" and bomb.params["ratio"] > 100


def test_extraction_stops_at_the_size_a_member_declared(tmp_path):
    data = scorm_zip()
    info = inspect(data)
    lying = [copy.copy(m) for m in info.members]
    lying[1].file_size = 10  # index.html says 10 bytes but expands to thousands
    forged = scorm.PackageInfo(info.version, info.title, info.launch, info.launch_file, tuple(lying), 0)
    with pytest.raises(scorm.PackageRejected) as caught:
        scorm.package_extract(io.BytesIO(data), forged, tmp_path)
    assert caught.value.code == "corrupt_member"


# --- the service: media, the row, the audit, and the Spanish the editor reads --------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(data: bytes, name: str = "curso.zip"):
    return SimpleUploadedFile(name, data, content_type="application/zip")


@pytest.mark.django_db
def test_importing_a_package_extracts_it_under_its_own_directory_and_records_it(world, media):
    package = services.scorm_package_import(file=upload(scorm_zip("2004")), name="curso.zip", actor=world.editor)
    root = media / "scorm" / package.directory
    assert (root / "index.html").is_file() and (root / "css" / "estilo.css").is_file()
    assert (package.version, package.launch, package.file_count, package.uploaded_by) == (
        "2004",
        "index.html",
        3,
        world.editor,
    )
    assert AuditEvent.objects.filter(action="scorm_package.import", object_id=str(package.pk)).exists()
    assert [p.name for p in (media / "scorm").iterdir()] == [package.directory]


@pytest.mark.django_db
def test_a_refused_package_leaves_no_file_and_no_row(world, media):
    with pytest.raises(services.LearningError):
        services.scorm_package_import(file=upload(scorm_zip(extra={"x.exe": b"MZ"})), name="x.zip", actor=world.editor)
    assert not ScormPackage.objects.exists()
    assert not (media / "scorm").exists() or not any((media / "scorm").iterdir())


@pytest.mark.django_db
def test_a_package_that_fails_while_extracting_leaves_nothing_half_written(world, media, monkeypatch):
    real = scorm.package_extract

    def fail_half_way(file, info, target):
        real(
            file,
            scorm.PackageInfo(info.version, info.title, info.launch, info.launch_file, info.members[:1], 0),
            target,
        )
        raise scorm.PackageRejected("corrupt_member", name="index.html")

    monkeypatch.setattr(scorm, "package_extract", fail_half_way)
    with pytest.raises(services.LearningError) as caught:
        services.scorm_package_import(file=upload(scorm_zip()), name="x.zip", actor=world.editor)
    assert caught.value.code == "scorm_corrupt_member"
    assert not ScormPackage.objects.exists() and not any((media / "scorm").iterdir())


@pytest.mark.django_db
def test_a_package_over_the_upload_limit_is_refused_before_it_is_read(world, media, settings):
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(services.LearningError) as caught:
        services.scorm_package_import(file=upload(scorm_zip()), name="x.zip", actor=world.editor)
    assert caught.value.code == "scorm_too_large"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"no zip", "no es un archivo ZIP"),
        (scorm_zip(drop=("imsmanifest.xml",)), "no contiene imsmanifest.xml"),
        (scorm_zip("1.2", href="falta.html"), "«falta.html»"),
        (scorm_zip(extra={"../fuera.html": "x"}), "«../fuera.html»"),
        (scorm_zip(extra={"programa.exe": b"MZ"}), "«programa.exe»"),
    ],
)
def test_the_editor_reads_the_refusal_in_spanish_naming_the_file(world, media, data, words):
    with translation.override("es"), pytest.raises(services.LearningError) as caught:
        services.scorm_package_check(file=upload(data))
    with translation.override("es"):
        assert words in caught.value.message
