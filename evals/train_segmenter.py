"""Fit the sentence-boundary model for unpunctuated speech (``segment_model.json.gz`` beside ``segment.py``).

Data: conversations that were transcribed *with* punctuation, with it taken away — the punctuated ACI-BENCH
training dialogues (``evals/datasets/aci-bench/train.csv``), the MTS-Dialog training dialogues
(``evals/datasets/mts-dialog``) and the audiology development transcripts; all CC BY 4.0 or the project's
own, see each folder's README. Every gap between two words of a turn is an example: "a sentence ends here"
when the word before it ended in ``.``, ``?`` or ``!``. The punctuated ACI-BENCH *validation* dialogues are
held out and scored (boundary precision, recall, F1) with the threshold chosen on a slice of the training
conversations, so the printed numbers are not tuned on what they measure.

    python evals/train_segmenter.py [--c 0.5]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from echo_notes.ai.drafting.segment import MODEL_FILE, gap_features, word_form
from echo_notes.ai.drafting.sources import SPEAKER, tidy

DATASETS = Path(__file__).parent / "datasets"
VERSION = "aci-train+mts-dialog+audiology-dev-1"
ENDS = re.compile(r"[.!?][\"')\]]*$")
PUNCTUATED = 0.02
"""Sentence marks per word above which a dialogue was transcribed with punctuation."""


def punctuated(dialogue: str) -> bool:
    return len(re.findall(r"[.?!]", dialogue)) / max(1, len(dialogue.split())) >= PUNCTUATED


def turns(dialogue: str) -> list[str]:
    out = []
    for line in dialogue.splitlines():
        match = SPEAKER.match(line)
        text = tidy((line[match.end() :] if match else line).strip())
        if text:
            out.append(text)
    return out


def examples(turn: str) -> tuple[list[list[str]], list[bool]]:
    tokens = turn.split()
    words = [word_form(t) for t in tokens]
    features, labels, run = [], [], 0
    for i in range(len(tokens) - 1):
        run += 1
        end = bool(ENDS.search(tokens[i]))
        features.append(gap_features(words, i, run))
        labels.append(end)
        if end:
            run = 0
    return features, labels


def dataset(dialogues: list[str]) -> tuple[list[dict[str, float]], list[bool]]:
    x: list[dict[str, float]] = []
    y: list[bool] = []
    for dialogue in dialogues:
        for turn in turns(dialogue):
            features, labels = examples(turn)
            x += [dict.fromkeys(f, 1.0) for f in features]
            y += labels
    return x, y


def decode(model: LogisticRegression, vectorizer: DictVectorizer, turn: str, threshold: float) -> list[bool]:
    """Left to right, as the drafter reads: the run length is counted from the last boundary placed."""
    tokens = turn.split()
    words = [word_form(t) for t in tokens]
    out, run = [], 0
    for i in range(len(tokens) - 1):
        run += 1
        p = model.predict_proba(vectorizer.transform([dict.fromkeys(gap_features(words, i, run), 1.0)]))[0, 1]
        out.append(bool(p >= threshold))
        if out[-1]:
            run = 0
    return out


def score(
    model: LogisticRegression, vectorizer: DictVectorizer, dialogues: list[str], threshold: float
) -> tuple[float, float, float]:
    hit = predicted = actual = 0
    for dialogue in dialogues:
        for turn in turns(dialogue):
            _, truth = examples(turn)
            guess = decode(model, vectorizer, turn, threshold)
            hit += sum(a and b for a, b in zip(truth, guess, strict=True))
            predicted += sum(guess)
            actual += sum(truth)
    precision, recall = hit / max(1, predicted), hit / max(1, actual)
    return precision, recall, f_beta(precision, recall, 1.0)


def f_beta(precision: float, recall: float, beta: float) -> float:
    return (1 + beta**2) * precision * recall / max(1e-9, beta**2 * precision + recall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--c", type=float, default=0.5, help="inverse regularisation strength")
    args = parser.parse_args()
    aci = [r["dialogue"] for r in csv.DictReader((DATASETS / "aci-bench" / "train.csv").open())]
    mts = [
        r["dialogue"] for r in csv.DictReader((DATASETS / "mts-dialog" / "MTS-Dialog-TrainingSet.csv").open())
    ]
    audiology = [
        json.loads(line)["transcript"]
        for line in (DATASETS / "audiology-dev" / "cases.jsonl").read_text().splitlines()
    ]
    valid = [r["dialogue"] for r in csv.DictReader((DATASETS / "aci-bench" / "valid.csv").open())]
    training = [d for d in aci + mts + audiology if punctuated(d)]
    held_out = [d for d in valid if punctuated(d)]
    # The threshold is chosen on every tenth training conversation, fitted on the rest, by F0.5: a boundary
    # placed wrongly cuts a statement in two (each half may be dropped), a boundary missed only leaves a
    # longer sentence, so precision counts twice.
    tune = training[::10]
    rest = [d for i, d in enumerate(training) if i % 10]
    vectorizer = DictVectorizer()
    x, y = dataset(rest)
    model = LogisticRegression(C=args.c, max_iter=3000).fit(vectorizer.fit_transform(x), y)
    threshold = max(
        (round(float(t), 2) for t in np.arange(0.1, 0.9, 0.05)),
        key=lambda t: f_beta(*score(model, vectorizer, tune, t)[:2], 0.5),
    )
    x, y = dataset(training)
    vectorizer = DictVectorizer()
    model = LogisticRegression(C=args.c, max_iter=3000).fit(vectorizer.fit_transform(x), y)
    precision, recall, f1 = score(model, vectorizer, held_out, threshold)
    print(
        f"{len(training)} conversations, {len(y)} gaps; threshold {threshold}; held-out ACI-BENCH validation "
        f"({len(held_out)} punctuated dialogues, punctuation removed): precision {precision:.3f} "
        f"recall {recall:.3f} F1 {f1:.3f}"
    )
    names = vectorizer.get_feature_names_out()
    weights = {
        str(n): round(float(w), 3) for n, w in zip(names, model.coef_[0], strict=True) if abs(w) >= 0.01
    }
    payload = {
        "version": VERSION,
        "bias": float(model.intercept_[0]),
        "threshold": threshold,
        "weights": weights,
    }
    MODEL_FILE.write_bytes(gzip.compress(json.dumps(payload, sort_keys=True).encode(), mtime=0))
    print(f"{len(weights)} weights → {MODEL_FILE} ({MODEL_FILE.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
