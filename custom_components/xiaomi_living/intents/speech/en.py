"""What Assist says in English: answers and spoken names of values."""

from collections.abc import Mapping
from typing import Final

# Finding the target and the answers every family shares.
COMMON: Final[Mapping[str, str]] = {
    "list_and": " and ",
    "list_comma": ", ",
    "no_device": "I found no {noun}",
    "no_device_named": "I found no {noun} called {name}",
    "no_device_in_area": "There is no {noun} in {area}",
    "no_area": "I don't know an area called {area}",
    "not_exposed": "No {noun} is exposed to Assist",
    "ambiguous": "Which {noun} do you mean: {options}?",
    "duplicate_name": "There are several devices called {name}; please say which room",
    "unavailable": "{name} is unavailable right now",
    "failed": "{name} did not respond, please try again",
    "turned_on": "Turned on {name}",
    "turned_off": "Turned off {name}",
}

# The spoken form of our translated errors, keyed ``error_<translation_key>``.
ERRORS: Final[Mapping[str, str]] = {
    "error_cannot_connect": "{name} does not answer; it may be unplugged or out of the network",
    "error_command_unconfirmed": (
        "{name} did not confirm it; I sent it once only, so check and ask again if nothing happened"
    ),
    "error_write_not_confirmed": "{name} did not take the change; please try again",
    "error_companion_settings_while_off": (
        "{name} can change its mode, temperature or fan speed only while it is on; turn it on first"
    ),
    "error_companion_unpaired": (
        "{name} knows no air conditioner model yet; pair its companion with your "
        "air conditioner's brand in the Mi Home app"
    ),
    "error_device_error": "{name} refused the command (error {code})",
    "error_dryer_needs_cool_or_dry": (
        "the anti-mould dryer of {name} works only in cool or dry mode; switch to cool or dry first"
    ),
    "error_refused_while_off": "{name} takes that only while it is on; turn it on first",
    "error_vane_needs_swing_off": "{name} holds a fixed vane position only with the swing off",
    "error_http_bad_answer": (
        "{name} gave an answer I don't understand on its remote control port (6095)"
    ),
    "error_http_unreachable": (
        "{name} does not answer on its remote control port (6095) right now, "
        "which apps and keys need"
    ),
    "error_miot_required": "{name} can do this only when it is added with its token",
    "error_token_rejected": (
        "{name} rejects its token; enter its current token in the Xiaomi Living settings"
    ),
    "error_tv_refused": "{name} refused: {error}",
    "error_wake_on_lan_disabled": (
        "{name} is fully off and wake-on-LAN is switched off in its options; "
        "turn it on with its remote"
    ),
    "error_wake_on_lan_failed": (
        "I could not send the wake-on-LAN packet to {name}; turn it on with its remote"
    ),
    "error_wake_on_lan_no_mac": (
        "{name} is fully off and its MAC address is unknown; turn it on with its remote"
    ),
    "error_tv_did_not_turn_on": (
        "{name} did not come on within {seconds} seconds; check that it has power and try again"
    ),
    "error_infrared_send_failed": (
        "I could not send the infrared power key to {name}; turn it on with its remote"
    ),
    "error_infrared_unavailable": (
        "{name} comes on through an infrared emitter, and Home Assistant has none loaded; "
        "turn it on with its remote"
    ),
}

# Air conditioners.
CLIMATE: Final[Mapping[str, str]] = {
    "noun_climate": "air conditioner",
    "mode_set": "{name} is now {mode}",
    "mode_temperature_set": "{name} is now {mode} at {temperature} degrees",
    "unknown_mode": "I don't know the mode {value}. {name} offers {options}",
    "unsupported_mode": "{name} has no {value} mode. It offers {options}",
    "temperature_set": "{name} is set to {temperature} degrees",
    "turned_on_at_temperature": "Turned on {name} at {temperature} degrees",
    "temperature_out_of_range": "{name} can be set from {min} to {max} degrees",
    "temperature_off_step": "{name} is set in steps of {step} degrees: say {lower} or {upper}",
    "temperature_whole_degrees": "{name} is set in whole degrees: say {lower} or {upper}",
    "room_temperature": "It is {temperature} degrees where {name} is",
    "room_temperature_target": "It is {temperature} degrees where {name} is; it is set to {target}",
    "no_room_temperature": "{name} does not measure the room temperature",
    "no_room_temperature_target": (
        "{name} does not measure the room temperature; it is set to {target} degrees"
    ),
    "temperature_at_max": "{name} is already at its highest setting, {temperature} degrees",
    "temperature_at_min": "{name} is already at its lowest setting, {temperature} degrees",
    "no_target_temperature": "{name} has no target temperature right now",
    "fan_set": "{name} fan speed is now {fan}",
    "fan_level": "level {level}",
    "no_fan_speed": "{name} has no adjustable fan speed",
    "unknown_fan_speed": "{name} has no fan speed {value}. It offers {options}",
    "swing_on": "Turned on the {direction}swing on {name}",
    "swing_off": "Turned off the {direction}swing on {name}",
    "swing_position": "{name} {direction}vanes are now at {position}",
    "no_swing": "{name} has no {direction}swing",
    "unknown_position": "{name} has no vane {value}. It offers {options}",
    "no_positions": "{name} has no fixed {direction}vane positions",
    "preset_on": "Turned on {preset} mode on {name}",
    "preset_off": "Turned off {preset} mode on {name}",
    "preset_not_on": "{name} is not in {preset} mode",
    "preset_none": "{name} is back to normal mode",
    "unknown_preset": "{name} has no {value} mode. It offers {options}",
    "no_presets": "{name} has no special modes",
    "position": "position {position}",
}

