"""Read and validate a `POST /v1/chat/completions` body; errors shaped as OpenAI's (§6.2)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from aiohttp import web

from core.emulator.answers import count_tokens
from core.emulator.http_errors import bad_request, model_not_found

_ROLES = {"system", "developer", "user", "assistant", "tool", "function"}


class Rejected(Exception):
    """The request cannot be served; `response` is the error to send."""

    def __init__(self, response: web.Response) -> None:
        super().__init__(response.status)
        self.response = response


@dataclass(frozen=True)
class ChatRequest:
    """The parts of a chat request the emulator acts on."""

    model: str
    user_text: str
    prompt_tokens: int
    stream: bool
    include_usage: bool
    include_obfuscation: bool
    max_tokens: int | None


def _text_of(content: object) -> str:
    """A message's text: a string, or the text parts of a content list."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content
                       if isinstance(p, dict) and p.get("type") == "text")
    return ""


def _messages(body: dict) -> list[dict]:
    messages = body.get("messages")
    if messages is None:
        raise Rejected(bad_request("Missing required parameter: 'messages'.", "messages",
                                   "missing_required_parameter"))
    if not isinstance(messages, list) or not messages:
        raise Rejected(bad_request("Invalid 'messages': expected a non-empty array.",
                                   "messages", "invalid_type"))
    for i, m in enumerate(messages):
        if not isinstance(m, dict) or m.get("role") not in _ROLES:
            raise Rejected(bad_request(f"Invalid value for 'messages[{i}].role'.",
                                       f"messages[{i}].role", "invalid_value"))
    return messages


def _model(body: dict, models: Sequence[str]) -> str:
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise Rejected(bad_request("you must provide a model parameter", "model",
                                   "missing_required_parameter"))
    if model not in models:
        raise Rejected(model_not_found(model))
    return model


REASONING_PREFIXES = ("o1", "o3", "o4", "gpt-5")


def _temperature(body: dict, model: str) -> None:
    """Like OpenAI: reasoning models accept only the default temperature (1)."""
    value = body.get("temperature")
    if value is None or value == 1 or not model.startswith(REASONING_PREFIXES):
        return
    raise Rejected(bad_request(
        f"Unsupported value: 'temperature' does not support {value} with this model. Only the "
        "default (1) value is supported.", "temperature", "unsupported_value"))


def _flag(body: dict, name: str, default: bool) -> bool:
    value = body.get(name, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise Rejected(bad_request(f"Invalid type for '{name}': expected a boolean.", name,
                                   "invalid_type"))
    return value


def _max_tokens(body: dict) -> int | None:
    for name in ("max_completion_tokens", "max_tokens"):
        value = body.get(name)
        if value is None:
            continue
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise Rejected(bad_request(f"Invalid '{name}': expected an integer >= 1.", name,
                                       "invalid_value"))
        return value
    return None


def parse_chat(raw: bytes, models: Sequence[str]) -> ChatRequest:
    """The validated request; raises Rejected with a 400/404 response otherwise."""
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        body = None
    if not isinstance(body, dict):
        raise Rejected(bad_request(
            "We could not parse the JSON body of your request. (HINT: This likely means you "
            "aren't using your HTTP library correctly.)", None, None))
    messages = _messages(body)
    model = _model(body, models)
    _temperature(body, model)
    stream = _flag(body, "stream", False)
    options = body.get("stream_options") or {}
    if not isinstance(options, dict):
        raise Rejected(bad_request("Invalid type for 'stream_options'.", "stream_options",
                                   "invalid_type"))
    users = [_text_of(m.get("content")) for m in messages if m["role"] == "user"]
    everything = "".join(_text_of(m.get("content")) for m in messages)
    return ChatRequest(
        model=model, user_text=users[-1] if users else "",
        prompt_tokens=count_tokens(everything) + 3 * len(messages), stream=stream,
        include_usage=stream and _flag(options, "include_usage", False),
        include_obfuscation=_flag(options, "include_obfuscation", True),
        max_tokens=_max_tokens(body),
    )
