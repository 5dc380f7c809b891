"""GET /v1/realtime (placeholder until the Realtime side lands)."""

from aiohttp import web


async def handle_realtime(request: web.Request) -> web.Response:
    return web.json_response({"error": {"message": "not implemented", "type": "server_error",
                                         "param": None, "code": None}}, status=501)
