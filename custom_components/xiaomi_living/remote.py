"""TVs as remotes: named keys over the HTTP API, with repeats and a delay between presses.

Besides the HTTP API's keys (docs/tv.md#remote-keys): ``power`` switches the set off over
whichever channel answers (MIoT's turn-off action or the power key), ``mute`` toggles MIoT's mute,
and ``channel_up`` / ``channel_down`` press up and down only while the tuner is in front. The sets
have no infrared learning: learn_command and delete_command say so.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import replace
from typing import Any, Final

from homeassistant.components.remote import (
    ATTR_DELAY_SECS,
    ATTR_NUM_REPEATS,
    DEFAULT_DELAY_SECS,
    DEFAULT_NUM_REPEATS,
    RemoteEntity,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .client import television as tv
from .client.errors import MiotRequiredError
from .client.models.tv import (
    CHANNEL_KEYS,
    COMMAND_MUTE,
    HOME_SCREEN_PACKAGE,
    TUNER_INPUTS,
    app_display_name,
    remote_command,
    remote_command_names,
)
from .client.state import TelevisionState
from .const import DOMAIN
from .coordinator import TelevisionCoordinator, XiaomiLivingConfigEntry
from .entity import TelevisionEntity, translated_error

PARALLEL_UPDATES = 0

# The HTTP API's volume runs 0-15, so 20 presses of one key cross its whole scale or a long menu;
# anything more is a mistake that would keep the set busy for minutes.
MAX_REPEATS: Final = 20
# Long enough for an app to open between presses; Home Assistant's own default is 0.4 s.
MAX_DELAY_SECS: Final = 10.0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: XiaomiLivingConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the remote of a TV."""
    if isinstance(coordinator := entry.runtime_data.coordinator, TelevisionCoordinator):
        async_add_entities([TelevisionRemote(coordinator)])


class TelevisionRemote(TelevisionEntity, RemoteEntity):
    """The TV's remote control ("<TV> Remote"): on while the screen is lit."""

    _attr_translation_key = "remote"

    def __init__(self, coordinator: TelevisionCoordinator) -> None:
        """Control one TV."""
        super().__init__(coordinator, "remote")
        self._sequence: asyncio.Task[None] | None = None

    @property
    def is_on(self) -> bool:
        """Whether the screen is lit."""
        return self.power == tv.POWER_ON

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Light the screen, or wake the set with wake-on-LAN."""
        await self.async_power_on()

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Stop the keys still to come, then darken the screen, or switch fully off (option)."""
        await self._async_stop_sequence()
        await self.async_power_off()

    async def async_will_remove_from_hass(self) -> None:
        """No key reaches the set once the entity is gone."""
        await self._async_stop_sequence()
        await super().async_will_remove_from_hass()

    async def async_send_command(self, command: Iterable[str], **kwargs: Any) -> None:
        """Press the keys in order, ``num_repeats`` times, ``delay_secs`` apart.

        Every name and both numbers are checked before the first press: a wrong one sends nothing.
        A new command, a turn-off or unloading stops the keys still to come; the call that started
        them then returns without an error.
        """
        names = list(command)
        known = ", ".join(remote_command_names())
        if not names:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="no_keys",
                translation_placeholders={"keys": known},
            )
        commands: list[str] = []
        for name in names:
            resolved = remote_command(name)
            if resolved is None:
                raise ServiceValidationError(
                    translation_domain=DOMAIN,
                    translation_key="unknown_key",
                    translation_placeholders={"key": name, "keys": known},
                )
            commands.append(resolved)
        self._check_commands(commands)
        repeats: int = kwargs.get(ATTR_NUM_REPEATS, DEFAULT_NUM_REPEATS)
        if not 1 <= repeats <= MAX_REPEATS:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="num_repeats_out_of_range",
                translation_placeholders={"value": str(repeats), "max": str(MAX_REPEATS)},
            )
        delay: float = kwargs.get(ATTR_DELAY_SECS, DEFAULT_DELAY_SECS)
        if not 0 <= delay <= MAX_DELAY_SECS:  # also refuses NaN
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="delay_secs_out_of_range",
                translation_placeholders={"value": str(delay), "max": f"{MAX_DELAY_SECS:g}"},
            )
        presses = commands * repeats
        device = self.coordinator.device
        muted = bool(self.coordinator.data.muted)

        async def press(what: str) -> None:
            nonlocal muted
            if what == COMMAND_MUTE:
                muted = not muted
                await device.set_muted(muted)
            elif what == "power":
                await device.power_off()
            else:
                await device.press_key(CHANNEL_KEYS.get(what, what))

        async def press_all() -> None:
            for index, what in enumerate(presses):
                if index and delay > 0:
                    await asyncio.sleep(delay)
                await press(what)

        await self._async_stop_sequence()
        sequence = self._sequence = self.hass.async_create_task(
            press_all(), f"{self.entity_id} key sequence", eager_start=False
        )

        # Power switches the set off; home brings the home screen to the front.
        powers_off = "power" in presses
        goes_home = "home" in presses

        def update(state: TelevisionState) -> TelevisionState:
            if powers_off:
                return replace(state, power=tv.POWER_OFF, app=None, playback=None)
            return replace(state, app=HOME_SCREEN_PACKAGE, playback=None)

        try:
            await self.async_apply(lambda: sequence, update if powers_off or goes_home else None)
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if sequence.cancelled() and current is not None and not current.cancelling():
                return  # stopped by a newer command, a turn-off or unloading, not our caller
            raise
        finally:
            if self._sequence is sequence:
                self._sequence = None

    def _check_commands(self, commands: list[str]) -> None:
        """Refuse, before anything is sent, commands the set cannot take as it is now."""
        if COMMAND_MUTE in commands and tv.CAP_MUTE not in self.coordinator.device.capabilities:
            raise translated_error(
                MiotRequiredError("mute needs the MIoT channel"), self.coordinator.host
            )
        if not any(command in CHANNEL_KEYS for command in commands):
            return
        data = self.coordinator.data
        name = self.coordinator.config_entry.title
        if data.power == tv.POWER_ON and data.app is None and data.input in TUNER_INPUTS:
            return
        if data.power != tv.POWER_ON:
            key, placeholders = "channel_needs_screen", {"name": name}
        elif data.app is not None:
            source = app_display_name(data.app, self.coordinator.device.app_names)
            key, placeholders = "channel_needs_tuner", {"name": name, "source": source}
        elif data.input is not None:
            key, placeholders = "channel_needs_tuner", {"name": name, "source": data.input}
        else:
            key, placeholders = "channel_source_unknown", {"name": name}
        raise ServiceValidationError(
            translation_domain=DOMAIN, translation_key=key, translation_placeholders=placeholders
        )

    async def async_learn_command(self, **kwargs: Any) -> None:
        """Xiaomi TVs take the keys they know; they cannot learn infrared codes."""
        raise self._no_learning()

    async def async_delete_command(self, **kwargs: Any) -> None:
        """There are no learned codes to delete."""
        raise self._no_learning()

    def _no_learning(self) -> ServiceValidationError:
        return ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="learning_not_supported",
            translation_placeholders={
                "name": self.coordinator.config_entry.title,
                "keys": ", ".join(remote_command_names()),
            },
        )

    async def _async_stop_sequence(self) -> None:
        """Cancel the keys still to be pressed, and wait until no press is under way.

        A loop, not a test: while we waited, another command may have started its own sequence.
        """
        while (sequence := self._sequence) is not None and not sequence.done():
            sequence.cancel()
            await asyncio.wait([sequence])
