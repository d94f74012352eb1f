"""Curso: negociación basada en principios aplicada a la cobranza."""

from learning.demo.curriculum_blocks import (
    agent,
    check,
    debtor,
    dialogue,
    do_dont,
    heading,
    lesson,
    paragraph,
    right,
    tip,
    warning,
    wrong,
)

LESSON_PRINCIPIOS = lesson(
    "neg-cuatro-principios",
    "Los cuatro principios de la negociación de Harvard",
    "El método de Fisher y Ury aplicado a una conversación de cobranza: personas, intereses, "
    "opciones y criterios objetivos.",
    heading("Negociar sin regatear posiciones"),
    paragraph(
        "<p>En <em>Getting to Yes</em> (1981), Roger Fisher y William Ury propusieron negociar con base en principios "
        "en lugar de regatear posiciones. El método tiene cuatro reglas:</p>"
        "<ol><li><strong>Separar a las personas del problema.</strong> El deudor no es el "
        "enemigo; el problema es el saldo vencido.</li>"
        "<li><strong>Concentrarse en los intereses, no en las posiciones.</strong> Detrás de un "
        "«no puedo pagar nada» hay necesidades concretas.</li>"
        "<li><strong>Inventar opciones de beneficio mutuo</strong> antes de decidir.</li>"
        "<li><strong>Insistir en criterios objetivos</strong>: valor de mercado, opinión "
        "experta, costumbre o ley.</li></ol>"
    ),
    heading("Cómo se ve en una llamada de cobranza"),
    paragraph(
        "<p>Separar a la persona del problema significa tolerar el enojo sin tomarlo como algo "
        "personal y sin devolverlo. Los intereses aparecen cuando usted escucha más de lo que "
        "habla. Las opciones son el abanico que su empresa autoriza: pago total, pago parcial "
        "con fecha, convenio en cuotas. Y los criterios objetivos son los que dan legitimidad "
        "a la propuesta: el contrato, la política de convenios, la ley aplicable. Una "
        "propuesta que se apoya en un criterio se discute menos que una que parece un capricho "
        "del gestor.</p>"
    ),
    dialogue(
        "Del choque de posiciones a los criterios",
        debtor("Yo no voy a pagar esos intereses. Es un robo."),
        agent(
            "Pues es lo que debe, y si no le gusta, es su problema.",
            avoid="Ataca a la persona y se aferra a una posición; la conversación se rompe.",
        ),
        agent(
            "Entiendo que el monto le parezca alto. Revisemos juntos de dónde sale: aquí está "
            "el saldo de capital y los intereses que fija su contrato. Con eso a la vista, "
            "busquemos la forma de pago que mejor le funcione.",
            ok="Separa a la persona del problema y usa un criterio objetivo, el contrato, como "
            "base de la conversación.",
        ),
        debtor("Bueno, si me lo explica, por lo menos sé qué estoy pagando."),
    ),
    tip(
        "Una pregunta que abre opciones",
        "<p>«¿Qué tendría que tener una propuesta para que usted pudiera cumplirla?» Esta "
        "pregunta invita al deudor a pensar en soluciones, no en defender su posición.</p>",
    ),
    check(
        "Un deudor dice que los intereses «son un robo». ¿Qué respuesta aplica mejor el "
        "principio de usar criterios objetivos?",
        [
            wrong(
                "«Así es el sistema, no puedo hacer nada».",
                "No ofrece ningún criterio; solo cierra la conversación.",
            ),
            right(
                "«Revisemos el contrato juntos para ver cómo se calculó el saldo».",
                "Correcto. El contrato es un criterio objetivo que ambas partes pueden examinar.",
            ),
            wrong(
                "«Si paga hoy le quito los intereses», sin autorización.",
                "Ofrecer algo no autorizado no es un criterio objetivo y genera promesas que no se pueden cumplir.",
            ),
        ],
        "Los criterios objetivos (contrato, política, ley) legitiman la propuesta y bajan la "
        "tensión porque no dependen de la voluntad de una de las partes.",
    ),
)

