"""python manage.py credential_key_rotate --file PATH [--kid KID]

Puts a new Ed25519 key first in the JWK set at PATH (created if missing, mode 0600): it signs from now
on. The keys already there stay after it with their private part removed, so the credentials they
signed still verify against the published set and nothing can be signed with them any more.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from certification.credentials.keys import KeyError_, generate_key, key_ring


class Command(BaseCommand):
    help = "Add a new issuer signing key (Open Badges 3.0) in front of a JWK set file; old keys stay published."

    def add_arguments(self, parser):
        parser.add_argument("--file", required=True, help="the JWK set file (CREDENTIAL_SIGNING_KEYS_FILE)")
        parser.add_argument("--kid", help="the new key's id (default: the date and time)")

    def handle(self, *args, **opts):
        translation.activate("es")
        path = Path(opts["file"])
        kid = opts["kid"] or timezone.now().strftime("%Y%m%d-%H%M%S")
        old: list[dict] = []
        if path.exists():
            try:
                ring = key_ring(path.read_text(encoding="utf-8"), where=str(path))
            except KeyError_ as exc:
                raise CommandError(str(exc)) from None
            old = [key.as_dict(private=False) for key in ring.published]
        if any(key["kid"] == kid for key in old):
            raise CommandError(_("The file already has a key “%(kid)s”.") % {"kid": kid})
        data = json.dumps({"keys": [generate_key(kid), *old]}, indent=2)
        if not path.parent.is_dir():
            raise CommandError(_("The folder “%(folder)s” does not exist.") % {"folder": path.parent})
        handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=".keys-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(data + "\n")
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.stdout.write(
            self.style.SUCCESS(_("New signing key “%(kid)s” written to %(file)s.") % {"kid": kid, "file": path})
        )
