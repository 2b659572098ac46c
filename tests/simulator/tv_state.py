"""The state of a simulated Xiaomi TV, shared by its miIO (MIoT) side and its HTTP side.

What the set shows is one of: an input (``foreground_app`` None: ``input_source`` is on screen;
the tuner's inputs have channels), the home screen (the launcher app in front), or an app. An app
may play or not (``playing``): the OK key toggles it, as the sets' players do. The set tells none
of this over its APIs except the input (MIoT 2.1); see docs/tv.md#what-the-set-tells.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

TvPower = Literal["on", "screen_off", "off"]
PowerListener = Callable[[TvPower], None]

# The port-6095 API reports volume in steps of the set's own scale; MIoT uses 0-100.
HTTP_MAX_VOLUME = 15
# The home screen: the launcher app, which the home key brings to the front.
LAUNCHER = "com.mitv.tvhome"
# The inputs that show the set's own tuner: the up and down keys change their channel.
TUNER_INPUTS = frozenset({"TV", "DTMB"})


@dataclass(slots=True)
class TvApp:
    """An installed app as the launcher lists it; ``has_icon`` False: the set serves no icon."""

    package: str
    name: str
    has_icon: bool = True

    def icon(self) -> bytes:
        """Return the app's icon: a small PNG of a colour of its own."""
        return solid_png(zlib.crc32(self.package.encode()) & 0xFFFFFF)


def solid_png(rgb: int, size: int = 8) -> bytes:
    """Return a PNG image of ``size`` x ``size`` pixels, all of colour ``rgb`` (0xRRGGBB)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + rgb.to_bytes(3, "big") * size
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * size))
        + chunk(b"IEND", b"")
    )


def _default_apps() -> list[TvApp]:
    return [
        TvApp("com.mitv.tvhome", "PatchWall"),
        TvApp("com.gitvvideo.xiaomi", "iQIYI"),
        TvApp("com.ktcp.video", "Tencent Video"),
        TvApp("com.youku.taitan.tv", "Youku"),
        TvApp("com.xiaomi.mitv.mediaexplorer", "Media Explorer"),
        TvApp("com.google.android.youtube.tv", "YouTube"),
    ]


@dataclass(slots=True)
class TvState:
    """Everything a TV remembers. Both protocol sides read and write this one object.

    power:
      - "on": screen on, both channels answer;
      - "screen_off": MIoT speaker mode (screen dark, network up): miIO and HTTP still answer,
        and MIoT can bring the screen back;
      - "off": fully off: nothing answers until a wake-on-LAN packet arrives.

    Every change of ``power`` (plain assignment included) is reported at once to the callables in
    ``power_listeners``, so that a side which must open or close sockets (the HTTP server refuses
    connections while the set is fully off) follows whichever side changed the power.
    """

    power: TvPower = "on"
    volume: int = 30  # 0-100, MIoT scale
    muted: bool = False
    inputs: list[str] = field(default_factory=lambda: ["TV", "AV", "HDMI 1", "HDMI 2", "HDMI 3"])
    input_source: str = "HDMI 1"
    installed_apps: list[TvApp] = field(default_factory=_default_apps)
    foreground_app: str | None = LAUNCHER  # None: the input is in front
    playing: bool = False  # whether the app in front plays
    channel: int = 1  # the tuner's channel
    name: str = "Xiaomi TV"
    mac: str = "a4:39:b3:00:00:01"
    keys_pressed: list[str] = field(default_factory=list)  # every key event, in order
    wake_on_lan_packets: int = 0  # magic packets for our MAC received while off
    wifi_mac: str = "a4:39:b3:00:00:02"
    power_listeners: list[PowerListener] = field(default_factory=list, repr=False, compare=False)

    def __setattr__(self, name: str, value: object) -> None:
        """Set an attribute; report a change of ``power``; a new input comes to the front."""
        if name == "input_source":
            changed = getattr(self, "input_source", value) != value
            object.__setattr__(self, name, value)
            if changed:
                self.foreground_app = None
                self.playing = False
            return
        if name != "power":
            object.__setattr__(self, name, value)
            return
        previous = getattr(self, "power", None)
        object.__setattr__(self, name, value)
        if value != previous:
            # During __init__ the listeners do not exist yet, and nobody listens anyway.
            for listener in list(getattr(self, "power_listeners", ())):
                listener(self.power)

    @property
    def on_tuner(self) -> bool:
        """Whether the tuner is in front (an input with channels, no app over it)."""
        return self.foreground_app is None and self.input_source in TUNER_INPUTS

    @property
    def showing(self) -> str:
        """What is in front: "home", the input's name, or the package of the app."""
        if self.foreground_app is None:
            return self.input_source
        return "home" if self.foreground_app == LAUNCHER else self.foreground_app

    def show_input(self, name: str) -> None:
        """Put an input in front (even the one already chosen, under an app)."""
        self.input_source = name
        self.foreground_app = None
        self.playing = False

    def start_app(self, package: str) -> None:
        """Bring an app to the front; it opens on its own screen, playing nothing yet."""
        self.foreground_app = package
        self.playing = False

    def press_key(self, key: str) -> None:
        """Apply a remote key the way a set does."""
        self.keys_pressed.append(key)
        if key == "power":
            self.power = "off" if self.power != "off" else "on"
        elif key == "volumeup":
            self.volume = min(100, self.volume + 100 // HTTP_MAX_VOLUME)
            self.muted = False
        elif key == "volumedown":
            self.volume = max(0, self.volume - 100 // HTTP_MAX_VOLUME)
        elif key == "home":
            self.start_app(LAUNCHER)
        elif key in {"up", "down"} and self.on_tuner:
            self.channel = max(1, self.channel + (1 if key == "up" else -1))
        elif key == "enter" and self.foreground_app not in {None, LAUNCHER}:
            self.playing = not self.playing

    def http_volume(self) -> int:
        """Return the volume on the HTTP API's scale."""
        return round(self.volume * HTTP_MAX_VOLUME / 100)

    def app(self, package: str) -> TvApp | None:
        """Return an installed app by its package."""
        return next((app for app in self.installed_apps if app.package == package), None)
