"""Curso: regulación de la cobranza en Chile (Ley 21.320 y artículo 37 de la Ley 19.496)."""

from learning.demo.curriculum_blocks import (
    agent,
    check,
    debtor,
    dialogue,
    do_dont,
    heading,
    legal,
    lesson,
    paragraph,
    right,
    tip,
    warning,
    wrong,
)

LESSON_PRINCIPIOS = lesson(
    "cl-principios-y-frecuencia",
    "Ley 21.320: principios, frecuencia y horarios",
    "Los principios que rigen la cobranza extrajudicial en Chile y los límites semanales de "
    "llamadas, visitas y mensajes.",
    heading("Ocho principios que ordenan toda gestión"),
    paragraph(
        "<p>La <strong>Ley 21.320</strong>, publicada en el Diario Oficial el 20 de abril de "
        "2021, modificó el <strong>artículo 37 de la Ley 19.496</strong> sobre protección de los "
        "derechos de los consumidores. Desde entonces, la cobranza extrajudicial debe respetar "
        "los principios de <em>proporcionalidad, razonabilidad, justificación, transparencia, "
        "veracidad, dignidad, integridad física y psíquica</em> y <em>privacidad del "
        "hogar</em>.</p>"
        "<p>Los principios no son decorativos: sirven para juzgar conductas que la ley no "
        "describe una por una. Un mensaje que exagera el monto viola la veracidad; una "
        "secuencia de llamadas insistentes, la proporcionalidad y la razonabilidad.</p>"
    ),
    heading("Límites semanales concretos"),
    paragraph(
        "<p>La ley traduce esos principios en números. Se infringen cuando hay:</p>"
        "<ul><li>más de <strong>una llamada o visita por semana</strong>;</li>"
        "<li>más de <strong>dos gestiones por semana</strong> por correo postal, SMS, correo "
        "electrónico o aplicaciones de mensajería;</li>"
        "<li>gestiones separadas por <strong>menos de dos días</strong>.</li></ul>"
        "<p>Además, las llamadas o visitas al domicilio solo pueden hacerse en días y horas "
        "hábiles, según el artículo 59 del Código de Procedimiento Civil. El SERNAC lo "
        "interpreta como <strong>lunes a sábado que no sean festivos, de 08:00 a "
        "20:00</strong>.</p>"
    ),
    tip(
        "Planifique la semana, no el día",
        "<p>Con una sola llamada semanal, cada contacto vale mucho. Prepare la gestión antes de "
        "marcar: saldo, opciones autorizadas y fechas posibles. Si el cliente no contesta, el "
        "siguiente intento por otro medio debe respetar el límite de dos gestiones y la "
        "separación de dos días.</p>",
    ),
    do_dont(
        "Frecuencia en Chile",
        [
            "Consultar el historial de gestiones de la semana antes de cada contacto.",
            "Dejar al menos dos días entre una gestión y la siguiente.",
            "Llamar al domicilio de lunes a sábado no festivo, entre 08:00 y 20:00.",
        ],
        [
            "Llamar el lunes y el jueves de la misma semana al mismo deudor.",
            "Enviar un SMS el martes y un correo el miércoles.",
            "Llamar un domingo porque el cliente «seguro está en casa».",
        ],
    ),
    check(
        "El lunes se envió un SMS a un deudor. ¿Cuándo es lo más pronto que puede enviarse un "
        "correo electrónico sobre la misma deuda?",
        [
            wrong(
                "El martes, porque es un canal distinto.",
                "Las gestiones deben estar separadas por al menos dos días, sin importar el canal.",
            ),
            right(
                "El miércoles, siempre que no se superen dos gestiones escritas en la semana.",
                "Correcto. Se respeta la separación de dos días y el máximo semanal.",
            ),
            wrong(
                "Cuando se quiera: el correo no cuenta como gestión.",
                "El correo electrónico sí cuenta dentro de las gestiones por medios escritos.",
            ),
        ],
        "La Ley 21.320 limita las gestiones escritas a dos por semana, separadas por al menos "
        "dos días, y las llamadas o visitas a una por semana.",
    ),
)

