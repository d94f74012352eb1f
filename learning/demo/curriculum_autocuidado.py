"""Curso: estrés, burnout y autocuidado para gestores de cobranza."""

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

LESSON_DEFINICION = lesson(
    "burnout-que-es-y-como-se-ve",
    "Qué es el burnout y cómo se ve en un centro de cobranza",
    "La definición de la Organización Mundial de la Salud en la CIE-11 (QD85), sus tres "
    "dimensiones y cómo aparecen en el trabajo diario de un gestor.",
    heading("La definición de la CIE-11"),
    paragraph(
        "<p>La Clasificación Internacional de Enfermedades de la OMS, en su undécima revisión "
        "(CIE-11, vigente desde 2022), describe el <strong>burnout</strong> o síndrome de "
        "desgaste profesional con el código <strong>QD85</strong>. Lo define como un síndrome "
        "que resulta del <strong>estrés crónico en el trabajo que no se ha manejado con "
        "éxito</strong>, y lo caracteriza por tres dimensiones:</p>"
        "<ol><li><strong>agotamiento</strong> o falta de energía;</li>"
        "<li><strong>distanciamiento mental</strong> del trabajo, o sentimientos de cinismo o "
        "negativismo hacia él;</li>"
        "<li><strong>menor eficacia profesional</strong>.</li></ol>"
        "<p>La OMS lo clasifica como un <strong>fenómeno ocupacional</strong>, no como una "
        "condición médica. Esto importa: el origen está en cómo se organiza y se vive el "
        "trabajo, así que la respuesta también es organizacional, no solo individual.</p>"
    ),
    heading("Señales en el trabajo de cobranza"),
    paragraph(
        "<p>En un centro de cobranza, las tres dimensiones tienen formas reconocibles. El "
        "agotamiento se nota en llegar cansado al turno y terminarlo sin energía para nada más. "
        "El cinismo aparece en frases como «todos los deudores mienten» o en un tono frío y "
        "sarcástico con los clientes. La menor eficacia se ve cuando cuesta concentrarse, los "
        "errores de registro aumentan y las llamadas se sienten inútiles.</p>"
        "<p>Ninguna señal aislada es un diagnóstico. Pero si reconoce varias, durante semanas, "
        "hable con su supervisor o con el área de bienestar de su empresa.</p>"
    ),
    dialogue(
        "Cuando el cinismo se filtra en la llamada",
        debtor("Le juro que esta vez sí voy a pagar el viernes."),
        agent(
            "Sí, claro, como todos. Ya me sé esa historia.",
            avoid="El cinismo, una de las dimensiones del burnout, daña la relación con el "
            "cliente y la calidad de la gestión.",
        ),
        agent(
            "Muy bien. Dejemos el viernes con monto y medio de pago claros, para que le sea "
            "más fácil cumplir. ¿Cuánto va a pagar?",
            ok="Mantiene una actitud profesional y convierte la intención en una promesa concreta.",
        ),
        debtor("Los 900 completos, en el banco."),
    ),
    tip(
        "Nombre lo que le pasa",
        "<p>El etiquetado afectivo que usa con los deudores también sirve con usted mismo: "
        "decirse «estoy agotado» o «esta llamada me dejó enojado» es el primer paso para "
        "manejarlo.</p>",
    ),
    check(
        "Según la CIE-11 de la OMS, ¿cuál de estas afirmaciones sobre el burnout (QD85) es correcta?",
        [
            wrong(
                "Es una enfermedad mental que se diagnostica por el cansancio.",
                "La OMS no lo clasifica como condición médica.",
            ),
            right(
                "Es un fenómeno ocupacional causado por estrés laboral crónico no manejado, con "
                "agotamiento, distanciamiento o cinismo y menor eficacia profesional.",
                "Correcto. Esa es la definición y sus tres dimensiones.",
            ),
            wrong(
                "Es cualquier día de estrés intenso en el trabajo.",
                "Se trata de estrés crónico no manejado, no de un mal día aislado.",
            ),
        ],
        "La CIE-11 define el burnout como un síndrome ocupacional por estrés laboral crónico no "
        "manejado, con tres dimensiones: agotamiento, distanciamiento o cinismo, y menor "
        "eficacia profesional.",
    ),
)

