"""Chat Completions payloads and SSE framing, shaped as in openai-protocol.md §6.1."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

DONE = b"data: [DONE]\n\n"
GARBAGE = b'data: {"id": "chatcmpl-broken", "choices": [{"delta": {"content": \n\n'
FINGERPRINT = "fp_draftlens"
_TOKEN = re.compile(r"\s*\S{1,4}|\s+")


@dataclass(frozen=True)
class Completion:
    """What every chunk of one completion shares."""

    id: str
    created: int
    model: str
    obfuscate: bool = True


def encode(payload: dict) -> bytes:
    """One SSE event: `data: <json>` and a blank line."""
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return b"data: " + data.encode() + b"\n\n"


def tokens(text: str) -> list[str]:
    """Split text into rough tokens of up to four characters (joining them gives `text`)."""
    return _TOKEN.findall(text)


def deltas(text: str, per_delta: int = 3) -> list[str]:
    """The answer as content deltas of `per_delta` tokens each."""
    toks = tokens(text)
    return ["".join(toks[i:i + per_delta]) for i in range(0, len(toks), per_delta)]


def usage(prompt_tokens: int, completion_tokens: int) -> dict:
    """A `CompletionUsage` object."""
    return {
        "prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
                                      "accepted_prediction_tokens": 0,
                                      "rejected_prediction_tokens": 0},
    }


def _base(c: Completion, choices: list, usage_: dict | None) -> dict:
    return {"id": c.id, "object": "chat.completion.chunk", "created": c.created, "model": c.model,
            "system_fingerprint": FINGERPRINT, "service_tier": "default",
            "choices": choices, "usage": usage_}


def _pad(payload: dict, c: Completion, n: int) -> dict:
    if c.obfuscate:
        payload["obfuscation"] = "x" * (1 + n % 7)
    return payload


def delta_chunk(c: Completion, delta: dict, finish_reason: str | None = None, n: int = 0) -> dict:
    """A chunk carrying one delta (role and/or content) or the finish reason."""
    choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
    return _pad(_base(c, [choice], None), c, n)


def usage_chunk(c: Completion, usage_: dict) -> dict:
    """The extra last chunk sent with `stream_options.include_usage`."""
    return _pad(_base(c, [], usage_), c, 0)


def completion(c: Completion, content: str, finish_reason: str, usage_: dict) -> dict:
    """A whole (non-streamed) `ChatCompletion`."""
    message = {"role": "assistant", "content": content, "refusal": None, "annotations": []}
    choice = {"index": 0, "message": message, "logprobs": None, "finish_reason": finish_reason}
    return {"id": c.id, "object": "chat.completion", "created": c.created, "model": c.model,
            "system_fingerprint": FINGERPRINT, "service_tier": "default",
            "choices": [choice], "usage": usage_}
