"""PII masking and NER speed on a 1,000-word visit transcript; PII beside stock Presidio.

Both use the same offline spaCy model. Stock Presidio runs its predefined English recognizers; Echo Notes
adds the hearing-care recognizers and the document-level steps (cued names, name propagation, date-of-birth
and insurance context, merging). NER is the medspaCy rule backend with ConText; its baseline is the bare
spaCy model's own NER pass over the same text. Prints latency (p50/p95 over repeated runs) and words/s.

    python bench/pii_ner_throughput.py [--runs 20]
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from echo_notes.ai.ner import MedspacyNer
from echo_notes.ai.pii import PiiEngine
from echo_notes.ai.pii.engine import SPACY_MODEL

CASES = Path(__file__).parents[1] / "evals" / "datasets" / "audiology-dev" / "cases.jsonl"


def transcript_of(words: int) -> str:
    texts = [json.loads(line)["transcript"] for line in CASES.read_text().splitlines()]
    tokens = " ".join(texts).split(" ")
    return " ".join(tokens[:words])


def stock_presidio() -> Callable[[str], object]:
    import tldextract
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    from presidio_analyzer.predefined_recognizers import EmailRecognizer

    nlp_engine = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": SPACY_MODEL}],
        }
    ).create_engine()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(nlp_engine=nlp_engine, languages=["en"])
    # Offline: the e-mail recognizer's domain check must not try to download the public-suffix list.
    for recognizer in registry.recognizers:
        if isinstance(recognizer, EmailRecognizer):
            recognizer.tld_extractor = tldextract.TLDExtract(suffix_list_urls=())
    engine = AnalyzerEngine(nlp_engine=nlp_engine, registry=registry, supported_languages=["en"])
    return lambda text: engine.analyze(text=text, language="en")


def measure(analyze: Callable[[str], object], text: str, runs: int) -> list[float]:
    analyze(text)  # warm-up
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        analyze(text)
        timings.append(time.perf_counter() - started)
    return timings


def main() -> None:
    logging.disable(logging.WARNING)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    text = transcript_of(1000)
    words = len(text.split())
    import spacy

    echo = PiiEngine()
    ner = MedspacyNer()
    ner.load()
    bare = spacy.load(SPACY_MODEL)
    results = {
        "PII: stock Presidio (same spaCy model)": measure(stock_presidio(), text, args.runs),
        "PII: Echo Notes engine": measure(echo.analyze, text, args.runs),
        "NER: bare spaCy pipeline (baseline)": measure(bare, text, args.runs),
        "NER: medspaCy rules + ConText": measure(ner.extract, text, args.runs),
    }
    print(f"{words}-word transcript, {args.runs} runs")
    print(f"{'engine':<42}{'p50 ms':>9}{'p95 ms':>9}{'words/s':>10}")
    for label, timings in results.items():
        p50 = statistics.median(timings)
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(f"{label:<42}{p50 * 1000:>9.1f}{p95 * 1000:>9.1f}{words / p50:>10.0f}")


if __name__ == "__main__":
    main()
