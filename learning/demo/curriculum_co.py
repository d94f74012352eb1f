"""Curso: regulación de la cobranza en Colombia (Ley 2300 de 2023 y Ley 1266 de 2008)."""

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

LESSON_ALCANCE = lesson(
    "co-ley-2300-alcance-y-canales",
    "Ley 2300 de 2023: alcance y canales autorizados",
    "Qué es la ley «Dejen de fregar», a quién obliga y por qué solo se puede contactar al "
    "consumidor por los canales que él autorizó.",
    heading("Una ley que cambió la cobranza en Colombia"),
    paragraph(
        "<p>La <strong>Ley 2300 de 2023</strong>, conocida como ley «Dejen de fregar», fue "
        "sancionada el 10 de julio de 2023 y entró en vigor hacia el 10 de octubre de ese año. En "
        "2024 la Corte Constitucional la declaró exequible, es decir, ajustada a la Constitución, "
        "de modo que sus reglas están plenamente vigentes.</p>"
        "<p>Su artículo 1 define un alcance amplio: obliga a las entidades vigiladas por la "
        "Superintendencia Financiera <strong>y también</strong> a cualquier persona que cobre de "
        "forma directa, por medio de un tercero contratado o después de que la deuda le fue "
        "cedida. En otras palabras, da igual que usted trabaje en el banco, en una casa de "
        "cobranza externa o en una empresa que compró la cartera: la ley le aplica.</p>"
    ),
    heading("Solo por los canales que el consumidor autorizó"),
    paragraph(
        "<p>Según las fuentes consultadas sobre su artículo 2, la entidad debe informar al "
        "consumidor las opciones de canal (llamada, mensaje de texto, correo, aplicaciones de "
        "mensajería, entre otras) y, a partir de ahí, contactarlo <strong>solo por los canales "
        "que él haya autorizado</strong>. Si el cliente autorizó llamadas y correo, un mensaje "
        "por una aplicación de mensajería queda por fuera, aunque técnicamente sea posible "
        "enviarlo.</p>"
        "<p>La ley también regula la publicidad, con el Registro de Números Excluidos, y su "
        "cumplimiento lo vigilan la Superintendencia Financiera (SFC) y la Superintendencia de "
        "Industria y Comercio (SIC).</p>"
    ),
    tip(
        "Antes de marcar, mire la ficha de autorizaciones",
        "<p>Haga de la consulta de canales autorizados un hábito previo a cada gestión. Si el "
        "sistema no muestra la autorización de un canal, trátelo como no autorizado y consulte "
        "a su supervisor.</p>",
    ),
    do_dont(
        "Canales en la Ley 2300",
        [
            "Usar únicamente los canales que el consumidor autorizó.",
            "Registrar en el sistema cualquier cambio de autorización que el cliente pida.",
            "Recordar que la ley aplica igual a carteras compradas o tercerizadas.",
        ],
        [
            "Escribir por una red social o una aplicación que el cliente no autorizó.",
            "Suponer que la ley solo obliga a los bancos.",
            "Usar un número de contacto que apareció en otra base de datos sin autorización.",
        ],
    ),
    check(
        "Una empresa que compró una cartera de créditos de consumo, ¿debe cumplir la Ley 2300?",
        [
            wrong(
                "No, porque no es una entidad vigilada por la Superintendencia Financiera.",
                "El artículo 1 incluye a quien cobra después de una cesión de la deuda, esté o no vigilado.",
            ),
            right(
                "Sí, la ley cubre a quien cobra directamente, por un tercero o tras la cesión de la deuda.",
                "Correcto. El alcance es amplio a propósito para que ninguna cobranza quede por fuera.",
            ),
            wrong(
                "Solo si el deudor lo pide por escrito.",
                "La aplicación de la ley no depende de una solicitud del deudor.",
            ),
        ],
        "La Ley 2300 obliga a las entidades vigiladas por la SFC y a cualquier persona que "
        "cobre directamente, mediante un tercero o como cesionaria de la deuda.",
    ),
)