LESSON_PROHIBICIONES = lesson(
    "cl-prohibiciones-y-regla-de-termino",
    "Conductas prohibidas y cuándo detener la cobranza extrajudicial",
    "Las prácticas que el artículo 37 prohíbe y la obligación de terminar la cobranza "
    "extrajudicial cuando empieza un juicio o un procedimiento concursal.",
    heading("Lo que no se puede hacer"),
    paragraph(
        "<p>El artículo 37 de la Ley 19.496 prohíbe, entre otras conductas:</p>"
        "<ul><li>enviar documentos que parezcan escritos judiciales o que hagan referencia a "
        "ellos;</li>"
        "<li>informar a terceros sobre la morosidad del deudor;</li>"
        "<li>llamar o visitar el domicilio fuera de días y horas hábiles;</li>"
        "<li>cualquier conducta que afecte la privacidad del hogar, la convivencia familiar o "
        "el trabajo del deudor.</li></ul>"
        "<p>La prohibición de informar a terceros es absoluta en la práctica diaria: ni "
        "familiares, ni compañeros de trabajo, ni vecinos deben enterarse de la deuda por "
        "usted.</p>"
    ),
    heading("La regla de término"),
    paragraph(
        "<p>La cobranza extrajudicial debe <strong>terminar de inmediato</strong> cuando el "
        "consumidor es notificado de una demanda de cobro o cuando se inicia un procedimiento "
        "concursal. A partir de ese momento la relación sigue su curso en el proceso judicial o "
        "concursal, no en el teléfono del centro de contacto.</p>"
        "<p>Por eso los sistemas deben marcar estas cuentas y sacarlas de las campañas "
        "automáticamente, y el gestor debe informar a su supervisor si el cliente le dice que "
        "ya fue notificado.</p>"
    ),
    dialogue(
        "El cliente ya fue demandado",
        debtor("A mí ya me notificaron la demanda la semana pasada. ¿Por qué me siguen llamando?"),
        agent(
            "Igual le conviene pagarnos a nosotros para que se caiga la demanda.",
            avoid="Sigue cobrando extrajudicialmente a un consumidor ya notificado de una demanda de cobro.",
        ),
        agent(
            "Gracias por informarme, señora Paz. Voy a registrar que usted ya fue notificada y "
            "a pedir que su caso se retire de nuestras gestiones de cobranza extrajudicial. "
            "Disculpe la molestia.",
            ok="Aplica la regla de término: deja de cobrar y escala el dato para que el sistema lo refleje.",
        ),
    ),
    warning(
        "Cartas con apariencia judicial",
        "<p>Timbres, sellos, números de «rol» o expresiones como «última notificación antes del "
        "embargo» en una carta extrajudicial pueden hacerla parecer un escrito judicial. Use "
        "solo plantillas aprobadas por el área legal.</p>",
    ),
    check(
        "Un cliente le informa que se inició su procedimiento concursal. ¿Qué corresponde?",
        [
            wrong(
                "Ofrecerle un convenio rápido antes de que avance el procedimiento.",
                "La cobranza extrajudicial debe cesar en ese momento.",
            ),
            right(
                "Terminar la gestión extrajudicial, registrar la información y escalarla.",
                "Correcto. La ley exige detener la cobranza extrajudicial de inmediato.",
            ),
            wrong(
                "Seguir llamando una vez por semana, como permite la ley.",
                "El límite semanal no aplica: desde el inicio del procedimiento ya no se puede "
                "cobrar extrajudicialmente.",
            ),
        ],
        "La notificación de una demanda de cobro o el inicio de un procedimiento concursal "
        "obligan a terminar la cobranza extrajudicial de inmediato.",
    ),
)

