"""TVs as media players: power (screen off / fully off), volume, inputs and apps."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from homeassistant.components.media_player import MediaPlayerDeviceClass, MediaPlayerEntity
from homeassistant.components.media_player.const import (
    MediaPlayerEntityFeature,
    MediaPlayerState,
    MediaType,
)
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .client import television as tv
from .const import DOMAIN
from .coordinator import TelevisionCoordinator, XiaomiLivingConfigEntry
from .entity import TelevisionEntity

PARALLEL_UPDATES = 0

# Volume up/down over MIoT moves this fraction of the range (a remote key press moves 1/15).
VOLUME_STEP = 0.05
# What the keys do in the sets' players: OK toggles playback, left/right skip.
NEXT_KEY = "right"
PREVIOUS_KEY = "left"

ATTR_POWER_STATE = "power_state"

_ALWAYS = MediaPlayerEntityFeature.TURN_ON | MediaPlayerEntityFeature.TURN_OFF
_HTTP_FEATURES = (
    MediaPlayerEntityFeature.PLAY_MEDIA
    | MediaPlayerEntityFeature.PLAY
    | MediaPlayerEntityFeature.PAUSE
    | MediaPlayerEntityFeature.NEXT_TRACK
    | MediaPlayerEntityFeature.PREVIOUS_TRACK
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: XiaomiLivingConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the media player of a TV."""
    if isinstance(coordinator := entry.runtime_data.coordinator, TelevisionCoordinator):
        async_add_entities([TelevisionMediaPlayer(coordinator)])


