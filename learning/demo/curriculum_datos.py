"""Curso: protección de datos personales en la cobranza (MX, CO, CL, US)."""

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

LESSON_MX = lesson(
    "datos-mexico-ley-2025",
    "México: la nueva ley de datos personales de 2025",
    "Qué cambió con la Ley Federal de Protección de Datos Personales en Posesión de los "
    "Particulares de 2025 y qué significa para el aviso de privacidad y los derechos ARCO.",
    heading("Una ley nueva y una nueva autoridad"),
    paragraph(
        "<p>El 20 de marzo de 2025 se publicó en el DOF una nueva <strong>Ley Federal de "
        "Protección de Datos Personales en Posesión de los Particulares</strong>, vigente desde "
        "el 21 de marzo de 2025, que sustituyó a la ley de 2010. El INAI desapareció y la "
        "supervisión pasó a la <strong>Secretaría Anticorrupción y Buen Gobierno</strong>. Si "
        "algún material interno todavía menciona al INAI, está desactualizado.</p>"
    ),
    heading("Aviso de privacidad, consentimiento y derechos ARCO"),
    paragraph(
        "<p>Para el trabajo de cobranza importan tres obligaciones:</p>"
        "<ul><li><strong>Aviso de privacidad.</strong> Debe separar las finalidades necesarias "
        "para la relación (por ejemplo, gestionar el cobro del crédito) de las voluntarias (por "
        "ejemplo, ofrecer otros productos). Cuando los datos se recaban por medios electrónicos "
        "o por teléfono se puede usar un aviso simplificado.</li>"
        "<li><strong>Consentimiento</strong> libre, específico e informado. El consentimiento "
        "tácito es válido por regla general.</li>"
        "<li><strong>Derechos ARCO:</strong> acceso, rectificación, cancelación y "
        "oposición.</li></ul>"
        "<p>Usted no tiene que resolver una solicitud ARCO en la llamada, pero sí reconocerla y "
        "canalizarla al área responsable por el procedimiento que defina su empresa.</p>"
    ),
    dialogue(
        "Una solicitud de rectificación durante la llamada",
        debtor("Ese correo que tienen ya no es mío. Y quiero saber qué datos tienen de mí."),
        agent(
            "Eso no lo manejamos nosotros, señor.",
            avoid="Desatiende un ejercicio de derechos ARCO (rectificación y acceso) en lugar de canalizarlo.",
        ),
        agent(
            "Gracias por avisarme. Registro que el correo ya no es suyo para que se corrija, y "
            "le explico cómo solicitar el acceso a sus datos conforme al aviso de privacidad de "
            "Banco Demo. ¿Desea que le envíe el enlace por mensaje?",
            ok="Reconoce las solicitudes de rectificación y acceso y las canaliza por el "
            "procedimiento del aviso de privacidad.",
        ),
    ),
    do_dont(
        "Datos personales en la gestión diaria",
        [
            "Usar los datos del deudor solo para las finalidades del aviso de privacidad.",
            "Canalizar de inmediato cualquier solicitud de acceso, rectificación, cancelación u oposición.",
            "Mencionar a la autoridad vigente, la Secretaría Anticorrupción y Buen Gobierno.",
        ],
        [
            "Decir que el INAI atiende las quejas de datos personales.",
            "Usar la base de cobranza para ofrecer productos sin la finalidad correspondiente.",
            "Negarse a registrar que un dato de contacto es incorrecto.",
        ],
    ),
    check(
        "Un deudor dice que quiere oponerse a que usen sus datos para publicidad. ¿Qué derecho "
        "está ejerciendo y qué hace usted?",
        [
            right(
                "El derecho de oposición; lo registra y lo canaliza al área responsable.",
                "Correcto. La oposición es uno de los derechos ARCO y se atiende por el procedimiento interno.",
            ),
            wrong(
                "Ninguno, porque tiene una deuda pendiente.",
                "Tener una deuda no elimina los derechos ARCO.",
            ),
            wrong(
                "El derecho de acceso; le lee en voz alta todos sus datos.",
                "No es una solicitud de acceso, y leer datos por teléfono sin un procedimiento es riesgoso.",
            ),
        ],
        "ARCO significa acceso, rectificación, cancelación y oposición. El gestor reconoce la "
        "solicitud y la canaliza; no la descarta por la existencia de la deuda.",
    ),
)

