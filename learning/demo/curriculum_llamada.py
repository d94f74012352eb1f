"""Curso: la estructura de la llamada de cobranza en ocho puntos de control."""

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
    wrong,
)

LESSON_APERTURA = lesson(
    "llamada-apertura-y-verificacion",
    "Puntos 1 y 2: verificar al titular e identificarse",
    "Por qué la verificación del titular es un alto obligatorio y qué debe decir el gestor al "
    "identificarse según el país.",
    heading("Ocho puntos de control"),
    paragraph(
        "<p>Una buena llamada de cobranza sigue una estructura. Este curso usa ocho puntos de "
        "control, una síntesis de los <em>Eight Collection Call Checkpoints</em> de ACA "
        "International y de fuentes del sector:</p>"
        "<ol><li>verificar al titular antes de revelar nada;</li>"
        "<li>identificarse y dar los avisos obligatorios;</li>"
        "<li>explicar el motivo y el monto, y pedir el pago total;</li>"
        "<li>hacer una pausa y escuchar;</li>"
        "<li>explorar la situación;</li>"
        "<li>ofrecer opciones o un plan;</li>"
        "<li>confirmar la promesa de pago;</li>"
        "<li>resumir y cerrar.</li></ol>"
    ),
    heading("Punto 1: el alto obligatorio"),
    paragraph(
        "<p>Para ACA International, la verificación del titular es un <strong>alto "
        "obligatorio</strong>: si no puede confirmar que habla con la persona correcta, termine "
        "la llamada sin revelar la deuda. Nombre, apellido y un dato de validación que defina su "
        "empresa son el mínimo antes de continuar.</p>"
        "<p>En el punto 2 usted se identifica y da los avisos que exige cada país. En Estados "
        "Unidos, la advertencia mini-Miranda. En México, el nombre del despacho y el suyo, los "
        "datos de contacto, la institución que otorgó el crédito, el contrato y el monto. En "
        "Colombia y Chile, recuerde además que la gestión debe ocurrir en el horario y por el "
        "canal permitidos antes siquiera de marcar.</p>"
    ),
    dialogue(
        "Verificar antes de hablar de la deuda",
        agent("Buenos días, ¿me comunica con el señor Daniel Ortiz, por favor?"),
        debtor("¿De parte de quién?"),
        agent(
            "De Financiera Demo, es por su préstamo atrasado.",
            avoid="Revela la deuda antes de verificar que habla con el titular.",
        ),
        agent(
            "Mi nombre es Sofía Lara. Es un asunto personal para el señor Ortiz. ¿Es usted?",
            ok="No revela el motivo hasta verificar la identidad.",
        ),
        debtor("Sí, soy yo."),
        agent(
            "Gracias, señor Ortiz. Para proteger su información, ¿me confirma su fecha de nacimiento?",
            ok="Completa la verificación con un dato de validación antes de pasar al punto 2.",
        ),
    ),
    do_dont(
        "Apertura de la llamada",
        [
            "Verificar nombre y un dato de validación antes de mencionar la cuenta.",
            "Terminar la llamada con cortesía si no logra verificar al titular.",
            "Dar los avisos obligatorios del país apenas termine la verificación.",
        ],
        [
            "Mencionar la empresa acreedora a quien contesta sin haberlo verificado.",
            "Continuar «porque la voz se parece» a la del titular.",
            "Saltarse los avisos obligatorios para ganar tiempo.",
        ],
    ),
    check(
        "Quien contesta no quiere confirmar su identidad. ¿Qué indica el punto de control 1?",
        [
            wrong(
                "Explicar el motivo de la llamada para convencerlo de identificarse.",
                "Explicar el motivo sería revelar la deuda a alguien no verificado.",
            ),
            right(
                "Terminar la llamada sin revelar la deuda.",
                "Correcto. La verificación es un alto obligatorio: sin ella no se avanza.",
            ),
            wrong(
                "Dar la advertencia mini-Miranda y continuar.",
                "Los avisos se dan después de verificar, nunca antes.",
            ),
        ],
        "Sin verificación del titular no hay llamada de cobranza: se termina sin revelar nada.",
    ),
)

