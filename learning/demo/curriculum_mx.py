"""Curso: regulación de la cobranza en México (CONDUSEF, REDECO, CPF 284 Bis)."""

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

LESSON_MARCO = lesson(
    "mx-marco-condusef-redeco",
    "El marco de CONDUSEF y el registro REDECO",
    "Quién regula a los despachos de cobranza en México, a quién obliga la norma y cómo "
    "funciona el Registro de Despachos de Cobranza.",
    heading("Una regla pensada para proteger al usuario de servicios financieros"),
    paragraph(
        "<p>En México, la cobranza de créditos otorgados por entidades financieras está regulada "
        "por las <strong>Disposiciones de carácter general aplicables a las entidades financieras "
        "en materia de Despachos de Cobranza</strong>, que la CONDUSEF publicó en el Diario "
        "Oficial de la Federación el 7 de octubre de 2014. Tras un periodo de adaptación de 90 "
        "días, su cumplimiento se exige desde enero de 2015.</p>"
        "<p>La norma obliga a bancos, SOFOM, SOFIPO, cooperativas de ahorro y préstamo y otras "
        "entidades financieras. Un detalle que muchos asesores pasan por alto: también aplica "
        "cuando la propia institución cobra sus créditos, no solo cuando contrata a un despacho "
        "externo. Si usted trabaja en el área de cobranza interna de un banco, estas reglas "
        "también son suyas.</p>"
    ),
    heading("Qué es el REDECO y por qué importa en cada llamada"),
    paragraph(
        "<p>El <strong>REDECO</strong> (Registro de Despachos de Cobranza) es el padrón en el que "
        "cada institución financiera da de alta a los despachos que cobran por ella. Incluye el "
        "nombre del despacho, su RFC, domicilio, teléfonos, correo electrónico y los nombres de "
        "sus gestores. El registro se hace en el Portal Único de Registros de la CONDUSEF y debe "
        "actualizarse mensualmente.</p>"
        "<p>El REDECO tiene dos consecuencias prácticas para su trabajo diario:</p>"
        "<ul><li>Solo se puede llamar desde números registrados. Un número nuevo en la "
        "plataforma de marcación debe estar dado de alta antes de usarse.</li>"
        "<li>Cualquier persona puede presentar y dar seguimiento en línea a una queja contra un "
        "despacho. Cuando la queja procede, la CONDUSEF sanciona a la <em>institución "
        "financiera</em> que contrató al despacho, lo que pone en riesgo el contrato completo, "
        "no solo a un gestor.</li></ul>"
    ),
    legal(
        "Canales de queja que el deudor puede usar",
        "<p>El deudor puede presentar su queja en línea en el REDECO o llamar a la CONDUSEF al "
        "55 5340 0999. Si un deudor le menciona que va a quejarse, no lo disuada ni lo presione: "
        "registre el comentario y escale el caso a su supervisor.</p>",
    ),
    do_dont(
        "El REDECO en la práctica",
        [
            "Confirmar con su supervisor que su nombre aparece en el registro del despacho.",
            "Usar solo las líneas y troncales que el área de cumplimiento autorizó.",
            "Tratar cada queja como una señal para revisar la gestión, no como un ataque.",
        ],
        [
            "Marcar desde un celular personal o un número que no esté registrado.",
            "Decirle al deudor que la CONDUSEF no puede hacer nada contra el despacho.",
            "Ocultar a su supervisor que un cliente anunció una queja.",
        ],
    ),
    check(
        "Si la CONDUSEF determina que un despacho externo cometió una práctica indebida, ¿a quién "
        "sanciona según la información del REDECO?",
        [
            wrong(
                "Únicamente al gestor que hizo la llamada.",
                "La responsabilidad no se queda en la persona: la autoridad actúa contra la "
                "institución que contrató el servicio.",
            ),
            right(
                "A la institución financiera que contrató al despacho.",
                "Correcto. Por eso las instituciones auditan a sus despachos y pueden terminar "
                "el contrato ante una mala práctica.",
            ),
            wrong(
                "A nadie: la CONDUSEF solo registra quejas, no sanciona.",
                "Incorrecto. El registro sirve precisamente para que la queja tenga consecuencias.",
            ),
        ],
        "El REDECO vincula a cada despacho con la institución financiera para la que cobra; la "
        "sanción recae en esa institución, que a su vez exige cumplimiento a sus proveedores.",
    ),
)

