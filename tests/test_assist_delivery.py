"""How the sentences reach the default agent, and the intents reach LLM agents."""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path
from typing import Any

import pytest
from homeassistant.components.homeassistant.exposed_entities import async_expose_entity
from homeassistant.config_entries import ConfigEntryDisabler
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import llm
from homeassistant.setup import async_setup_component

from custom_components.xiaomi_living import assist
from custom_components.xiaomi_living import llm as llm_platform
from custom_components.xiaomi_living.const import CONF_VOICE_SENTENCES, DOMAIN
from custom_components.xiaomi_living.intent import INTENT_HANDLERS
from tests.assist_fixtures import MC4_MODES, async_converse, async_setup_voice
from tests.conftest import AddDevice, AddTv
from tests.simulator.fleet import Simulator
from tests.simulator.tv import SimulatedTv

VARIANTS = ["en", "zh-CN", "zh-HK", "zh-TW"]
INSTALLED = sorted(
    Path(variant, f"xiaomi_living_{family}.yaml")
    for variant in VARIANTS
    for family in ("climate", "tv")
)
HEAT, COOL = MC4_MODES["heat"], MC4_MODES["cool"]


def _files(root: Path) -> list[Path]:
    return sorted(path.relative_to(root) for path in root.rglob("*") if path.is_file())


async def _listing(hass: HomeAssistant, root: Path) -> list[Path]:
    return await hass.async_add_executor_job(_files, root)


async def test_option_switch_installs_and_removes_the_sentences(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, tmp_path: Path
) -> None:
    """On by default; off in the options removes the files and the agent stops matching."""
    await async_setup_voice(hass, tmp_path)
    device = await simulator("xiaomi.aircondition.mc4")
    entry = await add_device(device, title="Living room AC")
    root = tmp_path / "custom_sentences"

    # Setting the entry up installed them already: a second sync writes nothing
    assert await _listing(hass, root) == INSTALLED
    assert await assist.async_sync_sentences(hass) is False
    installed = root / "zh-CN" / "xiaomi_living_climate.yaml"
    text = await hass.async_add_executor_job(installed.read_text, "utf-8")
    assert text.startswith(assist.MARKER)
    assert "language: zh-CN" in text
    result = await async_converse(hass, "set the AC to heat", "en")
    assert result.response.speech["plain"]["speech"] == "Living room AC is now heating"
    assert device.props["mode"] == HEAT

    hass.config_entries.async_update_entry(entry, options={CONF_VOICE_SENTENCES: False})
    assert await assist.async_sync_sentences(hass) is True
    assert not root.exists()
    for text, language in [("set the AC to cool", "en"), ("把空调调成制冷模式", "zh-CN")]:
        result = await async_converse(hass, text, language)
        assert result.response.response_type.value == "error", result.response.speech
    assert device.props["mode"] == HEAT

    hass.config_entries.async_update_entry(entry, options={CONF_VOICE_SENTENCES: True})
    assert await assist.async_sync_sentences(hass) is True
    result = await async_converse(hass, "把空调调成制冷模式", "zh-Hans")
    assert result.response.speech["plain"]["speech"] == "Living room AC已切换到制冷模式"
    assert device.props["mode"] == COOL

    # Removing the last entry leaves nothing behind (async_remove_entry syncs)
    await hass.config_entries.async_remove(entry.entry_id)
    await hass.async_block_till_done()
    assert not root.exists()
    assert await assist.async_sync_sentences(hass) is False


async def test_one_entry_wanting_the_sentences_keeps_them(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, tmp_path: Path
) -> None:
    """The sentences serve every entry: they stay while an enabled entry is left.

    The option is the integration's (saved on every entry, tests/test_voice_option.py): a
    disabled entry does not keep them, an enabled one that says nothing (on) does.
    """
    await async_setup_voice(hass, tmp_path)
    first = await add_device(await simulator("xiaomi.aircondition.mc4"), title="Living room AC")
    await add_device(await simulator("xiaomi.aircondition.mc4"), title="Bedroom AC")
    await hass.config_entries.async_set_disabled_by(first.entry_id, ConfigEntryDisabler.USER)
    await hass.async_block_till_done()
    assert assist.sentences_wanted(hass) is True
    assert await assist.async_sync_sentences(hass) is False  # still installed, nothing to do
    assert await _listing(hass, tmp_path / "custom_sentences") == INSTALLED


