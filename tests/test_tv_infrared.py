"""Turning a fully-off TV on through an infrared emitter (Home Assistant 2026.4+).

The emitter and the receiver are fakes registered through Home Assistant's real infrared platform:
a test integration's config entry forwards to the ``infrared`` platform, as ESPHome's does. The
simulated set listens to the emitter: the power key it knows (its own remote's) toggles its power,
any other signal does nothing. On Home Assistant 2026.2 (no infrared platform) the options offer no
emitter, and an entry that names one (saved on a newer Home Assistant) still wakes over the LAN.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from homeassistant.components.media_player import DOMAIN as MEDIA_PLAYER_DOMAIN
from homeassistant.config_entries import ConfigEntry, ConfigFlow
from homeassistant.const import (
    ATTR_ENTITY_ID,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
)
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.entity_platform import AddEntitiesCallback
from homeassistant.setup import async_setup_component
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockModule,
    MockPlatform,
    mock_config_flow,
    mock_integration,
    mock_platform,
)

from custom_components.xiaomi_living.client.errors import TokenRejectedError
from custom_components.xiaomi_living.const import (
    CONF_SCAN_INTERVAL,
    CONF_TV_IR_EMITTER,
    CONF_TV_IR_POWER_CODE,
    CONF_TV_IR_RECEIVER,
    CONF_TV_TURN_OFF,
    CONF_VOICE_SENTENCES,
    CONF_WAKE_ON_LAN,
    TV_TURN_OFF_POWER,
    TV_TURN_OFF_SCREEN,
)
from custom_components.xiaomi_living.coordinator import FAILURES_BEFORE_UNAVAILABLE
from tests.assist_fixtures import (
    TV_ON,
    async_converse,
    async_install,
    async_setup_voice,
    put_in_area,
)
from tests.conftest import AddTv
from tests.simulator.fleet import Simulator
from tests.simulator.tv import SimulatedTv

try:
    from homeassistant.components.infrared import (
        InfraredEmitterEntity,
        InfraredReceivedSignal,
        InfraredReceiverEntity,
    )
    from infrared_protocols.commands import Command
    from infrared_protocols.commands.pronto import ProntoCommand
except ImportError:  # Home Assistant before 2026.4
    HAS_INFRARED = False
else:
    HAS_INFRARED = True

newest = pytest.mark.skipif(
    not HAS_INFRARED, reason="Home Assistant before 2026.4 has no infrared platform"
)

ENTITY = "media_player.living_room_tv"
TV_MODEL = "xiaomi.tv.mitv5proh1"
EMITTER = "infrared.living_room_ir_blaster"
RECEIVER = "infrared.living_room_ir_receiver"
IR_DOMAIN = "test_ir"
# The set's own remote: its power key (a learned Pronto code, 38 kHz, leader and two bits).
POWER_KEY = "0000 006d 0004 0000 0157 00ac 0015 0016 0015 0041 0015 0689"
# What a receiver hears from that remote: leader, bits, stop pulse (it ends on a pulse).
POWER_KEY_HEARD = [9000, -4500, 560, -560, 560, -1690, 560]
# Another remote's key: the set ignores it.
OTHER_KEY = "0000 006d 0002 0000 0060 0018 0018 0689"
OFF_OPTIONS = {CONF_TV_TURN_OFF: TV_TURN_OFF_POWER, CONF_WAKE_ON_LAN: False}
IR_OPTIONS = {**OFF_OPTIONS, CONF_TV_IR_EMITTER: EMITTER, CONF_TV_IR_POWER_CODE: POWER_KEY}
BASE_OPTIONS = {
    CONF_SCAN_INTERVAL: 15,
    CONF_VOICE_SENTENCES: True,
    CONF_TV_TURN_OFF: TV_TURN_OFF_POWER,
    CONF_WAKE_ON_LAN: False,
}


class InfraredRig:
    """The fake emitter and receiver, and the sets that see the emitter."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Nothing is registered until ``async_add``."""
        self.hass = hass
        self.sets: list[SimulatedTv] = []
        self.sent: list[Any] = []
        self.failure: str | None = None
        self.emitter: Any = None
        self.receiver: Any = None

    def hear(self, command: Any) -> None:
        """Do what a set does with a command: its power key toggles its power, others nothing."""
        own = ProntoCommand.from_pronto_hex(POWER_KEY)
        if (command.modulation, command.get_raw_timings()) != (
            own.modulation,
            own.get_raw_timings(),
        ):
            return
        for tv in self.sets:
            tv.tv.power = "on" if tv.tv.power == "off" else "off"

    async def async_add(self, *, receiver: bool = False) -> None:
        """Register the emitter (and a receiver) through the infrared platform, as ESPHome does."""
        rig = self

        class BlasterEntity(InfraredEmitterEntity):  # type: ignore[misc]
            _attr_has_entity_name = True
            _attr_name = "Living room IR blaster"
            _attr_unique_id = "blaster"

            async def async_send_command(self, command: Command) -> None:
                if rig.failure is not None:
                    raise HomeAssistantError(rig.failure)
                rig.sent.append(command)
                rig.hear(command)

        class ReceiverEntity(InfraredReceiverEntity):  # type: ignore[misc]
            _attr_has_entity_name = True
            _attr_name = "Living room IR receiver"
            _attr_unique_id = "receiver"

            def hear(self, timings: list[int], modulation: int | None = 38000) -> None:
                self._handle_received_signal(
                    InfraredReceivedSignal(timings=timings, modulation=modulation)
                )

        self.emitter = BlasterEntity()
        entities: list[Any] = [self.emitter]
        if receiver:
            self.receiver = ReceiverEntity()
            entities.append(self.receiver)

        async def setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
            await hass.config_entries.async_forward_entry_setups(entry, ["infrared"])
            return True

        async def setup_platform(
            hass: HomeAssistant, entry: ConfigEntry, add_entities: AddEntitiesCallback
        ) -> None:
            add_entities(entities)

        assert await async_setup_component(self.hass, "infrared", {})
        mock_integration(self.hass, MockModule(IR_DOMAIN, async_setup_entry=setup_entry))
        mock_platform(
            self.hass, f"{IR_DOMAIN}.infrared", MockPlatform(async_setup_entry=setup_platform)
        )
        mock_platform(self.hass, f"{IR_DOMAIN}.config_flow")
        entry = MockConfigEntry(domain=IR_DOMAIN)
        entry.add_to_hass(self.hass)
        assert await self.hass.config_entries.async_setup(entry.entry_id)
        await self.hass.async_block_till_done()
        assert self.hass.states.get(EMITTER) is not None