LESSON_CONTACTO = lesson(
    "mx-identificacion-y-horarios",
    "Identificación en el primer contacto y horarios permitidos",
    "Los datos que el gestor debe dar al deudor desde el primer contacto y la franja horaria "
    "en la que se puede cobrar.",
    heading("Lo primero que el deudor debe saber"),
    paragraph(
        "<p>Las disposiciones de la CONDUSEF piden transparencia desde el primer contacto. El "
        "gestor debe informar:</p>"
        "<ol><li>el nombre del despacho y el suyo propio;</li>"
        "<li>el domicilio y el teléfono del despacho;</li>"
        "<li>la institución financiera que otorgó el crédito;</li>"
        "<li>el contrato de que se trata;</li>"
        "<li>el monto adeudado y las condiciones de pago.</li></ol>"
        "<p>Antes de dar cualquiera de estos datos, confirme que habla con el titular del "
        "crédito o con un aval u obligado solidario. Revelar el adeudo a otra persona sería "
        "cobrar o exponer la deuda ante terceros, algo que la norma prohíbe.</p>"
    ),
    heading("La franja horaria: de 07:00 a 22:00, en la hora del deudor"),
    paragraph(
        "<p>Las gestiones de cobranza solo pueden hacerse entre las <strong>07:00 y las 22:00 "
        "horas</strong>, y se toma como referencia la zona horaria del domicilio del deudor, no "
        "la del centro de contacto. México tiene varias zonas horarias: una campaña que "
        "empieza a las 07:00 con la hora del centro del país llega antes de las 07:00 a los "
        "estados que van atrasados respecto de esa hora, y eso ya es una gestión fuera de "
        "horario.</p>"
        "<p>Revise siempre que el marcador tenga bien configurada la zona horaria de cada "
        "registro y, si el domicilio es dudoso, use el criterio más conservador.</p>"
    ),
    dialogue(
        "Apertura correcta de una llamada",
        agent(
            "Buenas tardes, ¿hablo con la señora Laura Méndez?",
            ok="Confirma la identidad antes de mencionar cualquier dato del crédito.",
        ),
        debtor("Sí, soy yo. ¿Quién habla?"),
        agent(
            "Señora Méndez, le habla Jorge Ruiz, de Soluciones de Cobranza Ejemplo, despacho "
            "que gestiona la cobranza de Banco Demo. Nuestro domicilio está en avenida Central "
            "120 y nuestro teléfono es el que aparece en su pantalla. Le llamo por su tarjeta "
            "de crédito terminación 4521, que tiene un saldo vencido de 6,200 pesos.",
            ok="Da nombre del despacho y del gestor, datos de contacto, institución, contrato y "
            "monto, como pide la norma.",
        ),
        debtor("No sabía que ya la habían mandado a un despacho."),
        agent(
            "Entiendo la sorpresa. Si lo prefiere, puede verificar nuestros datos en el REDECO "
            "de la CONDUSEF antes de continuar.",
            ok="Ofrecer la verificación genera confianza y es coherente con la transparencia que exige la regla.",
        ),
    ),
    tip(
        "Si el deudor duda de que usted sea legítimo",
        "<p>Recuérdele que los despachos auténticos nunca piden depósitos en cuentas personales "
        "y que el pago siempre se hace a la institución. Esa sola frase desactiva muchas "
        "sospechas de fraude.</p>",
    ),
    check(
        "Un deudor vive en Tijuana y el centro de contacto está en la Ciudad de México. ¿Qué "
        "hora manda para decidir si la llamada está permitida?",
        [
            wrong(
                "La hora del centro de contacto, porque ahí se hace la gestión.",
                "No. La norma toma la zona horaria del deudor.",
            ),
            right(
                "La hora local del deudor: la llamada debe caer entre las 07:00 y las 22:00 en Tijuana.",
                "Correcto. La franja se mide en la zona horaria de quien recibe la llamada.",
            ),
            wrong(
                "Cualquier hora, si el deudor contesta.",
                "Contestar no autoriza una llamada fuera de horario.",
            ),
            wrong(
                "La hora del banco que otorgó el crédito.",
                "La ubicación de la institución no es el criterio.",
            ),
        ],
        "La franja de 07:00 a 22:00 se aplica con la zona horaria del deudor. Configurar bien el "
        "marcador es parte del cumplimiento.",
    ),
)

