"""The voice commands option is the integration's: saved on one device, it acts for all of them.

Our sentences are one set of files for the whole of Home Assistant, and our intents serve every
air conditioner and TV Assist may control, so the option cannot be one device's. It is shown in
every device's options, and saving it there saves it on every entry (assist.py).
"""

from __future__ import annotations

from pathlib import Path

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers.translation import async_get_translations

from custom_components.xiaomi_living import assist
from custom_components.xiaomi_living.const import CONF_SCAN_INTERVAL, CONF_VOICE_SENTENCES, DOMAIN
from tests.assist_fixtures import MC4_MODES, async_converse, async_setup_voice
from tests.conftest import AddDevice
from tests.simulator.fleet import Simulator

HEAT, COOL = MC4_MODES["heat"], MC4_MODES["cool"]


async def _save_voice(hass: HomeAssistant, entry_id: str, wanted: bool) -> bool:
    """Save the options of one entry with the voice commands on or off; return the default shown."""
    result = await hass.config_entries.options.async_init(entry_id)
    (marker,) = (key for key in result["data_schema"].schema if key == CONF_VOICE_SENTENCES)
    shown = bool(marker.default())
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_SCAN_INTERVAL: 15, CONF_VOICE_SENTENCES: wanted}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    return shown


async def _installed(hass: HomeAssistant, root: Path) -> bool:
    return await hass.async_add_executor_job((root / "en" / "xiaomi_living_climate.yaml").is_file)


async def test_switching_voice_off_on_one_device_switches_it_off_for_all(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, tmp_path: Path
) -> None:
    """Off in the bedroom AC's options: every entry says off, and no AC takes our sentences."""
    await async_setup_voice(hass, tmp_path)
    root = tmp_path / "custom_sentences"
    living_room = await simulator("xiaomi.aircondition.mc4")
    bedroom = await simulator("xiaomi.aircondition.mc4")
    living_entry = await add_device(living_room, title="Living room AC")
    bedroom_entry = await add_device(bedroom, title="Bedroom AC")
    assert await _installed(hass, root)
    result = await async_converse(hass, "set the living room AC to heat", "en")
    assert result.response.speech["plain"]["speech"] == "Living room AC is now heating"

    assert await _save_voice(hass, bedroom_entry.entry_id, False) is True
    assert living_entry.options[CONF_VOICE_SENTENCES] is False
    assert bedroom_entry.options[CONF_VOICE_SENTENCES] is False
    assert not await _installed(hass, root)
    # the other device kept running: it was not reloaded
    assert living_entry.state is ConfigEntryState.LOADED
    result = await async_converse(hass, "set the living room AC to cool", "en")
    assert result.response.response_type.value == "error", result.response.speech
    assert living_room.props["mode"] == HEAT

    # each device's options now show the integration's choice
    result = await hass.config_entries.options.async_init(living_entry.entry_id)
    (marker,) = (key for key in result["data_schema"].schema if key == CONF_VOICE_SENTENCES)
    assert marker.default() is False
    hass.config_entries.options.async_abort(result["flow_id"])

    # on again from the other device: the sentences come back, for both
    assert await _save_voice(hass, living_entry.entry_id, True) is False
    assert bedroom_entry.options[CONF_VOICE_SENTENCES] is True
    assert await _installed(hass, root)
    result = await async_converse(hass, "set the bedroom AC to cool", "en")
    assert result.response.speech["plain"]["speech"] == "Bedroom AC is now cooling"
    assert bedroom.props["mode"] == COOL


async def test_a_device_added_later_does_not_bring_the_sentences_back(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, tmp_path: Path
) -> None:
    """A new entry has no option yet (on by default): the integration's off still holds."""
    await async_setup_voice(hass, tmp_path)
    root = tmp_path / "custom_sentences"
    first = await add_device(await simulator("xiaomi.aircondition.mc4"), title="Living room AC")
    await _save_voice(hass, first.entry_id, False)
    assert not await _installed(hass, root)

    await add_device(await simulator("xiaomi.aircondition.mc4"), title="Bedroom AC")
    assert assist.sentences_wanted(hass) is False
    assert not await _installed(hass, root)


async def test_entries_that_disagree_mean_off(
    hass: HomeAssistant, simulator: Simulator, add_device: AddDevice, tmp_path: Path
) -> None:
    """Options saved before the choice was shared may disagree: off on any entry wins."""
    await async_setup_voice(hass, tmp_path)
    root = tmp_path / "custom_sentences"
    first = await add_device(await simulator("xiaomi.aircondition.mc4"), title="Living room AC")
    second = await add_device(await simulator("xiaomi.aircondition.mc4"), title="Bedroom AC")
    hass.config_entries.async_update_entry(first, options={CONF_VOICE_SENTENCES: False})
    hass.config_entries.async_update_entry(second, options={CONF_VOICE_SENTENCES: True})
    assert assist.sentences_wanted(hass) is False
    assert await assist.async_sync_sentences(hass) is True
    assert not await _installed(hass, root)

    # saving the entry that already said off changes no option of its own, yet applies to all
    await _save_voice(hass, first.entry_id, True)
    assert second.options[CONF_VOICE_SENTENCES] is True
    assert assist.sentences_wanted(hass) is True
    assert await _installed(hass, root)


async def test_the_option_says_it_is_the_integrations(hass: HomeAssistant) -> None:
    """Its label and description say it applies to every device, in each language."""
    # (label, description) words per language
    words = {
        "en": ("(all devices)", "every Xiaomi Living device"),
        "zh-Hans": ("所有设备", "所有 Xiaomi Living 设备"),
        "zh-Hant": ("所有裝置", "所有 Xiaomi Living 裝置"),
    }
    prefix = f"component.{DOMAIN}.options.step.init"
    for language, (label, description) in words.items():
        texts = await async_get_translations(hass, language, "options", [DOMAIN])
        assert label in texts[f"{prefix}.data.voice_sentences"], language
        assert description in texts[f"{prefix}.data_description.voice_sentences"], language
