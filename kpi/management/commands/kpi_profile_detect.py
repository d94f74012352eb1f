"""python manage.py kpi_profile_detect FILE [--save CODE] [--name NAME] [--date-format F]

Reads a sample feed's header and first rows and proposes a profile: encoding, delimiter, title
rows, each column's KPI (the rest ignored), a totals row, decimal and thousands separators,
durations, the agent key (whichever of employee code and dialer login names more of the sample's
agents) and the date format, the last only when the sample's dates read one way. ``--save CODE``
stores the proposal as a new profile, or as a new version of the profile CODE; when the dates are
ambiguous it refuses until ``--date-format`` chooses. Every line is in the active language.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kpi.ingest.detect import profile_detect
from kpi.ingest.profiles import DATE_FORMATS
from kpi.messages import DATE_FORMAT_NAMES, DURATION_FORMAT_NAMES
from kpi.services import agent_directory, feed_profile_save

SEPARATOR_NAMES = {
    ",": gettext_lazy("comma"),
    ";": gettext_lazy("semicolon"),
    "\t": gettext_lazy("tab"),
    ".": gettext_lazy("point"),
    "": gettext_lazy("none"),
}


class Command(BaseCommand):
    help = "Propose a KPI feed profile from a sample file; --save CODE stores it (a new profile or version)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to a sample CSV")
        parser.add_argument("--save", metavar="CODE", help="Store the proposal under this profile code")
        parser.add_argument("--name", default="", help="The new profile's name (default: the code)")
        parser.add_argument("--date-format", choices=DATE_FORMATS, help="Choose the date format (ambiguous dates)")

    def handle(self, *args, file: str, save: str | None, name: str, date_format: str | None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: {path}").format(path=path))
        proposal = profile_detect(path.read_bytes())
        if not any(code for _name, code in proposal.columns):
            raise CommandError(_("No column of the file names a KPI: is its first row the header?"))
        agent_key = self._agent_key(proposal)
        out = self.stdout
        out.write(_("Encoding: {encoding}").format(encoding=proposal.encoding))
        out.write(_("Delimiter: {name}").format(name=SEPARATOR_NAMES[proposal.delimiter]))
        out.write(
            _("Decimal separator: {decimal} · thousands separator: {thousands}").format(
                decimal=SEPARATOR_NAMES.get(proposal.decimal_separator, proposal.decimal_separator),
                thousands=SEPARATOR_NAMES.get(proposal.thousands_separator, proposal.thousands_separator),
            )
        )
        out.write(_("Title rows above the header: {n}").format(n=proposal.title_rows))
        out.write(
            _("Agents are named by: {key}").format(
                key=_("dialer login") if agent_key == "dialer_login" else _("employee code")
            )
        )
        guess = proposal.date_guess
        if proposal.date_format:
            out.write(_("Date format: {format}").format(format=DATE_FORMAT_NAMES[proposal.date_format]))
        elif guess.ambiguous:
            examples = "; ".join(
                _("{cell} is {day_first} day first, {month_first} month first").format(
                    cell=cell, day_first=a.isoformat(), month_first=b.isoformat()
                )
                for cell, a, b in guess.examples
            )
            out.write(
                self.style.WARNING(_("Date format: ambiguous ({examples}); choose one.").format(examples=examples))
            )
        else:
            out.write(self.style.WARNING(_("Date format: no format reads every date of the sample.")))
        out.write(_("Columns:"))
        for column, code in proposal.columns:
            out.write(f"  {column} → {code}" if code else "  " + _("{column} → ignored").format(column=column))
        for code, written in proposal.durations:
            out.write(
                _("Duration: {code} written as {format}").format(code=code, format=DURATION_FORMAT_NAMES[written])
            )
        if proposal.footer_labels:
            out.write(_("Totals row skipped: {label}").format(label=", ".join(proposal.footer_labels)))
        if not save:
            return
        chosen = date_format or proposal.date_format
        if chosen is None:
            raise CommandError(_("Choose the date format with --date-format before saving."), returncode=1)
        profile = proposal.profile(save, date_format=chosen, agent_key=agent_key)
        stored, created = feed_profile_save(code=save, name=name, profile=profile)
        message = (
            _("Profile {code} created (version {version}).")
            if created
            else _("Profile {code} saved as version {version}.")
        )
        out.write(self.style.SUCCESS(message.format(code=stored.code, version=stored.version)))

    @staticmethod
    def _agent_key(proposal) -> str:
        codes = [code for _name, code in proposal.columns]
        if "agente" not in codes:
            return "employee_code"
        index = codes.index("agente")
        names = {row[index].strip() for row in proposal.sample if index < len(row)}

        def known(key: str) -> int:
            directory = agent_directory(agent_key=key)
            return sum(1 for n in names if n in directory or n.casefold() in directory)

        return "dialer_login" if known("dialer_login") > known("employee_code") else "employee_code"