class _IrFlow(ConfigFlow):
    """The test integration's config flow: its entry is made by the test."""

    VERSION = 1


@pytest.fixture
def rig(hass: HomeAssistant) -> Iterator[InfraredRig]:
    with mock_config_flow(IR_DOMAIN, _IrFlow):
        yield InfraredRig(hass)


async def start_tv(simulator: Simulator) -> SimulatedTv:
    tv = await simulator(TV_MODEL)
    assert isinstance(tv, SimulatedTv)
    return tv


async def call(hass: HomeAssistant, service: str) -> None:
    await hass.services.async_call(
        MEDIA_PLAYER_DOMAIN, service, {ATTR_ENTITY_ID: ENTITY}, blocking=True
    )


async def switch_fully_off(hass: HomeAssistant, entry: MockConfigEntry, tv: SimulatedTv) -> None:
    """Power the set off and poll until Home Assistant shows it fully off."""
    await call(hass, SERVICE_TURN_OFF)
    assert tv.tv.power == "off"
    for _ in range(FAILURES_BEFORE_UNAVAILABLE):
        await entry.runtime_data.coordinator.async_refresh()
    assert hass.states.get(ENTITY).attributes["power_state"] == "off"


def schema_keys(result: Any) -> list[str]:
    return [str(key) for key in result["data_schema"].schema]


# Turning on, from the media player


@newest
async def test_fully_off_set_comes_on_through_the_emitter(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, rig: InfraredRig
) -> None:
    """Wake-on-LAN off: the IR power key alone brings the set back, and the state follows it."""
    await rig.async_add()
    tv = await start_tv(simulator)
    rig.sets.append(tv)
    entry = await add_tv(tv, options=IR_OPTIONS)
    await switch_fully_off(hass, entry, tv)
    assert rig.sent == []

    await call(hass, SERVICE_TURN_ON)
    assert [command.to_pronto_hex() for command in rig.sent] == [POWER_KEY]
    assert tv.tv.power == "on"
    assert hass.states.get(ENTITY).state == STATE_ON
    assert hass.states.get(ENTITY).attributes["power_state"] == "on"
    assert hass.states.get(EMITTER).state not in (None, "unknown")  # the platform saw it sent
    assert tv.tv.wake_on_lan_packets == 0

    await call(hass, SERVICE_TURN_ON)  # on already: the toggling key is not sent again
    assert len(rig.sent) == 1
    assert tv.tv.power == "on"


