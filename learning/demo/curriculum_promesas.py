"""Curso: promesas de pago y manejo de objeciones con LAER."""

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
    warning,
    wrong,
)

LESSON_ANATOMIA = lesson(
    "promesa-de-pago-anatomia",
    "Anatomía de una promesa de pago",
    "Los cuatro elementos que convierten una intención en una promesa de pago y por qué debe "
    "confirmarse por escrito de inmediato.",
    heading("Intención no es promesa"),
    paragraph(
        "<p>En cobranza, la <strong>promesa de pago</strong> (PDP) es el resultado más "
        "importante de una conversación, pero solo si es real. Una promesa tiene cuatro "
        "elementos:</p>"
        "<ol><li><strong>Monto específico:</strong> «1.500», no «algo».</li>"
        "<li><strong>Fecha de calendario:</strong> «el viernes 12», no «la próxima "
        "semana».</li>"
        "<li><strong>Aceptación explícita:</strong> el deudor dice que sí con sus palabras.</li>"
        "<li><strong>Medio de pago:</strong> dónde y cómo pagará.</li></ol>"
        "<p>«Lo voy a revisar», «a ver si puedo» o «cuando me paguen» no son promesas. Si las "
        "registra como tales, infla las cifras de la campaña y programa seguimientos sobre "
        "compromisos que nunca existieron.</p>"
    ),
    heading("Confirmar por escrito, de inmediato"),
    paragraph(
        "<p>Toda promesa se confirma por escrito en el momento, por el canal autorizado: "
        "mensaje, correo o el medio que defina su empresa. En México no es solo una buena "
        "práctica: las disposiciones de la CONDUSEF exigen que los convenios de pago queden "
        "por escrito, y el despacho no puede recibir el pago, que siempre va a la "
        "institución.</p>"
    ),
    dialogue(
        "Convertir una intención en promesa",
        debtor("Sí, sí, yo le pago la próxima semana."),
        agent(
            "Perfecto, lo anoto como promesa.",
            avoid="Registra una intención vaga como promesa: no hay monto, fecha ni medio de pago.",
        ),
        agent(
            "Me alegra que pueda hacerlo. Para dejarlo claro, ¿qué día de la próxima semana y por qué monto?",
            ok="Pide fecha y monto concretos antes de registrar la promesa.",
        ),
        debtor("El viernes 12, los 1.500 completos."),
        agent(
            "Entonces: 1.500 el viernes 12, en la cuenta de Banco Demo con la referencia que le "
            "envío ahora por mensaje. ¿Me lo confirma?",
            ok="Reúne los cuatro elementos y pide la aceptación explícita.",
        ),
        debtor("Sí, confirmado."),
    ),
    do_dont(
        "Registrar promesas",
        [
            "Registrar solo promesas con monto, fecha, aceptación y medio de pago.",
            "Enviar la confirmación escrita antes de pasar a la siguiente llamada.",
            "Indicar siempre una cuenta a nombre de la institución acreedora.",
        ],
        [
            "Registrar «va a ver si puede» como promesa.",
            "Dejar la confirmación escrita para el final del turno.",
            "Dar una cuenta personal o aceptar efectivo.",
        ],
    ),
    check(
        "¿Cuál de estas opciones es una promesa de pago que se puede registrar?",
        [
            wrong(
                "«Cuando me paguen le deposito».",
                "No tiene fecha de calendario ni monto.",
            ),
            right(
                "«Deposito 1.500 el viernes 12 en la cuenta del banco, sí, confirmado».",
                "Correcto. Tiene los cuatro elementos.",
            ),
            wrong(
                "«Voy a revisar mis cuentas y le aviso».",
                "Es una intención, no una promesa.",
            ),
        ],
        "Una promesa registrable tiene monto, fecha de calendario, aceptación explícita y medio "
        "de pago, y se confirma por escrito en el momento.",
    ),
)

