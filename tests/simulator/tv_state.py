"""The state of a simulated Xiaomi TV, shared by its miIO (MIoT) side and its HTTP side."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

TvPower = Literal["on", "screen_off", "off"]
PowerListener = Callable[[TvPower], None]

# The port-6095 API reports volume in steps of the set's own scale; MIoT uses 0-100.
HTTP_MAX_VOLUME = 15


@dataclass(slots=True)
class TvApp:
    """An installed app as the launcher lists it."""

    package: str
    name: str


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
    foreground_app: str | None = "com.mitv.tvhome"
    name: str = "Xiaomi TV"
    mac: str = "a4:39:b3:00:00:01"
    keys_pressed: list[str] = field(default_factory=list)  # every key event, in order
    wake_on_lan_packets: int = 0  # magic packets for our MAC received while off
    wifi_mac: str = "a4:39:b3:00:00:02"
    power_listeners: list[PowerListener] = field(default_factory=list, repr=False, compare=False)

    def __setattr__(self, name: str, value: object) -> None:
        """Set an attribute, and report a change of ``power`` to the listeners."""
        if name != "power":
            object.__setattr__(self, name, value)
            return
        previous = getattr(self, "power", None)
        object.__setattr__(self, name, value)
        if value != previous:
            # During __init__ the listeners do not exist yet, and nobody listens anyway.
            for listener in list(getattr(self, "power_listeners", ())):
                listener(self.power)

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
            self.foreground_app = "com.mitv.tvhome"

    def http_volume(self) -> int:
        """Return the volume on the HTTP API's scale."""
        return round(self.volume * HTTP_MAX_VOLUME / 100)