LESSON_INTERESES = lesson(
    "neg-intereses-y-maan",
    "Intereses, posiciones y la MAAN",
    "Cómo descubrir los intereses detrás de las posiciones y por qué la mejor alternativa a un "
    "acuerdo negociado debe describirse siempre con verdad.",
    heading("La naranja: dos posiciones iguales, dos intereses distintos"),
    paragraph(
        "<p>El ejemplo clásico es el de dos personas que se disputan una naranja. Si la parten "
        "por la mitad, ambas pierden: una quería el jugo y la otra solo la cáscara para un "
        "pastel. Sus posiciones («quiero la naranja») eran idénticas; sus intereses, "
        "compatibles.</p>"
        "<p>En cobranza pasa lo mismo. Intereses habituales del deudor: conservar el acceso al "
        "crédito, evitar una demanda, tener un presupuesto predecible y mantener su dignidad. "
        "Intereses del acreedor: recuperar el dinero, controlar el costo de cobranza y cumplir "
        "la ley. Un convenio en cuotas que el deudor puede sostener atiende a varios de esos "
        "intereses a la vez.</p>"
    ),
    heading("La MAAN: su punto de retiro"),
    paragraph(
        "<p>La <strong>MAAN</strong> (mejor alternativa a un acuerdo negociado; en inglés, "
        "<em>BATNA</em>) es lo que usted hará si no hay acuerdo. Define el mínimo aceptable: "
        "nunca acepte algo peor que su MAAN. Para el acreedor, la MAAN puede ser mantener la "
        "cuenta en gestión o, según la política, derivarla a cobranza legal.</p>"
        "<p>Aquí está el vínculo con el cumplimiento: la MAAN se describe <strong>solo con "
        "consecuencias reales y legalmente posibles</strong>. En México, el artículo 284 Bis "
        "del Código Penal Federal permite informar las consecuencias legales válidas; en "
        "Estados Unidos, la FDCPA prohíbe amenazar con acciones que no se piensan tomar o que "
        "no son legales. Una MAAN inventada no es negociación: es intimidación.</p>"
    ),
    dialogue(
        "Descubrir el interés detrás del «no puedo»",
        debtor("No puedo pagar nada este mes."),
        agent(
            "¿Qué es lo que más le preocupa de esta deuda en este momento?",
            ok="Pregunta abierta para pasar de la posición al interés.",
        ),
        debtor("Que me cierren la tarjeta. La uso para las medicinas de mi mamá."),
        agent(
            "Entiendo: para usted es importante conservar el acceso a su crédito. Ponerse al "
            "día es el camino para eso. Si armamos un convenio con un primer pago pequeño el "
            "día 15, ¿podría cumplirlo?",
            ok="Reconoce el interés y propone una opción que lo atiende, sin garantizar "
            "decisiones que no dependen del gestor.",
        ),
        debtor("Si es pequeño, sí podría."),
    ),
    warning(
        "No invente la alternativa",
        "<p>Decir «mañana pasa a jurídico y le embargan» cuando la política no lo prevé es "
        "describir una MAAN falsa. Además de ilegal en varios países, destruye la credibilidad "
        "de todo lo demás que usted diga.</p>",
    ),
    check(
        "¿Cuál de estas frases describe la MAAN del acreedor de forma compatible con la ley?",
        [
            wrong(
                "«Si no paga hoy, lo vamos a boletinar en todos los medios».",
                "Es una amenaza de exposición pública, prohibida en varios países.",
            ),
            right(
                "«Si no llegamos a un acuerdo, la cuenta puede pasar a la etapa de cobranza "
                "legal, conforme a la política del banco».",
                "Correcto. Describe una consecuencia real y legalmente posible.",
            ),
            wrong(
                "«Si no paga, vamos a ir a buscarlo a su trabajo».",
                "Amenaza con una conducta que afecta el trabajo del deudor y que varias leyes prohíben.",
            ),
        ],
        "La MAAN solo se comunica con consecuencias reales y legalmente posibles. Describir "
        "acciones que no se tomarán o que no son legales es intimidación.",
    ),
)

