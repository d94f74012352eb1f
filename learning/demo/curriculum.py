"""The Spanish demo curriculum for Acredita, as plain data (no Django).

``COURSES`` lists the courses in catalogue order; each lesson body is a list of
``(block_type, value)`` tuples matching the lesson StreamField block library.
``PATHS`` holds one learning path per certification specialisation.

Points not confirmed are either left out or presented as pending review by the legal team.
This is demo material, not legal advice.
"""

from learning.demo import (
    curriculum_autocuidado,
    curriculum_cl,
    curriculum_co,
    curriculum_datos,
    curriculum_empatia,
    curriculum_llamada,
    curriculum_mx,
    curriculum_negociacion,
    curriculum_pe,
    curriculum_promesas,
    curriculum_sistemas,
    curriculum_us,
)

SPECIALISATIONS = ["early_stage", "late_stage", "legal", "negotiation", "compliance"]

COURSES: list[dict] = [
    curriculum_mx.COURSE,
    curriculum_co.COURSE,
    curriculum_cl.COURSE,
    curriculum_pe.COURSE,
    curriculum_us.COURSE,
    curriculum_datos.COURSE,
    curriculum_llamada.COURSE,
    curriculum_negociacion.COURSE,
    curriculum_promesas.COURSE,
    curriculum_empatia.COURSE,
    curriculum_autocuidado.COURSE,
    curriculum_sistemas.COURSE,
]

PATHS: list[dict] = [
    {
        "code": "ruta-mora-temprana",
        "title": "Ruta de cobranza temprana",
        "specialisation": "early_stage",
        "summary": "Para gestores de los primeros tramos de mora: una llamada bien "
        "estructurada, empatía y escucha activa, promesas de pago reales y un uso correcto del "
        "marcador y del CRM.",
        "courses": [
            "estructura-llamada-cobranza",
            "empatia-y-escucha-activa",
            "promesas-de-pago-y-objeciones",
            "marcador-y-crm-en-cobranza",
        ],
    },
    {
        "code": "ruta-mora-avanzada",
        "title": "Ruta de cobranza en mora avanzada",
        "specialisation": "late_stage",
        "summary": "Para gestores de tramos avanzados, donde las conversaciones son más "
        "largas y tensas: negociación basada en principios, promesas y objeciones, "
        "desescalamiento y cuidado del propio bienestar.",
        "courses": [
            "estructura-llamada-cobranza",
            "negociacion-basada-en-principios",
            "promesas-de-pago-y-objeciones",
            "empatia-y-escucha-activa",
            "estres-burnout-y-autocuidado",
        ],
    },
    {
        "code": "ruta-legal",
        "title": "Ruta legal: regulación de la cobranza por país",
        "specialisation": "legal",
        "summary": "La regulación de la cobranza en México, Colombia, Chile, Perú y Estados "
        "Unidos, para quienes gestionan carteras de varios países o casos cercanos a la etapa "
        "judicial.",
        "courses": [
            "regulacion-mexico",
            "regulacion-colombia",
            "regulacion-chile",
            "regulacion-peru",
            "regulacion-estados-unidos",
        ],
    },
    {
        "code": "ruta-negociacion",
        "title": "Ruta de negociación",
        "specialisation": "negotiation",
        "summary": "Negociación basada en principios, la estructura de la llamada en ocho "
        "puntos, promesas de pago, manejo de objeciones y escucha activa.",
        "courses": [
            "negociacion-basada-en-principios",
            "estructura-llamada-cobranza",
            "promesas-de-pago-y-objeciones",
            "empatia-y-escucha-activa",
        ],
    },
    {
        "code": "ruta-cumplimiento",
        "title": "Ruta de cumplimiento",
        "specialisation": "compliance",
        "summary": "Para analistas de calidad, supervisores y oficiales de cumplimiento: las "
        "reglas de México, Colombia y Estados Unidos, la protección de datos personales y los "
        "controles que el marcador y el CRM deben aplicar.",
        "courses": [
            "regulacion-mexico",
            "regulacion-colombia",
            "regulacion-estados-unidos",
            "proteccion-datos-personales",
            "marcador-y-crm-en-cobranza",
        ],
    },
]