LESSON_EXPLORAR = lesson(
    "llamada-motivo-pausa-y-exploracion",
    "Puntos 3, 4 y 5: motivo, pausa y exploración",
    "Cómo plantear el monto y pedir el pago total, el valor de la pausa y cómo explorar la "
    "situación del deudor respetando la regla colombiana.",
    heading("Punto 3: decir el motivo con claridad"),
    paragraph(
        "<p>Después de verificar e identificarse, diga con claridad el motivo y el monto, y "
        "pida el pago total. Pedirlo no es agresivo: es darle al deudor la opción más simple. "
        "En Estados Unidos, esa petición nunca debe <strong>opacar los derechos de "
        "disputa</strong> que informa el aviso de validación.</p>"
    ),
    heading("Punto 4: la pausa"),
    paragraph(
        "<p>Después de pedir el pago, calle. Una pausa de dos o tres segundos baja la tensión y "
        "le da al deudor espacio para responder. Muchos gestores llenan ese silencio con "
        "argumentos y terminan negociando contra sí mismos.</p>"
    ),
    heading("Punto 5: explorar, con una excepción"),
    paragraph(
        "<p>Explorar es entender qué puede hacer el deudor: ingresos, fechas, prioridades. "
        "Preguntas abiertas como «¿qué fechas le resultan más cómodas?» funcionan mejor que "
        "las cerradas. Pero en Colombia hay una excepción: la <strong>Ley 2300 prohíbe "
        "preguntar por qué el consumidor no pagó</strong>. Si él lo cuenta por iniciativa "
        "propia, escuche y úselo; si no, no lo pregunte. Explore el futuro, no el pasado.</p>"
    ),
    dialogue(
        "Motivo, pausa y exploración",
        agent(
            "Señor Ortiz, le llamo por su préstamo con Financiera Demo, que tiene un saldo "
            "vencido de 2.400 pesos. ¿Puede cubrirlo hoy?",
            ok="Motivo y monto claros, con una petición directa de pago total.",
        ),
        debtor("Mmm..."),
        agent(
            "(Pausa de tres segundos).",
            ok="La pausa deja espacio para que el deudor responda sin presión.",
        ),
        debtor("Hoy no. Tengo la mitad, el resto hasta fin de mes."),
        agent(
            "¿Y por qué no pagó a tiempo?",
            avoid="En Colombia la Ley 2300 prohíbe preguntar por qué no pagó; en cualquier "
            "país esta pregunta pone al deudor a la defensiva.",
        ),
        agent(
            "Gracias por decírmelo. ¿Qué día de fin de mes recibe su ingreso?",
            ok="Explora hacia el futuro para construir un plan realista.",
        ),
    ),
    tip(
        "Escuche tres veces más de lo que habla",
        "<p>En los puntos 4 y 5, el objetivo es información, no persuasión. Anote lo que el "
        "deudor dice: lo va a necesitar en el punto 6.</p>",
    ),
    check(
        "Usted gestiona una cartera colombiana. ¿Cuál de estas preguntas de exploración es adecuada?",
        [
            wrong(
                "«¿Por qué dejó de pagar su cuota?»",
                "La Ley 2300 prohíbe preguntar por qué no pagó.",
            ),
            right(
                "«¿Qué fecha le resultaría posible para hacer un pago?»",
                "Correcto. Explora opciones hacia adelante sin indagar la causa del impago.",
            ),
            wrong(
                "«¿En qué se gastó el dinero?»",
                "Es invasiva y, en el fondo, es otra forma de preguntar por qué no pagó.",
            ),
        ],
        "En Colombia no se pregunta la causa del impago; se escucha si el consumidor la cuenta "
        "y se explora hacia el futuro con preguntas abiertas.",
    ),
)

