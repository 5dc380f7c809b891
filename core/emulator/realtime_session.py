"""Per-connection state of the emulated GA Realtime session, and its client-event handlers."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable

from aiohttp import web

from core.emulator.answers import answer, count_tokens
from core.emulator.realtime_events import (
    default_session,
    error_event,
    event,
    message_item,
    new_id,
)
from core.emulator.realtime_response import ResponseRun, ResponseSpec
from core.emulator.state import ServerState

SESSION_KEYS = {"type", "audio", "include", "instructions", "max_output_tokens", "model",
                "output_modalities", "parallel_tool_calls", "prompt", "reasoning",
                "tool_choice", "tools", "tracing", "truncation"}
AUDIO_KEYS = {"input": {"format", "noise_reduction", "transcription", "turn_detection"},
              "output": {"format", "voice", "speed"}}
RESPONSE_KEYS = {"audio", "conversation", "input", "instructions", "max_output_tokens",
                 "metadata", "output_modalities", "parallel_tool_calls", "prompt", "reasoning",
                 "tool_choice", "tools"}
ANSWER_FORMAT_MARK = "<marker>:"  # instructions asking for `<marker>: <role>` lines: classify


class RequestError(Exception):
    """A client event the service would reject: becomes an `error` event."""

    def __init__(self, message: str, code: str | None, param: str | None = None) -> None:
        super().__init__(message)
        self.code, self.param = code, param


def _unknown(param: str) -> RequestError:
    return RequestError(f"Unknown parameter: '{param}'.", "unknown_parameter", param)


def _invalid(param: str, message: str) -> RequestError:
    return RequestError(message, "invalid_value", param)


class RealtimeSession:
    """One WebSocket connection: its session config, default conversation and responses."""

    def __init__(self, ws: web.WebSocketResponse, emulator: ServerState, model: str,
                 drop: Callable[[], None]) -> None:
        self.ws = ws
        self.emulator = emulator
        self.session = default_session(model, emulator.config.session_max_s)
        self.conversation_id = new_id("conv")
        self.items: list[dict] = []
        self.runs: dict[str, ResponseRun] = {}
        self.tasks: set[asyncio.Task] = set()
        self.in_band: str | None = None
        self.max_active = 0
        self._last_sender: str | None = None
        self.drop = drop
        self.handlers: dict[str, Callable[[dict], Awaitable[None]]] = {
            "session.update": self.on_session_update,
            "conversation.item.create": self.on_item_create,
            "conversation.item.delete": self.on_item_delete,
            "conversation.item.retrieve": self.on_item_retrieve,
            "response.create": self.on_response_create,
            "response.cancel": self.on_response_cancel,
            "input_audio_buffer.append": self.on_ignored,
            "input_audio_buffer.clear": self.on_audio_clear,
            "input_audio_buffer.commit": self.on_audio_commit,
        }

    # -- sending ------------------------------------------------------------------------------

    async def send(self, ev: dict) -> None:
        """Send one event (counting interleaving of concurrent responses' events)."""
        rid = ev.get("response_id") or (ev.get("response") or {}).get("id")
        if rid is not None:
            last = self._last_sender
            if last is not None and last != rid and last in self.runs:
                self.emulator.stats.realtime_interleaved += 1
            self._last_sender = rid
        await self.send_raw(json.dumps(ev))

    async def send_raw(self, text: str) -> None:
        if not self.ws.closed:
            await self.ws.send_str(text)

    async def error(self, exc: RequestError, client_event_id: str | None) -> None:
        await self.send(error_event(str(exc), exc.code, exc.param, client_event_id))

    # -- dispatch -----------------------------------------------------------------------------

    async def handle_text(self, raw: str) -> None:
        """Parse and handle one client frame; every problem becomes an error event."""
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            await self.error(RequestError(
                "Invalid JSON: the event could not be parsed as a JSON object.",
                "invalid_event"), None)
            return
        client_event_id = data.get("event_id") if isinstance(data.get("event_id"), str) else None
        try:
            await self._dispatch(data)
        except RequestError as exc:
            await self.error(exc, client_event_id)

    async def _dispatch(self, data: dict) -> None:
        type_ = data.get("type")
        if type_ is None:
            raise RequestError("The 'type' field is missing.", "invalid_event")
        handler = self.handlers.get(type_) if isinstance(type_, str) else None
        if handler is None:
            supported = ", ".join(f"'{t}'" for t in self.handlers)
            raise _invalid("type", f"Invalid value: '{type_}'. Supported values are: {supported}.")
        await handler(data)

    # -- session ------------------------------------------------------------------------------

    async def on_session_update(self, data: dict) -> None:
        update = data.get("session")
        if not isinstance(update, dict):
            raise RequestError("Missing required parameter: 'session'.",
                               "missing_required_parameter", "session")
        self._check_session(update)
        for key, value in update.items():
            if key == "audio":
                self._merge_audio(value or {})
            elif key != "model":
                self.session[key] = value
        await self.send(event("session.updated", session=self.session))

    def _check_session(self, update: dict) -> None:
        for key in update:
            if key not in SESSION_KEYS:
                raise _unknown(f"session.{key}")
        if "type" not in update:
            raise RequestError("Missing required parameter: 'session.type'.",
                               "missing_required_parameter", "session.type")
        if update["type"] != "realtime":
            raise _invalid("session.type", f"Invalid value: '{update['type']}'. This "
                           "session only supports 'realtime'.")
        modalities = update.get("output_modalities")
        if modalities is not None and modalities not in (["text"], ["audio"]):
            raise _invalid("session.output_modalities", "Invalid modalities: "
                           f"{modalities!r}. Supported combinations are: ['text'] and ['audio'].")
        if "model" in update and update["model"] != self.session["model"]:
            raise _invalid("session.model", "Cannot update a session's model.")
        audio = update.get("audio")
        if audio is not None and not isinstance(audio, dict):
            raise RequestError("Invalid type for 'session.audio': expected an object.",
                               "invalid_type", "session.audio")
        for part, sub in (audio or {}).items():
            if part not in AUDIO_KEYS:
                raise _unknown(f"session.audio.{part}")
            for key in sub or {}:
                if key not in AUDIO_KEYS[part]:
                    raise _unknown(f"session.audio.{part}.{key}")

    def _merge_audio(self, audio: dict) -> None:
        for part, sub in audio.items():
            self.session["audio"][part].update(sub or {})

    # -- conversation -------------------------------------------------------------------------

    async def on_item_create(self, data: dict) -> None:
        item = data.get("item")
        if not isinstance(item, dict) or item.get("type") != "message":
            raise _invalid("item", "Only message items are supported by this server.")
        previous = self.items[-1]["id"] if self.items else None
        stored = message_item(item.get("role", "user"), _text_of([item]),
                              item_id=item.get("id"))
        stored["content"] = item.get("content") or []
        self.items.append(stored)
        await self.send(event("conversation.item.added", previous_item_id=previous, item=stored))
        await self.send(event("conversation.item.done", previous_item_id=previous, item=stored))

    def _find_item(self, data: dict) -> dict:
        item_id = data.get("item_id")
        for item in self.items:
            if item["id"] == item_id:
                return item
        raise _invalid("item_id", f"Item with item_id not found: {item_id}")

    async def on_item_delete(self, data: dict) -> None:
        self.items.remove(self._find_item(data))
        await self.send(event("conversation.item.deleted", item_id=data["item_id"]))

    async def on_item_retrieve(self, data: dict) -> None:
        await self.send(event("conversation.item.retrieved", item=self._find_item(data)))

    async def on_ignored(self, data: dict) -> None:
        return None

    async def on_audio_clear(self, data: dict) -> None:
        await self.send(event("input_audio_buffer.cleared"))

    async def on_audio_commit(self, data: dict) -> None:
        raise RequestError("Error committing input audio buffer: buffer too small.",
                           "input_audio_buffer_commit_empty")

    # -- responses ----------------------------------------------------------------------------

    async def on_response_create(self, data: dict) -> None:
        params = data.get("response") or {}
        if not isinstance(params, dict):
            raise RequestError("Invalid type for 'response': expected an object.",
                               "invalid_type", "response")
        spec = self._spec(params)
        if spec.in_band and self.in_band is not None:
            raise RequestError(
                "Conversation already has an active response in progress: "
                f"{self.in_band}. Wait until the response is finished before creating a new "
                "one.", "conversation_already_has_active_response")
        self._start(spec)

    def _spec(self, params: dict) -> ResponseSpec:
        for key in params:
            if key not in RESPONSE_KEYS:
                raise _unknown(f"response.{key}")
        conversation = params.get("conversation", "auto")
        if conversation not in ("auto", "none", None):
            raise _invalid("response.conversation", f"Invalid value: '{conversation}'. "
                           "Supported values are: 'auto' and 'none'.")
        metadata = params.get("metadata")
        if metadata is not None and not _valid_metadata(metadata):
            raise _invalid("response.metadata", "Invalid metadata: expected at most 16 "
                           "string pairs (keys up to 64, values up to 512 characters).")
        items = params.get("input")
        if items is None:
            items = self.items
        elif not isinstance(items, list):
            raise RequestError("Invalid type for 'response.input': expected an array.",
                               "invalid_type", "response.input")
        else:
            items = [self._resolve(item) for item in items]
        instructions = params.get("instructions") or self.session.get("instructions") or ""
        asked = [i for i in items if i.get("role") != "assistant"]
        user = _text_of(asked, last=items is self.items)
        return ResponseSpec(
            text=self._model_answer(instructions, user),
            input_tokens=count_tokens(instructions) + count_tokens(user),
            metadata=metadata,
            max_output_tokens=params.get("max_output_tokens",
                                         self.session.get("max_output_tokens", "inf")),
            in_band=conversation != "none",
            previous_item_id=self.items[-1]["id"] if self.items else None,
        )

    def _resolve(self, item: object) -> dict:
        if not isinstance(item, dict):
            raise _invalid("response.input", "Each input item must be an object.")
        if item.get("type") == "item_reference":
            return self._find_item({"item_id": item.get("id")})
        return item

    def _model_answer(self, instructions: str, user: str) -> str:
        if ANSWER_FORMAT_MARK not in instructions:
            return "Hello! How can I help you with your text today?"
        return answer(user, self.emulator.config.answers)

    def _start(self, spec: ResponseSpec) -> None:
        run = ResponseRun(self, spec, self.emulator.planner.plan("realtime"))
        self.runs[run.id] = run
        if spec.in_band:
            self.in_band = run.id
        stats = self.emulator.stats
        stats.realtime_active_responses += 1
        self.max_active = max(self.max_active, len(self.runs))
        stats.realtime_max_active_per_session = max(stats.realtime_max_active_per_session,
                                                    self.max_active)
        task = asyncio.get_running_loop().create_task(run.run())
        task.add_done_callback(lambda _t: self.response_ended(run, "aborted"))
        task.add_done_callback(self.tasks.discard)
        self.tasks.add(task)
        self.emulator.track(task)

    def response_ended(self, run: ResponseRun, status: str) -> None:
        """Forget an active response (idempotent); counts its final status."""
        if self.runs.pop(run.id, None) is None:
            return
        if self.in_band == run.id:
            self.in_band = None
        stats = self.emulator.stats
        stats.realtime_active_responses -= 1
        stats.realtime_responses[status] = stats.realtime_responses.get(status, 0) + 1

    async def on_response_cancel(self, data: dict) -> None:
        rid = data.get("response_id") or self.in_band
        run = self.runs.get(rid) if rid else None
        if run is None:
            raise RequestError("Cancellation failed: no active response found",
                               "response_cancel_not_active")
        run.cancel()

    async def close(self) -> None:
        """The socket is gone: stop every response task and wait for them."""
        tasks = list(self.tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _text_of(items: list, last: bool = False) -> str:
    """The text of message items (only the last user message when reading the conversation)."""
    texts = []
    for item in items:
        for part in item.get("content") or []:
            if isinstance(part, dict) and isinstance(part.get("text"), str):
                texts.append(part["text"])
    if last and texts:
        return texts[-1]
    return "\n\n".join(texts)


def _valid_metadata(metadata: object) -> bool:
    return (isinstance(metadata, dict) and len(metadata) <= 16
            and all(isinstance(k, str) and len(k) <= 64 and isinstance(v, str)
                    and len(v) <= 512 for k, v in metadata.items()))