LESSON_FACTORES = lesson(
    "burnout-factores-de-riesgo-y-proteccion",
    "Factores de riesgo y de protección en los centros de contacto",
    "Lo que la investigación en centros de contacto dice sobre las causas del agotamiento, lo "
    "que protege a los equipos y por qué la rotación es tan alta.",
    heading("Lo que dicen los estudios"),
    paragraph(
        "<p>Varios estudios con agentes de centros de contacto apuntan en la misma "
        "dirección:</p>"
        "<ul><li><strong>Deery, Iverson y Walsh (2002)</strong>, con 480 operadores: las "
        "interacciones con clientes, la alta carga de trabajo y la poca variedad de tareas "
        "predijeron el agotamiento emocional, que a su vez se asoció con el ausentismo.</li>"
        "<li>Un estudio publicado en 2008 en el <em>SA Journal of Industrial Psychology</em>, "
        "con 146 participantes: la sobrecarga, las pocas oportunidades de carrera, la baja "
        "variedad de habilidades y el trabajo emocional predijeron el burnout, y el burnout "
        "predijo la intención de renunciar.</li>"
        "<li><strong>Molino y colaboradores</strong>, con agentes de telecomunicaciones en "
        "Italia: la agresión verbal de los clientes y la disonancia emocional (mostrar una "
        "emoción distinta de la que se siente) generan malestar; el apoyo del supervisor y la "
        "autonomía protegen.</li></ul>"
    ),
    heading("Rotación: el costo visible del desgaste"),
    paragraph(
        "<p>Las estimaciones del sector, en su mayoría de Estados Unidos o globales, muestran "
        "una rotación alta: el benchmark de QATC la ubica entre 30 % y 45 % anual, SQM reporta "
        "un promedio de 38 % y Metrigy, 31,2 % en 2024. Algunos centros reportan 65 % o incluso "
        "más de 100 %. Como referencia, la rotación general de todos los sectores en Colombia "
        "fue de 10 % a 15 % en 2023. No encontramos una cifra sólida específica para los "
        "centros de contacto de América Latina.</p>"
        "<p>La lectura práctica: cuidar al equipo no es un lujo, es una condición para "
        "sostener la operación.</p>"
    ),
    dialogue(
        "Disonancia emocional y límites",
        debtor("Usted es una inútil, como todos los de su empresa."),
        agent(
            "(Con voz forzadamente alegre) ¡Claro que sí, señora, con mucho gusto!",
            avoid="Fingir alegría ante un insulto es disonancia emocional, uno de los factores "
            "de malestar descritos por Molino y colaboradores.",
        ),
        agent(
            "Entiendo que está molesta. Quiero ayudarla, y para eso necesito que hablemos con "
            "respeto. ¿Revisamos juntas su saldo?",
            ok="Respuesta auténtica: reconoce la emoción, marca un límite y vuelve al problema.",
        ),
        debtor("Está bien, perdón. Es que estoy muy presionada."),
    ),
    do_dont(
        "Lo que protege a un equipo",
        [
            "Pedir apoyo al supervisor después de llamadas agresivas.",
            "Proponer variedad de tareas y oportunidades de aprendizaje.",
            "Usar el margen de autonomía disponible para organizar pausas y seguimientos.",
        ],
        [
            "Aguantar en silencio una serie de llamadas agresivas.",
            "Fingir alegría ante el maltrato como estrategia permanente.",
            "Tratar el agotamiento como una falta de carácter.",
        ],
    ),
    check(
        "Según Molino y colaboradores, ¿qué factores protegen a los agentes frente al malestar?",
        [
            wrong(
                "Una carga de llamadas más alta, para no pensar.",
                "La sobrecarga es un factor de riesgo, no de protección.",
            ),
            right(
                "El apoyo del supervisor y la autonomía.",
                "Correcto. Son los factores protectores que identificó el estudio.",
            ),
            wrong(
                "Mostrar siempre alegría, aunque no se sienta.",
                "Eso es disonancia emocional, un factor de malestar.",
            ),
        ],
        "La agresión verbal y la disonancia emocional generan malestar; el apoyo del supervisor "
        "y la autonomía protegen.",
    ),
)