@newest
async def test_emitter_goes_first_then_wake_on_lan(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, rig: InfraredRig
) -> None:
    """Both ways on: the toggling IR key first, then the packet, which a lit set ignores."""
    await rig.async_add()
    tv = await start_tv(simulator)
    rig.sets.append(tv)
    entry = await add_tv(tv, options={**IR_OPTIONS, CONF_WAKE_ON_LAN: True})
    await switch_fully_off(hass, entry, tv)
    await call(hass, SERVICE_TURN_ON)
    assert len(rig.sent) == 1
    assert tv.tv.wake_on_lan_packets == 0  # it arrived at a set that was already on
    assert tv.tv.power == "on"
    assert hass.states.get(ENTITY).state == STATE_ON


@newest
async def test_a_broken_emitter_leaves_wake_on_lan(
    hass: HomeAssistant,
    simulator: Simulator,
    add_tv: AddTv,
    rig: InfraredRig,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The emitter fails: wake-on-LAN still wakes the set; without it, the error says why."""
    await rig.async_add()
    rig.failure = "blaster offline"
    tv = await start_tv(simulator)
    entry = await add_tv(tv, options={**IR_OPTIONS, CONF_WAKE_ON_LAN: True})
    await switch_fully_off(hass, entry, tv)
    await call(hass, SERVICE_TURN_ON)
    assert tv.tv.wake_on_lan_packets == 1
    assert hass.states.get(ENTITY).state == STATE_ON
    assert "blaster offline" in caplog.text

    hass.config_entries.async_update_entry(entry, options=IR_OPTIONS)
    await hass.async_block_till_done()
    await switch_fully_off(hass, entry, tv)
    with pytest.raises(HomeAssistantError) as err:
        await call(hass, SERVICE_TURN_ON)
    assert err.value.translation_key == "infrared_send_failed"
    assert err.value.translation_placeholders["emitter"] == EMITTER
    assert "blaster offline" in str(err.value)
    assert tv.tv.power == "off"


@newest
@pytest.mark.parametrize("http_only", [False, True])
async def test_a_set_that_does_not_answer_is_reported(
    hass: HomeAssistant,
    simulator: Simulator,
    add_tv: AddTv,
    rig: InfraredRig,
    http_only: bool,
) -> None:
    """The key went out but the set stays dark: after the wait, a translated error; still off."""
    await rig.async_add()
    tv = await start_tv(simulator)
    rig.sets.append(tv)
    entry = await add_tv(
        tv, http_only=http_only, options={**IR_OPTIONS, CONF_TV_IR_POWER_CODE: OTHER_KEY}
    )
    await switch_fully_off(hass, entry, tv)
    with (
        patch("custom_components.xiaomi_living.const.TV_POWER_ON_TIMEOUT", 0.3),
        patch("custom_components.xiaomi_living.const.TV_POWER_ON_RETRY_INTERVAL", 0.05),
        pytest.raises(HomeAssistantError) as err,
    ):
        await call(hass, SERVICE_TURN_ON)
    assert err.value.translation_key == "tv_did_not_turn_on"
    assert str(err.value).startswith("Living room TV did not answer within 0.3 seconds")
    assert len(rig.sent) == 1
    assert tv.tv.power == "off"
    assert hass.states.get(ENTITY).state == STATE_OFF
    assert hass.states.get(ENTITY).attributes["power_state"] == "off"

    tv.tv.power = "on"  # switched on by hand: the next poll sees it
    await entry.runtime_data.coordinator.async_refresh()
    assert hass.states.get(ENTITY).state == STATE_ON


@newest
async def test_a_set_that_wakes_with_another_token_asks_for_it(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, rig: InfraredRig
) -> None:
    """The set answers after the key, but rejects the token: that error, not a timeout."""
    await rig.async_add()
    tv = await start_tv(simulator)
    rig.sets.append(tv)
    entry = await add_tv(tv, options=IR_OPTIONS)
    await switch_fully_off(hass, entry, tv)
    with (
        patch.object(
            type(entry.runtime_data.coordinator.device),
            "read",
            side_effect=TokenRejectedError("another token"),
        ),
        pytest.raises(HomeAssistantError) as err,
    ):
        await call(hass, SERVICE_TURN_ON)
    assert err.value.translation_key == "token_rejected"


async def test_an_emitter_named_where_there_is_no_infrared_platform(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """Options saved on a newer Home Assistant: wake-on-LAN still works, else the error says why.

    Runs on every version: here no integration has loaded the infrared platform (on 2026.2 there
    is none to load).
    """
    tv = await start_tv(simulator)
    entry = await add_tv(tv, options={**IR_OPTIONS, CONF_WAKE_ON_LAN: True})
    await switch_fully_off(hass, entry, tv)
    await call(hass, SERVICE_TURN_ON)
    assert tv.tv.wake_on_lan_packets == 1
    assert hass.states.get(ENTITY).state == STATE_ON

    hass.config_entries.async_update_entry(entry, options=IR_OPTIONS)
    await hass.async_block_till_done()
    await switch_fully_off(hass, entry, tv)
    with pytest.raises(HomeAssistantError) as err:
        await call(hass, SERVICE_TURN_ON)
    assert err.value.translation_key == "infrared_unavailable"
    assert tv.tv.power == "off"


# Turning on, by voice


@newest
async def test_turned_on_by_voice_through_the_emitter(
    hass: HomeAssistant,
    simulator: Simulator,
    add_tv: AddTv,
    rig: InfraredRig,
    tmp_path: Path,
) -> None:
    """Saying "turn on the TV" or "打开电视" brings a fully-off set back through the emitter."""
    await async_setup_voice(hass, tmp_path)
    await rig.async_add()
    tv = await start_tv(simulator)
    rig.sets.append(tv)
    entry = await add_tv(tv, options=IR_OPTIONS)
    put_in_area(hass, entry, "Living Room")
    await async_install(hass)

    for text, language, answer in [
        ("turn on the TV", "en", "Turned on Living room TV"),
        ("打开电视", "zh-CN", "Living room TV已打开"),
    ]:
        await switch_fully_off(hass, entry, tv)
        result = await async_converse(hass, text, language)
        assert result.response.intent is not None
        assert result.response.intent.intent_type == TV_ON
        assert result.response.speech["plain"]["speech"] == answer, text
        assert tv.tv.power == "on", text
        assert hass.states.get(ENTITY).state == STATE_ON
    assert len(rig.sent) == 2

    await switch_fully_off(hass, entry, tv)
    hass.config_entries.async_update_entry(
        entry, options={**IR_OPTIONS, CONF_TV_IR_POWER_CODE: OTHER_KEY}
    )
    await hass.async_block_till_done()
    with patch("custom_components.xiaomi_living.const.TV_POWER_ON_TIMEOUT", 0.3):
        result = await async_converse(hass, "turn on the TV", "en")
    assert result.response.response_type.value == "error"
    assert result.response.speech["plain"]["speech"] == (
        "Living room TV did not come on within 0.3 seconds; check that it has power and try again"
    )


# The options


async def test_no_emitter_option_without_an_emitter(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv
) -> None:
    """No infrared platform (2026.2), or no emitter on it: the TV's options are as before."""
    tv = await start_tv(simulator)
    entry = await add_tv(tv)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert schema_keys(result) == [
        CONF_SCAN_INTERVAL,
        CONF_VOICE_SENTENCES,
        CONF_TV_TURN_OFF,
        CONF_WAKE_ON_LAN,
    ]
    result = await hass.config_entries.options.async_configure(result["flow_id"], BASE_OPTIONS)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options == BASE_OPTIONS


@newest
async def test_emitter_option_lists_emitters_only(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, rig: InfraredRig
) -> None:
    """The emitter field offers the emitters, not the receivers; an AC is not offered one."""
    await rig.async_add(receiver=True)
    tv = await start_tv(simulator)
    entry = await add_tv(tv)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    assert schema_keys(result)[-1] == CONF_TV_IR_EMITTER
    selector = next(
        value for key, value in result["data_schema"].schema.items() if key == CONF_TV_IR_EMITTER
    )
    assert selector.config["include_entities"] == [EMITTER]

    ac = await simulator("xiaomi.aircondition.mc4")
    ac_entry = MockConfigEntry(
        domain=entry.domain,
        unique_id=str(ac.device_id),
        data={"host": ac.host, "token": ac.token_hex, "model": ac.model, "mac": ac.mac},
    )
    ac_entry.add_to_hass(hass)
    result = await hass.config_entries.options.async_init(ac_entry.entry_id)
    assert CONF_TV_IR_EMITTER not in schema_keys(result)


@newest
async def test_pasted_pronto_code_is_checked_and_stored(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, rig: InfraredRig
) -> None:
    """No receiver and nothing stored: straight to the code; a bad one is refused, a good kept."""
    await rig.async_add()
    tv = await start_tv(simulator)
    rig.sets.append(tv)
    entry = await add_tv(tv)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**BASE_OPTIONS, CONF_TV_IR_EMITTER: EMITTER}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "tv_infrared_pronto"
    for bad in ["0000 006D 0004", "0100 006D 0001 0000 0010 0010", "hello", "0000 006D 0001 0000"]:
        result = await hass.config_entries.options.async_configure(
            result["flow_id"], {CONF_TV_IR_POWER_CODE: bad}
        )
        assert result["errors"] == {CONF_TV_IR_POWER_CODE: "invalid_pronto"}, bad
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_TV_IR_POWER_CODE: "  " + POWER_KEY.upper().replace(" ", "\n ")}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert entry.options == {
        **BASE_OPTIONS,
        CONF_TV_IR_EMITTER: EMITTER,
        CONF_TV_IR_POWER_CODE: POWER_KEY,
    }

    await switch_fully_off(hass, entry, tv)
    await call(hass, SERVICE_TURN_ON)
    assert tv.tv.power == "on"