# TVs.
TV: Final[Mapping[str, str]] = {
    "noun_tv": "TV",
    "tv_off": "{name} is off; turn it on first",
    "input_set": "{name} is now on {source}",
    "no_inputs": "{name} has no inputs to switch between",
    "unknown_input": "{name} has no input {value}. It has {options}",
    "app_opened": "Opened {app} on {name}",
    "unknown_app": "{name} has no app called {value}",
    "which_app": "Which app should I open on {name}?",
    "no_apps": "{name} cannot open apps right now",
    "volume_set": "{name} volume is now {volume}",
    "volume_out_of_range": "{name} takes a volume from 0 to 100, not {volume}",
    "volume_up": "Turned up {name}",
    "volume_down": "Turned down {name}",
    "volume_at_max": "{name} is already at full volume",
    "volume_step_out_of_range": "{name} can turn its volume up or down by 1 to 100",
    "volume_unknown": "{name} does not say its volume now; ask for louder or quieter",
    "volume_at_min": "{name} is already at the lowest volume",
    "no_volume": "{name} has no volume control",
    "no_volume_set": "{name} cannot be set to an exact volume; ask for louder or quieter",
    "muted": "Muted {name}",
    "unmuted": "Unmuted {name}",
    "no_mute": "{name} cannot be muted from here",
    "key_pressed": "Pressed {button} on {name}",
    "keys_pressed": "Pressed {button} {times} times on {name}",
    "no_remote": "{name} takes no remote keys from here",
    "channel_up": "{name} is on the next channel",
    "channel_down": "{name} is on the previous channel",
    "channels_up": "{name} went {times} channels up",
    "channels_down": "{name} went {times} channels down",
    "not_on_tuner": "{name} is showing {source}, which has no channels",
    "channel_source_unknown": (
        "{name} does not say what it is showing; switch it to the TV input to change channels"
    ),
    "screen_off": "Turned off the screen of {name}; the sound keeps playing",
    "screen_on": "Turned on the screen of {name}",
    "screen_already_off": "The screen of {name} is already off",
    "no_screen": "{name} cannot turn off just its screen",
    "paused": "Paused {name}",
    "resumed": "Resumed {name}",
    "no_playback": "{name} has no play and pause control",
    "setting_unsupported": (
        "{name} cannot change its {setting} from here; it can turn on and off, change the "
        "volume, mute, switch inputs, open apps, pause and play, and turn its screen off"
    ),
}

# Spoken names of canonical values, per kind.
VALUE_NAMES: Final[Mapping[str, Mapping[str, str]]] = {
    "mode": {
        "cool": "cool",
        "heat": "heat",
        "dry": "dry",
        "fan_only": "fan",
        "auto": "auto",
        "heat_cool": "heat/cool",
        "off": "off",
    },
    # The mode in "mode_set" and "mode_temperature_set": "Living room AC is now cooling"
    "mode_now": {
        "cool": "cooling",
        "heat": "heating",
        "dry": "drying",
        "fan_only": "on fan only",
        "auto": "in auto mode",
        "heat_cool": "in heat/cool mode",
    },
    "fan": {"auto": "auto", "low": "low", "medium": "medium", "high": "high"},
    "preset": {"eco": "eco", "sleep": "sleep", "boost": "boost", "none": "normal"},
    "direction": {"vertical": "vertical ", "horizontal": "horizontal ", "both": ""},
    "tv_setting": {
        "brightness": "brightness",
        "contrast": "contrast",
        "picture_mode": "picture mode",
        "color": "colour",
        "sharpness": "sharpness",
        "sleep_timer": "sleep timer",
        "bluetooth": "Bluetooth",
        "subtitles": "subtitles",
    },
    "key": {
        "home": "home",
        "back": "back",
        "menu": "menu",
        "enter": "OK",
        "up": "up",
        "down": "down",
        "left": "left",
        "right": "right",
    },
}
