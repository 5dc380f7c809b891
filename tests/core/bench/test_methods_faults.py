"""The local server's fault settings the benchmark uses: fault target, Realtime down, hang."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from openai import AsyncOpenAI

from core.bench.methods import FAULTS
from core.cli import build_parser
from core.emulator.config import EmulatorConfig
from core.emulator.main import config_from_args
from core.emulator.profiles import Planner
from core.emulator.server import Emulator


def test_random_faults_hit_only_the_target_endpoint():
    planner = Planner(EmulatorConfig(fail_rate=1.0, fault_target="realtime"))
    assert planner.plan("chat").fault is None
    assert planner.plan("realtime").fault == "error"
    both = Planner(EmulatorConfig(fail_rate=1.0))
    assert both.plan("chat").fault == both.plan("realtime").fault == "error"


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_every_bench_fault_is_a_valid_emulator_command_line(fault):
    args = build_parser().parse_args(["emulator", *FAULTS[fault]])
    config = config_from_args(args)
    assert (config.realtime_down, config.hang) == (fault == "realtime-down", fault == "hung")


async def test_realtime_down_refuses_the_upgrade_and_chat_still_answers():
    async with Emulator(EmulatorConfig(realtime_down=True)) as em:
        async with aiohttp.ClientSession() as http:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await http.ws_connect(em.base_url + "/realtime",
                                      headers={"Authorization": "Bearer k"})
        assert refused.value.status == 503
        client = AsyncOpenAI(api_key="k", base_url=em.base_url, max_retries=0)
        try:
            reply = await client.chat.completions.create(
                model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}])
        finally:
            await client.close()
        assert reply.choices[0].message.content


async def test_hang_accepts_and_never_answers():
    async with Emulator(EmulatorConfig(hang=True)) as em:
        client = AsyncOpenAI(api_key="k", base_url=em.base_url, max_retries=0)
        try:
            request = asyncio.ensure_future(client.chat.completions.create(
                model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}]))
            done, _ = await asyncio.wait([request], timeout=1.0)
            assert not done  # still waiting: accepted, never answered
            assert em.stats.active == 1
            request.cancel()
            await asyncio.gather(request, return_exceptions=True)
        finally:
            await client.close()
