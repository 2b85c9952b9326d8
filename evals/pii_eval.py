"""PII detection scored per identifier type: on the audiology development cases (gold spans of every
identifier type), and on ACI-BENCH train+validation dialogues (patient first and family names, doctor names
and ages over 89 from the metadata, every case-insensitive whole-word occurrence in the dialogue).

    python evals/pii_eval.py [--missed]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import time
from pathlib import Path

from echo_notes.ai.pii import PiiEngine
from echo_notes.ai.pii.metrics import new_scores, score

CASES = Path(__file__).parent / "datasets" / "audiology-dev" / "cases.jsonl"
ACI = Path(__file__).parent / "datasets" / "aci-bench"


def aci_gold(meta: dict[str, str], dialogue: str) -> list[dict[str, str]]:
    """Gold strings as they occur in the (lower-case) dialogue."""
    gold = []
    names = [meta["patient_firstname"], meta["patient_familyname"], *meta["doctor_name"].split()]
    for name in {n.strip() for n in names if n.strip() and n.strip(".").lower() not in {"dr", "doctor"}}:
        for match in re.finditer(rf"(?i)\b{re.escape(name)}\b", dialogue):
            gold.append({"text": match.group(0), "type": "PERSON"})
    age = meta["patient_age"].strip()
    if age.isdigit() and int(age) > 89:
        for match in re.finditer(rf"\b{age}\b[- ]years?[- ]old", dialogue):
            gold.append({"text": match.group(0), "type": "AGE_OVER_89"})
    return gold


def print_table(title: str, scores, missed: bool) -> None:  # noqa: ANN001
    print(title)
    print(f"{'type':<24}{'gold':>6}{'recall':>9}{'found':>7}{'precision':>11}{'F2':>7}")
    for entity, s in sorted(scores.items()):
        if not s.gold and title.startswith("ACI"):
            continue  # ACI-BENCH metadata only labels names and ages: other findings cannot be scored
        print(f"{entity:<24}{s.gold:>6}{s.recall:>9.3f}{s.predicted:>7}{s.precision:>11.3f}{s.f2:>7.3f}")
        if missed and s.missed:
            print("    missed:", sorted(set(s.missed)))
        if missed and s.false_positives:
            print("    not identifiers:", sorted(set(s.false_positives)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--missed", action="store_true", help="list the gold strings that were not masked")
    args = parser.parse_args()
    engine = PiiEngine()
    scores = new_scores()
    started = time.perf_counter()
    for line in CASES.read_text().splitlines():
        case = json.loads(line)
        texts = [case["transcript"], *(d["text"] for d in case["documents"])]
        score(texts, engine.analyze_bundle(texts), case["gold"]["pii"], scores)
    elapsed = time.perf_counter() - started
    print_table("Audiology development cases (AUD001-AUD012)", scores, args.missed)
    print(f"({elapsed:.1f} s, including model load)\n")
    aci_scores = new_scores()
    for split in ("train", "valid"):
        with (ACI / f"{split}.csv").open() as dialogues, (ACI / f"{split}_metadata.csv").open() as metadata:
            meta = {row["encounter_id"]: row for row in csv.DictReader(metadata)}
            for row in csv.DictReader(dialogues):
                text = row["dialogue"]
                score(
                    [text],
                    engine.analyze_bundle([text]),
                    aci_gold(meta[row["encounter_id"]], text),
                    aci_scores,
                )
    print_table(
        "ACI-BENCH train + validation (87 dialogues; names and ages from metadata)", aci_scores, args.missed
    )


if __name__ == "__main__":
    main()
