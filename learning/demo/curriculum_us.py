"""Curso: cobranza en Estados Unidos (FDCPA y Regulation F), para carteras en español."""

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

LESSON_FDCPA = lesson(
    "us-fdcpa-alcance-y-horarios",
    "FDCPA: a quién aplica, horarios convenientes y terceros",
    "El alcance de la Fair Debt Collection Practices Act, la franja horaria que se presume "
    "conveniente y el límite para hablar con terceros.",
    heading("Una ley federal para los cobradores de terceros"),
    paragraph(
        "<p>La <strong>Fair Debt Collection Practices Act</strong> (FDCPA, 15 U.S.C. §1692 y "
        "siguientes, de 1977) es la ley federal que regula la cobranza de deudas de consumo en "
        "Estados Unidos. Se aplica a los <strong>cobradores que cobran por cuenta de "
        "otros</strong> y a los <strong>compradores de deuda</strong>; en general no se aplica "
        "al acreedor original que cobra sus propios créditos. Si usted trabaja en una agencia "
        "que gestiona carteras de bancos o de tiendas, o en una empresa que compró esas "
        "carteras, la FDCPA rige su trabajo.</p>"
        "<p>Muchos centros de contacto de América Latina atienden a consumidores hispanohablantes "
        "en Estados Unidos. La conversación puede ser en español, pero las reglas son las "
        "estadounidenses.</p>"
    ),
    heading("Horario conveniente: de 8 a. m. a 9 p. m., hora del consumidor"),
    paragraph(
        "<p>Según el §1692c(a)(1), si el cobrador no sabe otra cosa, se presume que la hora "
        "conveniente para comunicarse es <strong>entre las 8:00 a. m. y las 9:00 p. m., hora "
        "local del consumidor</strong>. Y si sabe que un momento o un lugar no le conviene, por "
        "ejemplo porque trabaja de noche y duerme de día, debe evitarlo aunque esté dentro de "
        "la franja.</p>"
        "<p>Con los terceros, la regla es restrictiva: solo se les contacta para "
        "<strong>obtener información de ubicación</strong> del consumidor. El detalle de qué "
        "puede y qué no puede decirse en esas llamadas, así como la solicitud escrita del "
        "consumidor de cesar la comunicación, está pendiente de verificación con el área legal; "
        "mientras tanto, siga el guion aprobado para terceros sin apartarse de él.</p>"
    ),
    dialogue(
        "El consumidor trabaja de noche",
        debtor("Mire, yo trabajo en el turno de noche. A las diez de la mañana estoy dormido."),
        agent(
            "Entiendo, señor Torres. Voy a anotar que no le llamemos por la mañana. ¿Qué hora le resulta conveniente?",
            ok="Cuando el cobrador sabe que un horario no le conviene al consumidor, debe "
            "evitarlo aunque esté dentro de la franja de 8 a 21.",
        ),
        debtor("Después de las cuatro de la tarde está bien."),
        agent(
            "Perfecto. Dejo registrado que lo contactemos después de las 4:00 p. m., hora de Houston.",
            ok="Registra la preferencia y la zona horaria local del consumidor.",
        ),
    ),
    do_dont(
        "Horarios y terceros en la FDCPA",
        [
            "Calcular la franja con la zona horaria local del consumidor.",
            "Registrar y respetar los horarios que el consumidor indique como inconvenientes.",
            "Limitar las llamadas a terceros a obtener datos de ubicación.",
        ],
        [
            "Llamar a las 8:30 p. m. hora del centro de contacto a un consumidor de otra zona "
            "horaria sin verificar su hora local.",
            "Volver a llamar por la mañana a quien dijo que duerme de día.",
            "Pedir a un familiar que «le pase el recado» sobre la cuenta.",
        ],
    ),
    check(
        "Un consumidor le dijo que trabaja de noche y duerme hasta las 3 p. m. ¿Puede llamarlo a las 11 a. m.?",
        [
            wrong(
                "Sí, porque las 11 a. m. está dentro de la franja de 8 a. m. a 9 p. m.",
                "La franja es una presunción; si usted sabe que el momento es inconveniente, debe evitarlo.",
            ),
            right(
                "No: se sabe que ese horario le es inconveniente, así que debe evitarse.",
                "Correcto. El §1692c(a)(1) prohíbe los momentos que el cobrador sabe que son inconvenientes.",
            ),
            wrong(
                "Sí, si la llamada dura menos de dos minutos.",
                "La duración no cambia que el momento sea inconveniente.",
            ),
        ],
        "De 8 a. m. a 9 p. m. hora local se presume conveniente solo si el cobrador no sabe otra "
        "cosa. Un horario conocido como inconveniente queda excluido.",
    ),
)