class TelevisionMediaPlayer(TelevisionEntity, MediaPlayerEntity):
    """A Xiaomi TV: on while the screen is lit, off when dark or fully off, never unavailable."""

    _attr_name = None
    _attr_translation_key = "television"
    _attr_device_class = MediaPlayerDeviceClass.TV
    _attr_volume_step = VOLUME_STEP

    def __init__(self, coordinator: TelevisionCoordinator) -> None:
        """Show one TV."""
        super().__init__(coordinator, "media_player")

    @property
    def supported_features(self) -> MediaPlayerEntityFeature:
        """What the set's channels allow: MIoT for absolute volume and mute, HTTP for apps."""
        capabilities = self.coordinator.device.capabilities
        features = _ALWAYS
        if tv.CAP_VOLUME_SET in capabilities:
            features |= MediaPlayerEntityFeature.VOLUME_SET | MediaPlayerEntityFeature.VOLUME_STEP
        if tv.CAP_MUTE in capabilities:
            features |= MediaPlayerEntityFeature.VOLUME_MUTE
        if tv.CAP_HTTP in capabilities:
            features |= _HTTP_FEATURES | MediaPlayerEntityFeature.VOLUME_STEP
        if tv.CAP_INPUTS in capabilities or tv.CAP_HTTP in capabilities:
            features |= MediaPlayerEntityFeature.SELECT_SOURCE
        return features

    @property
    def state(self) -> MediaPlayerState:
        """On (or playing/paused after our commands) while the screen is lit, else off."""
        if self.power != tv.POWER_ON:
            return MediaPlayerState.OFF
        match self.coordinator.data.playback:
            case tv.PLAYBACK_PLAYING:
                return MediaPlayerState.PLAYING
            case tv.PLAYBACK_PAUSED:
                return MediaPlayerState.PAUSED
        return MediaPlayerState.ON

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Tell a dark screen (can come back over the network) from a set that is fully off."""
        return {ATTR_POWER_STATE: self.power}

    @property
    def volume_level(self) -> float | None:
        """The volume, 0.0-1.0."""
        volume = self.coordinator.data.volume
        return volume / 100 if volume is not None else None

    @property
    def is_volume_muted(self) -> bool | None:
        """Whether the speaker is muted (MIoT)."""
        return self.coordinator.data.muted

    @property
    def app_id(self) -> str | None:
        """The package of the app we brought to the front."""
        return self.coordinator.data.app or None

    @property
    def app_name(self) -> str | None:
        """The name of the app in front, when known."""
        app = self.app_id
        return self.coordinator.device.app_names.get(app, app) if app else None

    @property
    def media_title(self) -> str | None:
        """The app in front, when known."""
        return self.app_name

    @property
    def media_content_type(self) -> MediaType | None:
        """An app, when one is in front."""
        return MediaType.APP if self.app_id else None

    @property
    def source(self) -> str | None:
        """The app in front, or else the input."""
        if (name := self.app_name) is not None:
            return name
        return self.coordinator.data.input or None

    @property
    def source_list(self) -> list[str]:
        """The set's inputs, then its apps while the HTTP API answers."""
        inputs = self._inputs()
        apps = self.coordinator.data.apps
        return [*inputs, *(name for name in dict.fromkeys(apps.values()) if name not in inputs)]

    def _inputs(self) -> list[str]:
        if tv.CAP_INPUTS not in self.coordinator.device.capabilities:
            return []
        return list(self.coordinator.device.description.inputs)

    async def async_turn_on(self) -> None:
        """Light the screen, or wake the set with wake-on-LAN."""
        await self.async_power_on()

    async def async_turn_off(self) -> None:
        """Darken the screen, or switch fully off (option)."""
        await self.async_power_off()

    async def async_set_volume_level(self, volume: float) -> None:
        """Set the volume (MIoT)."""
        level = round(volume * 100)
        await self.async_apply(
            lambda: self.coordinator.device.set_volume(level),
            lambda state: replace(state, volume=level),
        )

    async def async_mute_volume(self, mute: bool) -> None:
        """Mute or unmute (MIoT)."""
        await self.async_apply(
            lambda: self.coordinator.device.set_muted(mute),
            lambda state: replace(state, muted=mute),
        )

    async def async_volume_up(self) -> None:
        """Turn the volume up one step."""
        await self._step_volume(up=True)

    async def async_volume_down(self) -> None:
        """Turn the volume down one step."""
        await self._step_volume(up=False)

    async def _step_volume(self, *, up: bool) -> None:
        device = self.coordinator.device
        current = self.coordinator.data.volume
        step = round(self.volume_step * 100)
        # The read that follows tells where a key press landed.
        await self.async_apply(lambda: device.step_volume(up, step, current))

    async def async_select_source(self, source: str) -> None:
        """Switch to an input, or bring an app to the front."""
        device = self.coordinator.device
        if source in self._inputs():
            await self.async_apply(
                lambda: device.select_input(source),
                lambda state: replace(state, input=source, app=None, playback=None),
            )
            return
        package = self._package(source)
        if package is None:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="unknown_source",
                translation_placeholders={"source": source},
            )
        await self._start_app(package)

    async def async_play_media(
        self, media_type: MediaType | str, media_id: str, **kwargs: Any
    ) -> None:
        """Open an app: media type ``app``, media id its package (or its name)."""
        if media_type != MediaType.APP:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="unsupported_media_type",
                translation_placeholders={"media_type": str(media_type)},
            )
        await self._start_app(self._package(media_id) or media_id)

    async def async_media_play(self) -> None:
        """Resume playback (the OK key)."""
        await self._playback(playing=True)

    async def async_media_pause(self) -> None:
        """Pause playback (the OK key)."""
        await self._playback(playing=False)

    async def async_media_next_track(self) -> None:
        """Skip forward (the right key)."""
        await self.async_apply(lambda: self.coordinator.device.press_key(NEXT_KEY))

    async def async_media_previous_track(self) -> None:
        """Skip back (the left key)."""
        await self.async_apply(lambda: self.coordinator.device.press_key(PREVIOUS_KEY))

    async def _playback(self, *, playing: bool) -> None:
        await self.async_apply(
            lambda: self.coordinator.device.set_playback(playing),
            lambda state: replace(
                state, playback=tv.PLAYBACK_PLAYING if playing else tv.PLAYBACK_PAUSED
            ),
        )

    async def _start_app(self, package: str) -> None:
        await self.async_apply(
            lambda: self.coordinator.device.start_app(package),
            lambda state: replace(state, app=package, playback=tv.PLAYBACK_PLAYING),
        )

    def _package(self, source: str) -> str | None:
        """Return the package of an app given by name or package, None when it is no app."""
        apps = self.coordinator.device.app_names
        if source in apps:
            return source
        return next((package for package, name in apps.items() if name == source), None)
