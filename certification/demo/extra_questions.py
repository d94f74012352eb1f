"""Demo questions of the types that Moodle GIFT cannot express (ordering and scenario).

The text is original Spanish demo content; nothing unconfirmed is used as an answer. It is demo
material, not legal advice.

Format
------
``QUESTIONS`` is a list of plain dicts (no Django import). Every question has:

``title``
    Unique ASCII slug (``[a-z0-9-]+``), also unique against the titles in ``questions.gift``.
``category``
    Category path without the ``$course$/`` prefix. The first segment is the specialisation:
    ``cobranza-temprana`` (early_stage), ``cobranza-tardia`` (late_stage), ``legal`` (legal),
    ``negociacion`` (negotiation) or ``cumplimiento`` (compliance).
``type``
    ``"ordering"`` or ``"scenario"``.
``text``
    The question text (plain text; a scenario's text is the shared case or call transcript and
    may have several paragraphs separated by blank lines).

Ordering questions also have:

``items``
    The items **in the correct order** (at least 3). The exam shuffles them for display.
``feedback``
    General feedback shown after the attempt closes.

Scenario questions also have ``subquestions``: 2 to 4 dicts, each with ``type`` and ``text``:

``{"type": "single", "choices": [...]}``
    Each choice is ``{"text", "correct": bool, "feedback"}``; exactly one is correct.
``{"type": "multiple", "choices": [...]}``
    Each choice is ``{"text", "weight", "feedback"}``; ``weight`` is a percentage as a string
    (as in GIFT): the positive weights add up to 100 and wrong choices carry negative weights.
``{"type": "truefalse", "answer": bool, "feedback"}``
"""