LESSON_HORARIOS = lesson(
    "co-horarios-y-frecuencia",
    "Horarios y frecuencia de contacto",
    "Las franjas horarias del artículo 3 de la Ley 2300 y el límite de contactos después de un contacto directo.",
    heading("Los horarios del artículo 3"),
    paragraph(
        "<p>La Ley 2300 fija horarios precisos para las gestiones de cobranza:</p>"
        "<ul><li><strong>lunes a viernes</strong>, de 07:00 a 19:00;</li>"
        "<li><strong>sábados</strong>, de 08:00 a 15:00;</li>"
        "<li><strong>nunca</strong> los domingos ni los días festivos.</li></ul>"
        "<p>Otro horario solo es posible si el consumidor lo autoriza de forma expresa y en un "
        "documento separado del contrato de crédito. Una cláusula escondida en el contrato no "
        "basta, y tampoco vale que el cliente diga «llámeme cuando quiera» en una llamada sin "
        "que exista ese documento.</p>"
    ),
    heading("Después de un contacto directo, menos es más"),
    paragraph(
        "<p>La ley también limita la insistencia. Una vez que hubo un contacto directo con el "
        "consumidor, no se le puede contactar <strong>más de una vez al día</strong> ni "
        "<strong>por varios canales en la misma semana</strong>. Si el martes usted habló con "
        "el cliente por teléfono, no le envíe además un correo y un mensaje de texto esa misma "
        "semana para «reforzar».</p>"
        "<p>Este límite exige coordinación: el marcador, la plataforma de mensajes y el equipo "
        "de correo deben ver el mismo historial de contactos.</p>"
    ),
    dialogue(
        "Cuando el cliente pide que lo llamen un domingo",
        debtor("Entre semana no puedo hablar. Llámeme el domingo en la tarde."),
        agent(
            "Claro, lo anoto y lo llamo el domingo a las cuatro.",
            avoid="Los domingos están prohibidos y una petición verbal no sustituye la "
            "autorización expresa en documento separado.",
        ),
        agent(
            "Le agradezco la disponibilidad. Los domingos no podemos hacer gestiones de "
            "cobranza, pero podemos hablar el sábado entre las ocho de la mañana y las tres de "
            "la tarde. ¿Le sirve el sábado a las diez?",
            ok="Respeta la prohibición de domingos y ofrece una alternativa dentro del horario legal.",
        ),
        debtor("Bueno, el sábado a las diez está bien."),
    ),
    legal(
        "Autorización para otros horarios",
        "<p>Si el cliente realmente necesita otro horario, el camino es un documento separado "
        "del contrato donde lo autorice de forma expresa. Remita la solicitud al área "
        "encargada; no improvise autorizaciones en la llamada.</p>",
    ),
    check(
        "El martes a las 10:00 usted habló con un cliente. ¿Qué puede hacer después, según la Ley 2300?",
        [
            wrong(
                "Llamarlo otra vez a las 18:00 del mismo martes para confirmar.",
                "Después de un contacto directo no se puede contactar más de una vez al día.",
            ),
            wrong(
                "Enviarle un SMS y un correo esa semana para reforzar el mensaje.",
                "No se debe contactar por varios canales en la misma semana después de un contacto directo.",
            ),
            right(
                "Registrar el contacto y programar el seguimiento respetando el límite diario y "
                "el de canales en la semana.",
                "Correcto. El seguimiento se planifica dentro de los límites de frecuencia.",
            ),
        ],
        "Tras un contacto directo, la ley permite como máximo un contacto por día y no por "
        "varios canales en la misma semana.",
    ),
)