@newest
async def test_power_key_learned_from_the_tv_remote(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, rig: InfraredRig
) -> None:
    """Learn: pick the receiver, press the remote's power key; that key then wakes the set."""
    await rig.async_add(receiver=True)
    tv = await start_tv(simulator)
    entry = await add_tv(tv)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**BASE_OPTIONS, CONF_TV_IR_EMITTER: EMITTER}
    )
    assert result["type"] is FlowResultType.MENU
    assert result["menu_options"] == ["tv_infrared_learn", "tv_infrared_pronto"]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "tv_infrared_learn"}
    )
    assert result["step_id"] == "tv_infrared_learn"
    assert schema_keys(result) == [CONF_TV_IR_RECEIVER]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_TV_IR_RECEIVER: RECEIVER}
    )
    assert result["type"] is FlowResultType.SHOW_PROGRESS
    assert result["progress_action"] == "tv_infrared_learn"
    rig.receiver.hear([9000, -2250, 560])  # a repeat frame: not a key
    rig.receiver.hear(POWER_KEY_HEARD)
    await hass.async_block_till_done()
    result = await hass.config_entries.options.async_configure(result["flow_id"])
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    learned = entry.options[CONF_TV_IR_POWER_CODE]
    heard = ProntoCommand.from_pronto_hex(learned).get_raw_timings()
    assert len(heard) == len(POWER_KEY_HEARD) + 1  # closed by a gap
    assert all(abs(a - b) < 60 for a, b in zip(heard, POWER_KEY_HEARD, strict=False))
    assert entry.options[CONF_TV_IR_EMITTER] == EMITTER

    # The set knows that key as its power key (it is the same signal).
    rig.sets.append(tv)
    with patch.object(rig, "hear", lambda command: _toggle(tv, command, learned)):
        hass.config_entries.async_update_entry(entry, options={**entry.options, **OFF_OPTIONS})
        await hass.async_block_till_done()
        await switch_fully_off(hass, entry, tv)
        await call(hass, SERVICE_TURN_ON)
    assert tv.tv.power == "on"
    assert hass.states.get(ENTITY).state == STATE_ON


