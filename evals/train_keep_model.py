"""Fit the grounded drafter's keep/drop model (``src/echo_notes/ai/drafting/keep_model.json``).

Data: ACI-BENCH training dialogues and their reference notes (``evals/datasets/aci-bench/train.csv``;
CC BY 4.0, see that folder's README). Each spoken sentence is cleaned exactly as the drafter cleans it and
labelled "keep" when at least ``--overlap`` of its content words occur in the visit's reference note. The
classifier is logistic regression over the MiniLM embedding and the surface features of
``echo_notes.ai.drafting.keep``; the decision threshold is the one whose kept sentences give the best mean
ROUGE-1 against the reference notes in 5-fold cross-validation grouped by visit — training data only.

    python evals/train_keep_model.py [--overlap 0.6]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import statistics
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from echo_notes.ai.drafting import grounded
from echo_notes.ai.drafting.keep import MODEL_FILE, surface_features
from echo_notes.ai.drafting.metrics import STOP, rouge
from echo_notes.ai.drafting.sources import transcript_sentences
from echo_notes.ai.runtime import local_embedder

DATA = Path(__file__).parent / "datasets" / "aci-bench" / "train.csv"
WORD = re.compile(r"[a-z0-9%]+")
VERSION = "aci-train-1"


def content_words(text: str) -> set[str]:
    return {w for w in WORD.findall(text.lower()) if w not in STOP and len(w) > 2}


def load(overlap: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[list[str]], list[str]]:
    rows = list(csv.DictReader(DATA.open()))
    features, labels, groups, texts_by_visit, references = [], [], [], [], []
    embedder = local_embedder(None)
    for visit, row in enumerate(rows):
        # Questions never enter a note (the drafter folds yes/no exchanges separately), so they are not data.
        all_sentences = transcript_sentences(row["dialogue"])
        pronouns = grounded.patient_pronouns(all_sentences)
        sentences = [s for s in all_sentences if not s.is_question]
        texts = [grounded.spoken_text(s, pronouns) for s in sentences]
        reference = content_words(row["note"])
        vectors = embedder.embed(texts)
        last = max(1, len(sentences) - 1)
        for i, (sentence, text, vector) in enumerate(zip(sentences, texts, vectors, strict=True)):
            words = content_words(text)
            keep = bool(words) and len(words & reference) / len(words) >= overlap
            features.append([*vector, *surface_features(sentence, text, i / last)])
            labels.append(keep)
            groups.append(visit)
        texts_by_visit.append(texts)
        references.append(row["note"])
    return np.array(features), np.array(labels), np.array(groups), texts_by_visit, references


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--overlap", type=float, default=0.6)
    parser.add_argument("--c", type=float, default=0.5)
    args = parser.parse_args()
    x, y, groups, texts, references = load(args.overlap)
    # A feature that never varies in training (a speaker kind ACI-BENCH lacks) gets unit scale, not 1e-6.
    mean, std = x.mean(axis=0), x.std(axis=0)
    scale = np.where(std > 1e-6, std, 1.0)
    z = (x - mean) / scale
    print(f"{len(y)} sentences from {len(texts)} visits, {y.mean():.1%} labelled keep")

    probabilities = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=5).split(z, y, groups):
        model = LogisticRegression(C=args.c, max_iter=2000).fit(z[train], y[train])
        probabilities[test] = model.predict_proba(z[test])[:, 1]
    best = (0.0, 0.5)
    for threshold in np.arange(0.025, 0.5, 0.025):
        scores = []
        for visit, reference in enumerate(references):
            mask = groups == visit
            kept = [t for t, p in zip(texts[visit], probabilities[mask], strict=True) if p >= threshold]
            scores.append(rouge(" ".join(kept), reference)["rouge1"])
        score = statistics.mean(scores)
        words = statistics.mean(
            sum(
                len(t.split())
                for t, p in zip(texts[v], probabilities[groups == v], strict=True)
                if p >= threshold
            )
            for v in range(len(references))
        )
        print(f"threshold {threshold:.3f}: cross-validated ROUGE-1 {score:.1f} ({words:.0f} words)")
        best = max(best, (score, float(threshold)))
    model = LogisticRegression(C=args.c, max_iter=2000).fit(z, y)
    MODEL_FILE.write_text(
        json.dumps(
            {
                "version": VERSION,
                "trained_on": "ACI-BENCH train (67 visits)",
                "overlap": args.overlap,
                "cv_rouge1": round(best[0], 2),
                "threshold": round(best[1], 2),
                "weights": [round(float(w), 6) for w in model.coef_[0]],
                "bias": round(float(model.intercept_[0]), 6),
                "mean": [round(float(m), 6) for m in mean],
                "scale": [round(float(s), 6) for s in scale],
            }
        )
    )
    print(f"wrote {MODEL_FILE} (threshold {best[1]:.2f}, cross-validated ROUGE-1 {best[0]:.1f})")


if __name__ == "__main__":
    main()