LESSON_PROHIBICIONES = lesson(
    "co-referencias-visitas-y-preguntas",
    "Referencias, visitas y la pregunta que no se debe hacer",
    "Las prohibiciones de la Ley 2300 sobre referencias personales, visitas y la pregunta por las razones del impago.",
    heading("Las referencias personales quedan por fuera"),
    paragraph(
        "<p>La Ley 2300 prohíbe contactar a las <strong>referencias personales</strong> o a "
        "cualquier otra referencia que figure en la solicitud de crédito. Tampoco permite "
        "visitas al domicilio o al lugar de trabajo del consumidor. Algunas fuentes mencionan "
        "excepciones para el microcrédito y el crédito agropecuario o rural, pero ese punto "
        "está pendiente de verificación con el área legal: mientras no haya una instrucción "
        "escrita, no programe visitas.</p>"
        "<p>Los codeudores y los fiadores sí pueden ser gestionados, pero con las mismas reglas "
        "de horario, frecuencia y canales que el deudor principal.</p>"
    ),
    heading("No pregunte por qué no pagó"),
    paragraph(
        "<p>La ley prohíbe algo que durante años fue rutina en los guiones: <strong>preguntar al "
        "consumidor por qué no pagó</strong>. Muchos consumidores la viven como una intromisión en su vida personal. "
        "Eso no le impide escuchar: si el cliente cuenta por iniciativa propia que perdió el "
        "empleo o tuvo un problema de salud, usted puede tenerlo en cuenta para proponer "
        "opciones. Lo que cambia es que la información la ofrece él, no la extrae usted.</p>"
        "<p>Una buena alternativa es preguntar por el futuro, no por el pasado: qué fecha o "
        "qué monto le resultan posibles.</p>"
    ),
    dialogue(
        "Explorar opciones sin preguntar la causa",
        agent(
            "¿Por qué no pagó la cuota de marzo?",
            avoid="La Ley 2300 prohíbe preguntar por qué el consumidor no pagó.",
        ),
        agent(
            "Don Andrés, la cuota de marzo por 380.000 pesos aparece pendiente. ¿Qué opción de "
            "pago le resultaría posible en las próximas semanas?",
            ok="Informa el saldo y pregunta por soluciones hacia adelante, sin indagar la causa.",
        ),
        debtor("Es que me quedé sin trabajo en febrero, pero ya empiezo en uno nuevo."),
        agent(
            "Gracias por contarme, y qué bueno que ya tiene un nuevo empleo. ¿Cuándo recibe su "
            "primer pago? Así buscamos una fecha que le quede cómoda.",
            ok="Usa la información que el cliente ofreció por su cuenta para construir un acuerdo realista.",
        ),
    ),
    warning(
        "Un error frecuente en los guiones heredados",
        "<p>Revise los guiones y las tipificaciones antiguas: campos como «motivo de no pago» "
        "que obligan a preguntar deben convertirse en «motivo informado por el cliente», y "
        "llenarse solo cuando él lo mencione.</p>",
    ),
    check(
        "Según la Ley 2300, ¿cuál de estas acciones está permitida?",
        [
            wrong(
                "Llamar a la referencia personal para que le recuerde la deuda al cliente.",
                "La ley prohíbe contactar referencias personales.",
            ),
            wrong(
                "Preguntar al cliente por qué dejó de pagar para documentar el motivo.",
                "Esa pregunta está expresamente prohibida.",
            ),
            right(
                "Gestionar al codeudor respetando los mismos horarios, canales y frecuencia que al deudor.",
                "Correcto. Codeudores y fiadores pueden ser contactados bajo las mismas reglas.",
            ),
            wrong(
                "Visitar la oficina del cliente en horario laboral.",
                "Las visitas al domicilio o al trabajo están prohibidas; las excepciones que se "
                "mencionan están pendientes de verificación.",
            ),
        ],
        "La ley protege a terceros (referencias), la intimidad (visitas) y la dignidad (no "
        "preguntar la causa del impago). Codeudores y fiadores siguen las mismas reglas que el "
        "deudor.",
    ),
)