LESSON_NO = lesson(
    "neg-superar-el-no",
    "Superar el «no»: las cinco estrategias de Ury",
    "Las cinco estrategias de William Ury para negociar con personas difíciles, aplicadas a "
    "deudores enojados o a la defensiva.",
    heading("Cuando el deudor cierra la puerta"),
    paragraph(
        "<p>En <em>Getting Past No</em> (1991), William Ury propone cinco estrategias para negociaciones difíciles:</p>"
        "<ol><li><strong>Subir al balcón:</strong> tomar distancia de la propia reacción antes "
        "de responder.</li>"
        "<li><strong>Ponerse del lado del otro:</strong> escuchar, reconocer y coincidir en lo "
        "que se pueda.</li>"
        "<li><strong>Replantear, no rechazar:</strong> convertir un ataque en una pregunta "
        "sobre el problema.</li>"
        "<li><strong>Construir un puente de oro:</strong> facilitarle al otro el camino hacia "
        "el acuerdo, cuidando su imagen.</li>"
        "<li><strong>Hacerle entrar en razón, no ponerlo de rodillas:</strong> mostrar las "
        "consecuencias reales sin humillar.</li></ol>"
    ),
    heading("Las cinco estrategias en una sola llamada"),
    paragraph(
        "<p>Subir al balcón, en una llamada, es respirar y hacer una pausa de dos o tres "
        "segundos antes de contestar a un insulto. Ponerse del lado del otro es reconocer su "
        "situación sin darle la razón en todo. Replantear es responder a «ustedes son unos "
        "ladrones» con «¿qué parte del saldo le parece incorrecta?». El puente de oro es una "
        "propuesta que el deudor pueda aceptar sin sentirse derrotado. Y hacerle entrar en "
        "razón es explicar, con verdad, qué ocurre si no hay acuerdo.</p>"
    ),
    dialogue(
        "Replantear un ataque",
        debtor("¡Ustedes son unos abusivos! Llevan años sacándome dinero."),
        agent(
            "Señor, cálmese o le cuelgo.",
            avoid="Pedir que se calme invalida la emoción y escala el conflicto.",
        ),
        agent(
            "Se nota que está cansado de esta situación. ¿Qué parte de lo que ha pagado siente "
            "que no se reflejó en su saldo?",
            ok="Se pone de su lado nombrando la emoción y replantea el ataque como una pregunta sobre el problema.",
        ),
        debtor("Es que pagué en enero y me siguen cobrando lo mismo."),
        agent(
            "Eso hay que revisarlo. Veo su pago de enero aquí. Le explico cómo se aplicó y, con "
            "eso claro, vemos una forma de cerrar el saldo que le resulte cómoda.",
            ok="Construye un puente de oro: aclara el dato y ofrece una salida digna.",
        ),
    ),
    do_dont(
        "Frente al «no»",
        [
            "Hacer una pausa antes de responder a un ataque.",
            "Convertir las acusaciones en preguntas sobre el problema.",
            "Ofrecer una salida que el deudor pueda aceptar sin perder la cara.",
        ],
        [
            "Responder al enojo con enojo.",
            "Decir «cálmese».",
            "Buscar que el deudor admita que está equivocado antes de proponer algo.",
        ],
    ),
    check(
        "En la estrategia de Ury, ¿qué significa «construir un puente de oro»?",
        [
            wrong(
                "Ofrecer un descuento grande para cerrar rápido.",
                "El puente de oro no es regalar; es facilitar el camino al acuerdo.",
            ),
            right(
                "Facilitar que el otro llegue al acuerdo sin sentirse derrotado.",
                "Correcto. Se trata de cuidar su imagen y hacer fácil decir que sí.",
            ),
            wrong(
                "Explicar con dureza todas las consecuencias del impago.",
                "Eso se parece más a ponerlo de rodillas, lo contrario de lo que propone Ury.",
            ),
        ],
        "El puente de oro consiste en hacer que el acuerdo sea fácil de aceptar: incluir las "
        "ideas del otro, atender sus intereses y permitirle salvar la cara.",
    ),
)

COURSE = {
    "slug": "negociacion-basada-en-principios",
    "title": "Negociación basada en principios para cobranza",
    "theme": "negotiation",
    "jurisdictions": [],
    "level": "intermediate",
    "minutes": 50,
    "summary": "El método de negociación de Fisher y Ury y las estrategias de Ury para "
    "situaciones difíciles, llevados a la conversación de cobranza: separar a la persona del "
    "problema, trabajar con intereses, usar criterios objetivos y describir la alternativa al "
    "acuerdo solo con consecuencias reales y legales.",
    "objectives": [
        "Aplicar los cuatro principios de la negociación de Harvard a una llamada de cobranza.",
        "Descubrir los intereses del deudor detrás de sus posiciones.",
        "Comunicar la MAAN sin amenazas falsas ni ilegales.",
        "Usar las cinco estrategias de Ury ante un deudor a la defensiva.",
    ],
    "prerequisites": [],
    "specialisations": ["late_stage", "negotiation"],
    "lessons": [LESSON_PRINCIPIOS, LESSON_INTERESES, LESSON_NO],
}
