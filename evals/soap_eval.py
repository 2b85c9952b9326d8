"""SOAP graph on the audiology development cases (key facts, forbidden facts, ROUGE, length, audiology
fields) and on ACI-BENCH validation (ROUGE as in the paper), with the default configuration — or, with
``--configured``, with the drafter and judge the environment configures (``SOAP_DRAFTER=openai`` and an
OpenAI-compatible ``OPENAI_BASE_URL``, or ``SOAP_DRAFTER=hf`` with ``HF_DRAFTER_MODEL_PATH``), so a model
drafter is scored by the same measures as the offline one.

    python evals/soap_eval.py [--cases N] [--no-aci] [--configured]
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import time
from pathlib import Path

from echo_notes.ai.drafting.metrics import fact_present, note_text, rouge
from echo_notes.settings import load_settings
from graphs.soap_note import graph
from graphs.soap_note.context import Context

DATA = Path(__file__).parent / "datasets"


def run(transcript: str, documents: list[dict[str, str]], context: Context) -> dict:  # type: ignore[type-arg]
    return graph.invoke({"transcript": transcript, "documents": documents}, context=context)


def audiology_dev(limit: int | None, context: Context) -> None:
    cases = [json.loads(line) for line in (DATA / "audiology-dev" / "cases.jsonl").read_text().splitlines()]
    recalls, rouge1, lengths, forbidden, fields, field_total, leaks, seconds = [], [], [], 0, 0, 0, 0, []
    print(f"{'case':<8}{'key facts':>10}{'forbidden':>10}{'ROUGE-1':>9}{'length':>8}{'approved':>10}")
    for case in cases[:limit]:
        documents = [{"name": d["name"], "text": d["text"]} for d in case["documents"]]
        started = time.perf_counter()
        result = run(case["transcript"], documents, context)
        seconds.append(time.perf_counter() - started)
        note = note_text(result["note"])
        gold = case["gold"]
        recall = sum(fact_present(f, note) for f in gold["key_facts"]) / len(gold["key_facts"])
        hits = [f for f in gold["forbidden_facts"] if fact_present(f, note)]
        r1 = rouge(note, note_text(case["reference_note"]))["rouge1"]
        source_words = len(" ".join([case["transcript"], *(d["text"] for d in documents)]).split())
        length = len(note.split()) / source_words
        findings = result["findings"]
        for side in ("right", "left"):
            for key, gold_key in (("pta_db", "pta_{}_db"), ("degree", "degree_{}"), ("loss_type", "type_{}")):
                field_total += 1
                fields += findings[side][key] == gold[gold_key.format(side)]
        masked_seen = " ".join(result["draft"].values())
        leaks += sum(1 for item in gold["pii"] if len(item["text"]) > 3 and item["text"] in masked_seen)
        recalls.append(recall)
        rouge1.append(r1)
        lengths.append(length)
        forbidden += len(hits)
        print(
            f"{case['id']:<8}{recall:>10.2f}{len(hits):>10}{r1:>9.1f}{length:>8.2f}"
            f"{result['verdict']['approved']!s:>10}"
        )
    print(
        f"mean: key-fact recall {statistics.mean(recalls):.3f}, forbidden facts {forbidden}, "
        f"ROUGE-1 {statistics.mean(rouge1):.1f}, length {statistics.mean(lengths):.2f} of source, "
        f"audiology fields {fields}/{field_total}, identifiers in judged (masked) drafts {leaks}, "
        f"p50 {statistics.median(seconds):.2f} s per case"
    )


def aci_validation(context: Context) -> None:
    with (DATA / "aci-bench" / "valid.csv").open() as handle:
        rows = list(csv.DictReader(handle))
    scores = {"rouge1": [], "rouge2": [], "rougeLsum": []}  # type: ignore[var-annotated]
    for row in rows:
        result = run(row["dialogue"], [], context)
        for name, value in rouge(note_text(result["note"]), row["note"]).items():
            scores[name].append(value)
    print(
        "ACI-BENCH validation (20 notes): "
        + ", ".join(f"{name} {statistics.mean(values):.1f}" for name, values in scores.items())
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=None)
    parser.add_argument("--no-aci", action="store_true")
    parser.add_argument(
        "--configured", action="store_true", help="use the drafter and judge the environment configures"
    )
    args = parser.parse_args()
    # The graph's defaults, or with --configured the environment's settings.
    context = Context.from_settings(load_settings(), {}) if args.configured else Context()
    print(f"drafter {context.drafter}, judge {context.judge}")
    audiology_dev(args.cases, context)
    if not args.no_aci:
        aci_validation(context)


if __name__ == "__main__":
    main()
