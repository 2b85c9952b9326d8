"""SOAP graph latency on a ~1,500-word visit with the default configuration, and the graph's own overhead.

End to end is the compiled graph on a transcript plus its audiogram report. "Model time" is the same work
done by calling the AI capabilities directly (PII masking, NER, audiology, drafting, validation) without
LangGraph; the difference is what the graph machinery itself costs.

    python bench/soap_latency.py [--runs 15]
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import time
from pathlib import Path

from echo_notes.ai.audiology import interpret, parse_report
from echo_notes.ai.drafting import grounded
from echo_notes.ai.judging.validators import validate
from echo_notes.ai.pii.pseudonymize import pseudonymize
from echo_notes.ai.runtime import default_ner, default_pii
from graphs.soap_note import graph

CASES = Path(__file__).parents[1] / "evals" / "datasets" / "audiology-dev" / "cases.jsonl"


def visit(words: int) -> tuple[str, list[dict[str, str]]]:
    """The longest development case, padded with further dialogue up to ``words`` words."""
    cases = [json.loads(line) for line in CASES.read_text().splitlines()]
    main = max(cases, key=lambda c: len(c["transcript"].split()))
    transcript = main["transcript"]
    for other in cases:
        if len(transcript.split()) >= words:
            break
        if other is not main and other["transcript"].startswith("["):
            transcript += "\n" + other["transcript"]
    trimmed = " ".join(transcript.split(" ")[:words])
    return trimmed, [{"name": d["name"], "text": d["text"]} for d in main["documents"]]


def direct(transcript: str, documents: list[dict[str, str]]) -> None:
    texts = [transcript, *(d["text"] for d in documents)]
    masked, mapping, _ = pseudonymize(default_pii(), texts)
    default_ner().extract("\n\n".join(masked))
    findings = interpret(parse_report("\n\n".join(masked[1:])))
    note = grounded.draft(
        masked[0], [(d["name"], t) for d, t in zip(documents, masked[1:], strict=True)], findings
    ).sections()
    objective, assessment = grounded.render_findings(findings)
    validate(note, "\n\n".join(masked), " ".join(objective + assessment), list(mapping.originals.values()))


def timed(run, runs: int) -> list[float]:  # noqa: ANN001
    run()  # warm-up: model loads
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        timings.append(time.perf_counter() - started)
    return timings


def main() -> None:
    logging.disable(logging.WARNING)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    transcript, documents = visit(1500)
    words = len(" ".join([transcript, *(d["text"] for d in documents)]).split())
    end_to_end = timed(lambda: graph.invoke({"transcript": transcript, "documents": documents}), args.runs)
    capabilities = timed(lambda: direct(transcript, documents), args.runs)
    print(
        f"SOAP note, {len(transcript.split())}-word transcript + documents ({words} words), {args.runs} runs"
    )
    print(f"{'path':<46}{'p50 ms':>9}{'p95 ms':>9}")
    for label, values in (
        ("capabilities called directly (model time)", capabilities),
        ("graph end to end (default configuration)", end_to_end),
    ):
        p95 = statistics.quantiles(values, n=20)[-1]
        print(f"{label:<46}{statistics.median(values) * 1000:>9.0f}{p95 * 1000:>9.0f}")
    overhead = statistics.median(end_to_end) - statistics.median(capabilities)
    print(f"graph overhead excluding model time (p50 difference): {overhead * 1000:.0f} ms")


if __name__ == "__main__":
    main()
