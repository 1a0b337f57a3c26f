"""Exports written in the app's language (issue 13, item 7) and the assumptions a file forces (item 8):
Hevy times with localized month names, Strong's translated headers, FitNotes' unquoted commas,
the unit taken for a file that names none. Real exports where they exist (tests/fixtures/real)."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone
from pathlib import Path

import pytest

from flux_tui.importers import detect_kind, parse_text
from flux_tui.importers.hevy import _localized
from tests.importers.real_corpus import entries

UTC = timezone.utc
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
REAL = {e.file: e for e in entries()}


@pytest.mark.parametrize("text, expected", [
    ("13 Mar 2026, 15:22", (2026, 3, 13, 15, 22)),                # en, as Hevy writes by default
    ("May 7, 2026, 6:13 AM", (2026, 5, 7, 6, 13)),                # en-US: month first, 12-hour clock
    ("Jun 11, 2026, 12:01\u202fPM", (2026, 6, 11, 12, 1)),        # narrow no-break space before PM
    ("Apr 12, 2026, 12:29 AM", (2026, 4, 12, 0, 29)),             # 12 AM is just after midnight
    ("11 juin 2025, 13:24", (2025, 6, 11, 13, 24)),               # fr, full month
    ("5 déc. 2025, 11:37", (2025, 12, 5, 11, 37)),                # fr, abbreviated with a dot
    ("7 juil. 2025, 08:00", (2025, 7, 7, 8, 0)),
    ("3 févr. 2025, 10:05", (2025, 2, 3, 10, 5)),
    ("1 août 2025, 10:00", (2025, 8, 1, 10, 0)),
    ("2 sept. 2025, 18:00", (2025, 9, 2, 18, 0)),
    ("11. Juni 2025, 13:24", (2025, 6, 11, 13, 24)),              # de: day with a dot, full month
    ("3. März 2025, 07:00", (2025, 3, 3, 7, 0)),
    ("1. Okt. 2025, 19:45", (2025, 10, 1, 19, 45)),
    ("12 ene 2025, 10:00", (2025, 1, 12, 10, 0)),                 # es
    ("9 dic. 2025, 21:10", (2025, 12, 9, 21, 10)),
    ("12 may 2025, 1:00 p. m.", (2025, 5, 12, 13, 0)),            # es 12-hour clock
    ("12 giu 2025, 10:00", (2025, 6, 12, 10, 0)),                 # it
    ("30 ott 2025, 06:30", (2025, 10, 30, 6, 30)),
    ("4 de set. de 2026, 15:16", (2026, 9, 4, 15, 16)),           # pt, as a real export writes it
    ("31 de ago. de 2026, 9:00", (2026, 8, 31, 9, 0)),
    ("12 de dezembro de 2025, 10:00", (2025, 12, 12, 10, 0)),
])
def test_hevy_times_in_every_language(text, expected):
    assert _localized(text) == datetime(*expected)


@pytest.mark.parametrize("text", [
    "12 jui 2025, 10:00",    # juin or juillet: refused rather than guessed
    "31 févr. 2025, 10:00",  # no such day
    "13 Foo 2026, 15:22",
    "13 Mar 2026",           # no time
    "13 Mar, 15:22",         # no year
    "13 PM 2026, 13:22 PM",  # 13 on a 12-hour clock
    "2026-03-13 15:22",      # ISO is read elsewhere (datetime.fromisoformat), not by this rule
])
def test_what_is_not_a_hevy_time_is_refused(text):
    assert _localized(text) is None


@pytest.mark.parametrize("name", ["hevy/arthmnz-pt-dates.csv", "hevy/arardomboi-us-dates.csv",
                                  "hevy/ahmedabdelwahed-us-rpe.csv", "hevy/maxence-us-dates.csv"])
def test_real_hevy_exports_with_localized_or_us_times_import_whole(name, catalog):
    export = REAL[name]
    result = parse_text("hevy", export.text(), catalog=catalog, tz=UTC)
    assert result.errors == [] and result.set_count == export.text().count("\n") - 1 - _multiline(export)
    rows = list(csv.DictReader(io.StringIO(export.text())))
    # every row's time, read by the rule, is one of the sessions' starts
    starts = {s.started_at for s in result.sessions}
    assert {_localized(row["start_time"]).replace(tzinfo=UTC) for row in rows} == starts


def _multiline(export) -> int:
    """Line breaks inside quoted cells (they are not rows)."""
    rows = list(csv.reader(io.StringIO(export.text())))
    return export.text().count("\n") - len(rows)


def test_a_german_hevy_file_reads_as_the_english_one(catalog):
    english = (FIXTURES / "hevy.csv").read_text(encoding="utf-8")
    german = english.replace("13 Mar 2026,", "13. März 2026,").replace("14 Mar 2026,", "14. März 2026,")
    assert german != english
    a = parse_text("hevy", english, catalog=catalog, tz=UTC)
    b = parse_text("hevy", german, catalog=catalog, tz=UTC)
    assert b.errors == [] and [s.started_at for s in b.sessions] == [s.started_at for s in a.sessions]
    assert [s.id for s in b.sessions] == [s.id for s in a.sessions]  # ids are keyed by the moment, not its text


ENGLISH_CLASSIC = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"
TRANSLATED_HEADERS = {
    # as the German app writes it (docs: a real export's header)
    "de": "Datum,Trainingsname,Dauer,Übungsname,Reihenfolge festlegen,Gewicht,Wiederholungen,Entfernung,Sekunden,"
          "Notizen,Workout-Notizen,RPE",
    "fr": "Date,Nom de l'entraînement,Durée,Nom de l'exercice,Ordre de la série,Poids,Réps,Distance,Secondes,"
          "Notes,Notes de l'entraînement,RPE",
    "es": "Fecha,Nombre del entrenamiento,Duración,Nombre del ejercicio,Orden de la serie,Peso,Repeticiones,"
          "Distancia,Segundos,Notas,Notas del entrenamiento,RPE",
    "it": "Data,Nome dell'allenamento,Durata,Nome dell'esercizio,Ordine della serie,Peso,Ripetizioni,Distanza,"
          "Secondi,Note,Note dell'allenamento,RPE",
    "pt": "Data,Nome do treino,Duração,Nome do exercício,Ordem da série,Peso,Repetições,Distância,Segundos,Notas,"
          "Notas do treino,RPE",
}


@pytest.mark.parametrize("language", sorted(TRANSLATED_HEADERS))
def test_a_strong_export_with_a_translated_header_reads_as_the_english_one(language, catalog):
    english = (FIXTURES / "strong_classic.csv").read_text(encoding="utf-8")
    assert english.startswith(ENGLISH_CLASSIC + "\n")
    translated = TRANSLATED_HEADERS[language] + english[len(ENGLISH_CLASSIC):]
    assert detect_kind(translated) == "strong"
    a = parse_text("strong", english, catalog=catalog, tz=UTC)
    b = parse_text("strong", translated, catalog=catalog, tz=UTC)
    assert b.errors == [] and b.variant == a.variant
    assert b.sessions == a.sessions  # every set, title, note and time


def test_the_real_french_strong_export_imports(catalog):
    export = REAL["strong/simongomez-fr.csv"]
    assert detect_kind(export.text()) == "strong"
    result = parse_text("strong", export.text(), catalog=catalog, tz=UTC)
    rows = list(csv.DictReader(io.StringIO(export.text())))
    assert result.errors == [] and result.set_count == len(rows)
    assert result.sessions[0].title == "Entraînement du midi"
    assert (result.sessions[0].completed_at - result.sessions[0].started_at).total_seconds() == 9 * 60


def test_fitnotes_rows_split_by_an_unquoted_comma_are_joined_again(catalog):
    export = REAL["fitnotes/bilallb-unquoted-comma.csv"]
    result = parse_text("fitnotes", export.text(), catalog=catalog, tz=UTC)
    rows = list(csv.reader(io.StringIO(export.text())))
    split = [r for r in rows[1:] if len(r) > len(rows[0])]
    assert split, "the real file holds such rows"
    assert result.errors == [] and result.set_count == len(rows) - 1
    names = {s.metadata["original_name"] for session in result.sessions for s in session.sets}
    assert "Overhead Press (Each Side, Dumbbells)" in names
    joined = [s for session in result.sessions for s in session.sets
              if s.metadata["original_name"] == "Overhead Press (Each Side, Dumbbells)"]
    assert {(s.weight, s.reps, s.metadata["weight_unit"]) for s in joined} >= {(8.0, 5, "kg")}


def test_an_unquoted_comma_that_could_be_in_two_places_is_one_message_with_the_line_and_count(catalog):
    header = "Date,Exercise,Category,Weight (kgs),Reps,Distance,Distance Unit,Time,Comment\n"
    text = header + ("2026-02-01,Bench Press,Chest,60,10,,,,\n"
                     "2026-02-01,Curl, EZ,Arms,20,10,,,,good, hard\n"           # two commas
                     "2026-02-01,Curl, EZ,Arms,20,10,,,,\n"                     # in the name or the category?
                     "2026-02-01,Press (Each Side, Dumbbells),Shoulders,8,5,,,,\n"  # the bracket says: the name
                     "2026-02-01,Row,Back,50,10,,,,,\n")                        # a trailing comma only
    result = parse_text("fitnotes", text, catalog=catalog, tz=UTC)
    message = ("fields where the header has 9, and no one way to join them: a comma inside a name, category"
               " or comment that is not quoted")
    assert [(e.line, e.message) for e in result.errors] == [(3, f"11 {message}"), (4, f"10 {message}")]
    sets = result.sessions[0].sets
    assert [s.metadata["original_name"] for s in sets] == ["Bench Press", "Press (Each Side, Dumbbells)", "Row"]
    assert (sets[1].weight, sets[1].reps, sets[1].metadata["category"]) == (8.0, 5, "Shoulders")


def test_the_unit_taken_for_a_file_that_names_none_is_reported(catalog):
    classic = parse_text("strong", (FIXTURES / "strong_classic.csv").read_text(encoding="utf-8"),
                         catalog=catalog, unit="lb", tz=UTC)
    assert classic.assumed_units == {"weight": "lb", "distance": "mi"}
    with_units = parse_text("strong", (FIXTURES / "strong_ios.csv").read_text(encoding="utf-8"), catalog=catalog)
    assert with_units.assumed_units == {}
    hevy = parse_text("hevy", (FIXTURES / "hevy.csv").read_text(encoding="utf-8"), catalog=catalog)
    assert hevy.assumed_units == {}