LESSON_CO = lesson(
    "datos-colombia-habeas-data",
    "Colombia: qué ley protege cada dato",
    "Cómo se reparten la protección de los datos en la cobranza colombiana la Ley 1266 (dato "
    "financiero), la Ley 1581 (datos personales en general) y la Ley 2300 (canales).",
    heading("Tres leyes, tres preguntas"),
    paragraph(
        "<p>En Colombia conviene hacerse tres preguntas ante cualquier dato del deudor:</p>"
        "<ol><li><strong>¿Es un dato de comportamiento crediticio?</strong> Entonces aplica la "
        "<strong>Ley 1266 de 2008</strong>, el habeas data financiero: aviso previo antes del "
        "reporte negativo, plazos de permanencia, consulta gratuita del propio historial y "
        "prohibición de usar esa información para decisiones de contratación laboral.</li>"
        "<li><strong>¿Es otro dato personal</strong>, como una dirección, un correo o un "
        "teléfono? Entonces aplica la <strong>Ley 1581 de 2012</strong>, régimen general que "
        "vigila la Superintendencia de Industria y Comercio (SIC).</li>"
        "<li><strong>¿Se va a usar para contactar al deudor?</strong> Entonces, además, la "
        "<strong>Ley 2300 de 2023</strong>: solo por los canales que el consumidor "
        "autorizó.</li></ol>"
    ),
    heading("Un teléfono encontrado no es un canal autorizado"),
    paragraph(
        "<p>Un error común es usar números o correos obtenidos de otras fuentes. Aunque el dato "
        "sea correcto, si el consumidor no autorizó ese canal, usarlo para cobrar infringe la "
        "Ley 2300. La buena práctica es documentar de dónde proviene cada dato de contacto y "
        "qué autorización lo respalda.</p>"
        "<p>Otra pregunta frecuente de los clientes es si una empresa puede negarles un empleo "
        "por estar reportados. La Ley 1266 lo responde: la información crediticia no puede "
        "usarse para decisiones de contratación.</p>"
    ),
    dialogue(
        "El cliente teme perder una oportunidad laboral",
        debtor("Tengo una entrevista de trabajo. ¿Me van a rechazar por estar reportado?"),
        agent(
            "Seguramente sí, por eso le conviene pagar hoy.",
            avoid="Es falso y usa el miedo como presión: la ley prohíbe usar el dato crediticio para contratar.",
        ),
        agent(
            "La ley de habeas data no permite usar la información crediticia para decisiones "
            "de contratación. Además, usted puede consultar su historial gratis. Si quiere, "
            "revisamos ahora una opción para ponerse al día.",
            ok="Informa con exactitud los derechos del titular y vuelve a la negociación sin presión indebida.",
        ),
    ),
    tip(
        "Documente el origen de cada dato",
        "<p>Cuando agregue un teléfono o un correo al sistema, registre cómo se obtuvo y si el "
        "cliente autorizó su uso para cobranza. Esa nota protege al cliente y a la empresa en "
        "una eventual queja ante la SIC o la SFC.</p>",
    ),
    check(
        "¿Qué autoridad vigila el régimen general de datos personales de la Ley 1581 de 2012?",
        [
            wrong(
                "La Superintendencia Financiera de Colombia.",
                "La SFC vigila a las entidades financieras; el régimen general de la Ley 1581 lo vigila la SIC.",
            ),
            right(
                "La Superintendencia de Industria y Comercio (SIC).",
                "Correcto. La SIC es la autoridad del régimen general de datos personales.",
            ),
            wrong(
                "Las centrales de riesgo.",
                "Las centrales administran información; no son la autoridad de vigilancia.",
            ),
        ],
        "El dato financiero se rige por la Ley 1266, los demás datos personales por la Ley 1581 "
        "(vigilada por la SIC) y el uso de canales de contacto por la Ley 2300.",
    ),
)