LESSON_HABEAS = lesson(
    "co-habeas-data-ley-1266",
    "Habeas data financiero: reportes negativos según la Ley 1266",
    "Cuándo y cómo se puede reportar a un deudor ante las centrales de información y cuánto "
    "tiempo permanece el dato negativo.",
    heading("El reporte negativo exige aviso previo"),
    paragraph(
        "<p>La <strong>Ley 1266 de 2008</strong>, modificada por la Ley 2157 de 2021, regula el "
        "dato financiero y crediticio. Para la cobranza, la regla clave es que el reporte "
        "negativo solo procede después de una <strong>comunicación previa</strong> al titular, "
        "y únicamente cuando han pasado <strong>20 días calendario</strong> desde que se envió "
        "ese aviso.</p>"
        "<p>Para las deudas pequeñas, iguales o inferiores al 15 % del salario mínimo mensual "
        "legal vigente (SMMLV), se exigen <strong>dos avisos en fechas distintas</strong>, y los "
        "20 días se cuentan desde el último.</p>"
    ),
    heading("Cuánto dura el dato negativo"),
    paragraph(
        "<p>Si el deudor paga, el dato negativo permanece el <strong>doble del tiempo de la "
        "mora</strong>, con un máximo de <strong>cuatro años</strong> contados desde el pago. "
        "Si la deuda no se paga, la información negativa caduca a los <strong>ocho "
        "años</strong> desde el inicio de la mora.</p>"
        "<p>Otras dos reglas que los clientes suelen preguntar: la información crediticia no se "
        "puede usar para decidir una contratación laboral, y consultar el propio historial es "
        "gratuito.</p>"
    ),
    dialogue(
        "Cuando el cliente pregunta por el reporte",
        debtor("Si pago hoy, ¿me borran de las centrales de riesgo?"),
        agent(
            "Sí, apenas pague queda limpio.",
            avoid="Es inexacto: el dato negativo permanece un tiempo después del pago.",
        ),
        agent(
            "Cuando usted paga, la ley prevé que "
            "el dato negativo permanezca el doble del tiempo que duró la mora, y nunca más de "
            "cuatro años desde el pago. Además, puede consultar su historial gratis.",
            ok="Explica con exactitud la regla de permanencia y el derecho a consulta gratuita.",
        ),
    ),
    legal(
        "Ejemplo de cálculo",
        "<p>Un cliente estuvo en mora seis meses y pagó. El dato negativo permanece doce meses "
        "desde el pago. Si la mora hubiera durado tres años, la permanencia no sería de seis "
        "años sino del máximo legal: cuatro años.</p>",
    ),
    check(
        "Una deuda equivale al 10 % de un SMMLV. ¿Qué debe ocurrir antes del reporte negativo?",
        [
            wrong(
                "Un aviso previo y 10 días de espera.",
                "El plazo es de 20 días calendario, y para este monto no basta un aviso.",
            ),
            right(
                "Dos avisos en fechas distintas y 20 días calendario desde el último.",
                "Correcto. Las deudas de hasta el 15 % del SMMLV tienen esta protección reforzada.",
            ),
            wrong(
                "Ningún aviso, porque es una deuda pequeña.",
                "Al contrario: las deudas pequeñas exigen más avisos, no menos.",
            ),
        ],
        "La Ley 1266 exige aviso previo y 20 días calendario; para deudas de hasta el 15 % del "
        "SMMLV, dos avisos en fechas distintas y 20 días desde el último.",
    ),
)

COURSE = {
    "slug": "regulacion-colombia",
    "title": "Regulación de la cobranza en Colombia",
    "theme": "regulation",
    "jurisdictions": ["CO"],
    "level": "basic",
    "minutes": 60,
    "summary": "La Ley 2300 de 2023 («Dejen de fregar») y el habeas data financiero de la Ley "
    "1266 de 2008: alcance, canales autorizados, horarios, límites de frecuencia, referencias, "
    "visitas, la prohibición de preguntar por qué no se pagó y las reglas del reporte negativo.",
    "objectives": [
        "Explicar a quién obliga la Ley 2300 y qué significa contactar solo por canales autorizados.",
        "Programar gestiones dentro de los horarios y límites de frecuencia de la ley.",
        "Evitar el contacto con referencias, las visitas y la pregunta por la causa del impago.",
        "Informar con exactitud las reglas de aviso previo y permanencia del reporte negativo.",
    ],
    "prerequisites": [],
    "specialisations": ["legal", "compliance"],
    "lessons": [LESSON_ALCANCE, LESSON_HORARIOS, LESSON_PROHIBICIONES, LESSON_HABEAS],
}
