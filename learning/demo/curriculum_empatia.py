"""Curso: empatía, escucha activa y desescalamiento en llamadas de cobranza."""

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

LESSON_ETIQUETAR = lesson(
    "empatia-nombrar-la-emocion",
    "Nombrar la emoción: el etiquetado afectivo",
    "Por qué poner en palabras la emoción del deudor reduce la tensión y cómo hacerlo en tres pasos.",
    heading("Lo que dice la investigación"),
    paragraph(
        "<p>En 2007, Lieberman y sus colegas de la Universidad de California en Los Ángeles "
        "(UCLA) publicaron <em>Putting Feelings into Words</em>. El estudio mostró que "
        "nombrar una emoción reduce la actividad de la amígdala, una zona del cerebro ligada a "
        "las reacciones emocionales intensas. A esta técnica se la llama <strong>etiquetado "
        "afectivo</strong> y la usan, entre otros, los negociadores en situaciones de "
        "crisis.</p>"
        "<p>En cobranza, el deudor suele llegar a la llamada con vergüenza, miedo o enojo. "
        "Mientras esa emoción domina la conversación, ningún argumento sobre saldos y fechas "
        "va a ser escuchado.</p>"
    ),
    heading("Tres pasos para etiquetar"),
    paragraph(
        "<p>Los pasos que describe Noll son sencillos:</p>"
        "<ol><li><strong>Ignore las palabras</strong> (los insultos, las acusaciones) y "
        "atienda al tono.</li>"
        "<li><strong>Adivine la emoción</strong> que hay detrás: frustración, miedo, "
        "vergüenza, cansancio.</li>"
        "<li><strong>Devuélvala</strong> en una frase tentativa: «parece que…», «suena a "
        "que…», «me da la impresión de que…».</li></ol>"
        "<p>No importa acertar del todo: si se equivoca, el deudor suele corregirlo y, al "
        "hacerlo, le dice exactamente lo que siente.</p>"
    ),
    dialogue(
        "Etiquetar en lugar de pedir calma",
        debtor("¡Es la quinta vez que me llaman esta semana! ¡Ya estoy harto!"),
        agent(
            "Cálmese, señor, así no podemos hablar.",
            avoid="«Cálmese» invalida la emoción y suele escalar la tensión.",
        ),
        agent(
            "Suena a que está muy frustrado con tantas llamadas.",
            ok="Nombra la emoción sin juzgarla; baja la intensidad de la reacción.",
        ),
        debtor("Claro que sí. Y además me da vergüenza que me llamen al trabajo."),
        agent(
            "Tiene sentido que le incomode. Vamos a registrar que no lo llamemos a su trabajo "
            "y a buscar una solución para no tener que seguir llamándolo.",
            ok="Reconoce la emoción y actúa sobre la causa con una medida concreta.",
        ),
    ),
    tip(
        "Frases que funcionan",
        "<p>«Parece que esto le tiene preocupado». «Suena a que se siente tratado injustamente». "
        "«Me da la impresión de que ha sido una semana difícil». Úselas como hipótesis, no "
        "como diagnóstico.</p>",
    ),
    check(
        "Un deudor grita que está cansado de que lo llamen. Según el etiquetado afectivo, ¿qué respuesta es mejor?",
        [
            wrong(
                "«Cálmese, por favor».",
                "Pedir calma invalida la emoción y suele escalar la conversación.",
            ),
            right(
                "«Suena a que está muy cansado de esta situación».",
                "Correcto. Nombrar la emoción ayuda a reducir su intensidad.",
            ),
            wrong(
                "«Si hubiera pagado, no lo llamaríamos».",
                "Es un reproche que aumenta la tensión.",
            ),
        ],
        "Nombrar la emoción con una frase tentativa reduce su intensidad; pedir calma la "
        "invalida y escala el conflicto.",
    ),
)

