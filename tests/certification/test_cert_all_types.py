"""Every question type goes through the real exam page, form parsing and grading."""

from django.http import QueryDict
from django.urls import reverse

from certification import services
from certification.engine.dict_questions import parse_question_dicts
from certification.engine.gift import parse_gift
from certification.engine.questions import ImportReport, QuestionType
from certification.engine.responses import ideal_response
from certification.models import Attempt
from tests.certification.factories import make_exam

GIFT = r"""
::uno:: ¿Horario en México? {=07\:00 a 22\:00 ~08\:00 a 20\:00 ~Siempre}

::multi:: Prohibido en México {~%50%Amenazar ~%50%Números ocultos ~%-100%Identificarse}

::vf:: La Ley 2300 prohíbe preguntar por qué no pagó. {T}

::corta:: Autoridad de consumo en Perú {=INDECOPI}

::num:: Días de la presunción 7-en-7 {#7:0}

::emparejar:: Relacione {=México -> CONDUSEF =Chile -> SERNAC =Perú -> INDECOPI}
"""

DICTS = [
    {
        "title": "orden",
        "category": "x",
        "type": "ordering",
        "text": "Ordene la llamada",
        "items": ["Verificar identidad", "Identificarse", "Exponer el motivo", "Cerrar"],
    },
    {
        "title": "caso",
        "category": "x",
        "type": "scenario",
        "text": "Transcripción: el gestor llama a las 21:30 a Bogotá.",
        "subquestions": [
            {"type": "truefalse", "text": "¿Está dentro del horario?", "answer": False},
            {
                "type": "single",
                "text": "¿Qué ley aplica?",
                "choices": [{"text": "Ley 2300 de 2023", "correct": True}, {"text": "Ley 19.496", "correct": False}],
            },
            {
                "type": "multiple",
                "text": "Conductas prohibidas",
                "choices": [
                    {"text": "Contactar referencias", "weight": "50"},
                    {"text": "Preguntar por qué no pagó", "weight": "50"},
                    {"text": "Identificarse", "weight": "-100"},
                ],
            },
        ],
    },
]


def _fields(q, prefix, ideal, data):
    t = q.type
    if t in (QuestionType.SINGLE, QuestionType.MULTI, QuestionType.TRUE_FALSE):
        data.setlist(prefix, ideal["choices"])
    elif t in (QuestionType.SHORT, QuestionType.NUMERIC):
        data[prefix] = ideal["text"]
    elif t == QuestionType.MATCHING:
        for key, answer in ideal["matches"].items():
            data[f"{prefix}-{key}"] = answer
    elif t == QuestionType.ORDERING:
        for key, pos in ideal["positions"].items():
            data[f"{prefix}-{key}"] = str(pos)
    elif t == QuestionType.SCENARIO:
        for sub in q.sub_questions:
            _fields(sub, f"{prefix}-{sub.key}", ideal["subs"][sub.key], data)


def test_every_type_renders_saves_and_grades_full_marks(world, bank, client_for):
    gift = parse_gift(GIFT)
    extra = parse_question_dicts(DICTS)
    assert gift.errors == () and extra.errors == ()
    services.questions_import(bank=bank, report=ImportReport(questions=gift.questions + extra.questions))
    exam = make_exam(specialisation=world.specialisation, bank=bank, count=8, review_policy="answers")
    client = client_for(world.agent)
    client.post(reverse("certification:exam_start", args=[exam.code]))
    attempt = Attempt.objects.get()
    html = client.get(reverse("certification:attempt_take", args=[attempt.pk])).content.decode()
    assert html.count('class="card question"') == 8 + 3  # scenario sub-questions are nested fieldsets
    data = QueryDict(mutable=True)
    for aq in attempt.questions.all():
        q = aq.frozen()
        _fields(q, f"q{aq.pk}", ideal_response(q), data)
    response = client.post(
        reverse("certification:attempt_submit", args=[attempt.pk]), {k: data.getlist(k) for k in data}
    )
    assert response.status_code == 302
    attempt.refresh_from_db()
    detail = [(aq.frozen().type, str(aq.fraction), aq.response) for aq in attempt.questions.all()]
    assert attempt.percentage == 100 and attempt.passed, detail
    review = client.get(reverse("certification:attempt_result", args=[attempt.pk])).content.decode()
    assert "CONDUSEF" in review and "Verificar identidad" in review


def test_ordering_and_matching_partial_answers_through_the_form(world, bank):
    extra = parse_question_dicts(DICTS[:1])
    gift = parse_gift(GIFT)
    matching = [q for q in gift.questions if q.name == "emparejar"]
    services.questions_import(bank=bank, report=ImportReport(questions=extra.questions + tuple(matching)))
    exam = make_exam(specialisation=world.specialisation, bank=bank, count=2)
    attempt = services.attempt_start(exam=exam, employee=world.agent_employee)
    data = QueryDict(mutable=True)
    for aq in attempt.questions.all():
        q = aq.frozen()
        if q.type == QuestionType.ORDERING:
            # swap the last two: 2 of 3 neighbour pairs right
            keys = [c.key for c in q.choices]
            for pos, key in enumerate(keys[:-2] + [keys[-1], keys[-2]], start=1):
                data[f"q{aq.pk}-{key}"] = str(pos)
        else:
            pairs = [p for p in q.pairs if p.prompt]
            data[f"q{aq.pk}-{pairs[0].key}"] = pairs[0].answer
            data[f"q{aq.pk}-{pairs[1].key}"] = pairs[2].answer
    result = services.attempt_submit(attempt=attempt, form=data)
    fractions = sorted(str(f) for f in result.questions.values_list("fraction", flat=True))
    assert fractions == ["0.3333", "0.3333"]  # ordering 1/3 (one pair kept)... matching 1/3


MOODLE4_XML = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="multichoice">
    <name><text>Capital</text></name>
    <questiontext format="html"><text><![CDATA[<p dir="ltr">¿Capital de <b>Francia</b>?</p>]]></text></questiontext>
    <single>true</single>
    <answer fraction="100" format="html"><text><![CDATA[<p dir="ltr" style="text-align: left;">París</p>]]></text>
      <feedback format="html"><text><![CDATA[<p dir="ltr"><b>Bien</b><script>alert(1)</script></p>]]></text></feedback></answer>
    <answer fraction="0" format="html"><text><![CDATA[<p dir="ltr">Lyon &amp; <i>Niza</i></p>]]></text></answer>
  </question>
</quiz>
"""


def test_html_answers_of_a_moodle_4_export_render_sanitised_not_as_raw_tags(world, bank, client_for):
    from certification.engine.moodle_xml import parse_moodle_xml

    report = parse_moodle_xml(MOODLE4_XML.encode())
    assert report.errors == ()
    services.questions_import(bank=bank, report=report)
    exam = make_exam(specialisation=world.specialisation, bank=bank, count=1, review_policy="answers")
    client = client_for(world.agent)
    client.post(reverse("certification:exam_start", args=[exam.code]))
    attempt = Attempt.objects.get()
    html = client.get(reverse("certification:attempt_take", args=[attempt.pk])).content.decode()
    assert "&lt;p" not in html and "París</label>" in html and "Lyon &amp; <i>Niza</i></label>" in html
    aq = attempt.questions.get()
    right = next(c.key for c in aq.frozen().choices if c.fraction == 1)
    client.post(reverse("certification:attempt_submit", args=[attempt.pk]), {f"q{aq.pk}": [right]})
    review = client.get(reverse("certification:attempt_result", args=[attempt.pk])).content.decode()
    assert "<b>Bien</b>" in review and "<script>alert(1)" not in review and "&lt;p" not in review