def _toggle(tv: SimulatedTv, command: Any, code: str) -> None:
    if command.get_raw_timings() == ProntoCommand.from_pronto_hex(code).get_raw_timings():
        tv.tv.power = "on" if tv.tv.power == "off" else "off"


async def _start_learning(hass: HomeAssistant, entry: MockConfigEntry) -> dict[str, Any]:
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**BASE_OPTIONS, CONF_TV_IR_EMITTER: EMITTER}
    )
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "tv_infrared_learn"}
    )
    return await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_TV_IR_RECEIVER: RECEIVER}
    )


@newest
async def test_learning_that_hears_nothing_asks_again(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, rig: InfraredRig
) -> None:
    """No key in time: the receiver form again, with the error; the second try succeeds."""
    await rig.async_add(receiver=True)
    entry = await add_tv(await start_tv(simulator))
    with patch("custom_components.xiaomi_living.const.TV_IR_LEARN_TIMEOUT", 0.05):
        result = await _start_learning(hass, entry)
        assert result["type"] is FlowResultType.SHOW_PROGRESS
        await hass.async_block_till_done()
        result = await hass.config_entries.options.async_configure(result["flow_id"])
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "tv_infrared_learn"
    assert result["errors"] == {"base": "ir_learn_timeout"}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {CONF_TV_IR_RECEIVER: RECEIVER}
    )
    rig.receiver.hear([*POWER_KEY_HEARD, -40_000], modulation=None)  # closed by a gap already
    await hass.async_block_till_done()
    result = await hass.config_entries.options.async_configure(result["flow_id"])
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert entry.options[CONF_TV_IR_POWER_CODE].startswith("0000 006d 0004 0000")


