"""Curso: uso correcto del marcador y del CRM (tipificaciones, promesas y controles)."""

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

LESSON_TIPIFICACIONES = lesson(
    "sistemas-tipificar-cada-gestion",
    "Tipificar cada gestión: por qué el código correcto importa",
    "Qué es una tipificación o resultado de gestión, cómo elegir el código correcto y qué "
    "depende de él: límites legales, indicadores y bonos.",
    heading("Cada llamada deja un rastro"),
    paragraph(
        "<p>Al terminar cada intento, el marcador o el CRM le pide elegir una "
        "<strong>tipificación</strong> (también llamada resultado o disposición): el código "
        "que describe qué pasó. Aunque cada sistema usa sus propios nombres, casi todos "
        "distinguen categorías como estas:</p>"
        "<ul><li><strong>Sin contacto:</strong> no contesta, ocupado, buzón de voz, número "
        "equivocado o fuera de servicio.</li>"
        "<li><strong>Contacto con tercero:</strong> contestó alguien que no es el titular ni un "
        "obligado (aval, codeudor).</li>"
        "<li><strong>Contacto con titular:</strong> se verificó la identidad; luego se indica "
        "el resultado: promesa de pago, negativa, disputa, solicitud de información.</li>"
        "<li><strong>Eventos de cumplimiento:</strong> solicitud de no usar un canal, aviso de "
        "demanda o de procedimiento concursal, queja.</li></ul>"
    ),
    heading("Qué depende de su elección"),
    paragraph(
        "<p>La tipificación no es un trámite. De ella dependen los controles legales: en "
        "Estados Unidos, una conversación con el titular activa el periodo de siete días de la "
        "Regulation F; en Colombia, un contacto directo activa el límite de un contacto diario "
        "y de canales por semana. También dependen los indicadores de la campaña (tasa de "
        "contacto, tasa de promesas, cumplimiento de promesas) y, con ellos, los bonos del "
        "equipo.</p>"
        "<p>Tipificar «titular» cuando habló con un familiar infla el contacto y puede "
        "disparar controles equivocados; tipificar «sin contacto» cuando sí hubo conversación "
        "puede provocar una llamada que la ley no permite.</p>"
    ),
    dialogue(
        "¿Qué código corresponde?",
        agent("Buenas tardes, ¿se encuentra la señora Elena Castro?"),
        debtor("No, habla su hermana. Elena sale tarde del trabajo."),
        agent(
            "Gracias. Intento localizarla en otro momento. Buenas tardes.",
            ok="No revela la deuda al tercero. La tipificación correcta es «contacto con "
            "tercero», no «contacto con titular».",
        ),
    ),
    do_dont(
        "Tipificaciones",
        [
            "Elegir el código según lo que realmente ocurrió.",
            "Usar «contacto con titular» solo después de verificar la identidad.",
            "Registrar los eventos de cumplimiento con su código específico.",
        ],
        [
            "Elegir el primer código de la lista para ganar tiempo.",
            "Tipificar como promesa lo que fue una intención vaga.",
            "Dejar en notas libres un aviso de demanda sin usar el código que corresponde.",
        ],
    ),
    check(
        "En una cartera de Estados Unidos, usted conversó con el titular, pero tipificó «sin "
        "contacto». ¿Cuál es el riesgo principal?",
        [
            wrong(
                "Ninguno: la tipificación solo sirve para estadísticas.",
                "Los controles legales del marcador dependen de la tipificación.",
            ),
            right(
                "Que el sistema no active el periodo de siete días y programe una llamada que "
                "activa la presunción de acoso.",
                "Correcto. La conversación con el titular debe quedar registrada como tal.",
            ),
            wrong(
                "Que la promesa de pago se duplique.",
                "El problema principal es el control de frecuencia que no se activa.",
            ),
        ],
        "Las tipificaciones alimentan los controles de frecuencia y los indicadores. Un código "
        "equivocado puede causar una infracción y distorsionar los resultados.",
    ),
)

