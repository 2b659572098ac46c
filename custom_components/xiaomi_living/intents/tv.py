"""Assist intents for TVs, for what Home Assistant has no intent (or no Chinese sentence) for.

Home Assistant's own intents turn a named TV on and off, set its volume, mute it and pause it; its
Chinese sentences have no relative volume and no mute, and nothing anywhere switches an input,
opens an app, presses a remote key, changes the channel or darkens only the screen. These add
those, plus on/off, volume, mute and playback for sentences that call the set just "the TV"
("关电视", "mute the TV"), which the built-in sentences do not match.

Every handler acts through services (the media player, and the remote and screen switch of the same
device), so a TV of another integration works too where it offers the service. Inputs and apps are
resolved against what that TV lists: an app by its installed name or a known alias in English or
Chinese ("爱奇艺" finds "iQIYI" and the other way round).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any, ClassVar, Final

import voluptuous as vol
from homeassistant.components.media_player import MediaPlayerDeviceClass
from homeassistant.components.media_player.const import (
    ATTR_INPUT_SOURCE,
    ATTR_INPUT_SOURCE_LIST,
    ATTR_MEDIA_VOLUME_LEVEL,
    ATTR_MEDIA_VOLUME_MUTED,
    SERVICE_SELECT_SOURCE,
    MediaPlayerEntityFeature,
)
from homeassistant.components.media_player.const import DOMAIN as MEDIA_PLAYER_DOMAIN
from homeassistant.components.remote import ATTR_NUM_REPEATS, SERVICE_SEND_COMMAND
from homeassistant.components.remote import DOMAIN as REMOTE_DOMAIN
from homeassistant.components.switch.const import DOMAIN as SWITCH_DOMAIN
from homeassistant.const import (
    ATTR_COMMAND,
    ATTR_SUPPORTED_FEATURES,
    SERVICE_MEDIA_PAUSE,
    SERVICE_MEDIA_PLAY,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    SERVICE_VOLUME_DOWN,
    SERVICE_VOLUME_MUTE,
    SERVICE_VOLUME_SET,
    SERVICE_VOLUME_UP,
    STATE_OFF,
)
from homeassistant.core import State
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import intent

from custom_components.xiaomi_living.const import DOMAIN, SCREEN_SWITCH_KEY

from .base import (
    TARGET_SLOTS,
    PowerIntentHandler,
    TargetedIntentHandler,
    join_words,
    refused,
    say,
    spoken,
)

INTENT_TV_TURN_ON: Final = "XiaomiLivingTvTurnOn"
INTENT_TV_TURN_OFF: Final = "XiaomiLivingTvTurnOff"
INTENT_TV_SELECT_INPUT: Final = "XiaomiLivingTvSelectInput"
INTENT_TV_OPEN_APP: Final = "XiaomiLivingTvOpenApp"
INTENT_TV_SET_VOLUME: Final = "XiaomiLivingTvSetVolume"
INTENT_TV_ADJUST_VOLUME: Final = "XiaomiLivingTvAdjustVolume"
INTENT_TV_SET_MUTE: Final = "XiaomiLivingTvSetMute"
INTENT_TV_PRESS_KEY: Final = "XiaomiLivingTvPressKey"
INTENT_TV_CHANGE_CHANNEL: Final = "XiaomiLivingTvChangeChannel"
INTENT_TV_SET_SCREEN: Final = "XiaomiLivingTvSetScreen"
INTENT_TV_UNSUPPORTED_SETTING: Final = "XiaomiLivingTvUnsupportedSetting"
INTENT_TV_SET_PLAYBACK: Final = "XiaomiLivingTvSetPlayback"

ON: Final = "on"
OFF: Final = "off"
UP: Final = "up"
DOWN: Final = "down"
PLAY: Final = "play"
PAUSE: Final = "pause"
# The remote keys a sentence can press (the remote entity knows more aliases).
KEYS: Final = ("home", "back", "menu", "enter", "up", "down", "left", "right")
MAX_REPEATS: Final = 20
# Picture and other settings people ask a TV for that neither its miIO nor its HTTP interface
# changes (docs/tv.md): a sentence naming one is answered with what the TV can do instead.
UNSUPPORTED_SETTINGS: Final = (
    "brightness",
    "contrast",
    "picture_mode",
    "color",
    "sharpness",
    "sleep_timer",
    "bluetooth",
    "subtitles",
)

# Apps by their common names across languages and launchers: a spoken name finds an installed app
# under any name of its group. Lower case, spaces and punctuation removed.
APP_ALIASES: Final[tuple[frozenset[str], ...]] = tuple(
    frozenset(group)
    for group in (
        {"iqiyi", "爱奇艺", "愛奇藝", "奇异果", "奇異果", "银河奇异果", "銀河奇異果", "奇异果tv"},
        {"tencentvideo", "腾讯视频", "騰訊視頻", "騰訊視訊", "云视听极光", "雲視聽極光", "极光tv"},
        {"youku", "优酷", "優酷", "酷喵", "cibn酷喵"},
        {"mangotv", "芒果tv", "芒果", "芒果视频"},
        {"bilibili", "哔哩哔哩", "嗶哩嗶哩", "b站", "云视听小电视", "雲視聽小電視"},
        {"youtube", "油管"},
        {"netflix", "网飞", "網飛", "奈飛"},
        {"disney+", "disneyplus", "disney", "迪士尼"},
        {"primevideo", "amazonprimevideo", "prime"},
        {"patchwall", "桌面", "主页", "主頁", "首页", "首頁"},
        {"mediaexplorer", "高清播放器", "媒体中心", "媒體中心", "文件管理", "檔案管理"},
        {"kodi"},
        {"plex"},
        {"spotify"},
    )
)
# Inputs as people say them: "HDMI 1", "hdmi1", "hdmi-1" -> "hdmi1"; the tuner has several names.
_TUNER_NAMES: Final = frozenset({"tv", "dtmb", "atv", "dtv", "dvb", "livetv", "antenna", "tuner"})
# Sentence-final particles: "电视打开了吗" is a question, not an app called "了吗".
_PARTICLES: Final = frozenset("了吗嗎呢啊吧呀哦啦咗未么麼")
_INPUT_PATTERN: Final = re.compile(r"^(hdmi|av|vga|usb|component|ypbpr|dp|displayport|scart)\d*$")


def squashed(value: str) -> str:
    """Lower case, full-width folded, no spaces or punctuation: "HDMI 1" -> "hdmi1"."""
    value = unicodedata.normalize("NFKC", value).casefold()
    return "".join(ch for ch in value if ch.isalnum() or ch == "+")


def is_input(source: str) -> bool:
    """Whether a source name is an input (HDMI 1, AV, TV) rather than an app."""
    key = squashed(source)
    return key in _TUNER_NAMES or _INPUT_PATTERN.match(key) is not None


_NUMBERED_INPUT: Final = re.compile(r"^([a-z]+)(\d+)$")


def spoken_input(requested: str) -> str:
    """Spell an input the set lacks as inputs are written: "hdmi7" -> "HDMI 7"."""
    match = _NUMBERED_INPUT.match(squashed(requested))
    return f"{match[1].upper()} {match[2]}" if match else requested.strip()


def find_input(requested: str, sources: Sequence[str]) -> str | None:
    """Return the source a spoken input means ("hdmi 2" -> "HDMI 2", "live TV" -> "TV")."""
    key = squashed(requested)
    inputs = [source for source in sources if is_input(source)]
    for source in inputs:
        if squashed(source) == key:
            return source
    if key in _TUNER_NAMES:
        return next((source for source in inputs if squashed(source) in _TUNER_NAMES), None)
    return None


def find_app(requested: str, sources: Sequence[str]) -> str | None:
    """Return the installed app a spoken name means, by its name, an alias, or a unique part."""
    key = squashed(requested)
    if not key:
        return None
    apps = [source for source in sources if not is_input(source)]
    for app in apps:
        if squashed(app) == key:
            return app
    names = next((group for group in APP_ALIASES if key in group), frozenset({key}))
    for app in apps:
        if squashed(app) in names:
            return app
    # "iQIYI" for "iQIYI Kids"? Only when exactly one installed app contains the words.
    partial = [app for app in apps if any(name in squashed(app) for name in names)]
    return partial[0] if len(partial) == 1 else None


class TvIntentHandler(TargetedIntentHandler):
    """An intent about one TV (a media player; "the TV" prefers the TV device class)."""

    target_domain = MEDIA_PLAYER_DOMAIN
    noun = "noun_tv"
    device_classes = frozenset({MediaPlayerDeviceClass.TV.value})
    slot_schema: ClassVar[dict[Any, Any]] = TARGET_SLOTS

    @staticmethod
    def _features(state: State) -> MediaPlayerEntityFeature:
        return MediaPlayerEntityFeature(state.attributes.get(ATTR_SUPPORTED_FEATURES, 0))

    @staticmethod
    def _require_on(state: State, script: str) -> None:
        """Speak an error for a TV that is off (its screen dark or fully off)."""
        if state.state == STATE_OFF:
            raise refused(script, "tv_off", name=state.name)

    @staticmethod
    def _require(state: State, feature: MediaPlayerEntityFeature, key: str, script: str) -> None:
        if feature not in TvIntentHandler._features(state):
            raise refused(script, key, name=state.name)

    @staticmethod
    def _sibling(
        intent_obj: intent.Intent, state: State, domain: str, translation_key: str | None = None
    ) -> str | None:
        """Return an entity of the same device in another domain (the TV's remote, its screen)."""
        registry = er.async_get(intent_obj.hass)
        entry = registry.async_get(state.entity_id)
        if entry is None or entry.device_id is None:
            return None
        return next(
            (
                sibling.entity_id
                for sibling in er.async_entries_for_device(registry, entry.device_id)
                if sibling.domain == domain
                and not sibling.disabled
                and (
                    translation_key is None
                    or (sibling.platform == DOMAIN and sibling.translation_key == translation_key)
                )
            ),
            None,
        )

    async def _press(
        self, intent_obj: intent.Intent, state: State, key: str, times: int, script: str
    ) -> None:
        """Press a key on the TV's remote, ``times`` times."""
        remote = self._sibling(intent_obj, state, REMOTE_DOMAIN)
        if remote is None:
            raise refused(script, "no_remote", name=state.name)
        await self._call(
            intent_obj,
            state,
            SERVICE_SEND_COMMAND,
            {ATTR_COMMAND: [key], ATTR_NUM_REPEATS: times},
            script,
            target=(REMOTE_DOMAIN, remote),
        )

    def _current(self, intent_obj: intent.Intent, state: State) -> State:
        return intent_obj.hass.states.get(state.entity_id) or state


def _times(slots: dict[str, Any], name: str) -> int:
    return int(slots.get(name, {}).get("value") or 1)


# The remote's commands that step the channel (on the tuner only)
CHANNEL_UP_COMMAND: Final = "channel_up"
CHANNEL_DOWN_COMMAND: Final = "channel_down"
_TIMES_SCHEMA: Final = vol.All(vol.Coerce(int), vol.Range(min=1, max=MAX_REPEATS))


class TvTurnOnHandler(TvIntentHandler, PowerIntentHandler):
    """Turn on the TV a sentence names generically ("turn on the TV", "开电视")."""

    intent_type = INTENT_TV_TURN_ON
    description = "Turns on a TV (lights its screen, or wakes it)"
    power_service = SERVICE_TURN_ON


class TvTurnOffHandler(TvIntentHandler, PowerIntentHandler):
    """Turn off the TV a sentence names generically ("turn off the TV", "关电视")."""

    intent_type = INTENT_TV_TURN_OFF
    description = "Turns off a TV"
    power_service = SERVICE_TURN_OFF


class TvSelectInputHandler(TvIntentHandler):
    """Switch a TV to one of its inputs ("switch the TV to HDMI 2", "电视切到HDMI 1")."""

    intent_type = INTENT_TV_SELECT_INPUT
    description = "Switches a TV to one of its inputs (HDMI 1, HDMI 2, AV, TV ...)"
    slot_schema: ClassVar[dict[Any, Any]] = {
        **TARGET_SLOTS,
        vol.Required("input", description="The input, e.g. HDMI 1 or TV"): intent.non_empty_string,
    }

    async def async_act(
        self, intent_obj: intent.Intent, slots: dict[str, Any], state: State, script: str
    ) -> str:
        """Select the input if the set has it."""
        requested = str(slots["input"]["value"])
        self._require(state, MediaPlayerEntityFeature.SELECT_SOURCE, "no_inputs", script)
        self._require_on(state, script)
        sources = list(state.attributes.get(ATTR_INPUT_SOURCE_LIST) or [])
        source = find_input(requested, sources)
        if source is None:
            inputs = [source for source in sources if is_input(source)]
            if not inputs:
                raise refused(script, "no_inputs", name=state.name)
            raise refused(
                script,
                "unknown_input",
                name=state.name,
                value=requested,
                options=join_words(script, inputs),
            )
        await self._call(
            intent_obj, state, SERVICE_SELECT_SOURCE, {ATTR_INPUT_SOURCE: source}, script
        )
        return say(script, "input_set", name=state.name, source=source)


class TvOpenAppHandler(TvIntentHandler):
    """Open an installed app by name ("open iQIYI on the TV", "电视打开爱奇艺")."""

    intent_type = INTENT_TV_OPEN_APP
    description = "Opens an app installed on a TV, by its name"
    slot_schema: ClassVar[dict[Any, Any]] = {
        **TARGET_SLOTS,
        vol.Required("app", description="The app's name, e.g. YouTube or 爱奇艺"): (
            intent.non_empty_string
        ),
    }

    async def async_act(
        self, intent_obj: intent.Intent, slots: dict[str, Any], state: State, script: str
    ) -> str:
        """Bring the app to the front; an input's name switches to that input."""
        requested = str(slots["app"]["value"]).strip()
        self._require(state, MediaPlayerEntityFeature.SELECT_SOURCE, "no_apps", script)
        self._require_on(state, script)
        sources = list(state.attributes.get(ATTR_INPUT_SOURCE_LIST) or [])
        if (source := find_input(requested, sources)) is not None:
            await self._call(
                intent_obj, state, SERVICE_SELECT_SOURCE, {ATTR_INPUT_SOURCE: source}, script
            )
            return say(script, "input_set", name=state.name, source=source)
        if is_input(requested):
            # "open HDMI7 on the TV": an input the set lacks, not an app
            raise refused(
                script,
                "unknown_input",
                name=state.name,
                value=spoken_input(requested),
                options=join_words(script, [source for source in sources if is_input(source)]),
            )
        if not squashed(requested) or set(squashed(requested)) <= _PARTICLES:
            raise refused(script, "which_app", name=state.name)
        if not any(not is_input(source) for source in sources):
            raise refused(script, "no_apps", name=state.name)
        app = find_app(requested, sources)
        if app is None:
            # named as the user said it ("优酷"), not as our list of well-known apps spells it
            said = str(slots["app"].get("text") or requested).strip()
            raise refused(script, "unknown_app", name=state.name, value=said)
        await self._call(intent_obj, state, SERVICE_SELECT_SOURCE, {ATTR_INPUT_SOURCE: app}, script)
        return say(script, "app_opened", name=state.name, app=app)


def _volume_percent(state: State) -> int | None:
    level = state.attributes.get(ATTR_MEDIA_VOLUME_LEVEL)
    return round(float(level) * 100) if level is not None else None


MAX_VOLUME_PERCENT: Final = 100


class TvSetVolumeHandler(TvIntentHandler):
    """Set the volume of the TV a sentence names generically ("电视音量调到30")."""

    intent_type = INTENT_TV_SET_VOLUME
    description = "Sets the volume of a TV, 0-100"
    slot_schema: ClassVar[dict[Any, Any]] = {
        **TARGET_SLOTS,
        # Any number: one outside 0-100 is refused by the handler, saying the range, rather
        # than by validation, which Assist answers with a bare "unexpected error"
        vol.Required("volume", description="Volume, 0-100"): vol.Coerce(int),
    }

    async def async_act(
        self, intent_obj: intent.Intent, slots: dict[str, Any], state: State, script: str
    ) -> str:
        """Set the volume where the set takes an exact value."""
        volume = int(slots["volume"]["value"])
        if not 0 <= volume <= MAX_VOLUME_PERCENT:
            raise refused(script, "volume_out_of_range", name=state.name, volume=volume)
        features = self._features(state)
        if MediaPlayerEntityFeature.VOLUME_SET not in features:
            key = (
                "no_volume_set" if MediaPlayerEntityFeature.VOLUME_STEP in features else "no_volume"
            )
            raise refused(script, key, name=state.name)
        self._require_on(state, script)
        await self._call(
            intent_obj, state, SERVICE_VOLUME_SET, {ATTR_MEDIA_VOLUME_LEVEL: volume / 100}, script
        )
        shown = _volume_percent(self._current(intent_obj, state))
        return say(
            script, "volume_set", name=state.name, volume=shown if shown is not None else volume
        )


class TvAdjustVolumeHandler(TvIntentHandler):
    """Turn the volume up or down by steps or points ("电视声音大一点", "TV volume up by 10")."""

    intent_type = INTENT_TV_ADJUST_VOLUME
    description = (
        "Turns a TV's volume up or down by a number of steps (default 1), or by an amount in "
        "points of its 0-100 scale"
    )
    slot_schema: ClassVar[dict[Any, Any]] = {
        **TARGET_SLOTS,
        vol.Required("direction", description="up (louder) or down (quieter)"): vol.In([UP, DOWN]),
        vol.Optional("steps", description="Volume steps, 1-20 (default 1)"): _TIMES_SCHEMA,
        vol.Optional("amount", description="Points of the 0-100 scale, 1-100"): vol.Coerce(int),
    }

    async def async_act(
        self, intent_obj: intent.Intent, slots: dict[str, Any], state: State, script: str
    ) -> str:
        """Step the volume; at the end of the range, say so instead."""
        up = slots["direction"]["value"] == UP
        if not self._features(state) & (
            MediaPlayerEntityFeature.VOLUME_STEP | MediaPlayerEntityFeature.VOLUME_SET
        ):
            raise refused(script, "no_volume", name=state.name)
        self._require_on(state, script)
        before = _volume_percent(state)
        if before is not None and before >= 100 and up:
            return say(script, "volume_at_max", name=state.name)
        if before is not None and before <= 0 and not up:
            return say(script, "volume_at_min", name=state.name)
        if "amount" in slots:
            return await self._by_amount(
                intent_obj, state, script, before=before, up=up, slots=slots
            )
        service = SERVICE_VOLUME_UP if up else SERVICE_VOLUME_DOWN
        after = before
        for _ in range(_times(slots, "steps")):
            await self._call(intent_obj, state, service, {}, script)
            after = _volume_percent(self._current(intent_obj, state))
            if after is not None and (after >= MAX_VOLUME_PERCENT if up else after <= 0):
                break  # "up 20 steps" from 30: the end of the range is reached after 14
        if after is None:
            return say(script, "volume_up" if up else "volume_down", name=state.name)
        return say(script, "volume_set", name=state.name, volume=after)

    async def _by_amount(
        self,
        intent_obj: intent.Intent,
        state: State,
        script: str,
        *,
        before: int | None,
        up: bool,
        slots: dict[str, Any],
    ) -> str:
        """Move the volume by points ("down by 10"), stopping at the ends of 0-100."""
        amount = int(slots["amount"]["value"])
        if not 1 <= amount <= MAX_VOLUME_PERCENT:
            raise refused(script, "volume_step_out_of_range", name=state.name)
        if before is None or not self._features(state) & MediaPlayerEntityFeature.VOLUME_SET:
            raise refused(script, "volume_unknown", name=state.name)
        volume = min(max(before + (amount if up else -amount), 0), MAX_VOLUME_PERCENT)
        await self._call(
            intent_obj, state, SERVICE_VOLUME_SET, {ATTR_MEDIA_VOLUME_LEVEL: volume / 100}, script
        )
        shown = _volume_percent(self._current(intent_obj, state))
        return say(
            script, "volume_set", name=state.name, volume=shown if shown is not None else volume
        )


class TvSetMuteHandler(TvIntentHandler):
    """Mute or unmute the TV ("电视静音", "mute the TV", "取消静音")."""

    intent_type = INTENT_TV_SET_MUTE
    description = "Mutes (on) or unmutes (off) a TV"
    slot_schema: ClassVar[dict[Any, Any]] = {
        **TARGET_SLOTS,
        vol.Required("state", description="on (mute) or off (unmute)"): vol.In([ON, OFF]),
    }

    async def async_act(
        self, intent_obj: intent.Intent, slots: dict[str, Any], state: State, script: str
    ) -> str:
        """Set the mute state."""
        mute = slots["state"]["value"] == ON
        self._require(state, MediaPlayerEntityFeature.VOLUME_MUTE, "no_mute", script)
        self._require_on(state, script)
        await self._call(
            intent_obj, state, SERVICE_VOLUME_MUTE, {ATTR_MEDIA_VOLUME_MUTED: mute}, script
        )
        return say(script, "muted" if mute else "unmuted", name=state.name)


class TvPressKeyHandler(TvIntentHandler):
    """Press a remote key ("press OK on the TV", "电视返回", "电视按三下向下")."""

    intent_type = INTENT_TV_PRESS_KEY
    description = (
        "Presses a key of a TV's remote: home, back, menu, enter (OK), up, down, left, right"
    )
    slot_schema: ClassVar[dict[Any, Any]] = {
        **TARGET_SLOTS,
        vol.Required("key", description="home, back, menu, enter, up, down, left or right"): vol.In(
            KEYS
        ),
        vol.Optional("times", description="How many presses, 1-20 (default 1)"): _TIMES_SCHEMA,
    }

    async def async_act(
        self, intent_obj: intent.Intent, slots: dict[str, Any], state: State, script: str
    ) -> str:
        """Press the key on the TV's remote entity."""
        key = str(slots["key"]["value"])
        times = _times(slots, "times")
        self._require_on(state, script)
        await self._press(intent_obj, state, key, times, script)
        spoken_key = spoken(script, "key", key)
        if times == 1:
            return say(script, "key_pressed", name=state.name, button=spoken_key)
        return say(script, "keys_pressed", name=state.name, button=spoken_key, times=times)


class TvChangeChannelHandler(TvIntentHandler):
    """Go channels up or down ("next channel", "换台", "电视上一个台").

    The sets' live TV player changes the channel with the up and down keys; on an HDMI or AV
    input, in an app or on the home screen those keys would move something else, so only the tuner
    input is stepped and anything else is answered instead (the remote checks it again).
    """

    intent_type = INTENT_TV_CHANGE_CHANNEL
    description = "Changes a TV's channel up (next) or down (previous)"
    slot_schema: ClassVar[dict[Any, Any]] = {
        **TARGET_SLOTS,
        vol.Required("direction", description="up (next) or down (previous)"): vol.In([UP, DOWN]),
        vol.Optional("times", description="How many channels, 1-20 (default 1)"): _TIMES_SCHEMA,
    }

    async def async_act(
        self, intent_obj: intent.Intent, slots: dict[str, Any], state: State, script: str
    ) -> str:
        """Step the channel while the tuner is showing."""
        up = slots["direction"]["value"] == UP
        times = _times(slots, "times")
        self._require_on(state, script)
        source = state.attributes.get(ATTR_INPUT_SOURCE)
        if not source:
            raise refused(script, "channel_source_unknown", name=state.name)
        if squashed(str(source)) not in _TUNER_NAMES:
            raise refused(script, "not_on_tuner", name=state.name, source=source)
        await self._press(
            intent_obj, state, CHANNEL_UP_COMMAND if up else CHANNEL_DOWN_COMMAND, times, script
        )
        if times == 1:
            return say(script, "channel_up" if up else "channel_down", name=state.name)
        return say(script, "channels_up" if up else "channels_down", name=state.name, times=times)


class TvSetScreenHandler(TvIntentHandler):
    """Darken or light the screen only ("turn off the TV screen", "电视息屏")."""

    intent_type = INTENT_TV_SET_SCREEN
    description = "Turns a TV's screen off (the sound keeps playing) or back on"
    slot_schema: ClassVar[dict[Any, Any]] = {
        **TARGET_SLOTS,
        vol.Required("state", description="on or off"): vol.In([ON, OFF]),
    }

    async def async_act(
        self, intent_obj: intent.Intent, slots: dict[str, Any], state: State, script: str
    ) -> str:
        """Use the TV's screen switch."""
        on = slots["state"]["value"] == ON
        screen = self._sibling(intent_obj, state, SWITCH_DOMAIN, SCREEN_SWITCH_KEY)
        if screen is None:
            raise refused(script, "no_screen", name=state.name)
        if not on and state.state == STATE_OFF:
            return say(script, "screen_already_off", name=state.name)
        service = SERVICE_TURN_ON if on else SERVICE_TURN_OFF
        await self._call(intent_obj, state, service, {}, script, target=(SWITCH_DOMAIN, screen))
        return say(script, "screen_on" if on else "screen_off", name=state.name)


class TvSetPlaybackHandler(TvIntentHandler):
    """Pause or resume what the TV plays ("pause the TV", "电视暂停一下")."""

    intent_type = INTENT_TV_SET_PLAYBACK
    description = "Pauses or resumes playback on a TV"
    slot_schema: ClassVar[dict[Any, Any]] = {
        **TARGET_SLOTS,
        vol.Required("playback", description="pause or play"): vol.In([PLAY, PAUSE]),
    }

    async def async_act(
        self, intent_obj: intent.Intent, slots: dict[str, Any], state: State, script: str
    ) -> str:
        """Pause or play."""
        play = slots["playback"]["value"] == PLAY
        feature = MediaPlayerEntityFeature.PLAY if play else MediaPlayerEntityFeature.PAUSE
        self._require(state, feature, "no_playback", script)
        self._require_on(state, script)
        await self._call(
            intent_obj, state, SERVICE_MEDIA_PLAY if play else SERVICE_MEDIA_PAUSE, {}, script
        )
        return say(script, "resumed" if play else "paused", name=state.name)


class TvUnsupportedSettingHandler(TvIntentHandler):
    """Say what a TV can do when asked for a setting it has not ("电视亮度调高一点")."""

    intent_type = INTENT_TV_UNSUPPORTED_SETTING
    description = (
        "Answers a request for a TV setting that cannot be changed from Home Assistant "
        "(brightness, contrast, picture mode, colour, sharpness, sleep timer, Bluetooth, "
        "subtitles) with what the TV can do"
    )
    slot_schema: ClassVar[dict[Any, Any]] = {
        **TARGET_SLOTS,
        vol.Required("setting", description="The setting asked for"): vol.In(UNSUPPORTED_SETTINGS),
        vol.Optional("value", description="A value said with it (not used)"): vol.Coerce(int),
    }

    async def async_act(
        self, intent_obj: intent.Intent, slots: dict[str, Any], state: State, script: str
    ) -> str:
        """Refuse, naming the setting and what the TV offers; nothing is sent."""
        setting = spoken(script, "tv_setting", str(slots["setting"]["value"]))
        raise refused(script, "setting_unsupported", name=state.name, setting=setting)


TV_INTENT_HANDLERS: Final[tuple[type[TargetedIntentHandler], ...]] = (
    TvTurnOnHandler,
    TvTurnOffHandler,
    TvSelectInputHandler,
    TvOpenAppHandler,
    TvSetVolumeHandler,
    TvAdjustVolumeHandler,
    TvSetMuteHandler,
    TvPressKeyHandler,
    TvChangeChannelHandler,
    TvSetScreenHandler,
    TvUnsupportedSettingHandler,
    TvSetPlaybackHandler,
)
