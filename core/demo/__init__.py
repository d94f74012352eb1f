"""The demo world: a believable collection company, built deterministically and idempotently.

`manage.py seed_demo` builds it first, then runs every app's `<app>/demo/` package with the
`World` built here. Only that command imports this package."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils import timezone

from core.models import (
    Campaign,
    CampaignAssignment,
    Company,
    DemoMarker,
    Employee,
    Site,
    Specialisation,
    Team,
    TeamMembership,
    User,
)
from core.roles import Role
from core.services import user_set_role

DEMO_PASSWORD = "demo"
SEED = 20261123
AGENTS_PER_TEAM = 15

FIRST_NAMES = [
    "María",
    "José",
    "Guadalupe",
    "Juan",
    "Luis",
    "Ana",
    "Carlos",
    "Sofía",
    "Valentina",
    "Diego",
    "Camila",
    "Andrés",
    "Daniela",
    "Jorge",
    "Fernanda",
    "Miguel",
    "Gabriela",
    "Ricardo",
    "Paola",
    "Javier",
    "Mariana",
    "Alejandro",
    "Lucía",
    "Fernando",
    "Isabela",
    "Sebastián",
    "Natalia",
    "Héctor",
    "Ximena",
    "Manuel",
    "Catalina",
    "Felipe",
    "Renata",
    "Tomás",
    "Antonia",
    "Martín",
    "Josefina",
    "Ignacio",
    "Verónica",
    "Raúl",
    "Claudia",
    "Óscar",
    "Adriana",
    "Sergio",
    "Patricia",
    "Eduardo",
    "Lorena",
    "Rodrigo",
    "Carolina",
    "Gustavo",
]
LAST_NAMES = [
    "García",
    "Hernández",
    "Martínez",
    "López",
    "González",
    "Rodríguez",
    "Pérez",
    "Sánchez",
    "Ramírez",
    "Torres",
    "Flores",
    "Rivera",
    "Gómez",
    "Díaz",
    "Morales",
    "Vargas",
    "Castro",
    "Ortiz",
    "Rojas",
    "Muñoz",
    "Reyes",
    "Jiménez",
    "Ruiz",
    "Mendoza",
    "Aguilar",
    "Salazar",
    "Cárdenas",
    "Navarro",
    "Peña",
    "Ríos",
    "Valencia",
    "Quintero",
    "Soto",
    "Contreras",
    "Fuentes",
    "Araya",
    "Espinoza",
    "Sepúlveda",
    "Guzmán",
    "Cortés",
    "Ibáñez",
    "Zúñiga",
    "Herrera",
    "Medina",
    "Campos",
    "Vega",
    "Núñez",
    "Paredes",
    "Lozano",
    "Villalobos",
]

SITES = [
    ("cdmx", "Ciudad de México", "Ciudad de México", "MX", "America/Mexico_City"),
    ("bogota", "Bogotá", "Bogotá", "CO", "America/Bogota"),
    ("santiago", "Santiago", "Santiago", "CL", "America/Santiago"),
]
TEAM_NAMES = ["Temprana A", "Temprana B", "Media", "Tardía", "Legal"]
SPECIALISATIONS = [
    (
        "early_stage",
        "Cobranza temprana",
        "Gestión de cartera con 1 a 60 días de atraso: contacto, verificación del titular, recordatorios y promesas de pago.",
    ),
    (
        "late_stage",
        "Cobranza tardía",
        "Gestión de cartera con más de 60 días de atraso: convenios, reestructuras y casos difíciles.",
    ),
    (
        "legal",
        "Recuperación legal",
        "Cartera en etapa legal: qué puede decirse sobre consecuencias legales y cuándo debe detenerse la gestión.",
    ),
    (
        "negotiation",
        "Negociación y convenios de pago",
        "Negociación basada en intereses, estructura de la llamada, promesas y manejo de objeciones.",
    ),
    (
        "compliance",
        "Cumplimiento regulatorio",
        "Normas de cobranza y protección de datos en México, Colombia, Chile, Perú y Estados Unidos.",
    ),
]
BUCKET_SPECIALISATION = {
    "1-30": "early_stage",
    "31-60": "early_stage",
    "61-90": "late_stage",
    "91-180": "late_stage",
    "180+": "late_stage",
    "legal": "legal",
}
CLIENTS = {
    "MX": ["Banco Meridiano", "Financiera Sol Azteca"],
    "CO": ["Banco Cordillera", "Telecom Andina"],
    "CL": ["Retail Austral", "Banco del Pacífico"],
}
DEMO_USERS = [
    # username, role, first, last
    ("agente", Role.AGENT, "María", "García Hernández"),
    ("supervisor", Role.SUPERVISOR, "Ricardo", "Salazar Peña"),
    ("gerente", Role.MANAGER, "Claudia", "Navarro Ríos"),
    ("rrhh", Role.HR, "Patricia", "Lozano Vega"),
    ("editor", Role.EDITOR, "Tomás", "Ibáñez Cortés"),
    ("cumplimiento", Role.COMPLIANCE, "Adriana", "Fuentes Medina"),
    ("analista", Role.ANALYST, "Sergio", "Quintero Campos"),
    ("admin", Role.ADMIN, "Lorena", "Villalobos Soto"),
]


@dataclass
class World:
    today: dt.date
    company: Company
    sites: list[Site] = field(default_factory=list)
    teams: list[Team] = field(default_factory=list)
    campaigns: list[Campaign] = field(default_factory=list)
    specialisations: dict[str, Specialisation] = field(default_factory=dict)
    agents: list[Employee] = field(default_factory=list)
    supervisors: list[Employee] = field(default_factory=list)
    users: dict[str, User] = field(default_factory=dict)

    def rng(self, salt: str) -> random.Random:
        """A deterministic random generator per seeder."""
        return random.Random(f"{SEED}-{salt}")


def _user(username: str, role: str, first: str, last: str, *, usable: bool) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "email": f"{username}@acredita.demo",
            "first_name": first,
            "last_name": last,
            "role": role,
            "is_superuser": role == Role.ADMIN,
            "is_staff": role in (Role.EDITOR, Role.ADMIN),
            "language": "es",
        },
    )
    if created:
        if usable:
            user.set_password(DEMO_PASSWORD)
        else:
            user.set_unusable_password()
        user.save(update_fields=["password"])
        user_set_role(actor=None, user=user, role=role)  # the CMS group of editors
    return user


def seed_world(*, stdout=None) -> World:
    rng = random.Random(SEED)
    today = timezone.localdate()
    DemoMarker.objects.get_or_create(pk=1)
    company, _ = Company.objects.get_or_create(
        name="Recupera Latam", defaults={"legal_name": "Recupera Latam S.A. de C.V.", "currency": "MXN"}
    )
    world = World(today=today, company=company)
    for code, name, description in SPECIALISATIONS:
        spec, _ = Specialisation.objects.get_or_create(code=code, defaults={"name": name, "description": description})
        world.specialisations[code] = spec

    for username, role, first, last in DEMO_USERS:
        world.users[username] = _user(username, role, first, last, usable=True)

    for code, name, city, country, tz in SITES:
        site, _ = Site.objects.get_or_create(
            code=code, defaults={"company": company, "name": name, "city": city, "country": country, "timezone": tz}
        )
        world.sites.append(site)
        manager = (
            world.users["gerente"]
            if code == "cdmx"
            else _user(f"gerente-{code}", Role.MANAGER, rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), usable=True)
        )
        for i, team_name in enumerate(TEAM_NAMES, start=1):
            team, _ = Team.objects.get_or_create(
                code=f"{code}-{i}", defaults={"site": site, "name": f"{name} · {team_name}"}
            )
            team.managers.add(manager)
            world.teams.append(team)
        for bucket_index, bucket in enumerate(["1-30", "31-60", "61-90", "91-180", "180+", "legal"]):
            client = CLIENTS[country][bucket_index % 2]
            campaign, _ = Campaign.objects.get_or_create(
                code=f"{code}-{bucket}".replace("+", "mas"),
                defaults={
                    "company": company,
                    "name": f"{client} · tramo {bucket}",
                    "client": client,
                    "bucket": bucket,
                    "country": country,
                    "required_specialisation": world.specialisations[BUCKET_SPECIALISATION[bucket]],
                },
            )
            world.campaigns.append(campaign)

    # Supervisors: one per team; the demo user "supervisor" leads the first two teams of CDMX.
    sup_number = 0
    for index, team in enumerate(world.teams):
        if index < 2:
            user = world.users["supervisor"]
        else:
            sup_number += 1
            user = _user(
                f"supervisor{sup_number:02d}",
                Role.SUPERVISOR,
                rng.choice(FIRST_NAMES),
                rng.choice(LAST_NAMES),
                usable=False,
            )
        team.supervisors.add(user)
        if index < 2 and index == 1:
            continue
        employee, _ = Employee.objects.get_or_create(
            employee_code=f"S{index + 1:04d}",
            defaults={
                "company": company,
                "user": user,
                "first_name": user.first_name,
                "last_name": user.last_name,
                "email": user.email,
                "hire_date": dt.date(2021, 3, 1),
                "dialer_login": f"sup{index + 1:03d}",
            },
        )
        TeamMembership.objects.get_or_create(employee=employee, team=team, defaults={"start": dt.date(2021, 3, 1)})
        world.supervisors.append(employee)

    # Agents: A0001 … spread over the teams; campaigns follow the team's bucket.
    team_buckets = {1: ["1-30"], 2: ["31-60"], 3: ["61-90", "91-180"], 4: ["180+"], 5: ["legal"]}
    number = 0
    for team in world.teams:
        site_code, team_index = team.code.split("-")
        campaigns = [c for c in world.campaigns if c.code.startswith(site_code + "-")]
        for _slot in range(AGENTS_PER_TEAM):
            number += 1
            code = f"A{number:04d}"
            if number == 1:
                first, last = "María", "García Hernández"
            else:
                first = rng.choice(FIRST_NAMES)
                last = f"{rng.choice(LAST_NAMES)} {rng.choice(LAST_NAMES)}"
            hire = dt.date(2022, 1, 10) + dt.timedelta(days=rng.randrange(0, 1000))
            employee, created = Employee.objects.get_or_create(
                employee_code=code,
                defaults={
                    "company": company,
                    "first_name": first,
                    "last_name": last,
                    "email": f"{code.lower()}@acredita.demo",
                    "hire_date": hire,
                    "dialer_login": f"ag{number:04d}",
                },
            )
            if created:
                TeamMembership.objects.create(employee=employee, team=team, start=employee.hire_date)
                for bucket in team_buckets[int(team_index)]:
                    campaign = next(c for c in campaigns if c.bucket == bucket)
                    CampaignAssignment.objects.create(employee=employee, campaign=campaign, start=employee.hire_date)
            world.agents.append(employee)
    agent_user = world.users["agente"]
    first_agent = world.agents[0]
    if first_agent.user_id != agent_user.pk:
        first_agent.user = agent_user
        first_agent.email = agent_user.email
        first_agent.save(update_fields=["user", "email"])
    if stdout is not None:
        stdout.write(
            f"  organisation: {len(world.sites)} sites, {len(world.teams)} teams, "
            f"{len(world.agents)} agents, {len(world.campaigns)} campaigns"
        )
    return world