LESSON_PROMESAS = lesson(
    "sistemas-registrar-promesas",
    "Registrar promesas de pago y notas de gestión",
    "Qué campos completar al registrar una promesa de pago, cómo se programa el seguimiento y "
    "cómo escribir notas útiles y objetivas.",
    heading("Los campos de una promesa"),
    paragraph(
        "<p>Cuando registra una promesa de pago en el CRM, cada campo tiene un propósito:</p>"
        "<ul><li><strong>Monto</strong> y <strong>fecha de pago</strong>: el sistema los usa "
        "para comparar con los pagos recibidos.</li>"
        "<li><strong>Medio de pago</strong> y referencia: evitan confusiones y, en México, "
        "dejan constancia de que el pago va a la institución, no al despacho.</li>"
        "<li><strong>Confirmación escrita enviada</strong>: marca que el acuerdo quedó por "
        "escrito, obligatorio para los convenios en México.</li>"
        "<li><strong>Plan en cuotas</strong>: una promesa por cada pago, con su fecha.</li></ul>"
        "<p>El sistema suele programar la revisión justo después de la fecha y marcar la "
        "promesa como rota según la política, habitualmente entre tres y cinco días después "
        "si el pago no llega.</p>"
    ),
    heading("Notas que sirven al siguiente gestor"),
    paragraph(
        "<p>La nota de gestión es lo que leerá el próximo gestor, el supervisor o, ante una "
        "queja, el área de cumplimiento. Debe ser breve, objetiva y verificable: qué se "
        "acordó, qué pidió el cliente y qué sigue. Evite opiniones sobre el deudor. En "
        "Colombia, recuerde que el motivo del impago solo se registra si el cliente lo "
        "mencionó por su cuenta.</p>"
    ),
    dialogue(
        "De la conversación al registro",
        debtor("Entonces quedamos en 600 el día 5 y 600 el día 20."),
        agent(
            "Exacto. Le envío ahora la confirmación por escrito con la referencia de pago de Banco Demo.",
            ok="Dos pagos, dos promesas con su fecha, y confirmación escrita enviada.",
        ),
        agent(
            "(Nota en el CRM) Cliente difícil, seguro no paga.",
            avoid="Es una opinión, no un dato: no ayuda al siguiente gestor y puede ser "
            "ofensiva si el cliente accede a su información.",
        ),
        agent(
            "(Nota en el CRM) Titular verificado. Convenio: 600 el 5 y 600 el 20 en la cuenta "
            "de Banco Demo. Confirmación enviada por correo.",
            ok="Nota objetiva y completa: qué se acordó, cómo y qué se envió.",
        ),
    ),
    tip(
        "Registre mientras habla",
        "<p>Complete los campos durante el resumen final de la llamada. Así el deudor escucha "
        "los mismos datos que quedan en el sistema y los errores se corrigen en el momento.</p>",
    ),
    check(
        "Un deudor acepta pagar en dos cuotas. ¿Cómo se registra correctamente?",
        [
            wrong(
                "Una sola promesa por el total con la fecha de la última cuota.",
                "El sistema no podría verificar el primer pago a tiempo.",
            ),
            right(
                "Una promesa por cada cuota, con su monto y su fecha, y la confirmación escrita marcada como enviada.",
                "Correcto. Cada pago se sigue por separado.",
            ),
            wrong(
                "Solo una nota libre con el acuerdo.",
                "Sin los campos estructurados el sistema no programa el seguimiento.",
            ),
        ],
        "Cada cuota es una promesa con monto y fecha; el acuerdo se confirma por escrito y la "
        "nota describe hechos, no opiniones.",
    ),
)