LESSON_CIERRE = lesson(
    "llamada-opciones-promesa-y-cierre",
    "Puntos 6, 7 y 8: opciones, promesa y cierre",
    "Cómo ofrecer opciones, confirmar una promesa de pago completa y cerrar la llamada con un "
    "resumen que el deudor pueda repetir.",
    heading("Punto 6: ofrecer opciones"),
    paragraph(
        "<p>Con lo que aprendió al explorar, ofrezca opciones dentro de lo que su empresa "
        "autoriza. Dos opciones suelen funcionar mejor que una: el deudor elige en lugar de "
        "solo aceptar o rechazar. Cada opción debe ser realista para su presupuesto; un plan "
        "que no puede cumplir es una promesa rota anunciada.</p>"
    ),
    heading("Punto 7: confirmar la promesa"),
    paragraph(
        "<p>Una promesa de pago tiene cuatro elementos: <strong>monto</strong> específico, "
        "<strong>fecha</strong> de calendario, <strong>aceptación explícita</strong> del deudor "
        "y <strong>medio de pago</strong>. «Voy a ver qué puedo hacer» no es una promesa. Pida "
        "que el deudor confirme con sus palabras.</p>"
    ),
    heading("Punto 8: resumir y cerrar"),
    paragraph(
        "<p>Repita el acuerdo, diga qué pasará después (confirmación por escrito, "
        "recordatorio dentro de los límites de frecuencia del país) y agradezca. En México los "
        "convenios deben quedar por escrito y el despacho no puede recibir el pago: indique "
        "siempre la cuenta de la institución.</p>"
    ),
    dialogue(
        "Cerrar con una promesa completa",
        agent(
            "Le propongo dos opciones: 1.200 pesos el día 30 y 1.200 el 15 del próximo mes, o "
            "tres pagos de 800. ¿Cuál le funciona mejor?",
            ok="Ofrece dos opciones realistas basadas en lo que el deudor contó.",
        ),
        debtor("La de dos pagos."),
        agent(
            "Perfecto. Entonces, para confirmar: usted paga 1.200 pesos el 30 de este mes y "
            "1.200 el 15 del próximo, en la cuenta de Financiera Demo con la referencia que le "
            "voy a enviar por escrito. ¿Está de acuerdo?",
            ok="Confirma monto, fecha, medio de pago y pide aceptación explícita.",
        ),
        debtor("Sí, de acuerdo."),
        agent(
            "Gracias, señor Ortiz. En unos minutos le llega la confirmación escrita. Que tenga buen día.",
            ok="Resume lo que sigue y cierra con cortesía.",
        ),
    ),
    legal(
        "El cierre también tiene reglas",
        "<p>El recordatorio que anuncie en el cierre debe respetar los límites de cada país: en "
        "Colombia, no más de un contacto al día ni varios canales en la semana tras un contacto "
        "directo; en Chile, una llamada semanal; en Estados Unidos, la regla de 7 en 7.</p>",
    ),
    check(
        "¿Cuál de estas respuestas del deudor constituye una promesa de pago completa?",
        [
            wrong(
                "«Voy a tratar de pagar algo la próxima semana».",
                "Falta monto, fecha concreta y compromiso explícito.",
            ),
            wrong(
                "«Pago 1.200 pesos apenas pueda».",
                "Falta la fecha de calendario.",
            ),
            right(
                "«Sí, pago 1.200 pesos el 30 de este mes en la cuenta del banco».",
                "Correcto. Tiene monto, fecha, medio de pago y aceptación explícita.",
            ),
        ],
        "Una promesa de pago válida tiene monto específico, fecha de calendario, aceptación "
        "explícita y medio de pago, y se confirma por escrito.",
    ),
)

COURSE = {
    "slug": "estructura-llamada-cobranza",
    "title": "La llamada de cobranza en ocho puntos de control",
    "theme": "negotiation",
    "jurisdictions": [],
    "level": "basic",
    "minutes": 45,
    "summary": "Una estructura práctica para cada llamada de cobranza, desde la verificación del "
    "titular hasta el cierre con una promesa de pago completa, con las variantes que exigen las "
    "leyes de México, Colombia, Chile y Estados Unidos.",
    "objectives": [
        "Aplicar la verificación del titular como alto obligatorio.",
        "Dar los avisos de identificación que exige cada país.",
        "Usar la pausa y la exploración sin preguntar la causa del impago en Colombia.",
        "Ofrecer opciones y cerrar con una promesa de pago completa y confirmada.",
    ],
    "prerequisites": [],
    "specialisations": ["early_stage", "late_stage", "negotiation"],
    "lessons": [LESSON_APERTURA, LESSON_EXPLORAR, LESSON_CIERRE],
}
