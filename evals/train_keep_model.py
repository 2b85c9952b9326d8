"""Fit the grounded drafter's keep/drop model (``src/echo_notes/ai/drafting/keep_model.json``).

Data: ACI-BENCH training dialogues and their reference notes (``evals/datasets/aci-bench/train.csv``;
CC BY 4.0, see that folder's README) and the audiology development cases (``evals/datasets/audiology-dev``,
weighted ``--audiology-weight`` times, because hearing-care visits are what the product writes). Each
spoken sentence is cleaned exactly as the drafter cleans it and labelled "keep" when at least ``--overlap``
of its content words occur in the visit's reference note. The classifier is logistic regression over the
MiniLM embedding and the surface features of ``echo_notes.ai.drafting.keep``; the decision threshold is the
one whose kept sentences score the best mean ROUGE-1 against the ACI-BENCH reference notes in 5-fold
cross-validation by visit, repeated over four shuffled splits.

``--loo`` also scores the audiology cases leave-one-case-out (each case drafted by a model fitted without
it), which is the honest estimate for hearing-care visits the model has not seen.

    python evals/train_keep_model.py [--overlap 0.5] [--audiology-weight 3] [--loo]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from echo_notes.ai.audiology import interpret, parse_report
from echo_notes.ai.drafting import grounded, keep
from echo_notes.ai.drafting.keep import MODEL_FILE, KeepModel, surface_features
from echo_notes.ai.drafting.metrics import STOP, fact_present, note_text, rouge
from echo_notes.ai.drafting.sources import transcript_sentences

DATASETS = Path(__file__).parent / "datasets"
WORD = re.compile(r"[a-z0-9%]+")
VERSION = "aci-train+audiology-dev-9"
C = 0.5
REPEATS = 4


def content_words(text: str) -> set[str]:
    return {w for w in WORD.findall(text.lower()) if w not in STOP and len(w) > 2}


@dataclass
class Visit:
    features: list[list[float]]
    labels: list[bool]
    texts: list[str]
    reference: str


def visit(dialogue: str, reference: str, overlap: float) -> Visit:
    # Fitted on the turns as the recogniser wrote them, without recovered sentence boundaries: fitted on
    # the recovered fragments, the model's cross-validated threshold rises and hearing-care key facts in
    # leave-one-out fall (0.85), because a fragment alone rarely overlaps a reference note enough.
    every = transcript_sentences(dialogue, recover_boundaries=False)
    pronouns = grounded.patient_pronouns(every)
    # Questions never enter a note (the drafter folds yes/no exchanges separately), so they are not data.
    sentences = [s for s in every if not s.is_question]
    texts = [grounded.spoken_text(s, pronouns) for s in sentences]
    vectors = keep.embed(texts)
    words = content_words(reference)
    last = max(1, len(sentences) - 1)
    features, labels = [], []
    for i, (sentence, text, vector) in enumerate(zip(sentences, texts, vectors, strict=True)):
        own = content_words(text)
        labels.append(bool(own) and len(own & words) / len(own) >= overlap)
        unplaced = grounded.unplaced(sentence, grounded.spoken_section(sentence, text))
        features.append([*vector, *surface_features(sentence, text, i / last, unplaced)])
    return Visit(features, labels, texts, reference)


def fit(visits: list[Visit], weights: list[float]) -> tuple[LogisticRegression, np.ndarray, np.ndarray]:
    x = np.array([f for v in visits for f in v.features])
    y = np.array([label for v in visits for label in v.labels])
    w = np.array([weight for v, weight in zip(visits, weights, strict=True) for _ in v.labels])
    # A feature that never varies in training (a speaker kind the data lacks) gets unit scale, not 1e-6.
    mean, std = x.mean(axis=0), x.std(axis=0)
    scale = np.where(std > 1e-6, std, 1.0)
    model = LogisticRegression(C=C, max_iter=2000).fit((x - mean) / scale, y, sample_weight=w)
    return model, mean, scale


def as_keep_model(
    model: LogisticRegression, mean: np.ndarray, scale: np.ndarray, threshold: float
) -> KeepModel:
    return KeepModel(
        [float(w) for w in model.coef_[0]],
        float(model.intercept_[0]),
        [float(m) for m in mean],
        [float(s) for s in scale],
        threshold,
        VERSION,
    )


def choose_threshold(aci: list[Visit], audiology: list[Visit], weight: float) -> tuple[float, float]:
    scores_by_threshold: dict[float, list[float]] = {}
    # Visits are split whole, so no visit's sentences are on both sides. One 5-fold split leaves the curve
    # flat and noisy at the top (0.175 to 0.3 within 0.25 points): changing a handful of the 5,900 training
    # sentences moved the best threshold a step. Averaged over REPEATS shuffled splits it is steadier.
    splits = [
        split
        for seed in range(REPEATS)
        for split in KFold(n_splits=5, shuffle=True, random_state=seed).split(np.arange(len(aci)))
    ]
    for train, test in splits:
        model, mean, scale = fit(
            [aci[i] for i in train] + audiology, [1.0] * len(train) + [weight] * len(audiology)
        )
        for i in test:
            z = (np.array(aci[i].features) - mean) / scale
            probabilities = model.predict_proba(z)[:, 1]
            for threshold in np.arange(0.025, 0.5, 0.025):
                kept = [t for t, p in zip(aci[i].texts, probabilities, strict=True) if p >= threshold]
                scores_by_threshold.setdefault(round(float(threshold), 3), []).append(
                    rouge(" ".join(kept), aci[i].reference)["rouge1"]
                )
    means = {t: statistics.mean(scores) for t, scores in scores_by_threshold.items()}
    print("cross-validated ROUGE-1 by threshold:", " ".join(f"{t}:{m:.2f}" for t, m in sorted(means.items())))
    # The best one. A rule preferring a lower threshold "within noise" of the best flipped between 0.175
    # and 0.25 on a 0.01-point difference, and the lower one wrote longer notes (0.466 against 0.441 of
    # their source on the audiology cases) scoring lower ROUGE-1 (56.3 against 57.2).
    chosen = max(means, key=lambda t: means[t])
    return chosen, means[chosen]


def constant(model: KeepModel) -> Callable[[], KeepModel]:
    return lambda: model


def leave_one_case_out(
    cases: list[dict], aci: list[Visit], audiology: list[Visit], weight: float, threshold: float
) -> None:  # type: ignore[type-arg]
    recalls, rouge1, lengths, forbidden = [], [], [], 0
    for k, case in enumerate(cases):
        others = [v for j, v in enumerate(audiology) if j != k]
        model, mean, scale = fit(aci + others, [1.0] * len(aci) + [weight] * len(others))
        documents = [(d["name"], d["text"]) for d in case["documents"]]
        findings = interpret(parse_report("\n\n".join(t for _, t in documents)))
        held_out = constant(as_keep_model(model, mean, scale, threshold))
        with (
            mock.patch.object(keep, "keep_model", held_out),
            mock.patch.object(grounded, "keep_model", held_out),
        ):
            note = note_text(grounded.draft(case["transcript"], documents, findings).sections())
        gold = case["gold"]
        recalls.append(sum(fact_present(f, note) for f in gold["key_facts"]) / len(gold["key_facts"]))
        forbidden += sum(fact_present(f, note) for f in gold["forbidden_facts"])
        rouge1.append(rouge(note, note_text(case["reference_note"]))["rouge1"])
        source = " ".join([case["transcript"], *(t for _, t in documents)])
        lengths.append(len(note.split()) / len(source.split()))
    print(
        f"audiology cases, leave one case out: key-fact recall {statistics.mean(recalls):.3f}, "
        f"forbidden {forbidden}, ROUGE-1 {statistics.mean(rouge1):.1f}, length {statistics.mean(lengths):.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--overlap", type=float, default=0.5)
    parser.add_argument("--audiology-weight", type=float, default=3.0)
    parser.add_argument("--loo", action="store_true")
    parser.add_argument(
        "--threshold", type=float, help="use this threshold instead of the cross-validated one (to compare)"
    )
    args = parser.parse_args()
    aci_rows = list(csv.DictReader((DATASETS / "aci-bench" / "train.csv").open()))
    aci = [visit(r["dialogue"], r["note"], args.overlap) for r in aci_rows]
    cases = [
        json.loads(line) for line in (DATASETS / "audiology-dev" / "cases.jsonl").read_text().splitlines()
    ]
    audiology = [visit(c["transcript"], note_text(c["reference_note"]), args.overlap) for c in cases]
    sentences = sum(len(v.labels) for v in aci + audiology)
    print(f"{sentences} sentences from {len(aci)} ACI-BENCH visits and {len(audiology)} audiology cases")
    threshold, score = args.threshold, None
    if threshold is None:
        threshold, score = choose_threshold(aci, audiology, args.audiology_weight)
        print(f"threshold {threshold:.3f}: cross-validated ACI-BENCH ROUGE-1 of kept sentences {score:.1f}")
    if args.loo:
        leave_one_case_out(cases, aci, audiology, args.audiology_weight, threshold)
    model, mean, scale = fit(aci + audiology, [1.0] * len(aci) + [args.audiology_weight] * len(audiology))
    MODEL_FILE.write_text(
        json.dumps(
            {
                "version": VERSION,
                "trained_on": "ACI-BENCH train (67 visits) + audiology development cases (12, weighted "
                f"{args.audiology_weight:g}x)",
                "overlap": args.overlap,
                "cv_rouge1": None if score is None else round(score, 2),
                "threshold": threshold,
                "weights": [round(float(w), 6) for w in model.coef_[0]],
                "bias": round(float(model.intercept_[0]), 6),
                "mean": [round(float(m), 6) for m in mean],
                "scale": [round(float(s), 6) for s in scale],
            }
        )
    )
    print(f"wrote {MODEL_FILE}")


if __name__ == "__main__":
    main()
