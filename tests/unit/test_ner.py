"""NER: the rule backend's entities with negation, laterality, severity and family history; the entity
context; and the HuggingFace backend's real loading path with a tiny model built here."""

from __future__ import annotations

import pytest

from echo_notes.ai.ner import MedspacyNer, entity_context
from echo_notes.ai.ner.hf_backend import HuggingFaceNer


@pytest.fixture(scope="module")
def ner():
    backend = MedspacyNer()
    backend.load()
    return backend


def by_text(entities):
    return {e.text.lower(): e for e in entities}


@pytest.mark.parametrize(
    ("text", "entity", "label", "expected"),
    [
        (
            "Bilateral sensorineural hearing loss, mild.",
            "sensorineural hearing loss",
            "CONDITION",
            {"laterality": "bilateral", "severity": "mild", "negated": False},
        ),
        ("No dizziness or otalgia.", "dizziness", "SYMPTOM", {"negated": True}),
        ("Patient denies vertigo.", "vertigo", "CONDITION", {"negated": True}),
        ("Constant tinnitus in the left ear.", "tinnitus", "CONDITION", {"laterality": "left"}),
        ("Right tympanic membrane intact.", "tympanic membrane", "ANATOMY", {"laterality": "right"}),
        ("Her mother wore hearing aids.", "hearing aids", "DEVICE", {"family": True}),
        ("Fitted with Oticon Intent 1 RIC devices.", "oticon intent 1 ric", "DEVICE", {"negated": False}),
        ("Tympanometry Type A bilaterally.", "tympanometry", "TEST", {"laterality": "bilateral"}),
        ("Started prednisone 60 mg daily.", "prednisone", "MEDICATION", {"negated": False}),
        ("Epley manoeuvre performed for right BPPV.", "epley manoeuvre", "PROCEDURE", {}),
        ("Word recognition 88% at 70 dB HL.", "70 db hl", "MEASUREMENT", {}),
        ("Severe to profound loss; cochlear implant candidacy.", "cochlear implant", "DEVICE", {}),
    ],
)
def test_entities_and_their_context(ner, text, entity, label, expected):
    found = by_text(ner.extract(text))
    assert entity in found, found.keys()
    assert found[entity].label == label
    for attribute, value in expected.items():
        assert getattr(found[entity], attribute) == value, attribute


def test_entity_context_groups_present_negated_and_family(ner):
    context = entity_context(
        ner.extract(
            "Bilateral tinnitus. No vertigo. Mother had hearing aids. "
            "Fitted with Phonak Audeo L90. Tinnitus again."
        )
    )
    assert [p["text"] for p in context["problems"]] == ["tinnitus"]
    assert [n["text"] for n in context["negated"]] == ["vertigo"]
    assert [f["text"] for f in context["family_history"]] == ["hearing aids"]
    assert context["devices"][0]["text"].startswith("Phonak Audeo L90")


def _tiny_token_classifier(path):
    """A 2-layer BERT whose classifier always says B-DISEASE, with a word-level tokenizer."""
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import BertConfig, BertForTokenClassification, PreTrainedTokenizerFast

    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "no", "tinnitus", "today", "left", "ear", "vertigo"]
    tokenizer = Tokenizer(models.WordLevel({w: i for i, w in enumerate(words)}, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer, unk_token="[UNK]", pad_token="[PAD]", cls_token="[CLS]", sep_token="[SEP]"
    )
    config = BertConfig(
        vocab_size=len(words),
        hidden_size=16,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
        id2label={0: "O", 1: "B-DISEASE", 2: "I-DISEASE"},
        label2id={"O": 0, "B-DISEASE": 1, "I-DISEASE": 2},
    )
    model = BertForTokenClassification(config)
    with torch.no_grad():
        model.classifier.weight.zero_()
        model.classifier.bias.copy_(torch.tensor([0.0, 5.0, 0.0]))
    model.save_pretrained(path)
    fast.save_pretrained(path)
    return path


def test_huggingface_backend_loads_a_local_model_and_applies_context(tmp_path):
    backend = HuggingFaceNer(_tiny_token_classifier(tmp_path / "tiny-ner"))
    entities = backend.extract("no tinnitus today")
    found = by_text(entities)
    assert {e.label for e in entities} == {"CONDITION"}
    assert found["tinnitus"].negated
    assert backend.name == "tiny-ner" and backend.source == "path"