LESSON_CL = lesson(
    "datos-chile-ley-19628-y-21719",
    "Chile: publicación de deudas y la Ley 21.719",
    "Las reglas de la Ley 19.628 sobre la publicación de deudas y los cambios de la Ley 21.719, "
    "vigente desde el 1 de diciembre de 2026.",
    heading("Publicar deudas tiene límites"),
    paragraph(
        "<p>Los artículos 17 a 19 de la <strong>Ley 19.628</strong> establecen que solo pueden "
        "publicarse los tipos de deuda que la ley enumera. La publicación termina a los "
        "<strong>cinco años</strong> desde el vencimiento o cuando la deuda se paga, y el "
        "acreedor debe avisar al registro dentro de los <strong>siete días hábiles</strong> "
        "siguientes al pago.</p>"
        "<p>Para el gestor, este plazo de siete días hábiles es una promesa que se puede "
        "explicar al cliente: pagar tiene un efecto concreto y con fecha.</p>"
    ),
    heading("La Ley 21.719: una nueva etapa"),
    paragraph(
        "<p>La <strong>Ley 21.719</strong>, publicada el 13 de diciembre de 2024, rige desde el "
        "<strong>1 de diciembre de 2026</strong>. Crea la <strong>Agencia de Protección de "
        "Datos Personales</strong> y fija los derechos de acceso, rectificación, supresión, "
        "oposición, portabilidad y bloqueo. Las brechas de seguridad deben notificarse.</p>"
        "<p>Los datos sobre obligaciones económicas, financieras, bancarias o comerciales "
        "pueden tratarse sin consentimiento, lo que permite la cobranza. Eso no elimina los "
        "demás deberes. Las multas llegan a 5.000, 10.000 y 20.000 UTM según la infracción sea "
        "leve, grave o gravísima; la reincidencia puede triplicarlas y, en grandes empresas, "
        "alcanzar entre el 2 % y el 4 % de las ventas anuales.</p>"
    ),
    warning(
        "Una brecha también puede empezar en su escritorio",
        "<p>Una planilla con datos de deudores enviada a un correo personal, una pantalla "
        "fotografiada o una contraseña compartida pueden ser el origen de una brecha que la "
        "empresa debe notificar. Reporte de inmediato cualquier incidente.</p>",
    ),
    dialogue(
        "Después del pago",
        debtor("Ya pagué todo. ¿Cuándo dejo de aparecer como moroso?"),
        agent(
            "Eso depende del registro, yo no sé.",
            avoid="Pierde la oportunidad de informar un plazo que la ley fija.",
        ),
        agent(
            "Felicitaciones por ponerse al día. La ley obliga al acreedor a avisar del pago al "
            "registro dentro de siete días hábiles. Si después de ese plazo sigue apareciendo, "
            "avísenos para revisarlo.",
            ok="Da un plazo legal concreto y ofrece seguimiento.",
        ),
    ),
    check(
        "Según la Ley 21.719, ¿pueden tratarse sin consentimiento los datos de una deuda comercial impaga?",
        [
            right(
                "Sí, los datos de obligaciones económicas, financieras, bancarias o comerciales "
                "pueden tratarse sin consentimiento.",
                "Correcto. La ley lo permite, sin eliminar los demás deberes del responsable.",
            ),
            wrong(
                "No, siempre se necesita consentimiento expreso.",
                "La ley contempla esta excepción para obligaciones económicas y comerciales.",
            ),
            wrong(
                "Solo si la deuda tiene más de cinco años.",
                "La antigüedad no es el criterio; además, cinco años es el límite de publicación de la Ley 19.628.",
            ),
        ],
        "La Ley 21.719 permite tratar sin consentimiento datos de obligaciones económicas, "
        "financieras, bancarias o comerciales, pero mantiene los derechos del titular, el deber "
        "de notificar brechas y un régimen de multas elevado.",
    ),
)

