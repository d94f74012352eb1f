"""python manage.py export_credential CODE --format ob2|ob3 --out FILE

ob2: the Open Badges 2.0 Assertion as JSON-LD, or the baked badge when FILE ends in .png or .svg.
ob3: the OpenBadgeCredential signed as VC-JWT, or its JSON (unsigned payload) when FILE ends in .json.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from certification import badges, selectors
from certification.engine.codes import check_code

FORMATS = ("ob2", "ob3")


def _content(cert, fmt: str, suffix: str) -> bytes:
    if fmt == "ob2":
        if suffix == ".png":
            return badges.baked_png(cert)
        if suffix == ".svg":
            return badges.baked_svg(cert).encode("utf-8")
        return json.dumps(badges.assertion(cert), ensure_ascii=False, indent=2).encode("utf-8")
    if suffix == ".json":
        return json.dumps(badges.open_badge_credential(cert), ensure_ascii=False, indent=2).encode("utf-8")
    return badges.open_badge_jwt(cert).encode("ascii")


class Command(BaseCommand):
    help = "Export a certificate as an Open Badges 2.0 assertion (JSON, baked PNG/SVG) or 3.0 credential (JWT/JSON)."

    def add_arguments(self, parser):
        parser.add_argument("code", help="the certificate's verification code (hyphens and case ignored)")
        parser.add_argument("--format", required=True, help="ob2 or ob3")
        parser.add_argument("--out", required=True, help="file to write (.png/.svg/.json for ob2; .jwt/.json for ob3)")

    def handle(self, *args, **opts):
        translation.activate("es")
        fmt = opts["format"].strip().lower()
        if fmt not in FORMATS:
            raise CommandError(
                _("Unknown format “%(format)s”: use ob2 (Open Badges 2.0) or ob3 (Open Badges 3.0).")
                % {"format": opts["format"]}
            )
        check = check_code(opts["code"])
        cert = selectors.certificate_by_code(code=check.code) if check.ok else None
        if cert is None:
            raise CommandError(_("There is no certificate with verification code “%(code)s”.") % {"code": opts["code"]})
        out = Path(opts["out"])
        data = _content(cert, fmt, out.suffix.lower())
        if not out.parent.is_dir():
            raise CommandError(_("The folder “%(folder)s” does not exist.") % {"folder": out.parent})
        # Written beside the target and renamed: an interrupted export leaves no half-written file.
        handle, tmp = tempfile.mkstemp(dir=out.parent, prefix=".export-", suffix=out.suffix)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(tmp, out)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        if badges.is_withdrawn(cert):
            self.stdout.write(self.style.WARNING(_("This certificate is no longer valid: the credential says so.")))
        self.stdout.write(self.style.SUCCESS(_("Credential written to %(file)s.") % {"file": out}))
