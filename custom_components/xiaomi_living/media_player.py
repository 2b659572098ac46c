"""TVs as media players: power (screen off / fully off), volume, inputs and apps.

What the card shows follows what the set tells (docs/tv.md#what-the-set-tells): the input MIoT
reports, or the app we opened, or the home screen after the home key, as the source and the title,
with the app's icon as the picture. The state is on while an input or an app is in front, idle on
the home screen and off while the screen is dark; never playing or paused, since no channel tells
whether anything plays. The playback keys toggle, so both of them stay offered.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Final

from homeassistant.components.media_player import MediaPlayerDeviceClass, MediaPlayerEntity
from homeassistant.components.media_player.browse_media import BrowseMedia
from homeassistant.components.media_player.const import (
    MediaClass,
    MediaPlayerEntityFeature,
    MediaPlayerState,
    MediaType,
)
from homeassistant.components.media_player.errors import BrowseError
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .client import XiaomiLivingClientError
from .client import television as tv
from .client.models.tv import (
    HOME_PACKAGES,
    HOME_SCREEN_NAME,
    HOME_SCREEN_PACKAGE,
    TUNER_INPUTS,
    app_display_name,
    source_key,
)
from .const import DOMAIN, LOGGER
from .coordinator import TelevisionCoordinator, XiaomiLivingConfigEntry
from .entity import TelevisionEntity

PARALLEL_UPDATES = 0

# Volume up/down over MIoT moves this fraction of the range (a remote key press moves 1/15).
VOLUME_STEP = 0.05
# What the keys do in the sets' players: OK toggles playback, left/right skip; on the tuner the
# up and down keys change the channel.
NEXT_KEY = "right"
PREVIOUS_KEY = "left"
CHANNEL_UP_KEY = "up"
CHANNEL_DOWN_KEY = "down"

# play_media / browse_media: an input is media of this type, its id the input's name.
MEDIA_TYPE_INPUT: Final = "input"
BROWSE_ROOT: Final = "sources"

ATTR_POWER_STATE = "power_state"

_ALWAYS = MediaPlayerEntityFeature.TURN_ON | MediaPlayerEntityFeature.TURN_OFF
_HTTP_FEATURES = (
    MediaPlayerEntityFeature.PLAY
    | MediaPlayerEntityFeature.PAUSE
    | MediaPlayerEntityFeature.NEXT_TRACK
    | MediaPlayerEntityFeature.PREVIOUS_TRACK
)
_SOURCE_FEATURES = (
    MediaPlayerEntityFeature.SELECT_SOURCE
    | MediaPlayerEntityFeature.PLAY_MEDIA
    | MediaPlayerEntityFeature.BROWSE_MEDIA
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
    # The icon is served by the set on the LAN: Home Assistant's media proxy passes it on.
    _attr_media_image_remotely_accessible = False

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
            features |= _SOURCE_FEATURES
        return features

    # What is in front ------------------------------------------------------------------------

    @property
    def _lit(self) -> bool:
        return self.power == tv.POWER_ON

    @property
    def _app_in_front(self) -> str | None:
        """The package in front (the launcher on the home screen), None for an input or unknown."""
        return (self.coordinator.data.app or None) if self._lit else None

    @property
    def _home_in_front(self) -> bool:
        return self._app_in_front in HOME_PACKAGES

    @property
    def _input_in_front(self) -> str | None:
        """The input in front: the one the set reports, while no app is over it."""
        if not self._lit or self._app_in_front is not None:
            return None
        return self.coordinator.data.input or None

    @property
    def state(self) -> MediaPlayerState:
        """Off while dark, idle on the home screen, else on: nothing tells whether media plays."""
        if not self._lit:
            return MediaPlayerState.OFF
        if self._home_in_front:
            return MediaPlayerState.IDLE
        return MediaPlayerState.ON

    @property
    def assumed_state(self) -> bool:
        """Playback in an app is not known: the dashboard then offers play and pause both."""
        return self._app_in_front is not None and not self._home_in_front

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
        """The package of the app in front (the launcher on the home screen)."""
        return self._app_in_front

    @property
    def source(self) -> str | None:
        """The app or the input in front, when known."""
        if (package := self._app_in_front) is not None:
            return app_display_name(package, self.coordinator.device.app_names)
        return self._input_in_front

    @property
    def media_title(self) -> str | None:
        """The source in front: the card's title (the app's name is not repeated under it)."""
        return self.source

    @property
    def media_content_type(self) -> MediaType | None:
        """An app, when one is in front."""
        return MediaType.APP if self._app_in_front is not None else None

    @property
    def media_image_url(self) -> str | None:
        """The icon of the app in front, where the set serves one."""
        if (package := self._app_in_front) is None:
            return None
        return self.coordinator.device.app_icons.get(package)

    async def async_get_media_image(self) -> tuple[bytes | None, str | None]:
        """Fetch the icon of the app in front from the set, for Home Assistant's media proxy."""
        if (package := self._app_in_front) is None:
            return None, None
        return await self._icon(package)

    async def async_get_browse_image(
        self,
        media_content_type: MediaType | str,
        media_content_id: str,
        media_image_id: str | None = None,
    ) -> tuple[bytes | None, str | None]:
        """Fetch the icon of an app in the media browser."""
        if media_content_type != MediaType.APP:
            return None, None
        return await self._icon(media_content_id)

    async def _icon(self, package: str) -> tuple[bytes | None, str | None]:
        """Return an app's icon; a picture that does not come is no error, just no picture."""
        try:
            image = await self.coordinator.device.app_icon(package)
        except XiaomiLivingClientError as err:
            LOGGER.debug("%s: no icon for %s (%s)", self.coordinator.name, package, err)
            return None, None
        return (None, None) if image is None else (image.data, image.content_type)

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

    # Commands --------------------------------------------------------------------------------

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
        """Switch to an input, or bring an app to the front; any case, spaces or none."""
        if (name := self._input_named(source)) is not None:
            await self._select_input(name)
            return
        if (package := self._package(source)) is not None:
            await self._start_app(package)
            return
        if source_key(source) == source_key(HOME_SCREEN_NAME) and self._can_go_home():
            await self._start_app(HOME_SCREEN_PACKAGE)
            return
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="unknown_source",
            translation_placeholders={
                "source": source,
                "sources": ", ".join(self.source_list) or "-",
            },
        )

    async def async_play_media(
        self, media_type: MediaType | str, media_id: str, **kwargs: Any
    ) -> None:
        """Open an app (type ``app``, its package or name) or an input (type ``input``)."""
        if media_type == MediaType.APP:
            await self._start_app(self._package(media_id) or media_id)
            return
        if media_type == MEDIA_TYPE_INPUT:
            await self.async_select_source(media_id)
            return
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="unsupported_media_type",
            translation_placeholders={"media_type": str(media_type)},
        )

    async def async_browse_media(
        self,
        media_content_type: MediaType | str | None = None,
        media_content_id: str | None = None,
    ) -> BrowseMedia:
        """List the inputs and the installed apps (with their icons); playing one switches to it."""
        if media_content_id not in {None, "", BROWSE_ROOT}:
            raise BrowseError(
                translation_domain=DOMAIN,
                translation_key="browse_unknown",
                translation_placeholders={"media_id": str(media_content_id)},
            )
        icons = self.coordinator.device.app_icons
        children = [
            BrowseMedia(
                media_class=MediaClass.CHANNEL,
                media_content_id=name,
                media_content_type=MEDIA_TYPE_INPUT,
                title=name,
                can_play=True,
                can_expand=False,
            )
            for name in self._inputs()
        ]
        children.extend(
            BrowseMedia(
                media_class=MediaClass.APP,
                media_content_id=package,
                media_content_type=MediaType.APP,
                title=name,
                can_play=True,
                can_expand=False,
                thumbnail=(
                    self.get_browse_image_url(MediaType.APP, package) if package in icons else None
                ),
            )
            for package, name in self.coordinator.data.apps.items()
        )
        return BrowseMedia(
            media_class=MediaClass.DIRECTORY,
            media_content_id=BROWSE_ROOT,
            media_content_type=BROWSE_ROOT,
            title=self.coordinator.config_entry.title,
            can_play=False,
            can_expand=True,
            children=children,
        )

    async def async_media_play(self) -> None:
        """Resume playback (the OK key)."""
        await self._playback(playing=True)

    async def async_media_pause(self) -> None:
        """Pause playback (the OK key)."""
        await self._playback(playing=False)

    async def async_media_next_track(self) -> None:
        """Skip forward (the right key), or the next channel on the tuner (the up key)."""
        await self._skip(CHANNEL_UP_KEY if self._on_tuner() else NEXT_KEY)

    async def async_media_previous_track(self) -> None:
        """Skip back (the left key), or the previous channel on the tuner (the down key)."""
        await self._skip(CHANNEL_DOWN_KEY if self._on_tuner() else PREVIOUS_KEY)

    def _on_tuner(self) -> bool:
        return self._input_in_front in TUNER_INPUTS

    async def _skip(self, key: str) -> None:
        self._refuse_on_home_screen()
        await self.async_apply(lambda: self.coordinator.device.press_key(key))

    async def _playback(self, *, playing: bool) -> None:
        self._refuse_on_home_screen()
        await self.async_apply(lambda: self.coordinator.device.set_playback(playing))

    def _refuse_on_home_screen(self) -> None:
        """On the home screen OK opens a tile and left/right move: nothing plays there."""
        if self._home_in_front:
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="nothing_playing_on_home_screen",
                translation_placeholders={"name": self.coordinator.config_entry.title},
            )

    async def _select_input(self, name: str) -> None:
        device = self.coordinator.device
        await self.async_apply(
            lambda: device.select_input(name),
            lambda state: replace(state, input=name, app=None, playback=None),
        )

    async def _start_app(self, package: str) -> None:
        device = self.coordinator.device
        # The home key is the way home on every firmware.
        home = package in HOME_PACKAGES
        await self.async_apply(
            lambda: device.press_key("home") if home else device.start_app(package),
            lambda state: replace(state, app=package, playback=None),
        )

    def _can_go_home(self) -> bool:
        return tv.CAP_HTTP in self.coordinator.device.capabilities

    def _input_named(self, source: str) -> str | None:
        key = source_key(source)
        return next((name for name in self._inputs() if source_key(name) == key), None)

    def _package(self, source: str) -> str | None:
        """Return the package of an app given by name or package (any case), None if no app."""
        apps = self.coordinator.device.app_names
        if source in apps:
            return source
        key = source_key(source)
        return next(
            (
                package
                for package, name in apps.items()
                if key in {source_key(name), source_key(package)}
            ),
            None,
        )