async def test_files_we_did_not_write_are_left_alone(
    hass: HomeAssistant, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A user's file with our name is never overwritten or deleted; stale files of ours go."""
    await async_setup_voice(hass, tmp_path)
    root = tmp_path / "custom_sentences"
    mine = "language: en\nintents: {}\n"
    stale = f"{assist.MARKER}\nlanguage: zh-CN\n"

    def prepare() -> None:
        (root / "en").mkdir(parents=True)
        (root / "en" / "xiaomi_living_climate.yaml").write_text(mine, encoding="utf-8")
        (root / "en" / "mine.yaml").write_text(mine, encoding="utf-8")
        (root / "zh-CN").mkdir()
        (root / "zh-CN" / "xiaomi_living_tv.yaml").write_text(stale, encoding="utf-8")

    await hass.async_add_executor_job(prepare)
    assert await assist.async_install_sentences(hass) is True
    assert "Not overwriting" in caplog.text
    assert await _listing(hass, root) == sorted([Path("en", "mine.yaml"), *INSTALLED])
    assert (
        await hass.async_add_executor_job(
            (root / "en" / "xiaomi_living_climate.yaml").read_text, "utf-8"
        )
        == mine
    )

    # An edited file of ours is put back
    edited = root / "zh-CN" / "xiaomi_living_climate.yaml"
    await hass.async_add_executor_job(edited.write_text, f"{assist.MARKER}\nedited\n", "utf-8")
    assert await assist.async_install_sentences(hass) is True
    assert "intents:" in await hass.async_add_executor_job(edited.read_text, "utf-8")

    assert await assist.async_remove_sentences(hass) is True
    assert await _listing(hass, root) == [
        Path("en", "mine.yaml"),
        Path("en", "xiaomi_living_climate.yaml"),
    ]
    assert await assist.async_remove_sentences(hass) is False


async def test_agent_that_cannot_reload_is_logged(
    hass: HomeAssistant, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A failing conversation.reload does not fail the setup; the user is told what to do."""
    await async_setup_voice(hass, tmp_path)
    await hass.async_add_executor_job((tmp_path / "configuration.yaml").unlink)
    caplog.set_level(logging.WARNING)
    assert await assist.async_install_sentences(hass) is True
    assert "they apply after the conversation.reload action or a restart" in caplog.text


async def test_without_the_conversation_integration(hass: HomeAssistant, tmp_path: Path) -> None:
    """Files are written even before the agent loads: it reads them when it does."""
    hass.config.config_dir = str(tmp_path)
    assert await assist.async_install_sentences(hass) is True
    assert await _listing(hass, tmp_path / "custom_sentences") == INSTALLED


def _llm_context(assistant: str | None = "conversation") -> llm.LLMContext:
    return llm.LLMContext(
        platform="test",
        context=Context(),
        language="en",
        assistant=assistant,  # type: ignore[arg-type]
        device_id=None,
    )


# Home Assistant 2026.10 added the llm integration, which loads our llm.py; before it, every
# registered intent is an Assist API tool by itself, under its intent name.
LLM_PLATFORMS = importlib.util.find_spec(llm_platform.LLM_COMPONENT) is not None
CLIMATE_INTENTS = [h.intent_type for h in INTENT_HANDLERS if h.target_domain == "climate"]
TV_INTENTS = [h.intent_type for h in INTENT_HANDLERS if h.target_domain == "media_player"]


def _tool_name(intent_type: str) -> str:
    """Return the name an LLM calls one of our intents by, on this Home Assistant."""
    return f"{DOMAIN}__{intent_type}" if LLM_PLATFORMS else intent_type


async def _assist_api(hass: HomeAssistant) -> llm.APIInstance:
    if LLM_PLATFORMS:
        assert await async_setup_component(hass, "llm", {})
    return await llm.async_get_api(hass, llm.LLM_API_ASSIST, _llm_context())


async def _call(api: llm.APIInstance, intent_type: str, **args: Any) -> dict[str, Any]:
    """Call our tool through the Assist API; return the intent response it gives the LLM."""
    result: Any = await api.async_call_tool(
        llm.ToolInput(tool_name=_tool_name(intent_type), tool_args=args)
    )
    # 2026.10 and later wrap it in an llm.ToolResult; before, the tool returns the dict itself
    data = getattr(result, "data", result)
    assert not getattr(result, "error", False), data
    return dict(data)


async def test_intents_are_llm_tools(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    add_tv: AddTv,
    tmp_path: Path,
) -> None:
    """Every intent of ours is an Assist API tool an LLM can call, on every version.

    2026.2 offers each intent under its own name; from 2026.10 our llm.py offers them, prefixed.
    """
    await async_setup_voice(hass, tmp_path)
    device = await simulator("xiaomi.aircondition.mc4")
    await add_device(device, title="Living room AC")
    tv = await simulator("xiaomi.tv.mitv5proh1")
    assert isinstance(tv, SimulatedTv)
    await add_tv(tv)
    api = await _assist_api(hass)
    names = {tool.name for tool in api.tools}
    assert {_tool_name(handler.intent_type) for handler in INTENT_HANDLERS} <= names
    if LLM_PLATFORMS:
        assert not {handler.intent_type for handler in INTENT_HANDLERS} & names
        ours = [tool for tool in api.tools if tool.name.startswith(llm_platform.TOOL_PREFIX)]
        assert {getattr(tool, "integration", None) for tool in ours} == {DOMAIN}

    result = await _call(
        api, "XiaomiLivingClimateSetMode", name="Living room AC", mode="heating", temperature=22
    )
    assert result["response_type"] == "action_done"
    assert result["speech"]["plain"]["speech"] == "Living room AC is now heating at 22 degrees"
    assert (device.props["mode"], device.props["target_temperature"]) == (HEAT, 22.0)

    result = await _call(api, "XiaomiLivingClimateAdjustTemperature", direction="down", amount=2)
    assert result["speech"]["plain"]["speech"] == "Living room AC is set to 20 degrees"
    assert device.props["target_temperature"] == 20.0

    # Bad input: the spoken refusal, and nothing sent
    result = await _call(api, "XiaomiLivingClimateSetFanSpeed", fan_speed="warp")
    assert result["response_type"] == "error"
    assert result["data"]["code"] == "failed_to_handle"
    assert result["speech"]["plain"]["speech"].startswith("Living room AC has no fan speed warp")
    assert device.props["fan_level"] == 0

    result = await _call(api, "XiaomiLivingTvOpenApp", app="youtube")
    assert result["speech"]["plain"]["speech"] == "Opened YouTube on Living room TV"
    assert tv.tv.foreground_app == "com.google.android.youtube.tv"
    result = await _call(api, "XiaomiLivingTvSelectInput", input="hdmi2")
    assert result["speech"]["plain"]["speech"] == "Living room TV is now on HDMI 2"
    assert tv.tv.input_source == "HDMI 2"
    result = await _call(api, "XiaomiLivingTvTurnOff")
    assert result["speech"]["plain"]["speech"] == "Turned off Living room TV"
    assert tv.tv.power != "on"


async def test_llm_platform(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    add_tv: AddTv,
    tmp_path: Path,
) -> None:
    """llm.py is inert before 2026.10; from then on it offers the tools of the exposed domains."""
    await async_setup_voice(hass, tmp_path)
    await add_device(await simulator("xiaomi.aircondition.mc4"), title="Living room AC")
    if not LLM_PLATFORMS:
        assert llm_platform.async_get_tools(hass, _llm_context(), llm.LLM_API_ASSIST) is None
        return

    assert await async_setup_component(hass, "llm", {})
    result = llm_platform.async_get_tools(hass, _llm_context(), llm.LLM_API_ASSIST)
    assert result is not None
    assert [tool.name for tool in result.tools] == [f"{DOMAIN}__{i}" for i in CLIMATE_INTENTS]
    assert {tool.integration for tool in result.tools} == {DOMAIN}
    assert all(tool.description for tool in result.tools)
    assert all("preferred_area_id" not in tool.parameters.schema for tool in result.tools)
    adjust = next(t for t in result.tools if t.name.endswith("AdjustTemperature"))
    assert not adjust.annotations.idempotent
    assert result.tools[0].annotations.idempotent
    # Other APIs, no assistant, nothing exposed
    assert llm_platform.async_get_tools(hass, _llm_context(), "homeassistant") is None
    assert llm_platform.async_get_tools(hass, _llm_context(None), llm.LLM_API_ASSIST) is None
    async_expose_entity(hass, "conversation", "climate.living_room_ac", False)
    assert llm_platform.async_get_tools(hass, _llm_context(), llm.LLM_API_ASSIST) is None
    async_expose_entity(hass, "conversation", "climate.living_room_ac", True)

    # A TV brings the TV tools
    tv = await simulator("xiaomi.tv.mitv5proh1")
    assert isinstance(tv, SimulatedTv)
    await add_tv(tv)
    result = llm_platform.async_get_tools(hass, _llm_context(), llm.LLM_API_ASSIST)
    assert result is not None
    assert [tool.name for tool in result.tools] == [
        f"{DOMAIN}__{i}" for i in [*CLIMATE_INTENTS, *TV_INTENTS]
    ]
    # Through the real Assist API, alongside Home Assistant's own tools
    api = await llm.async_get_api(hass, llm.LLM_API_ASSIST, _llm_context())
    names = [tool.name for tool in api.tools]
    assert len(names) == len(set(names))
    assert {tool.name for tool in result.tools} <= set(names)
