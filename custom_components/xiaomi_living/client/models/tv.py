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


def remote_keycode(name: str) -> str | None:
    """Return the keycode for a key name ("OK", "volume up", "volume-down" ...), None if unknown."""
    return REMOTE_KEYS.get(name.strip().lower().replace(" ", "_").replace("-", "_"))


@dataclass(frozen=True, slots=True, kw_only=True)
class TvDescription:
    """What one family of TVs offers and where.

    ``inputs`` is the ``input-control`` value list: the MIoT value of ``inputs[i]`` is ``i``. A
    ``None`` address means the family does not have that property or action over MIoT. ``miot``
    is false for sets that speak only the HTTP API.
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
    name="Xiaomi TV (MIoT)",
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
    name="Xiaomi TV box (MIoT)",
    models=MappingProxyType({"xiaomi.tvbox.4prob1": Confidence.UNVERIFIED}),
    inputs=(),
    input_control=None,
)

MIUI_HTTP: Final = TvDescription(
    key="miui_http",
    name="Xiaomi TV (MIUI HTTP API)",
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
