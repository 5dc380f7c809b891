"""Builders for GA Realtime server events (shapes per openai-protocol.md §1–5)."""

from __future__ import annotations

import random
import string
import time
from typing import Any

_ALPHABET = string.ascii_letters + string.digits
_rng = random.Random()
DEFAULT_INSTRUCTIONS = ("You are a helpful, witty, and friendly AI. "
                        "Your knowledge cutoff is 2023-10.")


def new_id(prefix: str) -> str:
    """An id like the service's: prefix + '_' + 21 base62 characters."""
    return prefix + "_" + "".join(_rng.choices(_ALPHABET, k=21))


def event(type_: str, **fields: Any) -> dict:
    """A server event with its own unique event_id."""
    return {"type": type_, "event_id": new_id("event"), **fields}


def error_event(message: str, code: str | None = None, param: str | None = None,
                client_event_id: str | None = None,
                type_: str = "invalid_request_error") -> dict:
    """An `error` event; the client's event_id (if any) is echoed inside `error.event_id`."""
    return event("error", error={"type": type_, "code": code, "message": message,
                                 "param": param, "event_id": client_event_id})


def default_session(model: str, session_max_s: float) -> dict:
    """The session a new connection starts with (GA shape, audio output by default)."""
    return {
        "type": "realtime", "object": "realtime.session", "id": new_id("sess"), "model": model,
        "output_modalities": ["audio"], "instructions": DEFAULT_INSTRUCTIONS, "tools": [],
        "tool_choice": "auto", "max_output_tokens": "inf", "tracing": None,
        "truncation": "auto", "prompt": None, "expires_at": int(time.time() + session_max_s),
        "audio": {
            "input": {
                "format": {"type": "audio/pcm", "rate": 24000}, "transcription": None,
                "noise_reduction": None,
                "turn_detection": {
                    "type": "server_vad", "threshold": 0.5, "prefix_padding_ms": 300,
                    "silence_duration_ms": 200, "idle_timeout_ms": None,
                    "create_response": True, "interrupt_response": True,
                },
            },
            "output": {"format": {"type": "audio/pcm", "rate": 24000}, "voice": "alloy",
                       "speed": 1.0},
        },
        "include": None,
    }


def message_item(role: str, text: str, status: str = "completed",
                 item_id: str | None = None) -> dict:
    """A message item; user/system content is input_text, assistant content is output_text."""
    kind = "output_text" if role == "assistant" else "input_text"
    content = [{"type": kind, "text": text}] if text or role != "assistant" else []
    return {"id": item_id or new_id("item"), "type": "message", "object": "realtime.item",
            "status": status, "role": role, "content": content}


def response_object(resp_id: str, status: str, *, conversation_id: str | None,
                    metadata: dict | None, max_output_tokens: int | str,
                    output: list | None = None, usage: dict | None = None,
                    status_details: dict | None = None) -> dict:
    """The `response` object carried by response.created / response.done."""
    return {
        "object": "realtime.response", "id": resp_id, "status": status,
        "status_details": status_details, "output": output or [],
        "conversation_id": conversation_id, "output_modalities": ["text"],
        "max_output_tokens": max_output_tokens,
        "audio": {"output": {"format": {"type": "audio/pcm", "rate": 24000}, "voice": "alloy"}},
        "usage": usage, "metadata": metadata,
    }


def usage(input_tokens: int, output_tokens: int) -> dict:
    """Token usage of a text-only response."""
    return {
        "total_tokens": input_tokens + output_tokens, "input_tokens": input_tokens,
        "output_tokens": output_tokens,
        "input_token_details": {
            "text_tokens": input_tokens, "audio_tokens": 0, "image_tokens": 0,
            "cached_tokens": 0,
            "cached_tokens_details": {"text_tokens": 0, "audio_tokens": 0, "image_tokens": 0},
        },
        "output_token_details": {"text_tokens": output_tokens, "audio_tokens": 0},
    }


def rate_limits(remaining: int, limit: int = 40000) -> dict:
    return event("rate_limits.updated", rate_limits=[
        {"name": "tokens", "limit": limit, "remaining": max(0, remaining),
         "reset_seconds": 0.5}])


def split_text(text: str, pieces: int = 4) -> list[str]:
    """Cut `text` into several delta-sized pieces (at least one), as a model streams tokens."""
    if not text:
        return []
    size = max(1, -(-len(text) // pieces))
    if size > 24:
        size = 24
    return [text[i:i + size] for i in range(0, len(text), size)]
