"""How the sentences reach the default agent, and the intents reach LLM agents."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import llm

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
    """The sentences serve every entry: they stay while any enabled entry wants them."""
    await async_setup_voice(hass, tmp_path)
    first = await add_device(await simulator("xiaomi.aircondition.mc4"), title="Living room AC")
    await add_device(await simulator("xiaomi.aircondition.mc4"), title="Bedroom AC")
    hass.config_entries.async_update_entry(first, options={CONF_VOICE_SENTENCES: False})
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
        platform="test", context=Context(), language="en", assistant=assistant, device_id=None
    )


async def test_intents_are_llm_tools(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    add_tv: AddTv,
    tmp_path: Path,
) -> None:
    """In Home Assistant 2026.2 every intent is an Assist API tool by itself; calls to both."""
    await async_setup_voice(hass, tmp_path)
    device = await simulator("xiaomi.aircondition.mc4")
    await add_device(device, title="Living room AC")
    tv = await simulator("xiaomi.tv.mitv5proh1")
    assert isinstance(tv, SimulatedTv)
    await add_tv(tv)
    api = await llm.async_get_api(hass, llm.LLM_API_ASSIST, _llm_context())
    names = {tool.name for tool in api.tools}
    assert {handler.intent_type for handler in INTENT_HANDLERS} <= names

    result: dict[str, Any] = await api.async_call_tool(
        llm.ToolInput(
            tool_name="XiaomiLivingClimateSetMode",
            tool_args={"name": "Living room AC", "mode": "heating", "temperature": 22},
        )
    )
    assert result["response_type"] == "action_done"
    assert result["speech"]["plain"]["speech"] == "Living room AC is now heating at 22 degrees"
    assert (device.props["mode"], device.props["target_temperature"]) == (HEAT, 22.0)

    result = await api.async_call_tool(
        llm.ToolInput(tool_name="XiaomiLivingClimateSetFanSpeed", tool_args={"fan_speed": "warp"})
    )
    assert result["response_type"] == "error"
    assert result["data"]["code"] == "failed_to_handle"

    result = await api.async_call_tool(
        llm.ToolInput(tool_name="XiaomiLivingTvOpenApp", tool_args={"app": "youtube"})
    )
    assert result["speech"]["plain"]["speech"] == "Opened YouTube on Living room TV"
    assert tv.tv.foreground_app == "com.google.android.youtube.tv"
    result = await api.async_call_tool(
        llm.ToolInput(tool_name="XiaomiLivingTvSelectInput", tool_args={"input": "hdmi2"})
    )
    assert result["speech"]["plain"]["speech"] == "Living room TV is now on HDMI 2"
    assert tv.tv.input_source == "HDMI 2"


@dataclass(slots=True)
class _LLMTools:
    """Stand-in for homeassistant.components.llm.LLMTools (from the LLM tool platform on)."""

    tools: list[llm.Tool]
    prompt: str | None = None


async def test_llm_platform_for_later_home_assistant(
    hass: HomeAssistant,
    simulator: Simulator,
    add_device: AddDevice,
    add_tv: AddTv,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """llm.py is inert without the llm integration, and offers prefixed tools with it."""
    await async_setup_voice(hass, tmp_path)
    await add_device(await simulator("xiaomi.aircondition.mc4"), title="Living room AC")
    assert llm_platform.LLM_COMPONENT not in sys.modules
    assert llm_platform.async_get_tools(hass, _llm_context(), llm.LLM_API_ASSIST) is None

    component = ModuleType(llm_platform.LLM_COMPONENT)
    component.LLMTools = _LLMTools  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, llm_platform.LLM_COMPONENT, component)
    result = llm_platform.async_get_tools(hass, _llm_context(), llm.LLM_API_ASSIST)
    assert isinstance(result, _LLMTools)
    assert [tool.name for tool in result.tools] == [
        f"{DOMAIN}__XiaomiLivingClimateSetMode",
        f"{DOMAIN}__XiaomiLivingClimateAdjustTemperature",
        f"{DOMAIN}__XiaomiLivingClimateSetFanSpeed",
        f"{DOMAIN}__XiaomiLivingClimateSetSwing",
        f"{DOMAIN}__XiaomiLivingClimateSetPreset",
    ]
    assert {getattr(tool, "integration", None) for tool in result.tools} == {DOMAIN}
    assert all(tool.description for tool in result.tools)
    assert "preferred_area_id" not in result.tools[0].parameters.schema
    # Two-argument call (earlier platform signature), other APIs, no assistant
    assert llm_platform.async_get_tools(hass, _llm_context()) is not None
    assert llm_platform.async_get_tools(hass, _llm_context(), "other_api") is None
    assert llm_platform.async_get_tools(hass, _llm_context(None)) is None
    hass.states.async_remove("climate.living_room_ac")
    assert llm_platform.async_get_tools(hass, _llm_context()) is None

    # A TV brings the TV tools (and only those)
    tv = await simulator("xiaomi.tv.mitv5proh1")
    assert isinstance(tv, SimulatedTv)
    await add_tv(tv)
    result = llm_platform.async_get_tools(hass, _llm_context())
    assert isinstance(result, _LLMTools)
    assert [tool.name for tool in result.tools] == [
        f"{DOMAIN}__XiaomiLivingTvSelectInput",
        f"{DOMAIN}__XiaomiLivingTvOpenApp",
        f"{DOMAIN}__XiaomiLivingTvAdjustVolume",
        f"{DOMAIN}__XiaomiLivingTvPressKey",
        f"{DOMAIN}__XiaomiLivingTvChangeChannel",
        f"{DOMAIN}__XiaomiLivingTvSetScreen",
    ]
