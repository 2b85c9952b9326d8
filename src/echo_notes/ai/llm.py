"""Chat and text-generation models behind the drafters and the judge.

``openai`` is any OpenAI-compatible chat endpoint (OpenAI itself, vLLM, llama.cpp, Ollama …) through
langchain-openai; ``hf`` is a HuggingFace causal language model loaded from a local directory through
langchain-huggingface (never downloaded). Both only ever receive masked text.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseLanguageModel

JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)


def openai_chat(base_url: str, model: str, api_key: str) -> BaseLanguageModel[Any]:
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    return ChatOpenAI(
        model=model, base_url=base_url, api_key=SecretStr(api_key), temperature=0, max_retries=1, timeout=120
    )


@lru_cache(maxsize=2)
def hf_pipeline(model_path: str, max_new_tokens: int) -> BaseLanguageModel[Any]:
    """A local causal LM as a LangChain model (cached: loading weights is the expensive part)."""
    from langchain_huggingface import HuggingFacePipeline
    from transformers import AutoModelForCausalLM, AutoTokenizer, pipeline

    path = Path(model_path)
    if not (path / "config.json").is_file():
        raise FileNotFoundError(f"no HuggingFace model at {path} (config.json missing)")
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    model = AutoModelForCausalLM.from_pretrained(path, local_files_only=True)
    generate = pipeline(
        "text-generation",
        model=model,
        tokenizer=tokenizer,
        max_new_tokens=max_new_tokens,
        do_sample=False,
        return_full_text=False,
        pad_token_id=tokenizer.pad_token_id or tokenizer.eos_token_id,
    )
    return HuggingFacePipeline(pipeline=generate, model_id=path.name)


def model_id(model: BaseLanguageModel[Any]) -> str:
    """A stable name for provenance: the served model name, or the local directory's name."""
    for attribute in ("model_name", "model_id", "model"):
        value = getattr(model, attribute, None)
        if isinstance(value, str) and value:
            return value
    return type(model).__name__


def complete(model: BaseLanguageModel[Any], prompt: str) -> str:
    """The model's answer as text, whether it is a chat model or a plain text generator."""
    answer = model.invoke(prompt)
    content = getattr(answer, "content", answer)
    if isinstance(content, list):
        content = "".join(part if isinstance(part, str) else str(part.get("text", "")) for part in content)
    return str(content)


def parse_json_object(text: str) -> dict[str, Any] | None:
    """The first JSON object in a model's answer (models wrap JSON in prose or code fences)."""
    match = JSON_OBJECT.search(text)
    if not match:
        return None
    try:
        value = json.loads(match.group(0))
    except json.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None