LESSON_AVISOS = lesson(
    "us-mini-miranda-y-aviso-de-validacion",
    "Mini-Miranda y aviso de validación de la deuda",
    "Las advertencias obligatorias en cada comunicación y el aviso de validación que da al "
    "consumidor 30 días para disputar la deuda.",
    heading("La advertencia mini-Miranda"),
    paragraph(
        "<p>El §1692e(11) de la FDCPA exige que la <strong>comunicación inicial</strong> "
        "indique que el cobrador está intentando cobrar una deuda y que cualquier información "
        "obtenida se usará con ese fin. En las comunicaciones posteriores debe decirse que "
        "provienen de un cobrador de deudas. En la industria esta advertencia se conoce como "
        "«mini-Miranda».</p>"
        "<p>Recuerde el orden del primer paso de la llamada: primero se confirma que habla con "
        "la persona correcta y <strong>después</strong> se da la advertencia. Decirla a quien "
        "no es el consumidor revelaría la deuda a un tercero.</p>"
    ),
    heading("El aviso de validación"),
    paragraph(
        "<p>El §1692g exige enviar un <strong>aviso de validación</strong> dentro de los cinco "
        "días siguientes a la comunicación inicial, con el monto, el acreedor y los derechos de "
        "disputa. Si el consumidor disputa la deuda por escrito dentro de los <strong>30 "
        "días</strong>, la cobranza se suspende hasta que se verifique la deuda.</p>"
        "<p>La <strong>Regulation F</strong> (12 CFR 1006, vigente desde el 30 de noviembre de "
        "2021) detalla este aviso en su §1006.34: la información de validación va en la "
        "comunicación inicial o dentro de los cinco días siguientes, el periodo termina 30 días "
        "después de su recepción y el aviso debe indicar la fecha de término. El "
        "<strong>formulario modelo B-1</strong> funciona como puerto seguro, y la CFPB publicó "
        "en octubre de 2021 una versión oficial en español.</p>"
    ),
    dialogue(
        "Primer contacto con un consumidor hispanohablante",
        agent("Buenas tardes, ¿hablo con la señora Ana Morales?"),
        debtor("Sí, soy yo."),
        agent(
            "Señora Morales, mi nombre es Luis Pérez, de Agencia de Cobranza Ejemplo. Esta es "
            "una comunicación de un cobrador de deudas: estamos intentando cobrar una deuda y "
            "cualquier información que obtengamos se usará con ese propósito.",
            ok="Verifica la identidad primero y luego da la advertencia mini-Miranda completa.",
        ),
        debtor("Yo no reconozco esa deuda."),
        agent(
            "Tiene derecho a disputarla. En el aviso de validación que le enviamos aparecen el "
            "monto, el acreedor y la fecha límite para hacerlo. Si la disputa por escrito dentro "
            "del plazo, suspendemos la cobranza hasta verificarla.",
            ok="Informa el derecho de disputa sin restarle importancia ni presionar para que pague antes.",
        ),
    ),
    warning(
        "No opaque los derechos de disputa",
        "<p>Pedir el pago está permitido, pero nunca de una forma que contradiga o haga parecer "
        "menos importantes los derechos de disputa: frases como «olvídese de la carta y pague "
        "hoy» son un ejemplo de lo que no debe decir.</p>",
    ),
    check(
        "Un consumidor disputa la deuda por escrito dentro del periodo de validación. ¿Qué sucede con la cobranza?",
        [
            wrong(
                "Continúa igual; la disputa solo se anota en el sistema.",
                "La disputa escrita dentro de plazo detiene la cobranza.",
            ),
            right(
                "Se suspende hasta que la deuda sea verificada.",
                "Correcto. Así lo establece el §1692g.",
            ),
            wrong(
                "Se cancela la deuda automáticamente.",
                "La disputa no extingue la deuda: obliga a verificarla antes de seguir cobrando.",
            ),
        ],
        "Una disputa escrita dentro de los 30 días del periodo de validación suspende la "
        "cobranza hasta que la deuda se verifique.",
    ),
)

