"""Translatable text for the error codes of the learning services."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "lesson_not_in_course": _("This lesson is not part of the course."),
    "not_allowed": _("Your role may not assign training."),
    "due_date_past": _("The due date %(date)s is in the past. Choose today or a later date."),
    "lesson_completes_by_scorm": _("A SCORM lesson is completed by its own content, not by hand."),
    # SCORM packages (learning.engine.scorm's refusals, prefixed "scorm_")
    "scorm_too_large": _("The SCORM package is %(size)s; the limit is %(limit)s."),
    "scorm_not_a_zip": _("The file is not a ZIP archive. Upload the SCORM package as exported (a .zip file)."),
    "scorm_no_manifest": _("The ZIP has no imsmanifest.xml: it is not a SCORM package."),
    "scorm_manifest_nested": _(
        "The ZIP's imsmanifest.xml is in a folder (%(nested)s); it must be at the top level: "
        "zip the folder's contents, not the folder."
    ),
    "scorm_manifest_too_large": _("The package's imsmanifest.xml is larger than 5 MB."),
    "scorm_manifest_broken_xml": _("The package's imsmanifest.xml is not valid XML: %(detail)s."),
    "scorm_manifest_unsafe_xml": _(
        "The package's imsmanifest.xml declares a DTD or entities, which the portal does not read (%(detail)s)."
    ),
    "scorm_manifest_not_manifest": _(
        "The package's imsmanifest.xml does not start with <manifest> (it starts with <%(found)s>)."
    ),
    "scorm_unknown_version": _("The manifest does not say SCORM 1.2 or SCORM 2004 (schemaversion: %(found)s)."),
    "scorm_no_organization": _("The manifest has no <organization>: there is nothing to launch."),
    "scorm_default_organization_missing": _(
        'The manifest\'s default organization "%(identifier)s" is not among its organizations.'
    ),
    "scorm_no_launchable_resource": _(
        "No item of the manifest's organization points to a resource with a launch file (href)."
    ),
    "scorm_launch_not_in_package": _('The launch file "%(href)s" is outside the package; it must be inside the ZIP.'),
    "scorm_launch_file_missing": _('The manifest launches "%(href)s", but the ZIP does not contain that file.'),
    "scorm_unsafe_path": _(
        'The ZIP contains "%(name)s", a path that leaves the package (.., an absolute path or a drive).'
    ),
    "scorm_symlink": _('The ZIP contains "%(name)s", a symbolic link; packages may contain files only.'),
    "scorm_duplicate_member": _('The ZIP contains "%(name)s" twice.'),
    "scorm_file_type_not_allowed": _(
        'The ZIP contains "%(name)s": files of type "%(extension)s" are not allowed in a SCORM package.'
    ),
    "scorm_encrypted_member": _('The ZIP contains "%(name)s" encrypted with a password.'),
    "scorm_too_many_files": _("The ZIP contains %(count)s files; the limit is %(limit)s."),
    "scorm_too_large_uncompressed": _("Once expanded, the package would take more than %(limit)s, the limit."),
    "scorm_compression_ratio": _(
        'The ZIP member "%(name)s" expands %(ratio)s times its compressed size: refused as a possible ZIP bomb.'
    ),
    "scorm_corrupt_member": _('The ZIP member "%(name)s" is damaged and cannot be read.'),
    "scorm_slug_taken": _('The course already has a lesson with the address "%(slug)s".'),
    "scorm_package_required": _("Upload the SCORM package (a .zip file)."),
    "scorm_attempt_unknown": _("This attempt does not exist or is no longer the current one."),
    "scorm_cmi_invalid": _("The data sent is not a SCORM cmi object."),
}