LESSON_US = lesson(
    "datos-estados-unidos-canales-compartidos",
    "Estados Unidos y buenas prácticas transversales: no revelar la deuda",
    "Por qué un correo o un mensaje a un canal compartido puede ser una revelación a terceros, y "
    "hábitos de protección de datos que sirven en cualquier país.",
    heading("El riesgo del canal compartido"),
    paragraph(
        "<p>En Estados Unidos, un correo electrónico o un mensaje de texto enviado a una "
        "dirección o a un número que usan varias personas (el correo familiar, el teléfono de "
        "la oficina) puede considerarse una <strong>revelación de la deuda a terceros</strong>. "
        "La Regulation F prevé procedimientos de puerto seguro para reducir ese riesgo, y su "
        "empresa los traduce en reglas operativas: qué direcciones se pueden usar, cómo se "
        "obtuvieron y cuándo es necesario confirmar que el canal es personal.</p>"
        "<p>El mismo razonamiento explica el mensaje de voz de contenido limitado: si no "
        "sabemos quién va a escuchar o leer, no revelamos la deuda.</p>"
    ),
    heading("Hábitos que funcionan en cualquier país"),
    paragraph(
        "<p>Las leyes cambian de un país a otro, pero algunos hábitos protegen al deudor en "
        "todas las carteras:</p>"
        "<ul><li>confirmar la identidad antes de revelar cualquier dato de la cuenta;</li>"
        "<li>usar solo los datos necesarios para la gestión;</li>"
        "<li>no copiar datos de deudores fuera de los sistemas autorizados;</li>"
        "<li>registrar de dónde proviene cada dato de contacto.</li></ul>"
        "<p>En Perú, la ley de datos personales es la Ley 29733; el detalle de sus obligaciones "
        "para la cobranza está pendiente de verificación con el área legal.</p>"
    ),
    dialogue(
        "Un correo que podría ser compartido",
        debtor("Mándeme los detalles al correo de la familia, lo revisamos todos."),
        agent(
            "Listo, le mando el estado de cuenta completo a ese correo.",
            avoid="Enviar el detalle de la deuda a un correo que el consumidor dice compartir "
            "puede revelarla a terceros.",
        ),
        agent(
            "Para proteger su información, prefiero enviarla a un correo que solo use usted. "
            "¿Tiene una dirección personal que podamos registrar?",
            ok="Evita la revelación a terceros y solicita un canal personal.",
        ),
    ),
    do_dont(
        "Canales y privacidad",
        [
            "Preguntar si el correo o el teléfono es de uso personal cuando haya dudas.",
            "Usar plantillas de mensaje que no revelen la deuda en la vista previa.",
            "Registrar los canales que el consumidor pidió no usar.",
        ],
        [
            "Enviar estados de cuenta a correos de oficina o familiares.",
            "Dejar detalles de la deuda en buzones de voz.",
            "Guardar listas de deudores en memorias USB o correos personales.",
        ],
    ),
    check(
        "Un consumidor en Estados Unidos le da el correo de su trabajo, que revisa también su "
        "asistente. ¿Cuál es el riesgo principal de enviarle ahí el detalle de la deuda?",
        [
            wrong(
                "Ninguno, porque el consumidor dio el correo.",
                "El problema es quién más puede leerlo, aunque el consumidor lo haya dado.",
            ),
            right(
                "Que el mensaje se convierta en una revelación de la deuda a un tercero.",
                "Correcto. Un canal compartido puede exponer la deuda a otras personas.",
            ),
            wrong(
                "Que el correo cuente para la regla de 7 llamadas en 7 días.",
                "Los correos no entran en ese conteo; el riesgo es la revelación a terceros.",
            ),
        ],
        "Un correo o número compartido puede convertir una comunicación en una revelación a "
        "terceros. Se prefiere un canal personal y se siguen los procedimientos de la empresa.",
    ),
)

COURSE = {
    "slug": "proteccion-datos-personales",
    "title": "Protección de datos personales en la cobranza",
    "theme": "regulation",
    "jurisdictions": ["MX", "CO", "CL", "US"],
    "level": "intermediate",
    "minutes": 55,
    "summary": "Las obligaciones clave de protección de datos para quien cobra en México, "
    "Colombia, Chile y Estados Unidos: la nueva ley mexicana de 2025 y los derechos ARCO, el "
    "reparto entre habeas data financiero y régimen general en Colombia, la publicación de "
    "deudas y la Ley 21.719 en Chile, y el riesgo de revelar la deuda en canales compartidos.",
    "objectives": [
        "Reconocer y canalizar solicitudes de derechos ARCO en México.",
        "Identificar qué ley colombiana protege cada tipo de dato.",
        "Explicar los plazos de publicación de deudas y la Ley 21.719 en Chile.",
        "Evitar revelar la deuda a terceros en correos, textos y buzones compartidos.",
    ],
    "prerequisites": [],
    "specialisations": ["compliance"],
    "lessons": [LESSON_MX, LESSON_CO, LESSON_CL, LESSON_US],
}
