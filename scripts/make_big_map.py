"""Write tests/sites/big-map: one Spanish journey with 40 touchpoints, 5 personas and 8
departments (long names), to check that the journey map stays readable at that size.

Deterministic: run it again and the files are the same. Usage: python scripts/make_big_map.py
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "tests" / "sites" / "big-map"
PERSONAS = {
    "ana": "Ana García", "bruno": "Bruno Fernández", "carmen": "Carmen Núñez",
    "diego": "Diego Martínez-Ibáñez", "elena": "Elena Castañeda",
}  # fmt: skip
DEPARTMENTS = {
    "atencion-al-cliente": "Atención al cliente", "ventas": "Ventas y captación",
    "operaciones-de-red": "Operaciones de red y campo", "facturacion": "Facturación y cobros",
    "marketing": "Marketing y comunicación", "logistica": "Logística de equipos",
    "legal": "Asesoría jurídica y cumplimiento", "tecnologia": "Tecnología y sistemas",
}  # fmt: skip
STAGES = [
    ("descubrimiento", "Descubrimiento y primeras señales del servicio"),
    ("consideracion", "Consideración"), ("contratacion", "Contratación"),
    ("instalacion", "Instalación en el domicilio"), ("uso", "Uso diario"),
    ("retencion", "Retención y fidelización a largo plazo"),
]  # fmt: skip
CHANNELS = {"web": ("Sitio web", "online"), "telefono": ("Línea de atención", "offline"),
            "tienda": ("Tienda", "offline"), "app": ("Aplicación móvil", "online")}  # fmt: skip
VERBS = [
    "Compara las tarifas de fibra con la competencia", "Llama para preguntar por la cobertura",
    "Recibe la visita del técnico de instalación", "Revisa la primera factura con detalle",
    "Pide ayuda porque el wifi no llega al dormitorio", "Recomienda el servicio a una vecina",
    "Consulta el estado del pedido en la aplicación", "Firma el contrato en la tienda del barrio",
]  # fmt: skip


def write(path: str, text: str) -> None:
    target = ROOT / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def touchpoint(n: int) -> str:
    stage = STAGES[min(n * len(STAGES) // 40, len(STAGES) - 1)][0]
    depts = list(DEPARTMENTS)
    responsible = depts[(n // 3) % len(depts)]
    accountable = depts[(n // 5 + 2) % len(depts)]
    owners = {responsible: "R"}
    owners[accountable] = "[R, A]" if accountable == responsible else "A"
    owners.setdefault(depts[(n + 4) % len(depts)], "C")
    owners.setdefault(depts[(n + 6) % len(depts)], "I")
    emotion = {p: ((n * 3 + i * (n % 4)) % 5) - 2 for i, p in enumerate(PERSONAS)}
    if n % 6 == 0:  # every persona at one spot: their markers must stay distinguishable
        emotion = {p: -2 for p in PERSONAS}
    title = f"{VERBS[n % len(VERBS)]} (paso {n + 1})"
    channel = list(CHANNELS)[n % len(CHANNELS)]
    lines = [
        "---", f"title: {title}", f"stage: {stage}", f"channel: {channel}",
        f"contact: {'indirect' if n % 7 == 3 else 'direct'}",
        "emotion: {" + ", ".join(f"{p}: {v}" for p, v in emotion.items()) + "}",
        f"importance: {1 + (n * 2) % 5}",
        "owners: {" + ", ".join(f"{d}: {v}" for d, v in owners.items()) + "}",
        f"pains: [\"La espera de {n + 2} días sin noticias del pedido, ¿por qué tanto?\"]",
        "gains: [Una persona que explica las tarifas sin jerga]" if n % 3 else "gains: []",
        f"ideas: [{{title: Avisar por SMS en cada cambio (idea {n + 1}), owner: {responsible}, "
        f"status: {['proposed', 'planned', 'doing', 'done'][n % 4]}}}]",
        f"metrics: [{{name: Satisfacción, value: {60 + n % 30}, target: 80}}]",
        f"backstage: [El equipo de {DEPARTMENTS[responsible].lower()} revisa la cola]",
        f"evidence: [\"«No sabía a quién llamar» — entrevista n.º {n + 1}\"]", "---",
        f"Paso {n + 1} del recorrido.", "",
    ]  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    stages = "\n".join(f"  - {{id: {i}, name: {n}}}" for i, n in STAGES)
    write("cjmsite.yml", f"title: Mapa grande de prueba\nlanguage: es\nstages:\n{stages}\n")
    for pid, name in PERSONAS.items():
        write(f"content/personas/{pid}.md", f"---\nname: {name}\n---\n")
    for did, name in DEPARTMENTS.items():
        write(f"content/departments/{did}.md", f"---\nname: {name}\n---\n")
    for cid, (name, kind) in CHANNELS.items():
        write(f"content/channels/{cid}.md", f"---\nname: {name}\nkind: {kind}\n---\n")
    people = ", ".join(PERSONAS)
    write("content/journeys/cambio-de-operador/index.md",
          f"---\ntitle: Cambio de operador de principio a fin\npersonas: [{people}]\n"
          "owner: ventas\n---\n")  # fmt: skip
    for n in range(40):
        write(f"content/journeys/cambio-de-operador/{(n + 1) * 10:03d}-paso-{n + 1}.md",
              touchpoint(n))  # fmt: skip


if __name__ == "__main__":
    main()