@newest
@pytest.mark.parametrize(
    ("trouble", "error"),
    [("receiver gone", "ir_receiver_unavailable"), ("not pronto", "ir_learn_unusable")],
)
async def test_learning_that_cannot_work_says_why(
    hass: HomeAssistant,
    simulator: Simulator,
    add_tv: AddTv,
    rig: InfraredRig,
    trouble: str,
    error: str,
) -> None:
    """A receiver removed meanwhile, or a signal Pronto cannot hold: the form says which."""
    await rig.async_add(receiver=True)
    entry = await add_tv(await start_tv(simulator))
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**BASE_OPTIONS, CONF_TV_IR_EMITTER: EMITTER}
    )
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "tv_infrared_learn"}
    )
    failing: Exception | None = None
    if trouble == "receiver gone":
        await rig.receiver.async_remove()
    else:
        failing = ValueError("pronto timing data does not match")
    with patch(
        "infrared_protocols.commands.pronto.ProntoCommand.from_raw_timings",
        side_effect=failing,
        autospec=True,
    ) as encode:
        result = await hass.config_entries.options.async_configure(
            result["flow_id"], {CONF_TV_IR_RECEIVER: RECEIVER}
        )
        if failing is not None:  # a receiver that is gone is found out at once, with no progress
            assert result["type"] is FlowResultType.SHOW_PROGRESS
            rig.receiver.hear(POWER_KEY_HEARD)
            await hass.async_block_till_done()
            result = await hass.config_entries.options.async_configure(result["flow_id"])
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}
    # Without a receiver left, the code can still be pasted.
    assert result["step_id"] == ("tv_infrared_learn" if failing else "tv_infrared_pronto")
    assert encode.called is (failing is not None)


@newest
async def test_stored_key_is_kept_or_replaced(
    hass: HomeAssistant, simulator: Simulator, add_tv: AddTv, rig: InfraredRig
) -> None:
    """A stored key can be kept; clearing the emitter keeps the key for when it comes back."""
    await rig.async_add(receiver=True)
    entry = await add_tv(await start_tv(simulator), options=IR_OPTIONS)
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**BASE_OPTIONS, CONF_TV_IR_EMITTER: EMITTER}
    )
    assert result["menu_options"] == [
        "tv_infrared_learn",
        "tv_infrared_pronto",
        "tv_infrared_keep",
    ]
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "tv_infrared_keep"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert entry.options == {
        **BASE_OPTIONS,
        CONF_TV_IR_EMITTER: EMITTER,
        CONF_TV_IR_POWER_CODE: POWER_KEY,
    }

    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**BASE_OPTIONS, CONF_TV_TURN_OFF: TV_TURN_OFF_SCREEN}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert entry.options == {
        **BASE_OPTIONS,
        CONF_TV_TURN_OFF: TV_TURN_OFF_SCREEN,
        CONF_TV_IR_POWER_CODE: POWER_KEY,
    }

    # The pasted-code step suggests the stored key.
    result = await hass.config_entries.options.async_init(entry.entry_id)
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {**BASE_OPTIONS, CONF_TV_IR_EMITTER: EMITTER}
    )
    result = await hass.config_entries.options.async_configure(
        result["flow_id"], {"next_step_id": "tv_infrared_pronto"}
    )
    (key,) = result["data_schema"].schema
    assert key.description == {"suggested_value": POWER_KEY}
