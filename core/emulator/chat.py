"""POST /v1/chat/completions (placeholder until the REST side lands)."""

from aiohttp import web


async def handle_chat(request: web.Request) -> web.Response:
    return web.json_response({"error": {"message": "not implemented", "type": "server_error",
                                         "param": None, "code": None}}, status=501)
