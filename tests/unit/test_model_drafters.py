"""Model-backed drafting and judging: an OpenAI-compatible endpoint (a local server speaking the published
wire format) and a local HuggingFace model directory.

The privacy test runs every development case through the graph with the OpenAI drafter *and* judge and
proves that no identifier of the input appears in any request the endpoint received.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from echo_notes.ai.drafting import model_backed
from graphs.soap_note import graph
from graphs.soap_note.context import Context

from ..openai_server import API_KEY, OpenAIServer, start_openai_server

CASES = [
    json.loads(line)
    for line in (Path(__file__).parents[2] / "evals/datasets/audiology-dev/cases.jsonl")
    .read_text()
    .splitlines()
]


def _inputs(case):
    return {
        "transcript": case["transcript"],
        "documents": [{"name": d["name"], "text": d["text"]} for d in case["documents"]],
    }


class ScriptedModel:
    """Answers like a careful model would: the drafter copies masked source sentences into sections; the
    judge sends the first draft back once and approves the revision."""

    def __init__(self) -> None:
        self.judged = 0

    def __call__(self, prompt: str) -> str:
        if prompt.startswith("You review a draft SOAP note"):
            self.judged += 1
            if self.judged % 2 == 1:
                return json.dumps(
                    {
                        "approved": False,
                        "problems": [
                            {"section": "plan", "problem": "plan is vague", "fix": "state the follow-up"}
                        ],
                    }
                )
            return json.dumps({"approved": True, "problems": []})
        visit = prompt.split("Visit text:", 1)[1]
        lines = [line.split("]", 1)[-1].strip() for line in visit.splitlines() if len(line.split()) > 4]
        return (
            "Here is the note:\n```json\n"
            + json.dumps(
                {"subjective": lines[0], "objective": lines[1], "assessment": lines[2], "plan": lines[3]}
            )
            + "\n```"
        )


@pytest.fixture
def endpoint():
    server = start_openai_server()
    server.chat_reply = ScriptedModel()
    yield server
    server.stop()


def _context(server: OpenAIServer, **overrides):
    return Context(
        drafter="openai",
        judge="openai",
        openai_base_url=server.base_url,
        openai_model="gpt-test",
        openai_api_key=API_KEY,
        **overrides,
    )


def test_no_identifier_reaches_the_model_endpoint(endpoint):
    leaks = []
    for case in CASES:
        endpoint.requests.clear()
        result = graph.invoke(_inputs(case), context=_context(endpoint))
        sent = "\n".join(json.dumps(r["body"], ensure_ascii=False) for r in endpoint.requests)
        assert "<PERSON_" in sent, "masked visit text was not sent at all"
        for item in case["gold"]["pii"]:
            if item["text"] in sent:
                leaks.append((case["id"], item["type"], item["text"]))
        assert result["note"]["plan"]
    assert leaks == []


def test_judge_feedback_goes_back_to_the_drafter_and_provenance_names_the_models(endpoint):
    result = graph.invoke(_inputs(CASES[0]), context=_context(endpoint))
    chat = [r["body"] for r in endpoint.requests if r["path"] == "/v1/chat/completions"]
    prompts = [m["content"] for body in chat for m in body["messages"]]
    drafts = [p for p in prompts if not p.startswith("You review")]
    assert len(drafts) == 2 and "(first draft)" in drafts[0]
    assert "plan is vague" in drafts[1] and "state the follow-up" in drafts[1]
    assert all(body["model"] == "gpt-test" for body in chat)
    assert result["verdict"]["approved"] is True
    assert result["provenance"]["drafter"] == "openai:gpt-test"
    assert result["verdict"]["judges"] == ["clinical-validators", "openai:gpt-test"]
    assert result["provenance"]["rounds"] == 2


def test_an_unreadable_verdict_is_not_an_approval(endpoint):
    endpoint.chat_reply = lambda prompt: (
        "Looks fine to me!" if prompt.startswith("You review") else ScriptedModel()(prompt)
    )
    result = graph.invoke(_inputs(CASES[0]), context=_context(endpoint, max_rounds=2))
    assert result["verdict"]["approved"] is False
    assert result["provenance"]["rounds"] == 2
    assert any(p["check"] == "llm judge" for p in result["verdict"]["problems"])


def test_sections_are_read_from_json_or_headings():
    assert model_backed.sections_from_text(
        '{"subjective": "a", "objective": "b", "assessment": "c", "plan": ["d", "e"]}'
    ) == {"subjective": "a", "objective": "b", "assessment": "c", "plan": "d\ne"}
    text = (
        "SUBJECTIVE:\nReports tinnitus.\nObjective: Type A tympanograms.\n"
        "**Assessment**\nMild loss.\nPlan:\nHearing aids."
    )
    assert model_backed.sections_from_text(text) == {
        "subjective": "Reports tinnitus.",
        "objective": "Type A tympanograms.",
        "assessment": "Mild loss.",
        "plan": "Hearing aids.",
    }


def _tiny_causal_lm(path: Path) -> Path:
    """A 2-layer GPT-2 with a word-level tokenizer, saved like any local HuggingFace model directory."""
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast

    words = [
        "<unk>",
        "<eos>",
        "subjective:",
        "objective:",
        "assessment:",
        "plan:",
        "hearing",
        "aids",
        "tinnitus",
    ]
    tokenizer = Tokenizer(models.WordLevel({w: i for i, w in enumerate(words)}, unk_token="<unk>"))
    tokenizer.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, unk_token="<unk>", eos_token="<eos>", pad_token="<eos>"
    )
    config = GPT2Config(
        vocab_size=len(words),
        n_positions=4096,
        n_embd=16,
        n_layer=2,
        n_head=2,
        bos_token_id=1,
        eos_token_id=1,
    )
    GPT2LMHeadModel(config).save_pretrained(path)
    fast.save_pretrained(path)
    return path


def test_local_huggingface_drafter_runs_from_a_model_directory(tmp_path):
    model_dir = _tiny_causal_lm(tmp_path / "tiny-gpt2")
    context = Context(drafter="hf", hf_model_path=str(model_dir), hf_max_new_tokens=8, max_rounds=2)
    result = graph.invoke(_inputs(CASES[0]), context=context)
    assert result["provenance"]["drafter"] == "hf:tiny-gpt2"
    # A two-layer random model cannot write a note: the validators say so and the rounds stay bounded.
    assert result["verdict"]["approved"] is False
    assert result["provenance"]["rounds"] == 2
    assert {p["check"] for p in result["verdict"]["problems"]} >= {"section present"}


def test_the_evaluation_scores_the_drafter_the_environment_configures(endpoint, monkeypatch, capsys):
    """`evals/soap_eval.py --configured` measures a model drafter by the offline drafter's measures."""
    import importlib.util

    path = Path(__file__).parents[2] / "evals/soap_eval.py"
    spec = importlib.util.spec_from_file_location("soap_eval", path)
    assert spec and spec.loader
    soap_eval = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(soap_eval)
    for name, value in {
        "SOAP_DRAFTER": "openai",
        "SOAP_JUDGE": "openai",
        "OPENAI_BASE_URL": endpoint.base_url,
        "OPENAI_API_KEY": API_KEY,
        "OPENAI_CHAT_MODEL": "gpt-test",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr("sys.argv", ["soap_eval.py", "--configured", "--cases", "1", "--no-aci"])
    soap_eval.main()
    printed = capsys.readouterr().out
    assert "drafter openai, judge openai" in printed
    assert f"\n{CASES[0]['id']} " in printed and "key-fact recall" in printed
    assert any(r["path"] == "/v1/chat/completions" for r in endpoint.requests)