LESSON_PROHIBIDAS = lesson(
    "mx-practicas-prohibidas",
    "Prácticas prohibidas en la cobranza",
    "Las conductas que las disposiciones de la CONDUSEF prohíben y cómo evitarlas en la conversación diaria.",
    heading("La lista que todo gestor debe conocer de memoria"),
    paragraph(
        "<p>Las disposiciones de la CONDUSEF enumeran conductas prohibidas. Están pensadas para "
        "evitar engaños, presión indebida y exposición pública del deudor. Durante la gestión "
        "está prohibido:</p>"
        "<ul><li>usar nombres o logotipos que parezcan de instituciones públicas;</li>"
        "<li>llamar desde números mostrados como privados, ocultos o confidenciales, o desde "
        "números no registrados en el REDECO;</li>"
        "<li>amenazar, ofender o intimidar al deudor, a su familia, a sus compañeros de trabajo "
        "o a cualquier persona ajena a la deuda;</li>"
        "<li>cobrar a terceros, incluidas referencias personales y beneficiarios; solo se puede "
        "gestionar con el aval o el obligado solidario;</li>"
        "<li>enviar documentos que aparenten ser escritos judiciales o hacerse pasar por un "
        "juzgado o una autoridad;</li>"
        "<li>publicar listas negras, carteles o avisos sobre la falta de pago;</li>"
        "<li>recibir el pago directamente: el pago se hace a la institución;</li>"
        "<li>cobrar o negociar con menores de edad o con personas adultas mayores, salvo que "
        "sean ellas las deudoras.</li></ul>"
    ),
    heading("Referencias personales: contactos que no son deudores"),
    paragraph(
        "<p>Muchas solicitudes de crédito incluyen referencias personales. Esas personas no "
        "deben nada y no se les puede cobrar. Si por error contesta una referencia, agradezca, "
        "no mencione el adeudo y termine la llamada con cortesía.</p>"
    ),
    dialogue(
        "Cuando contesta un familiar",
        debtor("Bueno, habla la mamá de Ricardo. Él no está."),
        agent(
            "Señora, dígale a su hijo que si no paga le vamos a embargar la casa.",
            avoid="Revela la deuda a un tercero y usa una amenaza; además, el embargo no depende del gestor.",
        ),
        agent(
            "Muchas gracias, señora. Soy Jorge Ruiz y busco a Ricardo por un asunto personal. "
            "¿Hay algún horario en que pueda localizarlo?",
            ok="No revela el adeudo ni presiona al familiar; solo busca una forma de contactar al titular.",
        ),
    ),
    warning(
        "Pagos a cuentas personales",
        "<p>Nunca pida ni acepte un depósito a su nombre o a una cuenta que no sea de la "
        "institución. Además de estar prohibido, es la señal que las autoridades recomiendan "
        "usar para detectar fraudes.</p>",
    ),
    check(
        "Un cliente de 72 años contesta el teléfono de su hija, que es la titular del crédito. "
        "¿Qué debe hacer el gestor?",
        [
            wrong(
                "Pedirle que le preste el dinero a su hija para liquidar.",
                "Eso es cobrar a un tercero, y además a una persona adulta mayor que no es la deudora.",
            ),
            wrong(
                "Explicarle el saldo para que presione a su hija.",
                "Revelar la deuda a un tercero está prohibido.",
            ),
            right(
                "No mencionar el adeudo, preguntar cuándo puede localizar a la titular y despedirse con respeto.",
                "Correcto. La gestión se hace solo con la deudora, el aval o el obligado solidario.",
            ),
        ],
        "La norma prohíbe cobrar a terceros y negociar con personas adultas mayores o menores "
        "que no son deudoras. Con un tercero solo se busca cómo contactar al titular.",
    ),
)