LESSON_7EN7 = lesson(
    "us-regulation-f-siete-en-siete",
    "Regulation F: la regla de 7 llamadas en 7 días",
    "Cómo funciona la presunción de acoso por frecuencia de llamadas del §1006.14(b)(2) y "
    "cómo planificar los intentos.",
    heading("Qué dice la regla"),
    paragraph(
        "<p>El <strong>§1006.14(b)(2)</strong> de la Regulation F establece una "
        "<strong>presunción refutable de acoso</strong> cuando, por persona y por deuda, el "
        "cobrador llama:</p>"
        "<ol><li>más de <strong>siete veces en siete días consecutivos</strong>, o</li>"
        "<li>dentro de los <strong>siete días posteriores a una conversación "
        "telefónica</strong> con el consumidor sobre esa deuda; el día de la conversación "
        "cuenta como día 1.</li></ol>"
        "<p>Que sea «refutable» significa que la empresa podría demostrar lo contrario, pero en "
        "la operación diaria el límite se trata como una regla dura.</p>"
    ),
    heading("Un ejemplo para planificar"),
    paragraph(
        "<p>Si usted habló con el consumidor el <strong>lunes 2</strong>, ese lunes es el día 1 "
        "y el periodo de siete días termina el domingo 8. Llamar sobre esa deuda en ese "
        "periodo activa la presunción; el siguiente intento seguro por teléfono es el "
        "<strong>lunes 9</strong>. Y si no hubo conversación, cuente todos los intentos de los "
        "últimos siete días: el octavo intento en ese periodo ya supera el límite.</p>"
        "<p>Los correos electrónicos y los mensajes de texto no entran en el conteo de llamadas, "
        "pero la CFPB advierte que un exceso de mensajes también puede ser acoso.</p>"
    ),
    tip(
        "Deje que el sistema cuente, pero entienda la cuenta",
        "<p>Los marcadores suelen bloquear automáticamente los intentos que superan el límite. "
        "Aun así, una llamada manual o una marcación desde otra campaña puede escapar al "
        "control. Revise el historial antes de marcar a mano.</p>",
    ),
    dialogue(
        "Seguimiento después de una conversación",
        debtor("Ya le dije que el viernes hago el pago de 200 dólares."),
        agent(
            "Perfecto. Igual le marco mañana y el jueves para recordárselo.",
            avoid="Hoy hubo conversación: llamar de nuevo sobre esa deuda dentro de los siete "
            "días activa la presunción de acoso.",
        ),
        agent(
            "Perfecto, señora Morales. Le envío hoy la confirmación por correo electrónico, con "
            "la opción para dejar de recibir correos. Si necesita algo antes del viernes, puede "
            "llamarnos al número que aparece en el mensaje.",
            ok="Confirma por escrito sin programar llamadas salientes dentro del periodo de siete días.",
        ),
    ),
    check(
        "Usted conversó con un consumidor el miércoles 10 sobre una deuda. ¿Cuál es el primer "
        "día en que puede volver a llamarlo por esa deuda sin activar la presunción?",
        [
            wrong(
                "El jueves 11.",
                "Está dentro de los siete días contados desde la conversación.",
            ),
            wrong(
                "El martes 16.",
                "El día de la conversación es el día 1; el martes 16 es el día 7.",
            ),
            right(
                "El miércoles 17.",
                "Correcto. Miércoles 10 es el día 1 y martes 16 el día 7; el 17 ya está fuera.",
            ),
        ],
        "El periodo de siete días empieza el día de la conversación. Contando el miércoles 10 "
        "como día 1, el periodo termina el martes 16.",
    ),
)

