"""Television descriptions as data: which MIoT property means what on which TV, and which inputs.

A MIoT TV (``xiaomi.tv.*``) is reached over miIO with a token. docs/tv.md#miot-properties lists the
services the sets share: ``input-control`` 2.1 (an enumeration whose value list differs by model),
speaker ``volume`` 4.1 (0-100) and ``mute`` 4.2, ``speaker-mode`` 8.1 (true: the screen is dark,
the network stays up; the only local way back on) and a ``turn-off`` action (2.1) after which only
wake-on-LAN brings the set back. Most of these sets also serve the port-6095 HTTP API, which adds
remote keys and apps; the driver uses it whenever it answers.

Older MIUI/PatchWall sets have only the HTTP API and no token: ``MIUI_HTTP`` describes them under
the model id ``MIUI_HTTP_MODEL``, which is ours (such a set never reports a model).

Adding a model is adding it to a description (or a description with its own input list).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from .aircondition import Confidence

# The model id of entries for sets reached over the HTTP API only (no miIO, no token).
MIUI_HTTP_MODEL: Final = "xiaomi.tv.miui_http"

# Input names, as shown to users (and the HTTP API's ``changesource`` takes them without spaces,
# lower case: "HDMI 1" -> "hdmi1").
INPUT_TV: Final = "TV"
INPUT_DTMB: Final = "DTMB"
INPUT_AV: Final = "AV"
INPUT_HDMI_1: Final = "HDMI 1"
INPUT_HDMI_2: Final = "HDMI 2"
INPUT_HDMI_3: Final = "HDMI 3"
# The inputs that show the set's own tuner (live TV): the only ones with channels.
TUNER_INPUTS: Final = frozenset({INPUT_TV, INPUT_DTMB})

# The launcher (PatchWall) is the home screen: the home key brings it to the front, and the set
# lists it among its apps. Shown under this name when the app list does not name it.
HOME_PACKAGES: Final = frozenset({"com.mitv.tvhome"})
HOME_SCREEN_PACKAGE: Final = "com.mitv.tvhome"
HOME_SCREEN_NAME: Final = "Home"

MiotAddress = tuple[int, int]

# Remote key names users may send, and the HTTP API's keycode for each (docs/tv.md#http-api).
REMOTE_KEYS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "power": "power",
        "up": "up",
        "down": "down",
        "left": "left",
        "right": "right",
        "enter": "enter",
        "ok": "enter",
        "select": "enter",
        "back": "back",
        "home": "home",
        "menu": "menu",
        "volumeup": "volumeup",
        "volume_up": "volumeup",
        "volumedown": "volumedown",
        "volume_down": "volumedown",
    }
)


# Remote commands that are not one HTTP key: the channel keys (the up and down keys, but only while
# the tuner is in front, docs/tv.md#remote-keys) and mute (MIoT's mute property, toggled).
COMMAND_CHANNEL_UP: Final = "channel_up"
COMMAND_CHANNEL_DOWN: Final = "channel_down"
COMMAND_MUTE: Final = "mute"
REMOTE_COMMANDS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "channel_up": COMMAND_CHANNEL_UP,
        "channelup": COMMAND_CHANNEL_UP,
        "next_channel": COMMAND_CHANNEL_UP,
        "channel_down": COMMAND_CHANNEL_DOWN,
        "channeldown": COMMAND_CHANNEL_DOWN,
        "previous_channel": COMMAND_CHANNEL_DOWN,
        "mute": COMMAND_MUTE,
    }
)
# What the channel commands press on the tuner.
CHANNEL_KEYS: Final[Mapping[str, str]] = MappingProxyType(
    {COMMAND_CHANNEL_UP: "up", COMMAND_CHANNEL_DOWN: "down"}
)


def _command_key(name: str) -> str:
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def remote_keycode(name: str) -> str | None:
    """Return the keycode for a key name ("OK", "volume up", "volume-down" ...), None if unknown."""
    return REMOTE_KEYS.get(_command_key(name))


def remote_command(name: str) -> str | None:
    """Return what a remote command name means: a keycode, a ``COMMAND_*``, or None if unknown."""
    key = _command_key(name)
    return REMOTE_KEYS.get(key) or REMOTE_COMMANDS.get(key)


def remote_command_names() -> list[str]:
    """Return the command names to show users: one name per key or command, aliases left out."""
    return list(dict.fromkeys([*REMOTE_KEYS, *REMOTE_COMMANDS]))


def app_display_name(package: str, names: Mapping[str, str]) -> str:
    """Return an app's name as the set lists it; the home screen's when the list leaves it out."""
    name = names.get(package)
    if name is None and package in HOME_PACKAGES:
        return HOME_SCREEN_NAME
    return name or package


def source_key(name: str) -> str:
    """Fold a source name for comparison: "hdmi 2", "HDMI2" and "Hdmi-2" are one source."""
    return "".join(char for char in name.casefold() if char.isalnum() or char == "+")


@dataclass(frozen=True, slots=True, kw_only=True)
class TvDescription:
    """What one family of TVs offers and where.

    ``inputs`` is the ``input-control`` value list: the MIoT value of ``inputs[i]`` is ``i``. A
    ``None`` address means the family does not have that property or action over MIoT. ``miot``
    is false for sets that speak only the HTTP API. ``name`` is what users see (the device page's
    model); ``key`` and the model ids carry the technical family.
    """

    key: str
    name: str
    models: Mapping[str, Confidence]
    miot: bool = True
    inputs: tuple[str, ...] = ()
    input_control: MiotAddress | None = (2, 1)
    volume: MiotAddress | None = (4, 1)
    mute: MiotAddress | None = (4, 2)
    speaker_mode: MiotAddress | None = (8, 1)
    turn_off: MiotAddress | None = (2, 1)  # (siid, aiid) of the action
    max_volume: int = 100  # top of the MIoT volume range

    def input_value(self, name: str) -> int | None:
        """Return the MIoT value that selects an input, None for an input the set lacks."""
        return self.inputs.index(name) if name in self.inputs else None

    def input_name(self, value: object) -> str | None:
        """Return the input a MIoT value stands for, None for a value we do not know."""
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(self.inputs):
            return self.inputs[value]
        return None


_SET_INPUTS: Final = (INPUT_TV, INPUT_AV, INPUT_HDMI_1, INPUT_HDMI_2, INPUT_HDMI_3)

MIOT_TV: Final = TvDescription(
    key="miot_tv",
    name="Xiaomi TV",
    models=MappingProxyType(
        dict.fromkeys(
            # Reported to answer locally (docs/tv.md#models); the numbering is the family's,
            # the input value lists are verified per model as reports come in.
            (
                "xiaomi.tv.esh1",
                "xiaomi.tv.mih1",
                "xiaomi.tv.mitv5h1",
                "xiaomi.tv.mitv5proh1",
                "xiaomi.tv.eanfv1",
                "xiaomi.tv.fsv1",
                "xiaomi.tv.rmh1",
                "xiaomi.tv.rmi1",
                "xiaomi.tv.tv6h1",
                "xiaomi.tv.oledh1",
                "xiaomi.tv.4kh1",
                "xiaomi.tv.8kh1",
                "xiaomi.tv.z2oh1",
            ),
            Confidence.LIKELY,
        )
    ),
    inputs=_SET_INPUTS,
)

# A box has no tuner and no HDMI input to switch to: volume, mute, screen and power only.
MIOT_TV_BOX: Final = TvDescription(
    key="miot_tv_box",
    name="Xiaomi TV box",
    models=MappingProxyType({"xiaomi.tvbox.4prob1": Confidence.UNVERIFIED}),
    inputs=(),
    input_control=None,
)

MIUI_HTTP: Final = TvDescription(
    key="miui_http",
    name="Xiaomi TV (older MIUI)",
    models=MappingProxyType({MIUI_HTTP_MODEL: Confidence.LIKELY}),
    miot=False,
    # The inputs the HTTP API's changesource is known to take; the set cannot tell which is active.
    inputs=_SET_INPUTS,
    input_control=None,
    volume=None,
    mute=None,
    speaker_mode=None,
    turn_off=None,
)

TELEVISIONS: Final = (MIOT_TV, MIOT_TV_BOX, MIUI_HTTP)


def tv_description(model: str) -> TvDescription | None:
    """Return the description of a TV model, or None when the model is not a TV we describe."""
    model = model.lower()
    return next((tv for tv in TELEVISIONS if model in tv.models), None)