LESSON_PENAL = lesson(
    "mx-cpf-284-bis-y-convenios",
    "Código Penal Federal 284 Bis y convenios de pago por escrito",
    "Dónde termina la cobranza legítima y empieza el delito de cobranza extrajudicial ilegal, "
    "y por qué todo convenio debe quedar documentado.",
    heading("La cobranza ilegal también es un delito"),
    paragraph(
        "<p>Desde la reforma publicada en el DOF el 22 de junio de 2017, el <strong>artículo 284 "
        "Bis del Código Penal Federal</strong> sanciona la <em>cobranza extrajudicial "
        "ilegal</em>: usar violencia o intimidación ilícita para exigir un pago. La pena es de "
        "<strong>uno a cuatro años de prisión</strong> y multa de <strong>50,000 a 300,000 "
        "pesos</strong>. Ambas aumentan a la mitad si se usan documentos o sellos falsos.</p>"
        "<p>La misma disposición aclara algo muy importante para su trabajo: informar al deudor "
        "sobre las consecuencias legalmente válidas del impago, o sobre la posibilidad de una "
        "acción judicial, <strong>no</strong> es intimidación ilícita. La diferencia está entre "
        "informar con verdad y amenazar con algo falso, desproporcionado o que el gestor no "
        "controla.</p>"
    ),
    dialogue(
        "Informar sin intimidar",
        debtor("¿Y qué pasa si no pago? ¿Me van a meter a la cárcel?"),
        agent(
            "Si no paga, va a ir a la cárcel y le vamos a quitar todo.",
            avoid="Es una amenaza intimidatoria y exagerada: el gestor no decide detenciones ni "
            "embargos y no puede anunciar consecuencias que no son reales.",
        ),
        agent(
            "Señor, no estoy aquí para asustarlo. Lo que sí puedo explicarle es lo que prevé su "
            "contrato: el saldo puede seguir generando intereses y Banco Demo puede decidir "
            "iniciar una acción legal para recuperar el adeudo. Por eso me gustaría buscar con "
            "usted una opción que pueda cumplir.",
            ok="Describe consecuencias reales y legalmente posibles, sin exagerar, y vuelve a "
            "la búsqueda de una solución.",
        ),
    ),
    heading("Los convenios de pago se documentan por escrito"),
    paragraph(
        "<p>Las disposiciones exigen que los convenios de pago queden <strong>documentados por "
        "escrito</strong>. En la práctica, esto significa enviar al deudor, por el canal que la "
        "institución haya definido, un documento con el monto, las fechas, la forma de pago y "
        "la cuenta de la institución donde debe pagar. Recuerde que el despacho no puede "
        "recibir el dinero.</p>"
    ),
    do_dont(
        "Convenios que protegen al deudor y al despacho",
        [
            "Enviar la confirmación escrita el mismo día del acuerdo.",
            "Indicar siempre la referencia y la cuenta a nombre de la institución.",
            "Registrar en el sistema el convenio tal como quedó por escrito.",
        ],
        [
            "Cerrar acuerdos solo de palabra.",
            "Prometer quitas o descuentos que la institución no autorizó.",
            "Insinuar que un sello o un documento es judicial cuando no lo es.",
        ],
    ),
    check(
        "¿Cuál de estas frases es compatible con el artículo 284 Bis del Código Penal Federal?",
        [
            right(
                "«Si el adeudo no se regulariza, el banco puede iniciar una acción legal para recuperarlo».",
                "Correcto. Informar una consecuencia legalmente válida no es intimidación ilícita.",
            ),
            wrong(
                "«Mañana le llega la policía si no deposita hoy».",
                "Es una amenaza falsa y constituye intimidación.",
            ),
            wrong(
                "«Ya tenemos la orden del juez», mostrando un formato con sellos inventados.",
                "Usar documentos o sellos falsos agrava la pena a la mitad.",
            ),
        ],
        "El límite está entre informar con verdad las consecuencias legalmente posibles y "
        "amenazar o intimidar. Lo primero es legítimo; lo segundo puede ser delito.",
    ),
)

COURSE = {
    "slug": "regulacion-mexico",
    "title": "Regulación de la cobranza en México",
    "theme": "regulation",
    "jurisdictions": ["MX"],
    "level": "basic",
    "minutes": 60,
    "summary": "Las disposiciones de la CONDUSEF sobre despachos de cobranza, el registro REDECO, "
    "los horarios, las prácticas prohibidas y el delito de cobranza extrajudicial ilegal del "
    "Código Penal Federal, aplicados a situaciones reales de llamada.",
    "objectives": [
        "Identificar a quién obligan las disposiciones de la CONDUSEF y qué es el REDECO.",
        "Dar correctamente los datos de identificación en el primer contacto.",
        "Respetar la franja de 07:00 a 22:00 en la zona horaria del deudor.",
        "Reconocer y evitar las prácticas prohibidas, incluido el cobro a terceros.",
        "Distinguir entre informar consecuencias legales y cometer intimidación ilícita.",
    ],
    "prerequisites": [],
    "specialisations": ["legal", "compliance"],
    "lessons": [LESSON_MARCO, LESSON_CONTACTO, LESSON_PROHIBIDAS, LESSON_PENAL],
}
