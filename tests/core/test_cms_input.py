"""Wagtail's own admin views (/cms/) answer malformed input with 400 or 404, never 500; CMS documents
and images over UPLOAD_MAX_BYTES say the file is too large. Each case was a 500 (or "field required")
on main before core.cms_input / core.cms_uploads."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from wagtail.documents.models import Document
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from content.models import StandardPage
from core.roles import Role
from core.services import user_set_role


@pytest.fixture
def cms(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.admin)
    return client


@pytest.fixture
def page(world):
    home = Site.objects.get(is_default_site=True).root_page
    page = StandardPage(title="Ayuda", slug="ayuda")
    home.add_child(instance=page)
    return page


@pytest.mark.parametrize(
    "url",
    [
        "/cms/documents/chooser/chosen/abc/",
        "/cms/images/chooser/chosen/abc/",
        "/cms/snippets/choose/learning/learningpath/chosen/abc/",
        "/cms/documents/chooser/chosen/a%0D%0Ab/",
    ],
)
def test_a_chooser_asked_for_a_non_numeric_id_answers_not_found(cms, url):
    assert cms.get(url).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/cms/documents/chooser/chosen-multiple/?id=abc",
        "/cms/images/chooser/chosen-multiple/?id=abc",
        "/cms/choose-page/chosen-multiple/?id=abc",
        "/cms/documents/chooser/chosen-multiple/?id=99999999999999999999",
        "/cms/choose-external-link/?parent_page_id=abc",
        "/cms/bulk/wagtailcore/page/delete/?id=abc",
        "/cms/pages/?site=99999999999999999999",
    ],
)
def test_a_malformed_id_in_the_query_is_a_bad_request_naming_it(cms, url):
    response = cms.get(url)
    assert response.status_code == 400
    name = url.split("?")[1].split("=")[0]
    assert name in response.content.decode()


def test_a_page_number_that_is_not_a_number_or_beyond_the_listing_is_not_a_server_error(cms):
    assert cms.get("/cms/workflows/edit/1/?p=abc").status_code == 400
    assert cms.get("/cms/workflows/edit/1/?p=999").status_code == 404


@pytest.mark.parametrize("action", ["lock", "unlock", "set_position", "copy", "move/2/confirm"])
def test_the_root_of_the_page_tree_is_not_a_page_to_act_on(cms, action):
    root = Page.objects.get(depth=1)
    url = f"/cms/pages/{root.pk}/{action}/"
    assert cms.get(url).status_code == 404
    assert cms.post(url).status_code == 404


def test_a_next_that_is_not_a_path_on_this_site_is_a_bad_request(cms, page):
    response = cms.post(f"/cms/pages/{page.pk}/lock/", {"next": "abc"})
    assert response.status_code == 400
    assert "next" in response.content.decode()
    page.refresh_from_db()
    assert not page.locked
    assert cms.post(f"/cms/pages/{page.pk}/lock/", {"next": "/cms/"}).status_code == 302


def test_a_page_edit_without_its_form_management_fields_is_a_bad_request(cms, page):
    response = cms.post(f"/cms/pages/{page.pk}/edit/", {"title": "Otra", "slug": "ayuda"})
    assert response.status_code == 400


def test_a_tampered_redirect_import_is_a_bad_request(cms):
    response = cms.post("/cms/redirects/import/process/", {"import_file_name": "x", "input_format": "y"})
    assert response.status_code == 400


def test_wagtails_deliberate_error_view_is_not_served(cms):
    assert cms.get("/cms/failwhale/").status_code == 404


def test_an_editor_in_the_cms_group_gets_the_same_answers(world):
    user_set_role(actor=None, user=world.editor, role=Role.EDITOR)
    client = Client(raise_request_exception=False)
    client.force_login(world.editor)
    assert client.get("/cms/documents/chooser/chosen/abc/").status_code == 404
    assert client.get("/cms/documents/chooser/chosen-multiple/?id=abc").status_code == 400


# --- uploads over the limit -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language,expected",
    [("es", "El archivo supera el límite de 1,0\xa0KB."), ("en", "The file is larger than the limit of 1.0\xa0KB.")],
)
@override_settings(UPLOAD_MAX_BYTES=1024)
def test_a_cms_document_over_the_limit_says_it_is_too_large_and_stores_nothing(cms, language, expected):
    cms.cookies["django_language"] = language
    big = SimpleUploadedFile("manual.pdf", b"%PDF-1.4 " + b"x" * 4096, content_type="application/pdf")
    response = cms.post("/cms/documents/add/", {"title": "Manual", "file": big, "collection": "1"})
    body = response.content.decode()
    assert response.status_code == 200
    assert expected in body
    errors = re.findall(r'class="error-message">\s*(.*?)\s*</p>', body, re.S)
    assert errors == [expected]
    assert not Document.objects.exists()


@override_settings(UPLOAD_MAX_BYTES=1024)
def test_a_cms_image_over_the_limit_says_it_is_too_large_and_stores_nothing(cms):
    cms.cookies["django_language"] = "es"
    big = SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\n" + b"x" * 4096, content_type="image/png")
    response = cms.post("/cms/images/add/", {"title": "Logo", "file": big, "collection": "1"})
    assert response.status_code == 200
    assert "El archivo supera el límite de 1,0\xa0KB." in response.content.decode()
    assert not get_image_model().objects.exists()


@pytest.mark.parametrize("url", ["/cms/documents/multiple/add/", "/cms/images/multiple/add/"])
@override_settings(UPLOAD_MAX_BYTES=1024)
def test_the_multiple_uploader_over_the_limit_shows_the_size_message(cms, url):
    cms.cookies["django_language"] = "en"
    response = cms.post(url, {"files[]": SimpleUploadedFile("big.png", b"x" * 4096)})
    assert response.status_code == 200
    assert response.json()["success"] is False
    assert response.json()["error_message"] == "The file is larger than the limit of 1.0\xa0KB."
    assert not Document.objects.exists() and not get_image_model().objects.exists()


def test_a_cms_document_under_the_limit_is_stored(cms):
    small = SimpleUploadedFile("manual.pdf", b"%PDF-1.4 small", content_type="application/pdf")
    response = cms.post("/cms/documents/add/", {"title": "Manual", "file": small, "collection": "1"})
    assert response.status_code == 302
    assert Document.objects.filter(title="Manual").exists()