LESSON_SEGUIMIENTO = lesson(
    "promesa-de-pago-seguimiento",
    "Seguimiento y promesas rotas",
    "Cuándo dar por rota una promesa, cómo conversar después del primer incumplimiento y "
    "cuándo escalar, sin violar los límites de frecuencia.",
    heading("El seguimiento empieza al día siguiente de la fecha"),
    paragraph(
        "<p>Revise el pago justo después de la fecha prometida. Los pagos pueden tardar en "
        "reflejarse, por eso en el sector una promesa se considera <strong>rota</strong> por lo "
        "general entre <strong>tres y cinco días</strong> después de la fecha pactada. Ese "
        "margen evita llamar a reclamar un pago que ya se hizo.</p>"
    ),
    heading("Una regla sencilla: uno conversa, dos escala"),
    paragraph(
        "<p>Después de <strong>un incumplimiento</strong>, converse con el deudor: qué pasó con "
        "el plan, si sigue siendo realista y qué ajuste le permitiría cumplir, con un plazo más "
        "corto. Después de <strong>dos incumplimientos</strong>, escale según la política de su "
        "empresa: revisión por el supervisor, otro tipo de convenio o la siguiente etapa de "
        "gestión.</p>"
        "<p>Todo seguimiento debe programarse dentro de los límites de frecuencia de cada país: "
        "en Colombia, tras un contacto directo, no más de uno al día ni varios canales en la "
        "misma semana; en Chile, una llamada semanal y no más de dos mensajes separados por al "
        "menos dos días; en Estados Unidos, la regla de 7 llamadas en 7 días.</p>"
    ),
    dialogue(
        "Después del primer incumplimiento",
        agent(
            "Señora Vega, le llamo por el pago de 1.500 que acordamos para el viernes 12. No lo "
            "vemos reflejado. ¿Pudo hacerlo?",
            ok="Se refiere al acuerdo concreto sin acusar y deja abierta la posibilidad de que el pago esté en camino.",
        ),
        debtor("No pude. Me descontaron más de lo que pensaba en el trabajo."),
        agent(
            "Usted me dio su palabra y no cumplió. Así no podemos seguir.",
            avoid="Reprocha y humilla; no recupera el compromiso ni el pago.",
        ),
        agent(
            "Gracias por decírmelo con sinceridad. Veamos un plan que sí pueda cumplir: ¿le "
            "serviría pagar 750 este viernes y 750 el siguiente?",
            ok="Ajusta el plan a la nueva información y acorta los plazos.",
        ),
        debtor("Sí, eso sí puedo."),
    ),
    warning(
        "El recordatorio no justifica violar la frecuencia",
        "<p>La tentación de «recordar» varias veces antes de la fecha es grande. Un "
        "recordatorio fuera de los límites de frecuencia puede ser una infracción, aunque el "
        "tono sea amable.</p>",
    ),
    check(
        "Una deudora incumplió por segunda vez su promesa. ¿Qué recomienda la práctica del sector?",
        [
            wrong(
                "Llamarla varias veces al día hasta que pague.",
                "Violaría los límites de frecuencia y sería acoso.",
            ),
            right(
                "Escalar el caso según la política de la empresa.",
                "Correcto. Tras dos incumplimientos, el caso se escala.",
            ),
            wrong(
                "Registrar una nueva promesa igual a la anterior, sin cambios.",
                "Repetir un plan que ya falló dos veces no resuelve nada.",
            ),
        ],
        "Tras un incumplimiento se conversa y se acorta el plazo; tras dos, se escala. El "
        "seguimiento siempre respeta los límites de frecuencia del país.",
    ),
)

