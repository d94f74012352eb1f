"""The one StreamField block library every page reuses (lessons, editorial pages).

Block names match the demo curriculum data (`learning/demo/curriculum_blocks.py`):
heading, paragraph, callout, dialogue, do_dont, knowledge_check; plus image, video, document.
Labels shown to readers come from Python (`get_context`) so they live in this app's catalogue.
"""

from __future__ import annotations

import uuid

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4", "document-link"]

CALLOUT_KINDS = [("legal", _("Legal note")), ("tip", _("Tip")), ("warning", _("Warning"))]
SPEAKERS = [
    ("agent", pgettext_lazy("call script speaker", "Agent")),
    ("debtor", pgettext_lazy("call script speaker", "Debtor")),
]
NOTE_KINDS = [("", _("No note")), ("compliant", _("Why this is compliant")), ("avoid", _("What not to say"))]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        form_classname = "title"
        template = "blocks/heading.html"
        label = _("Heading")


class ParagraphBlock(blocks.RichTextBlock):
    class Meta:
        icon = "pilcrow"
        template = "blocks/paragraph.html"
        label = _("Rich text")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(label=_("Alternative text"), help_text=_("Describe the image for screen readers."))
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "image"
        template = "blocks/image.html"
        label = _("Image")


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video URL"), help_text=_("A YouTube or Vimeo address."))
    caption = blocks.CharBlock(label=_("Caption"), required=False)
    transcript = blocks.TextBlock(label=_("Transcript"), required=False)

    class Meta:
        icon = "media"
        template = "blocks/video.html"
        label = _("Video")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["labels"] = {"transcript": _("Transcript")}
        return context


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(choices=CALLOUT_KINDS, default="tip", label=_("Kind"))
    title = blocks.CharBlock(label=_("Title"))
    body = blocks.RichTextBlock(features=RICH_FEATURES, label=_("Text"))

    class Meta:
        icon = "warning"
        template = "blocks/callout.html"
        label = _("Callout")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["kind_label"] = dict(CALLOUT_KINDS).get(value.get("kind"), "")
        return context


class DialogueTurnBlock(blocks.StructBlock):
    speaker = blocks.ChoiceBlock(choices=SPEAKERS, default="agent", label=_("Speaker"))
    text = blocks.TextBlock(label=_("What they say"))
    note_kind = blocks.ChoiceBlock(choices=NOTE_KINDS, required=False, default="", label=_("Annotation"))
    note = blocks.TextBlock(required=False, label=_("Annotation text"))

    class Meta:
        icon = "user"
        label = _("Turn")


class DialogueBlock(blocks.StructBlock):
    """A call script: turns of agent and debtor, each optionally annotated."""

    title = blocks.CharBlock(label=_("Title"))
    turns = blocks.ListBlock(DialogueTurnBlock(), label=_("Turns"))

    class Meta:
        icon = "openquote"
        template = "blocks/dialogue.html"
        label = _("Call-script dialogue")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["labels"] = {
            "agent": SPEAKERS[0][1],
            "debtor": SPEAKERS[1][1],
            "compliant": _("Why this is compliant"),
            "avoid": _("What not to say"),
            "script": _("Call script"),
        }
        return context


class DoDontBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    do = blocks.ListBlock(blocks.CharBlock(label=_("Item")), label=_("Do"))
    dont = blocks.ListBlock(blocks.CharBlock(label=_("Item")), label=_("Don't"))

    class Meta:
        icon = "list-ul"
        template = "blocks/do_dont.html"
        label = _("Do / don't")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["labels"] = {"do": _("Do"), "dont": _("Don't")}
        return context


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), required=False)

    class Meta:
        icon = "doc-full"
        template = "blocks/document.html"
        label = _("Downloadable document")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["labels"] = {"download": _("Download")}
        return context


class ChoiceItemBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"))
    correct = blocks.BooleanBlock(required=False, label=_("Correct"))
    feedback = blocks.TextBlock(required=False, label=_("Feedback"))


class KnowledgeCheckBlock(blocks.StructBlock):
    """A practice question with immediate feedback in the browser. It is never graded or stored:
    certification exams live in the certification app."""

    question = blocks.TextBlock(label=_("Question"))
    choices = blocks.ListBlock(ChoiceItemBlock(), min_num=2, label=_("Answers"))
    explanation = blocks.TextBlock(required=False, label=_("Explanation"))

    class Meta:
        icon = "help"
        template = "blocks/knowledge_check.html"
        label = _("Knowledge check")

    def clean(self, value):
        value = super().clean(value)
        if not any(choice.get("correct") for choice in value.get("choices", [])):
            from django.core.exceptions import ValidationError
            from wagtail.blocks import StructBlockValidationError

            raise StructBlockValidationError(
                block_errors={"choices": ValidationError(_("Mark at least one answer as correct."))}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["labels"] = {
            "check": _("Knowledge check"),
            "practice": _("Practice only: your answer is not recorded."),
            "submit": _("Check my answer"),
            "correct": _("Correct."),
            "wrong": _("Not quite."),
            "choose": _("Choose an answer first."),
            "answers": _("Answers"),
        }
        context["uid"] = uuid.uuid4().hex[:10]
        return context


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock(features=RICH_FEATURES)
    image = ImageBlock()
    video = VideoBlock()
    callout = CalloutBlock()
    dialogue = DialogueBlock()
    do_dont = DoDontBlock()
    document = DocumentBlock()
    knowledge_check = KnowledgeCheckBlock()

    class Meta:
        label = _("Content")