LESSON_CONTROLES = lesson(
    "sistemas-controles-de-cumplimiento",
    "Controles de cumplimiento en el marcador",
    "Los controles que el sistema aplica por país (horarios, frecuencia, canales, bloqueos) y "
    "cómo el gestor los mantiene efectivos.",
    heading("Lo que el sistema controla por usted"),
    paragraph(
        "<p>Un marcador bien configurado traduce la ley a reglas automáticas:</p>"
        "<ul><li><strong>Horarios por país y zona horaria</strong> del deudor, con el "
        "calendario de feriados: por ejemplo, sábados bloqueados en Perú y en México la franja "
        "de 07:00 a 22:00 en la hora del deudor.</li>"
        "<li><strong>Frecuencia:</strong> una llamada semanal en Chile, el límite diario y de "
        "canales en Colombia, 7 en 7 en Estados Unidos.</li>"
        "<li><strong>Canales autorizados</strong> en Colombia y <strong>bajas</strong> de correo "
        "o texto en Estados Unidos.</li>"
        "<li><strong>Bloqueos de cuenta</strong>: en Chile, cuando hay notificación de demanda o "
        "procedimiento concursal.</li>"
        "<li><strong>Números salientes</strong>: en México, solo números registrados en el "
        "REDECO y nunca ocultos.</li></ul>"
    ),
    heading("Dónde fallan los controles"),
    paragraph(
        "<p>Los controles solo funcionan con datos correctos. Fallan cuando la zona horaria "
        "del registro está mal, cuando un evento de cumplimiento queda en una nota libre en vez "
        "de su código, cuando se marca a mano desde otra aplicación o cuando se usa un teléfono "
        "personal. Su papel es alimentar bien el sistema y no rodearlo.</p>"
    ),
    dialogue(
        "El cliente pide dejar de recibir mensajes",
        debtor("No me manden más mensajes de texto, por favor. Prefiero el correo."),
        agent(
            "Ok, lo apunto en las notas.",
            avoid="Una nota libre no bloquea el canal: otra campaña podría seguir enviando mensajes.",
        ),
        agent(
            "Entendido. Registro ahora mismo que no se le envíen mensajes de texto y que su "
            "canal preferido es el correo electrónico.",
            ok="Registra el cambio de canal con su código para que el sistema lo aplique en todas las campañas.",
        ),
    ),
    warning(
        "Nunca rodee un bloqueo",
        "<p>Si el sistema no le deja marcar, hay una razón. Marcar desde otro teléfono o "
        "cambiar la zona horaria para «destrabar» una cuenta convierte un error del sistema en "
        "una infracción suya. Reporte el caso a su supervisor.</p>",
    ),
    check(
        "El marcador bloquea la llamada a un cliente chileno porque la cuenta tiene aviso de "
        "demanda notificada. ¿Qué hace?",
        [
            wrong(
                "Marca desde su celular para cerrar el acuerdo.",
                "Rodear el bloqueo sería cobrar extrajudicialmente a un deudor ya demandado.",
            ),
            right(
                "Respeta el bloqueo y, si cree que es un error, lo reporta al supervisor.",
                "Correcto. En Chile la cobranza extrajudicial termina con la notificación de la demanda.",
            ),
            wrong(
                "Cambia la tipificación para liberar la cuenta.",
                "Manipular el registro para rodear un control es una falta grave.",
            ),
        ],
        "Los bloqueos reflejan reglas legales. Se respetan y, si parecen erróneos, se reportan; nunca se rodean.",
    ),
)

COURSE = {
    "slug": "marcador-y-crm-en-cobranza",
    "title": "Marcador y CRM: tipificaciones, promesas y controles",
    "theme": "product_systems",
    "jurisdictions": [],
    "level": "basic",
    "minutes": 35,
    "summary": "Cómo usar correctamente las herramientas de trabajo de un centro de cobranza: "
    "elegir la tipificación correcta, registrar promesas de pago y notas objetivas, y entender "
    "los controles de cumplimiento del marcador para alimentarlos bien y nunca rodearlos.",
    "objectives": [
        "Elegir la tipificación que corresponde a cada resultado de gestión.",
        "Registrar promesas de pago con todos sus campos y notas objetivas.",
        "Explicar qué controles legales dependen de los datos que registra el gestor.",
        "Responder correctamente ante un bloqueo del sistema.",
    ],
    "prerequisites": ["estructura-llamada-cobranza"],
    "specialisations": ["early_stage", "compliance"],
    "lessons": [LESSON_TIPIFICACIONES, LESSON_PROMESAS, LESSON_CONTROLES],
}