LESSON_COSTOS = lesson(
    "cl-gastos-de-cobranza-y-gestion-util",
    "Gastos de cobranza, gestión útil y pago directo al acreedor",
    "Cuándo se pueden cobrar gastos de cobranza extrajudicial en Chile, qué topes están "
    "confirmados y qué es la gestión útil gratuita.",
    heading("Los gastos solo después de 20 días de atraso"),
    paragraph(
        "<p>En Chile, los gastos de cobranza extrajudicial solo pueden cobrarse cuando han "
        "transcurrido <strong>20 días de atraso</strong>. Se calculan por tramos sobre el monto "
        "vencido. El tramo confirmado por el SERNAC es el primero: hasta <strong>9 % para la "
        "parte de la deuda de hasta 10 UF</strong>. Los porcentajes de los tramos superiores "
        "que suelen citarse están pendientes de verificación con el área legal; para deudas "
        "mayores a 10 UF, use siempre la tabla de cálculo que entregue su empresa.</p>"
    ),
    heading("La gestión útil gratuita"),
    paragraph(
        "<p>Por cada vencimiento impago, el acreedor debe realizar un recordatorio gratuito, la "
        "llamada <strong>gestión útil</strong>, dentro de los <strong>15 días</strong> "
        "siguientes. Si no lo hace, el tope de gastos de cobranza se reduce en <strong>0,2 "
        "UF</strong>. Para el gestor esto significa que el primer contacto después del "
        "vencimiento es un servicio al cliente, no una gestión que se pueda cobrar.</p>"
        "<p>Finalmente, el deudor siempre puede pagar directamente al acreedor. Nunca diga que "
        "el pago solo es válido si se hace a través de la empresa de cobranza.</p>"
    ),
    legal(
        "Ejemplo con el tramo confirmado",
        "<p>Una cuota vencida de 8 UF, con 25 días de atraso, puede tener gastos de cobranza de "
        "hasta 0,72 UF (9 % de 8 UF), siempre que se haya hecho la gestión útil a tiempo. Si "
        "tuviera 12 días de atraso, todavía no corresponde cobrar gastos.</p>",
    ),
    dialogue(
        "Explicar los gastos con transparencia",
        debtor("¿Por qué me cobran gastos de cobranza? Me atrasé apenas unos días."),
        agent(
            "Revisé su cuenta: su cuota venció hace 12 días, así que todavía no corresponde "
            "ningún gasto de cobranza. Si paga antes de cumplir 20 días de atraso, solo paga el "
            "valor de la cuota.",
            ok="Informa con veracidad y transparencia el momento en que los gastos pueden cobrarse.",
        ),
        debtor("¿Y puedo pagar directo en el banco?"),
        agent(
            "Sí, por supuesto. Puede pagar directamente al acreedor por sus canales habituales.",
            ok="Reconoce el derecho del deudor a pagar directamente al acreedor.",
        ),
    ),
    check(
        "Una cuota de 5 UF lleva 10 días vencida. ¿Qué puede cobrarse por gastos de cobranza extrajudicial?",
        [
            wrong(
                "El 9 % de la cuota, porque es menor a 10 UF.",
                "El porcentaje aplica recién después de 20 días de atraso.",
            ),
            right(
                "Nada todavía: los gastos solo proceden después de 20 días de atraso.",
                "Correcto. Antes de ese plazo no hay gastos de cobranza.",
            ),
            wrong(
                "El costo de cada llamada realizada.",
                "Los gastos no se calculan por llamada, sino por tramos y solo tras 20 días.",
            ),
        ],
        "Los gastos de cobranza extrajudicial solo se pueden cobrar tras 20 días de atraso; el "
        "tramo confirmado es de hasta 9 % sobre la parte de la deuda de hasta 10 UF.",
    ),
)

COURSE = {
    "slug": "regulacion-chile",
    "title": "Regulación de la cobranza en Chile",
    "theme": "regulation",
    "jurisdictions": ["CL"],
    "level": "intermediate",
    "minutes": 45,
    "summary": "La cobranza extrajudicial tras la Ley 21.320: principios del artículo 37 de la "
    "Ley 19.496, límites semanales de llamadas y mensajes, horarios, conductas prohibidas, la "
    "regla de término ante una demanda o un procedimiento concursal y los gastos de cobranza.",
    "objectives": [
        "Aplicar los principios del artículo 37 a situaciones concretas de gestión.",
        "Planificar contactos dentro de los límites semanales y de separación entre gestiones.",
        "Detener la cobranza extrajudicial cuando corresponde.",
        "Explicar con veracidad cuándo proceden los gastos de cobranza y la gestión útil.",
    ],
    "prerequisites": [],
    "specialisations": ["legal"],
    "lessons": [LESSON_PRINCIPIOS, LESSON_PROHIBICIONES, LESSON_COSTOS],
}
