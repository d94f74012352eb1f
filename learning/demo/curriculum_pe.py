"""Curso: regulación de la cobranza en Perú (artículos 61 y 62 de la Ley 29571)."""

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

LESSON_ART61 = lesson(
    "pe-articulo-61-cobranza-licita",
    "Artículo 61: cobrar es legítimo, dañar la reputación no",
    "El principio general del Código de Protección y Defensa del Consumidor sobre los métodos "
    "de cobranza y el papel del INDECOPI.",
    heading("El punto de partida: la cobranza es lícita"),
    paragraph(
        "<p>El <strong>Código de Protección y Defensa del Consumidor</strong> del Perú (Ley "
        "29571) reconoce, en su <strong>artículo 61</strong>, que el proveedor puede cobrar lo "
        "que se le debe. Lo que no puede hacer es usar métodos que afecten la "
        "<strong>reputación</strong> del consumidor, la <strong>privacidad de su hogar</strong>, "
        "sus <strong>actividades laborales</strong> o su <strong>imagen ante terceros</strong>.</p>"
        "<p>Esta idea es útil para decidir en situaciones que ningún guion anticipa. Antes de "
        "cada acción pregúntese: ¿esto podría dejar mal al cliente frente a su familia, sus "
        "vecinos o su empleador? ¿Invade su casa o su trabajo? Si la respuesta es sí, busque "
        "otra forma.</p>"
    ),
    heading("Quién vigila"),
    paragraph(
        "<p>La autoridad de protección al consumidor es el <strong>INDECOPI</strong>, que recibe "
        "las denuncias de los consumidores y sanciona las infracciones al Código. Las entidades "
        "financieras supervisadas por la SBS tienen, además, reglas propias de conducta de "
        "mercado; su contenido específico sobre cobranza está pendiente de verificación con el "
        "área legal, así que siga las políticas internas de su cliente financiero.</p>"
    ),
    dialogue(
        "Cuando contesta un compañero de trabajo",
        debtor("Oficina de contabilidad, buenos días."),
        agent(
            "Busco al señor Quispe por una deuda atrasada con Financiera Demo. Dígale que es urgente.",
            avoid="Expone la deuda ante un compañero de trabajo y afecta la imagen del consumidor ante terceros.",
        ),
        agent(
            "Buenos días, le habla Carla Rojas. ¿Podría indicarme si el señor Quispe está "
            "disponible? Si no, vuelvo a intentar en otro momento.",
            ok="No menciona la deuda ni la empresa acreedora; protege la reputación y el "
            "ámbito laboral del consumidor.",
        ),
        debtor("Está en reunión. ¿Quiere dejar un recado?"),
        agent(
            "No se preocupe, gracias. Que tenga buen día.",
            ok="Evita dejar recados que revelen el motivo de la llamada.",
        ),
    ),
    do_dont(
        "El artículo 61 en una frase: cobrar sin exponer",
        [
            "Hablar de la deuda solo con el titular.",
            "Elegir canales y momentos que no interfieran con el trabajo del cliente.",
            "Usar un tono que el cliente pueda escuchar delante de su familia sin vergüenza.",
        ],
        [
            "Dejar recados sobre la deuda con recepcionistas o familiares.",
            "Llamar repetidamente al número de la oficina.",
            "Hacer comentarios sobre la deuda en un lugar donde otros puedan oír.",
        ],
    ),
    check(
        "Según el artículo 61 de la Ley 29571, ¿qué busca proteger la regla sobre métodos de cobranza?",
        [
            wrong(
                "Que el proveedor no pueda cobrar deudas de consumo.",
                "El artículo parte de que cobrar es legítimo.",
            ),
            right(
                "La reputación, la privacidad del hogar, las actividades laborales y la imagen "
                "del consumidor ante terceros.",
                "Correcto. Esos son los bienes que los métodos de cobranza no pueden afectar.",
            ),
            wrong(
                "Solo la puntualidad de los pagos.",
                "La norma trata de cómo se cobra, no de la puntualidad del deudor.",
            ),
        ],
        "El artículo 61 permite cobrar, pero prohíbe los métodos que dañan la reputación, la "
        "privacidad del hogar, el trabajo o la imagen del consumidor ante terceros.",
    ),
)

