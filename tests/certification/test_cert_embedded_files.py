"""Moodle XML embedded files (issue #13 §2): ``<file encoding="base64">`` and ``@@PLUGINFILE@@/…``
become Wagtail images and documents, and the question shows and links them."""

import base64
import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from certification.models import Question
from certification.templatetags.certification_tags import question_text


def _png() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (0, 90, 160)).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


def _xml(png: str, audio: str = base64.b64encode(b"ID3 fake audio frames").decode()) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="multichoice">
    <name><text>Bandera</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>¿De qué país es esta bandera? <img src="@@PLUGINFILE@@/bandera%20pe.png" alt="bandera"></p>
<p><a href="@@PLUGINFILE@@/saludo.mp3">Escuche el saludo</a></p>]]></text>
      <file name="bandera pe.png" path="/" encoding="base64">{png}</file>
      <file name="saludo.mp3" path="/" encoding="base64">{audio}</file>
    </questiontext>
    <single>true</single>
    <answer fraction="100"><text>Perú</text></answer>
    <answer fraction="0"><text>Chile</text></answer>
  </question>
</quiz>
"""


def _import(bank, tmp_path, text):
    path = tmp_path / "files.xml"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("import_questions", str(path), "--bank", bank.code, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_embedded_images_and_audio_are_stored_and_the_question_points_at_them(bank, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    assert "imported 1 questions" in _import(bank, tmp_path, _xml(_png()))
    image = get_image_model().objects.get(title="bandera pe.png")
    assert (image.width, image.height) == (4, 3)
    document = get_document_model().objects.get(title="saludo.mp3")
    snap = Question.objects.get(bank=bank, name="Bandera").snapshot()
    assert "@@PLUGINFILE@@" not in snap.text
    assert image.file.url in snap.text and document.url in snap.text
    html = question_text(snap.text, snap.text_format)
    assert f'<img src="{image.file.url}" alt="bandera">' in html
    assert f'href="{document.url}"' in html
    # importing the same file again stores no second copy
    assert "1 already in bank" in _import(bank, tmp_path, _xml(_png()))
    assert get_image_model().objects.filter(title="bandera pe.png").count() == 1


def test_a_broken_embedded_file_rejects_the_file_and_stores_nothing(bank, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    with pytest.raises(CommandError):
        _import(bank, tmp_path, _xml("no es base64!!"))
    fake_png = base64.b64encode(b"not an image at all").decode()
    with pytest.raises(CommandError):
        _import(bank, tmp_path, _xml(fake_png))
    assert not Question.objects.filter(bank=bank).exists()
    assert not get_image_model().objects.exists() and not get_document_model().objects.exists()
