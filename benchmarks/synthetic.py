"""Synthetic teasers for the benchmarks: French and English, filler and news, from templates.

The text only has to look like teasers to the pipeline (lengths, accents, numbers,
truncated snippets); nothing here is labelled or used for training. A seeded generator
gives the same teasers on every run.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

HEADLINES = [
    "Santé : ce signe sur vos {part} qui doit vous alerter",
    "{n} aliments à éviter après {age} ans selon un {expert}",
    "Ce {thing} que vous faites chaque matin abîme votre {part}",
    "Voici pourquoi votre {part} vous fait mal la nuit",
    "{city} : le conseil municipal vote un budget de {n} millions d'euros",
    "Le gouvernement présente sa réforme des retraites devant le Sénat mardi",
    "{city} : {n} blessés dans un accident sur l'autoroute A{n}",
    "Grève à la SNCF : le trafic perturbé jusqu'à {day} sur les lignes {city}",
    "This {thing} in your kitchen could be making you sick, {expert}s warn",
    "{n} signs your {part} is trying to tell you something",
    "Doctors stunned by this simple {thing} trick for a healthier {part}",
    "{city} council approves ${n} million budget for new schools",
    "Storm leaves {n} homes without power across {city} on {day}",
    "Central bank holds interest rates at {n}% as inflation slows",
]
SNIPPETS = [
    "Beaucoup de gens l'ignorent, mais ce détail peut révéler un problème de santé...",
    "Les spécialistes sont formels : ce geste du quotidien a des effets inattendus sur le {part}.",
    "Le projet, présenté {day} par le maire de {city}, prévoit {n} nouveaux logements d'ici 2027.",
    "Selon la préfecture, les secours sont intervenus vers {n} heures ; l'enquête est en cours.",
    "",
    "You won't believe what happens when you stop doing this {thing} every day...",
    "The measure, passed {day} by a vote of {n} to 3, takes effect next month in {city}.",
    "Officials said repairs could take until {day}, and warned of further delays.",
]
FILL = {
    "part": ["mains", "ongles", "genoux", "foie", "heart", "skin", "knees", "back"],
    "thing": ["légume", "geste", "habit", "fruit", "drink", "appareil", "gadget"],
    "expert": ["médecin", "nutritionniste", "doctor", "expert", "cardiologue"],
    "city": ["Lyon", "Marseille", "Nantes", "Lille", "Ohio", "Leeds", "Denver", "Brest"],
    "day": ["lundi", "mardi", "jeudi", "Monday", "Friday", "dimanche", "Sunday"],
}


def teasers(count: int, seed: int = 5) -> Iterator[dict[str, str]]:
    """``count`` teaser records (``headline``, ``snippet``, ``url``), the same for a seed."""
    rng = random.Random(seed)

    def fill(template: str) -> str:
        values = {key: rng.choice(words) for key, words in FILL.items()}
        return template.format(n=rng.randint(2, 99), age=rng.choice((40, 50, 60)), **values)

    for number in range(count):
        yield {
            "headline": fill(rng.choice(HEADLINES)),
            "snippet": fill(rng.choice(SNIPPETS)),
            "url": f"/article/{number}",
        }


def write_jsonl(path: Path, count: int, seed: int = 5) -> Path:
    """Write ``count`` synthetic teasers as JSON Lines; returns the path."""
    with open(path, "w", encoding="utf-8") as handle:
        for record in teasers(count, seed):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path