LESSON_ART62 = lesson(
    "pe-articulo-62-metodos-prohibidos",
    "Artículo 62: métodos de cobranza prohibidos",
    "Los métodos que el artículo 62 del Código prohíbe expresamente, incluidos los horarios y "
    "los días en que no se puede llamar ni visitar.",
    heading("La lista del artículo 62"),
    paragraph(
        "<p>El <strong>artículo 62</strong> de la Ley 29571 concreta el principio del artículo "
        "61 con una lista de métodos prohibidos:</p>"
        "<ol><li>enviar documentos que <strong>aparenten ser notificaciones "
        "judiciales</strong>;</li>"
        "<li>realizar visitas o llamadas entre las <strong>20:00 y las 07:00</strong>, o en "
        "cualquier horario los <strong>sábados, domingos y feriados</strong>;</li>"
        "<li>colocar <strong>carteles o letreros</strong> que exijan el pago en el domicilio "
        "del consumidor o en cualquier otro lugar;</li>"
        "<li>enviar <strong>personas con carteles o vestimenta inusual</strong> alusiva a la "
        "deuda cerca del domicilio o del trabajo;</li>"
        "<li>difundir <strong>listas de deudores</strong> en medios de comunicación sin orden "
        "judicial, con excepción de las centrales de riesgo.</li></ol>"
    ),
    heading("Los horarios peruanos, en la práctica"),
    paragraph(
        "<p>La consecuencia operativa es clara: en Perú solo se llama o se visita de "
        "<strong>lunes a viernes</strong> que no sean feriados, entre las <strong>07:00 y las "
        "20:00</strong>. Esto es más estricto que en otros países de la región, donde el "
        "sábado sí es un día de gestión. Si su centro atiende varias carteras, verifique que la "
        "campaña peruana no herede el calendario de otra operación.</p>"
        "<p>El artículo 62 no fija un número máximo de llamadas por semana. Eso no habilita la "
        "insistencia: el artículo 61 sigue prohibiendo métodos que perturben el hogar o el "
        "trabajo del consumidor.</p>"
    ),
    warning(
        "Sábados: el error más frecuente",
        "<p>Muchas plataformas vienen configuradas con sábado laborable para cobranza. En Perú, "
        "una llamada de cobranza un sábado está prohibida aunque sea a las 10:00 y aunque el "
        "cliente conteste con gusto.</p>",
    ),
    do_dont(
        "Campañas en Perú",
        [
            "Programar llamadas de lunes a viernes, de 07:00 a 20:00, sin feriados.",
            "Usar solo cartas y mensajes aprobados, sin apariencia judicial.",
            "Reportar a las centrales de riesgo por los canales formales.",
        ],
        [
            "Llamar el sábado por la mañana porque «es cuando el cliente está en casa».",
            "Publicar nombres de deudores en medios o redes sin orden judicial.",
            "Colocar avisos de cobro en la puerta del domicilio.",
        ],
    ),
    check(
        "¿Cuál de estas gestiones está permitida en Perú según el artículo 62?",
        [
            wrong(
                "Una llamada el sábado a las 10:00.",
                "El artículo 62 prohíbe llamadas y visitas los sábados, domingos y feriados.",
            ),
            right(
                "Una llamada un miércoles no feriado a las 19:30.",
                "Correcto. Está dentro de la franja permitida de un día hábil.",
            ),
            wrong(
                "Una visita un jueves a las 21:00.",
                "Las visitas entre las 20:00 y las 07:00 están prohibidas.",
            ),
            wrong(
                "Una carta con formato de notificación judicial.",
                "Los documentos con apariencia de notificación judicial están prohibidos.",
            ),
        ],
        "En Perú las llamadas y visitas solo pueden hacerse de lunes a viernes no feriados, "
        "fuera de la franja de 20:00 a 07:00, y nunca con documentos de apariencia judicial.",
    ),
)