LESSON_LAER = lesson(
    "objeciones-modelo-laer",
    "Manejo de objeciones con el modelo LAER",
    "Escuchar, reconocer, explorar y responder: un método para tratar las objeciones del "
    "deudor sin discutir ni usar frases enlatadas.",
    heading("Cuatro pasos"),
    paragraph(
        "<p>El modelo <strong>LAER</strong>, de Carew International, ordena la respuesta a una "
        "objeción en cuatro pasos: <strong>Listen</strong> (escuchar), "
        "<strong>Acknowledge</strong> (reconocer), <strong>Explore</strong> (explorar) y "
        "<strong>Respond</strong> (responder).</p>"
        "<ul><li><strong>Escuchar</strong> la objeción completa, sin interrumpir.</li>"
        "<li><strong>Reconocer</strong> lo que el deudor siente o piensa, sin darle la razón en "
        "todo.</li>"
        "<li><strong>Explorar</strong> la preocupación real: es el paso clave, porque la primera "
        "objeción casi nunca es la verdadera.</li>"
        "<li><strong>Responder</strong> a la preocupación real, no a la frase inicial.</li></ul>"
    ),
    heading("La pausa y las frases enlatadas"),
    paragraph(
        "<p>Una pausa de dos o tres segundos antes de responder baja la tensión y muestra que "
        "usted está escuchando. En cambio, fórmulas de manual como «entiendo cómo se siente, "
        "otros se sintieron igual y descubrieron que…» (el llamado <em>Feel-Felt-Found</em>) "
        "son muy criticadas porque suenan mecánicas. El deudor nota el guion y se cierra.</p>"
    ),
    dialogue(
        "«No tengo dinero»",
        debtor("No tengo dinero. No le puedo pagar nada."),
        agent(
            "Todos dicen lo mismo, pero siempre tienen para otras cosas.",
            avoid="Descalifica la objeción y convierte la conversación en una pelea.",
        ),
        agent(
            "(Pausa). Entiendo que en este momento el dinero no le alcanza.",
            ok="Escucha, hace una pausa y reconoce sin discutir.",
        ),
        agent(
            "Cuando dice que no le alcanza, ¿se refiere a este mes o ve difícil pagar en los próximos meses también?",
            ok="Explora la preocupación real antes de proponer algo.",
        ),
        debtor("Este mes. El mes que viene ya cobro el aguinaldo."),
        agent(
            "Entonces podemos buscar una fecha después de que lo reciba. ¿Qué día lo cobra?",
            ok="Responde a la preocupación real con una opción concreta.",
        ),
    ),
    do_dont(
        "Objeciones",
        [
            "Escuchar la objeción completa antes de responder.",
            "Preguntar qué hay detrás de la objeción.",
            "Responder con opciones reales y autorizadas.",
        ],
        [
            "Interrumpir para corregir al deudor.",
            "Usar frases enlatadas como «entiendo cómo se siente, otros se sintieron igual».",
            "Contestar a la primera frase sin explorar la preocupación real.",
        ],
    ),
    check(
        "¿Cuál es el paso clave del modelo LAER y por qué?",
        [
            wrong(
                "Responder, porque es cuando se cierra el acuerdo.",
                "Responder sin explorar suele atacar una objeción que no es la verdadera.",
            ),
            right(
                "Explorar, porque revela la preocupación real detrás de la objeción.",
                "Correcto. La primera objeción rara vez es la verdadera.",
            ),
            wrong(
                "Reconocer, porque basta con que el deudor se sienta escuchado.",
                "Reconocer es necesario, pero sin explorar no hay solución.",
            ),
        ],
        "En LAER, explorar es el paso que convierte una objeción en información útil para proponer una solución real.",
    ),
)

COURSE = {
    "slug": "promesas-de-pago-y-objeciones",
    "title": "Promesas de pago y manejo de objeciones",
    "theme": "negotiation",
    "jurisdictions": [],
    "level": "intermediate",
    "minutes": 45,
    "summary": "Cómo obtener promesas de pago reales, confirmarlas por escrito, hacerles "
    "seguimiento dentro de los límites legales de frecuencia y tratar las objeciones del deudor "
    "con el modelo LAER.",
    "objectives": [
        "Distinguir una promesa de pago completa de una simple intención.",
        "Confirmar promesas por escrito y con la cuenta de la institución.",
        "Aplicar la regla de seguimiento: un incumplimiento se conversa, dos se escalan.",
        "Manejar objeciones con LAER, explorando la preocupación real.",
    ],
    "prerequisites": ["estructura-llamada-cobranza"],
    "specialisations": ["early_stage", "late_stage", "negotiation"],
    "lessons": [LESSON_ANATOMIA, LESSON_SEGUIMIENTO, LESSON_LAER],
}