LESSON_OARS = lesson(
    "escucha-activa-oars",
    "Escucha activa con OARS",
    "Las cuatro herramientas de la entrevista motivacional (preguntas abiertas, afirmaciones, "
    "reflejos y resúmenes) aplicadas a la cobranza.",
    heading("Cuatro herramientas de la entrevista motivacional"),
    paragraph(
        "<p>Miller y Rollnick desarrollaron la <em>entrevista motivacional</em>, "
        "un enfoque empático y centrado en la persona para ayudarla a encontrar su propia "
        "motivación para cambiar. Sus herramientas básicas se resumen en la sigla "
        "<strong>OARS</strong>:</p>"
        "<ul><li><strong>O</strong>pen questions: preguntas abiertas, que no se contestan "
        "con sí o no.</li>"
        "<li><strong>A</strong>ffirmations: afirmaciones que reconocen esfuerzos y "
        "fortalezas reales.</li>"
        "<li><strong>R</strong>eflective listening: reflejar lo que la persona dijo, con sus "
        "ideas y, a veces, con su emoción.</li>"
        "<li><strong>S</strong>ummaries: resúmenes que ordenan lo conversado.</li></ul>"
    ),
    heading("Por qué sirven en cobranza"),
    paragraph(
        "<p>Un deudor que decide pagar porque ve que le conviene cumple más que uno que acepta "
        "para cortar la llamada. OARS ayuda a que sea el propio deudor quien diga qué puede "
        "hacer. Las preguntas abiertas traen información; las afirmaciones reconocen lo que ya "
        "hizo (por ejemplo, que atendió la llamada); el reflejo muestra que usted escuchó; y "
        "el resumen prepara el acuerdo.</p>"
        "<p>Recuerde los límites legales: en Colombia la pregunta abierta nunca puede ser «¿por "
        "qué no pagó?».</p>"
    ),
    dialogue(
        "OARS en una llamada de mora temprana",
        agent(
            "Gracias por atender, señora Ríos. ¿Cómo ve la posibilidad de ponerse al día con su cuota?",
            ok="Afirmación sincera y pregunta abierta sobre el futuro.",
        ),
        debtor("Quiero pagar, pero este mes tuve gastos del colegio de los niños."),
        agent(
            "Usted quiere cumplir, y este mes los gastos escolares le apretaron el presupuesto.",
            ok="Reflejo: devuelve la intención y la dificultad con otras palabras.",
        ),
        debtor("Exacto. A fin de mes ya estoy más tranquila."),
        agent(
            "Entonces, para resumir: usted quiere ponerse al día, este mes es difícil y a fin "
            "de mes tiene más margen. ¿Qué monto le parece posible para el día 30?",
            ok="Resumen que ordena lo conversado y abre el paso a la promesa.",
        ),
    ),
    do_dont(
        "Escucha activa",
        [
            "Hacer preguntas abiertas sobre lo que el deudor puede hacer.",
            "Reconocer esfuerzos reales, como atender la llamada o pagos anteriores.",
            "Resumir antes de proponer un acuerdo.",
        ],
        [
            "Encadenar preguntas cerradas como en un interrogatorio.",
            "Usar elogios falsos o exagerados.",
            "Proponer un plan antes de haber escuchado la situación.",
        ],
    ),
    check(
        "¿Cuál de estas frases es un reflejo en el sentido de OARS?",
        [
            wrong(
                "«¿Puede pagar hoy, sí o no?»",
                "Es una pregunta cerrada, no un reflejo.",
            ),
            right(
                "«Usted quiere pagar, pero este mes los gastos no le dejaron margen».",
                "Correcto. Devuelve con otras palabras lo que el deudor expresó.",
            ),
            wrong(
                "«Es muy responsable de su parte».",
                "Es una afirmación, otra herramienta de OARS.",
            ),
        ],
        "El reflejo devuelve lo que la persona dijo, para mostrar que fue escuchada y permitirle corregir o ampliar.",
    ),
)

