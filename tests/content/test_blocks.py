"""Rendering of the shared block library (no page needed)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from content.blocks import BaseStreamBlock, KnowledgeCheckBlock

STREAM = BaseStreamBlock()


def render(block_type: str, value) -> str:
    stream = STREAM.to_python([])
    stream.append((block_type, value))
    with translation.override("en"):
        return stream.render_as_block()


@pytest.mark.parametrize(
    ("block_type", "value", "expected"),
    [
        ("heading", "Horarios permitidos", ['<h2 class="block-heading">Horarios permitidos</h2>']),
        ("paragraph", "<p>Texto <strong>importante</strong></p>", ["<strong>importante</strong>"]),
        (
            "callout",
            {"kind": "legal", "title": "Ley 2300", "body": "<p>Dos contactos por semana.</p>"},
            ["callout--legal", "Legal note", "Ley 2300", "Dos contactos por semana."],
        ),
        (
            "callout",
            {"kind": "warning", "title": "Cuidado", "body": "<p>x</p>"},
            ["callout--warning", "Warning"],
        ),
        (
            "dialogue",
            {
                "title": "Primer contacto",
                "turns": [
                    {"speaker": "agent", "text": "Buenos días", "note_kind": "compliant", "note": "Se identifica"},
                    {"speaker": "debtor", "text": "¿Quién habla?", "note_kind": "", "note": ""},
                    {"speaker": "agent", "text": "Le voy a embargar", "note_kind": "avoid", "note": "Amenaza falsa"},
                ],
            },
            [
                "turn--agent",
                "turn--debtor",
                "Why this is compliant",
                "Se identifica",
                "What not to say",
                "Amenaza falsa",
                "Debtor:",
            ],
        ),
        (
            "do_dont",
            {"title": "Llamadas", "do": ["Verificar identidad"], "dont": ["Llamar a las 23:00"]},
            ["do-dont__col--do", "Verificar identidad", "Llamar a las 23:00", "Don&#x27;t"],
        ),
    ],
)
def test_it_renders_each_block(block_type, value, expected):
    html = render(block_type, value)
    for fragment in expected:
        assert fragment in html


def test_the_knowledge_check_gives_feedback_in_the_page_without_grading():
    html = render(
        "knowledge_check",
        {
            "question": "¿Se puede llamar a las 23:00?",
            "choices": [
                {"text": "No", "correct": True, "feedback": "Correcto: fuera de horario."},
                {"text": "Sí", "correct": False, "feedback": "Es fuera de horario."},
            ],
            "explanation": "Entre 07:00 y 22:00.",
        },
    )
    assert 'data-correct="1"' in html and 'data-correct="0"' in html
    assert 'data-feedback="Correcto: fuera de horario."' in html
    assert "Practice only" in html
    assert 'role="status"' in html  # feedback is announced to screen readers
    assert "<form" in html and 'method="post"' not in html  # nothing is submitted to the server
    assert html.count('type="radio"') == 2 and "<label for=" in html


def test_a_knowledge_check_needs_a_correct_answer():
    block = KnowledgeCheckBlock()
    value = block.to_python(
        {
            "question": "¿?",
            "choices": [
                {"text": "a", "correct": False, "feedback": ""},
                {"text": "b", "correct": False, "feedback": ""},
            ],
            "explanation": "",
        }
    )
    with pytest.raises(ValidationError):
        block.clean(value)


@pytest.mark.django_db
def test_the_curriculum_shapes_fit_the_block_library():
    """Every demo lesson body validates against BaseStreamBlock (the seeder stores them as is)."""
    from learning.demo.curriculum import COURSES

    for course in COURSES[:3]:
        for lesson in course["lessons"]:
            stream = STREAM.normalize(lesson["body"])
            STREAM.clean(stream)
            assert stream.render_as_block()
