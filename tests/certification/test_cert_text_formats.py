"""Question text shows as Moodle shows each text format (issue #13 §1)."""

from certification.engine.gift import parse_gift
from certification.engine.gift_writer import write_gift
from certification.engine.moodle_xml import parse_moodle_xml
from certification.templatetags.certification_tags import question_text


def test_gift_text_without_a_marker_is_moodles_own_format_and_renders_its_html():
    (q,) = parse_gift("::b:: Pague <b>antes</b> del\\nlunes {T}").questions
    assert q.question.text_format == "moodle"
    html = question_text(q.question.text, q.question.text_format)
    assert html == "<p>Pague <b>antes</b> del<br>lunes</p>"


def test_moodle_format_text_is_sanitised():
    html = question_text('<b onclick="x()">a</b> <script>alert(1)</script> < b', "moodle")
    assert "onclick" not in html and "<script" not in html and "alert" not in html
    assert "<b>a</b>" in html and "&lt; b" in html


def test_markdown_text_renders_as_markdown_sanitised():
    (q,) = parse_gift("::m:: [markdown]Marque **todas**:\\n\\n- una\\n- <i onmouseover=1>dos</i> {T}").questions
    html = question_text(q.question.text, q.question.text_format)
    assert "<strong>todas</strong>" in html and "<li>una</li>" in html
    assert "onmouseover" not in html and "**" not in html


def test_plain_text_is_escaped_as_moodle_does():
    (q,) = parse_gift("::p:: [plain]Escriba <b> tal cual {T}").questions
    assert q.question.text_format == "plain"
    assert "&lt;b&gt;" in question_text(q.question.text, q.question.text_format)


def test_moodle_auto_format_in_xml_is_the_same_moodle_format():
    xml = (
        '<quiz><question type="truefalse"><name><text>a</text></name>'
        '<questiontext format="moodle_auto_format"><text>x &lt;i&gt;y&lt;/i&gt;</text></questiontext>'
        '<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>'
        "</question></quiz>"
    )
    (q,) = parse_moodle_xml(xml.encode()).questions
    assert q.question.text_format == "moodle"
    assert question_text(q.question.text, "moodle") == "<p>x <i>y</i></p>"


def test_each_format_survives_a_gift_round_trip():
    source = "::a:: texto {T}\n\n::b:: [plain]texto {T}\n\n::c:: [markdown]**texto** {T}\n\n::d:: [html]<p>t</p> {T}\n"
    first = parse_gift(source).questions
    assert [q.question.text_format for q in first] == ["moodle", "plain", "markdown", "html"]
    back = parse_gift(write_gift(first)[0]).questions
    assert [q.question.text_format for q in back] == ["moodle", "plain", "markdown", "html"]