QUESTIONS = [
    # ------------------------------------------------------------------ ordering
    {
        "title": "neg-orden-llamada-01",
        "category": "negociacion/estructura-llamada",
        "type": "ordering",
        "text": (
            "Ordene los pasos de una llamada de cobranza según la estructura del curso "
            "(basada en los puntos de control de ACA International)."
        ),
        "items": [
            "Verificar que se habla con la persona correcta antes de revelar cualquier dato",
            "Identificarse y dar los avisos obligatorios",
            "Exponer el propósito y el monto, y pedir el pago total",
            "Hacer una pausa y escuchar",
            "Explorar la situación del deudor",
            "Ofrecer opciones o un plan",
            "Confirmar la promesa de pago",
            "Recapitular y cerrar",
        ],
        "feedback": (
            "La verificación va siempre primero: si no se puede verificar a la persona "
            "correcta, la llamada termina. En Colombia, al explorar la situación no se "
            "pregunta por qué no pagó."
        ),
    },
    {
        "title": "neg-orden-laer-01",
        "category": "negociacion/objeciones",
        "type": "ordering",
        "text": "Ordene los pasos del modelo LAER para responder a una objeción del deudor.",
        "items": [
            "Escuchar (Listen)",
            "Reconocer (Acknowledge)",
            "Explorar la preocupación real (Explore)",
            "Responder (Respond)",
        ],
        "feedback": (
            "LAER (Carew International): escuchar, reconocer, explorar y responder. "
            "Explorar es el paso clave porque descubre la preocupación real."
        ),
    },
    {
        "title": "neg-orden-ury-01",
        "category": "negociacion/principios",
        "type": "ordering",
        "text": (
            "Ordene los pasos que propone William Ury en «Supere el no» (1991) para negociar con una persona difícil."
        ),
        "items": [
            "Ir al balcón",
            "Ponerse del lado de la otra parte",
            "Reformular en lugar de rechazar",
            "Construirle un puente de oro",
            "Hacerle entrar en razón, no ponerlo de rodillas",
        ],
        "feedback": (
            "Primero se controla la propia reacción (balcón), luego se desarma la tensión "
            "poniéndose de su lado, se reformula, se facilita el sí con un puente de oro y "
            "solo al final se recuerdan las consecuencias reales."
        ),
    },
    {
        "title": "us-orden-validacion-01",
        "category": "cumplimiento/estados-unidos",
        "type": "ordering",
        "text": ("Ordene los hechos de una cobranza en Estados Unidos en el orden en que ocurren según la FDCPA."),
        "items": [
            "Comunicación inicial con el aviso de que se intenta cobrar una deuda (mini-Miranda)",
            "Aviso de validación con monto, acreedor y derechos de disputa, dentro de 5 días",
            "El consumidor disputa la deuda por escrito dentro de los 30 días",
            "La agencia suspende el cobro hasta verificar la deuda",
        ],
        "feedback": (
            "El aviso mini-Miranda va en la comunicación inicial; la validación, en ella o "
            "dentro de 5 días; una disputa escrita dentro de 30 días pausa el cobro hasta "
            "la verificación."
        ),
    },
    {
        "title": "co-orden-reporte-01",
        "category": "cobranza-tardia/reportes-credito",
        "type": "ordering",
        "text": (
            "Ordene los pasos del reporte negativo de una deuda en Colombia (Ley 1266 de "
            "2008, modificada por la Ley 2157 de 2021), para una deuda mayor al 15 % del "
            "salario mínimo."
        ),
        "items": [
            "Enviar al consumidor la comunicación previa al reporte",
            "Esperar 20 días calendario desde el envío",
            "Hacer el reporte negativo si la deuda sigue impaga",
            "Tras el pago, mantener el dato el doble del tiempo de mora, con un máximo de 4 años",
        ],
        "feedback": (
            "Sin comunicación previa y sin los 20 días de espera no hay reporte válido. "
            "Después del pago, el dato permanece el doble de la mora, con un tope de 4 años."
        ),
    },
    {
        "title": "tar-orden-ptp-01",
        "category": "cobranza-tardia/planes-de-pago",
        "type": "ordering",
        "text": ("Ordene el seguimiento de una promesa de pago que el deudor termina incumpliendo dos veces."),
        "items": [
            "Confirmar por escrito la promesa de pago de inmediato",
            "Hacer el seguimiento justo después de la fecha prometida",
            "Tratar la promesa como incumplida si el pago no llega en los días siguientes",
            "Tras el primer incumplimiento, conversar con el deudor y acordar un plazo más corto",
            "Tras el segundo incumplimiento, escalar el caso",
        ],
        "feedback": (
            "Un incumplimiento lleva a conversar y acortar plazos; dos, a escalar. Todo "
            "seguimiento se agenda dentro de los límites legales de frecuencia del país."
        ),
    },
    {
        "title": "leg-orden-normas-01",
        "category": "legal/marco-normativo",
        "type": "ordering",
        "text": "Ordene estas normas de la más antigua a la más reciente.",
        "items": [
            "FDCPA de Estados Unidos (1977)",
            "Disposiciones de CONDUSEF sobre despachos de cobranza (DOF, 7 de octubre de 2014)",
            "Art. 284 Bis del Código Penal Federal de México (DOF, 22 de junio de 2017)",
            "Ley 21.320 de Chile (20 de abril de 2021)",
            "Regulation F de Estados Unidos (30 de noviembre de 2021)",
            "Ley 2300 de Colombia (10 de julio de 2023)",
        ],
        "feedback": (
            "1977, 2014, 2017, abril de 2021, noviembre de 2021 y julio de 2023. Conocer la "
            "fecha ayuda a saber desde cuándo se exige cada regla."
        ),
    },
    {
        "title": "ct-orden-chile-gastos-01",
        "category": "cobranza-temprana/recordatorios",
        "type": "ordering",
        "text": ("Un deudor en Chile no paga su cuota. Ordene los hitos, desde el vencimiento, según la Ley 19.496."),
        "items": [
            "Vence la cuota sin pago",
            "Se hace el recordatorio gratuito (gestión útil) dentro de 15 días",
            "Se cumplen 20 días de mora",
            "Desde entonces se pueden cobrar gastos de cobranza dentro de los topes legales",
        ],
        "feedback": (
            "La gestión útil va dentro de 15 días del vencimiento (si no, el tope baja 0,2 UF) "
            "y los gastos solo se cobran después de 20 días de mora."
        ),
    },
    # ------------------------------------------------------------------ scenario
    {
        "title": "neg-escenario-objecion-01",
        "category": "negociacion/llamada",
        "type": "scenario",
        "text": (
            "Transcripción (México, titular ya verificado; el gestor ya se identificó con "
            "los datos del despacho, la institución y el contrato).\n\n"
            "Gestor: Su saldo vencido es de 8 400 pesos. ¿Puede cubrirlo hoy?\n"
            "Deudor: ¡No! Me están cobrando de más, esto es un robo.\n"
            "Gestor: Cálmese, señor. El monto es correcto y tiene que pagarlo.\n"
            "Deudor: Pues no pienso pagar nada.\n\n"
            "El supervisor revisa la llamada para dar retroalimentación."
        ),
        "subquestions": [
            {
                "type": "single",
                "text": "¿Qué paso del modelo LAER omitió el gestor, que era el más importante?",
                "choices": [
                    {
                        "text": "Explorar la preocupación real detrás de la objeción.",
                        "correct": True,
                        "feedback": "Correcto. No averiguó qué parte del monto le parece injusta.",
                    },
                    {
                        "text": "Responder.",
                        "correct": False,
                        "feedback": "Sí respondió, pero sin explorar antes.",
                    },
                    {
                        "text": "Cerrar con una promesa de pago.",
                        "correct": False,
                        "feedback": "Cerrar no es un paso de LAER.",
                    },
                    {
                        "text": "Verificar a la persona correcta.",
                        "correct": False,
                        "feedback": "El enunciado dice que el titular ya estaba verificado.",
                    },
                ],
            },
            {
                "type": "multiple",
                "text": "¿Qué frases habrían sido mejores respuestas? Seleccione todas.",
                "choices": [
                    {
                        "text": "Parece que está muy molesto con el saldo.",
                        "weight": "50",
                        "feedback": "Correcto. Nombra la emoción (etiquetado afectivo).",
                    },
                    {
                        "text": "¿Qué cargo en particular le parece incorrecto?",
                        "weight": "50",
                        "feedback": "Correcto. Pregunta abierta que explora la objeción.",
                    },
                    {
                        "text": "Si no paga, lo vamos a boletinar con sus vecinos.",
                        "weight": "-50",
                        "feedback": "Incorrecto. Los avisos públicos sobre el impago están prohibidos.",
                    },
                    {
                        "text": "Muchos clientes se sintieron igual, pero luego encontraron que era lo mejor.",
                        "weight": "-50",
                        "feedback": "Incorrecto. Es la fórmula enlatada «siento, sintió, encontró».",
                    },
                ],
            },
            {
                "type": "truefalse",
                "text": "Decir «cálmese» ayudó a bajar la tensión de la llamada.",
                "answer": False,
                "feedback": "Falso. «Cálmese» invalida la emoción y suele escalar el conflicto.",
            },
        ],
    },
    {
        "title": "ct-escenario-verificacion-01",
        "category": "cobranza-temprana/verificacion",
        "type": "scenario",
        "text": (
            "Una agencia de cobranza de terceros en Estados Unidos llama por primera vez "
            "por una deuda de una tarjeta.\n\n"
            "Contesta: ¿Bueno?\n"
            "Gestor: Buenas tardes, busco a la señora Laura Gómez.\n"
            "Contesta: No está, soy su compañera de departamento. ¿De parte de quién?\n\n"
            "El gestor debe decidir qué decir a continuación."
        ),
        "subquestions": [
            {
                "type": "single",
                "text": "¿Qué debe hacer el gestor?",
                "choices": [
                    {
                        "text": ("Dar solo su nombre, no mencionar la deuda y buscar a la titular en otro momento."),
                        "correct": True,
                        "feedback": "Correcto. No se revela nada antes de verificar a la persona correcta.",
                    },
                    {
                        "text": "Explicar que llama por una deuda de tarjeta para que la compañera le avise.",
                        "correct": False,
                        "feedback": "Incorrecto. Es revelar la deuda a un tercero.",
                    },
                    {
                        "text": "Leer el aviso mini-Miranda a la compañera.",
                        "correct": False,
                        "feedback": "Incorrecto. El aviso es para el consumidor y revelaría la deuda.",
                    },
                    {
                        "text": "Dejar con ella el monto para que la titular devuelva la llamada.",
                        "correct": False,
                        "feedback": "Incorrecto. Revela la deuda y el monto a un tercero.",
                    },
                ],
            },
            {
                "type": "truefalse",
                "text": (
                    "Si el gestor deja un mensaje de voz que no revele la deuda, está usando "
                    "un «mensaje de contenido limitado» de la Regulation F."
                ),
                "answer": True,
                "feedback": "Verdadero. El mensaje de contenido limitado (§1006.2(j)) no revela la deuda.",
            },
            {
                "type": "single",
                "text": (
                    "Cuando por fin hable con la titular verificada, ¿qué debe decir en esa comunicación inicial?"
                ),
                "choices": [
                    {
                        "text": ("Que intenta cobrar una deuda y que la información obtenida se usará con ese fin."),
                        "correct": True,
                        "feedback": "Correcto. Es el aviso mini-Miranda (§1692e(11)).",
                    },
                    {
                        "text": "Que su compañera de departamento ya sabe de la deuda.",
                        "correct": False,
                        "feedback": "Incorrecto, y además no debería ser cierto.",
                    },
                    {
                        "text": "Que tiene 24 horas para pagar antes de una demanda.",
                        "correct": False,
                        "feedback": "Incorrecto. Es una amenaza y opaca sus derechos de disputa.",
                    },
                ],
            },
        ],
    },
    {
        "title": "ct-escenario-promesa-01",
        "category": "cobranza-temprana/promesas",
        "type": "scenario",
        "text": (
            "Llamada en Colombia, martes 10:15, consumidora verificada, primer atraso.\n\n"
            "Gestora: Su cuota de 320 000 pesos venció el viernes.\n"
            "Consumidora: Sí, lo sé. Creo que el próximo mes pago algo.\n"
            "Gestora: ¿Podemos acordar un monto y una fecha concretos?\n"
            "Consumidora: Está bien: 320 000 pesos el viernes 20 por transferencia. Me comprometo."
        ),
        "subquestions": [
            {
                "type": "truefalse",
                "text": "La frase «creo que el próximo mes pago algo» ya era una promesa de pago válida.",
                "answer": False,
                "feedback": "Falso. Le faltaban monto, fecha de calendario y forma de pago.",
            },
            {
                "type": "multiple",
                "text": "¿Qué hace bien la gestora o debe hacer a continuación? Seleccione todas.",
                "choices": [
                    {
                        "text": "Recapitular monto, fecha y forma de pago antes de cerrar la llamada.",
                        "weight": "50",
                        "feedback": "Correcto. La recapitulación evita malentendidos.",
                    },
                    {
                        "text": "Agendar el seguimiento justo después del viernes 20.",
                        "weight": "50",
                        "feedback": "Correcto. El seguimiento va después de la fecha prometida.",
                    },
                    {
                        "text": "Preguntarle por qué no pagó el viernes pasado.",
                        "weight": "-50",
                        "feedback": "Incorrecto. La Ley 2300 prohíbe preguntarlo.",
                    },
                    {
                        "text": "Llamarla también el miércoles y el jueves para recordarle.",
                        "weight": "-50",
                        "feedback": (
                            "Incorrecto. Tras un contacto directo, el seguimiento debe "
                            "respetar los límites de frecuencia y canales."
                        ),
                    },
                ],
            },
        ],
    },
    {
        "title": "tar-escenario-mexico-01",
        "category": "cobranza-tardia/casos-dificiles",
        "type": "scenario",
        "text": (
            "Caso (México). El titular de un crédito de una SOFOM tiene 9 meses de atraso. "
            "En la última llamada contestó su padre, de 78 años, que ofreció pagar la mitad "
            "si «dejaban en paz a su hijo».\n\n"
            "Hoy el titular atiende y dice que un despacho le pidió depositar en una cuenta "
            "a nombre de una persona para obtener un 60 % de descuento. Quiere saber si "
            "puede cerrar el adeudo con usted hoy mismo."
        ),
        "subquestions": [
            {
                "type": "single",
                "text": "¿Qué debió hacer el gestor cuando contestó el padre?",
                "choices": [
                    {
                        "text": "No negociar ni cobrarle, porque es un adulto mayor que no es el deudor.",
                        "correct": True,
                        "feedback": "Correcto. Está prohibido cobrar o negociar con adultos mayores que no son el deudor.",
                    },
                    {
                        "text": "Aceptar la mitad como pago parcial.",
                        "correct": False,
                        "feedback": "Incorrecto. Es cobrar a un tercero.",
                    },
                    {
                        "text": "Pedirle que firmara como aval.",
                        "correct": False,
                        "feedback": "Incorrecto. Es presión sobre un tercero.",
                    },
                ],
            },
            {
                "type": "multiple",
                "text": "¿Qué debe decirle hoy al titular? Seleccione todas las correctas.",
                "choices": [
                    {
                        "text": "Que los despachos legítimos nunca piden depósitos en cuentas personales.",
                        "weight": "34",
                        "feedback": "Correcto.",
                    },
                    {
                        "text": "Que el pago se hace a la institución financiera, no al despacho.",
                        "weight": "33",
                        "feedback": "Correcto.",
                    },
                    {
                        "text": "Que el acuerdo que alcancen quedará documentado por escrito.",
                        "weight": "33",
                        "feedback": "Correcto. En México los acuerdos deben constar por escrito.",
                    },
                    {
                        "text": "Que puede depositarle a usted en efectivo para cerrar hoy.",
                        "weight": "-100",
                        "feedback": "Incorrecto. El despacho no puede recibir pagos.",
                    },
                ],
            },
            {
                "type": "truefalse",
                "text": (
                    "Si el titular presenta una queja en REDECO, CONDUSEF sanciona a la "
                    "institución financiera que contrató al despacho."
                ),
                "answer": True,
                "feedback": "Verdadero. La sanción recae en la institución que contrató al despacho.",
            },
        ],
    },
    {
        "title": "leg-escenario-chile-01",
        "category": "legal/documentos",
        "type": "scenario",
        "text": (
            "Caso (Chile). Una empresa de cobranza prepara una carta para deudores con más "
            "de 60 días de mora. El borrador lleva el título «NOTIFICACIÓN – ROL N.º 1234» "
            "y un timbre circular parecido al de un tribunal.\n\n"
            "Uno de los destinatarios, el señor Rojas, fue notificado ayer de una demanda "
            "de cobro por la misma deuda. El área quiere llamarlo hoy para «una última "
            "oportunidad» y enviarle además la carta."
        ),
        "subquestions": [
            {
                "type": "single",
                "text": "¿Qué corresponde hacer con el borrador de la carta?",
                "choices": [
                    {
                        "text": "Quitar el título con número de rol y el timbre, porque aparentan o aluden a un escrito judicial.",
                        "correct": True,
                        "feedback": "Correcto. Están prohibidos los documentos que aparentan o hacen referencia a escritos judiciales.",
                    },
                    {
                        "text": "Mantenerlo, porque muestra seriedad.",
                        "correct": False,
                        "feedback": "Incorrecto. Está prohibido.",
                    },
                    {
                        "text": "Mantenerlo, pero enviarlo solo por correo electrónico.",
                        "correct": False,
                        "feedback": "Incorrecto. El medio no cambia la prohibición.",
                    },
                ],
            },
            {
                "type": "truefalse",
                "text": "El área puede llamar hoy al señor Rojas para ofrecerle una última oportunidad extrajudicial.",
                "answer": False,
                "feedback": (
                    "Falso. La cobranza extrajudicial termina de inmediato cuando se notifica la demanda de cobro."
                ),
            },
            {
                "type": "single",
                "text": "Para los demás deudores, ¿cuántas llamadas o visitas por semana puede hacer la empresa como máximo?",
                "choices": [
                    {"text": "Una.", "correct": True, "feedback": "Correcto."},
                    {
                        "text": "Dos, separadas por 2 días.",
                        "correct": False,
                        "feedback": "Incorrecto. Esa regla es para medios escritos.",
                    },
                    {"text": "Una por día hábil.", "correct": False, "feedback": "Incorrecto. El límite es semanal."},
                ],
            },
        ],
    },
    {
        "title": "co-escenario-semana-01",
        "category": "cumplimiento/colombia",
        "type": "scenario",
        "text": (
            "Registro de gestiones de una consumidora en Colombia (sin autorización para "
            "otros horarios):\n\n"
            "Lunes 09:00 – llamada; habla con la consumidora (contacto directo).\n"
            "Lunes 17:00 – SMS de recordatorio.\n"
            "Miércoles 11:00 – correo electrónico.\n"
            "Sábado 16:30 – llamada.\n"
            "Domingo 10:00 – WhatsApp.\n\n"
            "La consumidora solo autorizó teléfono y SMS."
        ),
        "subquestions": [
            {
                "type": "multiple",
                "text": "¿Qué gestiones incumplen la Ley 2300? Seleccione todas.",
                "choices": [
                    {
                        "text": "Lunes 17:00 – SMS.",
                        "weight": "25",
                        "feedback": "Correcto. Segundo contacto el mismo día tras un contacto directo.",
                    },
                    {
                        "text": "Miércoles 11:00 – correo electrónico.",
                        "weight": "25",
                        "feedback": "Correcto. Canal no autorizado y otro canal en la misma semana.",
                    },
                    {
                        "text": "Sábado 16:30 – llamada.",
                        "weight": "25",
                        "feedback": "Correcto. El sábado solo se permite de 08:00 a 15:00.",
                    },
                    {
                        "text": "Domingo 10:00 – WhatsApp.",
                        "weight": "25",
                        "feedback": "Correcto. Nunca en domingo, y el canal no estaba autorizado.",
                    },
                    {
                        "text": "Lunes 09:00 – llamada.",
                        "weight": "-100",
                        "feedback": "Incorrecto. Día, hora y canal permitidos.",
                    },
                ],
            },
            {
                "type": "truefalse",
                "text": (
                    "Para llamar el domingo bastaría con que la consumidora lo autorizara "
                    "en una cláusula del contrato de crédito."
                ),
                "answer": False,
                "feedback": (
                    "Falso. La autorización para otros horarios debe ser expresa y en un "
                    "documento separado del contrato."
                ),
            },
        ],
    },
    {
        "title": "us-escenario-7en7-01",
        "category": "cumplimiento/estados-unidos",
        "type": "scenario",
        "text": (
            "Registro de llamadas de una agencia de cobranza de terceros a un consumidor, "
            "por una sola deuda:\n\n"
            "Día 1 (lunes): 3 llamadas sin respuesta.\n"
            "Día 2 (martes): 2 llamadas sin respuesta.\n"
            "Día 3 (miércoles): 1 llamada; el consumidor contesta y conversa con el gestor.\n"
            "Día 5 (viernes): el sistema tiene programada otra llamada.\n\n"
            "El consumidor vive en otra zona horaria que la agencia."
        ),
        "subquestions": [
            {
                "type": "single",
                "text": "¿Qué pasa con la llamada programada para el viernes?",
                "choices": [
                    {
                        "text": "Debe cancelarse: cae dentro de los 7 días posteriores a una conversación telefónica.",
                        "correct": True,
                        "feedback": "Correcto. Se presumiría acoso (§1006.14(b)(2)(B)).",
                    },
                    {
                        "text": "Puede hacerse, porque solo lleva 6 llamadas en la semana.",
                        "correct": False,
                        "feedback": "Incorrecto. Tras una conversación, cualquier llamada en los 7 días siguientes activa la presunción.",
                    },
                    {
                        "text": "Puede hacerse si es después de las 9 p. m.",
                        "correct": False,
                        "feedback": "Incorrecto. Además, después de las 9 p. m. ya no se presume conveniente.",
                    },
                ],
            },
            {
                "type": "single",
                "text": "¿Qué hora se usa para la franja de 8 a. m. a 9 p. m.?",
                "choices": [
                    {"text": "La hora local del consumidor.", "correct": True, "feedback": "Correcto."},
                    {"text": "La hora de la agencia.", "correct": False, "feedback": "Incorrecto."},
                    {"text": "La hora del acreedor original.", "correct": False, "feedback": "Incorrecto."},
                ],
            },
            {
                "type": "truefalse",
                "text": "Los correos y mensajes de texto se suman a la cuenta de 7 llamadas en 7 días.",
                "answer": False,
                "feedback": (
                    "Falso. No cuentan para ese límite, aunque una avalancha de textos puede "
                    "ser acoso y cada uno debe incluir una opción de baja."
                ),
            },
        ],
    },
    {
        "title": "leg-escenario-mexico-01",
        "category": "legal/consecuencias",
        "type": "scenario",
        "text": (
            "Transcripción (México, área de recuperación legal de un despacho, titular "
            "verificado):\n\n"
            "Deudor: ¿Y si no pago qué me van a hacer?\n"
            "Gestor A (propuesta 1): La institución puede presentar una demanda para "
            "recuperar el adeudo, como prevé su contrato.\n"
            "Gestor B (propuesta 2): Le mandamos hoy el citatorio del juzgado y avisamos "
            "a su trabajo.\n\n"
            "El supervisor compara ambas respuestas."
        ),
        "subquestions": [
            {
                "type": "single",
                "text": "¿Qué respuesta cumple la ley?",
                "choices": [
                    {
                        "text": "La del gestor A.",
                        "correct": True,
                        "feedback": "Correcto. Informar la posibilidad de una acción legal no es intimidación ilícita (CPF art. 284 Bis).",
                    },
                    {
                        "text": "La del gestor B.",
                        "correct": False,
                        "feedback": "Incorrecto. Simula un documento judicial y amenaza con involucrar a terceros.",
                    },
                    {
                        "text": "Ninguna, porque no se pueden mencionar consecuencias legales.",
                        "correct": False,
                        "feedback": "Incorrecto. Las consecuencias legalmente válidas sí se pueden informar.",
                    },
                ],
            },
            {
                "type": "multiple",
                "text": "¿Qué problemas tiene la respuesta del gestor B? Seleccione todos.",
                "choices": [
                    {
                        "text": "Alude a un documento que aparenta ser judicial.",
                        "weight": "50",
                        "feedback": "Correcto. Está prohibido y el uso de documentos falsos agrava la pena.",
                    },
                    {
                        "text": "Amenaza con informar a su trabajo.",
                        "weight": "50",
                        "feedback": "Correcto. Intimida e involucra a terceros.",
                    },
                    {
                        "text": "Usa un tono demasiado formal.",
                        "weight": "-50",
                        "feedback": "Incorrecto. El problema no es el tono.",
                    },
                ],
            },
            {
                "type": "truefalse",
                "text": (
                    "La cobranza extrajudicial ilegal del art. 284 Bis se castiga con prisión de 1 a 4 años y multa."
                ),
                "answer": True,
                "feedback": "Verdadero. Multa de 50 000 a 300 000 pesos; ambas aumentan en una mitad con documentos o sellos falsos.",
            },
        ],
    },
    {
        "title": "tar-escenario-plan-01",
        "category": "cobranza-tardia/planes-de-pago",
        "type": "scenario",
        "text": (
            "Caso (Chile). Un deudor lleva 40 días de mora con 30 UF vencidas. Dice que "
            "quiere pagar pero necesita «saber cuánto le va a quedar cada mes».\n\n"
            "La empresa de cobranza le ofrece un plan en 6 cuotas fijas. El deudor pregunta "
            "si puede pagar directamente al banco acreedor en lugar de a la empresa."
        ),
        "subquestions": [
            {
                "type": "single",
                "text": "¿Qué interés del deudor atiende un plan de cuotas fijas?",
                "choices": [
                    {"text": "Tener un presupuesto predecible.", "correct": True, "feedback": "Correcto."},
                    {
                        "text": "Reducir el costo de cobranza del acreedor.",
                        "correct": False,
                        "feedback": "Incorrecto. Es un interés del acreedor.",
                    },
                    {
                        "text": "Evitar verificar su identidad.",
                        "correct": False,
                        "feedback": "Incorrecto. No es un interés legítimo de la negociación.",
                    },
                ],
            },
            {
                "type": "truefalse",
                "text": "El deudor puede pagar directamente al acreedor.",
                "answer": True,
                "feedback": "Verdadero. En Chile el deudor siempre puede pagar directamente al acreedor.",
            },
            {
                "type": "truefalse",
                "text": "Como ya pasaron 20 días de mora, la empresa puede cobrar gastos de cobranza sin tope alguno.",
                "answer": False,
                "feedback": "Falso. Los gastos tienen topes por tramos; por ejemplo, 9 % sobre el tramo de hasta 10 UF.",
            },
        ],
    },
]
