"""The headers each format is recognised by, and the one clear error for a file that is none of them."""

from __future__ import annotations

from flux_tui.importers._core import Columns, Table, norm_header, read_table
from flux_tui.importers.model import ImportFormatError

STRONG_FIELDS = {  # Strong's header cell (norm_header) -> field
    "workout #": "workout_no",
    "date": "date",
    "workout name": "title",
    "duration": "duration",
    "workout duration": "duration",
    "duration (sec)": "duration",
    "duration (s)": "duration",
    "duration (seconds)": "duration",
    "exercise name": "exercise",
    "set order": "set_order",
    "weight": "weight",
    "weight (kg)": "weight_kg",
    "weight (kgs)": "weight_kg",
    "weight (lb)": "weight_lb",
    "weight (lbs)": "weight_lb",
    "weight unit": "weight_unit",
    # Strong's 2016 layout names the weight and distance columns by their unit alone
    # (tests/fixtures/real/strong/mlahoz-2016.csv: `kg`, `km`)
    "kg": "weight_kg",
    "kgs": "weight_kg",
    "lb": "weight_lb",
    "lbs": "weight_lb",
    "km": "distance_km",
    "mi": "distance_mi",
    "miles": "distance_mi",
    "reps": "reps",
    "rpe": "rpe",
    "distance": "distance",
    "distance (m)": "distance_m",
    "distance (meters)": "distance_m",
    "distance (metres)": "distance_m",
    "distance (km)": "distance_km",
    "distance (mi)": "distance_mi",
    "distance (miles)": "distance_mi",
    "distance unit": "distance_unit",
    "seconds": "seconds",
    "notes": "notes",
    "workout notes": "workout_notes",
}
# Strong writes its header in the app's language. German and French as seen in real exports
# (/tests/fixtures/real/strong/simongomez-fr.csv); Spanish, Italian and Portuguese as the app's
# words for the same columns. Matched after norm_header (case and accents folded).
TRANSLATED = {
    "date": ("Datum", "Fecha", "Data"),
    "title": ("Trainingsname", "Nom de l'entraînement", "Nombre del entrenamiento", "Nome dell'allenamento",
              "Nome do treino"),
    "duration": ("Dauer", "Durée", "Duración", "Durata", "Duração", "Trainingsdauer", "Durée de l'entraînement",
                 "Duración del entrenamiento", "Durata dell'allenamento", "Duração do treino"),
    "exercise": ("Übungsname", "Nom de l'exercice", "Nombre del ejercicio", "Nome dell'esercizio",
                 "Nome do exercício"),
    "set_order": ("Reihenfolge festlegen", "Satzreihenfolge", "Ordre de la série", "Ordre des séries",
                  "Orden de la serie", "Orden de series", "Ordine della serie", "Ordine delle serie",
                  "Ordem da série", "Ordem das séries"),
    "weight": ("Gewicht", "Poids", "Peso"),
    "weight_unit": ("Gewichtseinheit", "Unité de poids", "Unidad de peso", "Unità di peso", "Unidade de peso"),
    "reps": ("Wiederholungen", "Wdh.", "Réps", "Répétitions", "Repeticiones", "Reps.", "Ripetizioni", "Rip.",
             "Repetições", "Rep."),
    "distance": ("Entfernung", "Distanz", "Distancia", "Distanza", "Distância"),
    "distance_unit": ("Entfernungseinheit", "Unité de distance", "Unidad de distancia", "Unità di distanza",
                      "Unidade de distância"),
    "seconds": ("Sekunden", "Secondes", "Segundos", "Secondi"),
    "notes": ("Notizen", "Notes", "Notas", "Note"),
    "workout_notes": ("Workout-Notizen", "Trainingsnotizen", "Notes de l'entraînement", "Notas del entrenamiento",
                      "Note dell'allenamento", "Notas do treino"),
}
STRONG_FIELDS.update({norm_header(name): field for field, names in TRANSLATED.items() for name in names})
STRONG_REQUIRED = ("date", "exercise", "set_order")

EXPECTED = {
    "strong": (
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"
        " (or with Weight Unit and Distance Unit columns; semicolon-separated with Workout Duration on Android;"
        " or the same in German, French, Spanish, Italian or Portuguese)"
    ),
    "hevy": (
        "title,start_time,end_time,description,exercise_title,superset_id,exercise_notes,set_index,set_type,"
        "weight_kg,reps,distance_km,duration_seconds,rpe (or weight_lbs / distance_miles)"
    ),
    "fitnotes": (
        "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time,Comment"
        " (or Weight,Weight Unit instead of Weight (kgs))"
    ),
}
NAMES = {"strong": "Strong", "hevy": "Hevy", "fitnotes": "FitNotes"}


def guess_kind(header: list[str]) -> str | None:
    """Which export a normalised header looks like, from its marker columns."""
    names = set(header)
    if set(STRONG_REQUIRED) <= {STRONG_FIELDS.get(name) for name in names}:  # in any of the app's languages
        return "strong"
    if {"start_time", "exercise_title"} <= names:
        return "hevy"
    if {"date", "exercise"} <= names and ("reps" in names or "category" in names):
        return "fitnotes"
    return None


def expected_error(kind: str, header: list[str], raw_header: list[str]) -> ImportFormatError:
    found = ",".join(cell.strip() for cell in raw_header)
    if len(found) > 200:
        found = found[:200] + "…"
    message = f"not a {NAMES[kind]} export: the first line should be the header {EXPECTED[kind]}; found: {found!r}"
    other = guess_kind(header)
    if other is not None and other != kind:
        message += f" (this looks like a {NAMES[other]} export: import it as '{other}')"
    return ImportFormatError(message)


def read_export(kind: str, text: str, fields: dict[str, str], required: tuple[str, ...]) -> tuple[Table, Columns]:
    """The export's table and the columns its format knows; the clear error when a required one is missing."""
    table = read_table(text)
    cols = Columns(table.header, fields)
    if any(f not in cols for f in required):
        raise expected_error(kind, table.header, table.raw_header)
    return table, cols