LESSON_PRACTICAS = lesson(
    "autocuidado-practicas-diarias",
    "Autocuidado en el turno: prácticas concretas",
    "Hábitos sencillos para recuperarse entre llamadas, poner límites ante el maltrato y pedir ayuda a tiempo.",
    heading("Recuperarse entre llamadas"),
    paragraph(
        "<p>El burnout nace del estrés crónico que no se maneja, así que lo que hace cada día "
        "cuenta. Algunas prácticas útiles durante el turno:</p>"
        "<ul><li><strong>Una pausa breve después de una llamada difícil:</strong> respire "
        "despacio, suelte los hombros y registre la llamada antes de tomar la siguiente, si el "
        "sistema lo permite.</li>"
        "<li><strong>Nombrar la emoción:</strong> «esa llamada me dejó con rabia». Ponerle "
        "nombre ayuda a no llevarla a la siguiente conversación.</li>"
        "<li><strong>Separar a la persona del problema</strong> también para usted: el enojo "
        "del deudor suele ser con su situación, no con usted.</li>"
        "<li><strong>Cortar al terminar el turno:</strong> evite revisar casos o mensajes del "
        "trabajo en su tiempo libre.</li></ul>"
    ),
    heading("Límites ante el maltrato y pedir ayuda"),
    paragraph(
        "<p>Usted no tiene que aceptar insultos sin límite. Intente primero desescalar: pausa, "
        "etiquetado, reencuadre. Si el maltrato continúa, advierta con respeto que terminará "
        "la llamada y, si sigue, termínela según el protocolo de su empresa. Registre lo "
        "ocurrido e informe a su supervisor.</p>"
        "<p>Y si nota durante semanas agotamiento, cinismo o que ya nada de lo que hace le "
        "parece útil, hable con su supervisor o con el área de bienestar. Pedir ayuda a tiempo "
        "es una decisión profesional.</p>"
    ),
    dialogue(
        "Poner un límite con respeto",
        debtor("¡Váyase al diablo! ¡Ustedes no sirven para nada!"),
        agent(
            "Entiendo que está muy enojado. Quiero ayudarlo, pero necesito que la conversación "
            "sea respetuosa para poder seguir.",
            ok="Nombra la emoción y marca el límite sin agresión.",
        ),
        debtor("¡No me importa! ¡Son unos ladrones!"),
        agent(
            "¡Pues váyase usted también!",
            avoid="Responder al insulto con otro insulto escala el conflicto y expone al gestor y a la empresa.",
        ),
        agent(
            "Voy a terminar la llamada ahora. Si desea retomar la conversación, puede "
            "comunicarse con nosotros al número de atención. Que tenga buen día.",
            ok="Termina la llamada con cortesía, según el protocolo, y deja abierta la puerta.",
        ),
    ),
    warning(
        "El autocuidado no reemplaza la responsabilidad de la organización",
        "<p>Las prácticas individuales ayudan, pero la carga de trabajo, la variedad de tareas "
        "y el apoyo de los supervisores dependen de la organización. Si su equipo vive "
        "sobrecarga constante, plantéelo por los canales formales.</p>",
    ),
    check(
        "Un deudor sigue insultando después de que usted intentó desescalar y marcó un límite. ¿Qué corresponde?",
        [
            wrong(
                "Seguir aguantando hasta que se canse.",
                "No tiene que aceptar maltrato sin límite.",
            ),
            right(
                "Terminar la llamada con cortesía según el protocolo, registrar lo ocurrido e informar al supervisor.",
                "Correcto. Cuida su bienestar y deja constancia.",
            ),
            wrong(
                "Responder con el mismo tono para que entienda.",
                "Escala el conflicto y puede traer consecuencias para usted y la empresa.",
            ),
        ],
        "Primero se intenta desescalar; si el maltrato continúa, se termina la llamada con "
        "respeto, se registra y se informa al supervisor.",
    ),
)

COURSE = {
    "slug": "estres-burnout-y-autocuidado",
    "title": "Estrés, burnout y autocuidado para gestores",
    "theme": "soft_skills",
    "jurisdictions": [],
    "level": "basic",
    "minutes": 40,
    "summary": "Qué es el burnout según la CIE-11 de la OMS, qué dicen los estudios en centros "
    "de contacto sobre sus causas y su relación con la rotación, y prácticas concretas para "
    "cuidarse durante el turno, poner límites ante el maltrato y pedir apoyo a tiempo.",
    "objectives": [
        "Describir el burnout (QD85) y sus tres dimensiones según la CIE-11.",
        "Identificar los factores de riesgo y de protección en centros de contacto.",
        "Aplicar prácticas de recuperación entre llamadas.",
        "Poner límites ante el maltrato siguiendo el protocolo de la empresa.",
    ],
    "prerequisites": ["empatia-y-escucha-activa"],
    "specialisations": ["late_stage"],
    "lessons": [LESSON_DEFINICION, LESSON_FACTORES, LESSON_PRACTICAS],
}