LESSON_REGIONAL = lesson(
    "pe-operacion-regional-comparada",
    "Perú en una operación regional: comparar reglas sin confundirlas",
    "Cómo evitar errores cuando un mismo centro de contacto gestiona carteras de Perú y de "
    "otros países con reglas distintas.",
    heading("Un mismo equipo, cinco reglamentos"),
    paragraph(
        "<p>Muchos centros de contacto gestionan carteras de varios países desde una misma "
        "sede. El riesgo es aplicar por costumbre la regla de un país a otro. La siguiente "
        "comparación resume las franjas horarias de contacto:</p>"
        "<ul><li><strong>Perú:</strong> prohibido entre 20:00 y 07:00 y todo el sábado, "
        "domingo y feriados.</li>"
        "<li><strong>México:</strong> de 07:00 a 22:00, en la zona horaria del deudor.</li>"
        "<li><strong>Colombia:</strong> lunes a viernes de 07:00 a 19:00 y sábados de 08:00 a "
        "15:00; nunca domingos ni festivos.</li>"
        "<li><strong>Chile:</strong> lunes a sábado no festivos, de 08:00 a 20:00, según la "
        "interpretación del SERNAC.</li>"
        "<li><strong>Estados Unidos:</strong> se presume conveniente de 08:00 a 21:00, hora "
        "local del consumidor.</li></ul>"
    ),
    heading("Terceros y exposición pública"),
    paragraph(
        "<p>En Perú, la prohibición se centra en la <strong>exposición pública</strong>: "
        "carteles, personas disfrazadas, listas en medios. Otros países regulan además el "
        "contacto con terceros de forma explícita: en México solo se gestiona con el aval o el "
        "obligado solidario, en Colombia nunca con referencias personales y en Chile nunca se "
        "informa la morosidad a terceros. Como práctica segura en cualquier cartera, hable de "
        "la deuda solo con el titular. Sobre el alcance exacto de las comunicaciones a terceros "
        "en Perú hay reformas posteriores que están pendientes de verificación con el área "
        "legal.</p>"
    ),
    tip(
        "Una regla mnemotécnica para el equipo",
        "<p>«Perú descansa el fin de semana». Si su campaña es peruana, el marcador debe estar "
        "apagado el sábado y el domingo completos, y de lunes a viernes entre las 20:00 y las "
        "07:00.</p>",
    ),
    dialogue(
        "El cliente peruano propone el sábado",
        debtor("Entre semana salgo muy temprano. Llámeme mañana sábado a las diez."),
        agent(
            "Perfecto, mañana sábado a las diez lo llamo.",
            avoid="Es una cartera peruana: el artículo 62 prohíbe las llamadas de cobranza "
            "los sábados. No aplique la costumbre de otras carteras.",
        ),
        agent(
            "Gracias por su disposición, señor Huamán. Los sábados no realizamos gestiones de "
            "cobranza. ¿Le acomoda el lunes a las siete y media, antes de salir, o prefiere a "
            "la hora de almuerzo?",
            ok="Respeta el día prohibido y ofrece opciones dentro de la franja permitida de lunes a viernes.",
        ),
        debtor("El lunes a la hora de almuerzo, mejor."),
    ),
    legal(
        "La regla del país manda",
        "<p>Siempre se aplica la norma del país donde está el consumidor y al que pertenece la "
        "cartera según la política de su empresa. Ante dudas, consulte al área de cumplimiento "
        "antes de gestionar.</p>",
    ),
    check(
        "Un centro gestiona carteras de Colombia y Perú. ¿Qué sábado a las 10:00 es válido?",
        [
            right(
                "Llamar a un cliente de la cartera colombiana.",
                "Correcto. En Colombia los sábados se puede gestionar de 08:00 a 15:00.",
            ),
            wrong(
                "Llamar a un cliente de la cartera peruana.",
                "En Perú los sábados están prohibidos para llamadas y visitas.",
            ),
            wrong(
                "Ambas, porque es horario de oficina.",
                "La regla de cada país es distinta; en Perú el sábado está prohibido.",
            ),
        ],
        "Colombia permite gestionar los sábados de 08:00 a 15:00; Perú prohíbe llamar o visitar "
        "los sábados, domingos y feriados.",
    ),
)

COURSE = {
    "slug": "regulacion-peru",
    "title": "Regulación de la cobranza en Perú",
    "theme": "regulation",
    "jurisdictions": ["PE"],
    "level": "basic",
    "minutes": 40,
    "summary": "Los artículos 61 y 62 del Código de Protección y Defensa del Consumidor (Ley "
    "29571): el principio de cobranza sin afectar la reputación ni la privacidad, los métodos "
    "prohibidos, los horarios y cómo aplicarlos en una operación que atiende varios países.",
    "objectives": [
        "Explicar el principio del artículo 61 y el papel del INDECOPI.",
        "Reconocer los cinco métodos prohibidos del artículo 62.",
        "Programar gestiones peruanas solo de lunes a viernes no feriados, de 07:00 a 20:00.",
        "Evitar trasladar reglas de otros países a la cartera peruana.",
    ],
    "prerequisites": [],
    "specialisations": ["legal"],
    "lessons": [LESSON_ART61, LESSON_ART62, LESSON_REGIONAL],
}