LESSON_DESESCALAR = lesson(
    "desescalamiento-en-llamada",
    "Desescalar una llamada difícil",
    "Una secuencia práctica para bajar la tensión cuando el deudor está enojado, sin dejar de "
    "cumplir la ley ni aceptar maltrato.",
    heading("La secuencia de desescalamiento"),
    paragraph(
        "<p>El desescalamiento combina lo que ya vio en este curso y en el de negociación:</p>"
        "<ol><li><strong>Pausa.</strong> Dos o tres segundos antes de responder. Usted no "
        "necesita contestar a cada frase.</li>"
        "<li><strong>Etiquete la emoción.</strong> «Suena a que está muy molesto».</li>"
        "<li><strong>Refleje el contenido.</strong> «Le molesta que el saldo no haya bajado "
        "después de su pago».</li>"
        "<li><strong>Replantee hacia el problema.</strong> «Revisemos ese pago juntos».</li>"
        "<li><strong>Ofrezca un paso concreto.</strong> Una revisión, una opción, un "
        "seguimiento.</li></ol>"
        "<p>Hable más despacio y en un tono más bajo que el del deudor. El ritmo se contagia.</p>"
    ),
    heading("Lo que nunca sirve"),
    paragraph(
        "<p>Pedir calma, interrumpir, corregir al deudor mientras está enojado o responder con "
        "amenazas aumentan la tensión. Las amenazas, además, pueden ser ilegales: en México la "
        "intimidación para cobrar puede ser delito según el artículo 284 Bis del Código Penal "
        "Federal, y en Estados Unidos la FDCPA prohíbe amenazar con acciones que no se piensan "
        "tomar o que no son legales.</p>"
        "<p>Desescalar no significa aceptar insultos indefinidamente. Si el maltrato continúa "
        "después de intentar la secuencia, aplique el protocolo de su empresa para terminar la "
        "llamada con respeto y registre lo ocurrido.</p>"
    ),
    dialogue(
        "De la explosión a la revisión",
        debtor("¡Ustedes me roban! ¡Pagué y me siguen cobrando, incompetentes!"),
        agent(
            "Si sigue insultando, lo reporto al buró.",
            avoid="Es una amenaza usada como represalia; escala la tensión y puede ser ilegal.",
        ),
        agent(
            "(Pausa). Suena a que está muy molesto porque siente que su pago no se tomó en cuenta.",
            ok="Pausa y etiquetado de la emoción con su causa.",
        ),
        debtor("¡Claro! Pagué 3.000 el mes pasado."),
        agent(
            "Revisemos ese pago juntos. ¿Me indica la fecha en que lo hizo? Mientras lo busco, "
            "le explico cómo se refleja en su saldo.",
            ok="Replantea hacia el problema y ofrece un paso concreto.",
        ),
    ),
    warning(
        "Su bienestar también cuenta",
        "<p>Las agresiones verbales de los clientes afectan la salud de quienes las reciben. "
        "Después de una llamada difícil, avise a su supervisor y tómese un momento antes de la "
        "siguiente, si el protocolo lo permite.</p>",
    ),
    check(
        "Un deudor lo insulta porque cree que su pago no se aplicó. ¿Cuál es el mejor primer paso?",
        [
            wrong(
                "Corregirlo de inmediato: «Eso no es cierto, el sistema no se equivoca».",
                "Corregir a alguien enojado aumenta la tensión.",
            ),
            right(
                "Hacer una pausa y nombrar su emoción y su causa.",
                "Correcto. Es el inicio de la secuencia de desescalamiento.",
            ),
            wrong(
                "Advertirle que su actitud tendrá consecuencias en su historial.",
                "Es una amenaza de represalia, inaceptable y posiblemente ilegal.",
            ),
        ],
        "La secuencia empieza con pausa y etiquetado; luego refleja, replantea hacia el "
        "problema y ofrece un paso concreto.",
    ),
)

COURSE = {
    "slug": "empatia-y-escucha-activa",
    "title": "Empatía, escucha activa y desescalamiento",
    "theme": "soft_skills",
    "jurisdictions": [],
    "level": "basic",
    "minutes": 40,
    "summary": "Habilidades para conversar con personas en una situación difícil: nombrar la "
    "emoción para bajar la tensión, escuchar con las herramientas OARS de la entrevista "
    "motivacional y desescalar una llamada sin amenazas y sin aceptar maltrato.",
    "objectives": [
        "Aplicar el etiquetado afectivo en tres pasos.",
        "Usar preguntas abiertas, afirmaciones, reflejos y resúmenes en la llamada.",
        "Seguir una secuencia de desescalamiento ante un deudor enojado.",
        "Evitar las respuestas que escalan el conflicto, como pedir calma.",
    ],
    "prerequisites": [],
    "specialisations": ["early_stage", "late_stage", "negotiation"],
    "lessons": [LESSON_ETIQUETAR, LESSON_OARS, LESSON_DESESCALAR],
}