LESSON_DIGITAL = lesson(
    "us-correos-mensajes-y-buzon-de-voz",
    "Correos, mensajes de texto y buzón de voz",
    "La opción de baja obligatoria en correos y mensajes, el mensaje de voz de contenido "
    "limitado y el riesgo de revelar la deuda en canales compartidos.",
    heading("Cada correo y cada mensaje con opción de baja"),
    paragraph(
        "<p>El <strong>§1006.6(e)</strong> de la Regulation F exige que todo correo electrónico "
        "o mensaje de texto de cobranza incluya una forma <strong>clara y sencilla</strong> de "
        "dejar de recibir mensajes por ese medio. Por ejemplo: «Responda BAJA para no recibir "
        "más mensajes de texto». Si el consumidor la usa, el sistema debe registrarla y "
        "respetarla.</p>"
        "<p>Aunque los correos y los textos no cuentan para la regla de 7 en 7, una avalancha "
        "de mensajes puede constituir acoso. La opción de baja y el sentido común van juntos.</p>"
    ),
    heading("El buzón de voz de contenido limitado"),
    paragraph(
        "<p>El <strong>§1006.2(j)</strong> define el mensaje de <strong>contenido "
        "limitado</strong>: un mensaje de voz que no revela la deuda. Dice quién llama, pide que "
        "le devuelvan la llamada y deja un número, sin mencionar la cuenta ni el motivo. Es la "
        "forma segura de dejar un recado, porque cualquiera en la casa puede escuchar el "
        "buzón.</p>"
        "<p>Lo mismo ocurre con los canales compartidos: un correo o un mensaje enviado a una "
        "dirección o número que comparten varias personas puede convertirse en una revelación a "
        "terceros. La Regulation F ofrece procedimientos de puerto seguro para reducir ese "
        "riesgo; siga los que defina su empresa.</p>"
    ),
    dialogue(
        "Dos formas de dejar un mensaje de voz",
        agent(
            "Hola, mensaje para Ana Morales: tiene un saldo vencido de 1,250 dólares con Tienda "
            "Demo. Llámenos hoy para evitar más problemas.",
            avoid="Revela la deuda en un buzón que puede oír cualquier persona y agrega presión innecesaria.",
        ),
        agent(
            "Hola, este mensaje es para Ana Morales. Le llama Luis Pérez. Por favor devuélvame "
            "la llamada al 555-0100. Gracias.",
            ok="Es un mensaje de contenido limitado: identifica a quien llama y deja un número sin revelar la deuda.",
        ),
    ),
    do_dont(
        "Canales digitales en Estados Unidos",
        [
            "Incluir en cada correo y texto una opción de baja clara y sencilla.",
            "Usar el guion de mensaje de voz de contenido limitado.",
            "Verificar que el correo o número no sea compartido antes de enviar detalles.",
        ],
        [
            "Enviar diez textos en un día porque «no cuentan» para el límite de llamadas.",
            "Mencionar el saldo o el acreedor en un mensaje de voz.",
            "Ignorar una respuesta de baja porque llegó escrita con errores.",
        ],
    ),
    check(
        "¿Qué debe incluir todo mensaje de texto de cobranza según el §1006.6(e)?",
        [
            wrong(
                "El saldo completo y el nombre del acreedor original.",
                "Ese detalle no es lo que exige la norma y puede revelar la deuda si el número es compartido.",
            ),
            right(
                "Una forma clara y sencilla de optar por no recibir más mensajes.",
                "Correcto. La opción de baja es obligatoria en correos y textos.",
            ),
            wrong(
                "Un aviso de que los textos cuentan para la regla de 7 en 7.",
                "Los textos no entran en el conteo de llamadas.",
            ),
        ],
        "Cada correo electrónico o mensaje de texto debe ofrecer una opción de baja clara y "
        "sencilla; aunque no cuenten para el límite de llamadas, un exceso puede ser acoso.",
    ),
)

COURSE = {
    "slug": "regulacion-estados-unidos",
    "title": "Cobranza en Estados Unidos: FDCPA y Regulation F",
    "theme": "regulation",
    "jurisdictions": ["US"],
    "level": "intermediate",
    "minutes": 60,
    "summary": "Las reglas federales que se aplican al gestionar carteras de consumidores en "
    "Estados Unidos, aunque la conversación sea en español: alcance de la FDCPA, horarios, "
    "advertencia mini-Miranda, aviso de validación, la regla de 7 llamadas en 7 días, la opción "
    "de baja y el mensaje de voz de contenido limitado.",
    "objectives": [
        "Determinar cuándo una gestión queda bajo la FDCPA.",
        "Dar la advertencia mini-Miranda en el momento correcto.",
        "Explicar el aviso de validación y el efecto de una disputa escrita.",
        "Planificar llamadas sin activar la presunción de acoso de 7 en 7.",
        "Usar correos, textos y mensajes de voz sin revelar la deuda a terceros.",
    ],
    "prerequisites": [],
    "specialisations": ["legal", "compliance"],
    "lessons": [LESSON_FDCPA, LESSON_AVISOS, LESSON_7EN7, LESSON_DIGITAL],
}
