# ruff: noqa: RUF001  (Chinese punctuation in the spoken answers is intended)
"""What Assist says in Traditional Chinese (zh-Hant): answers and spoken names of values."""

from collections.abc import Mapping
from typing import Final

# Finding the target and the answers every family shares.
COMMON: Final[Mapping[str, str]] = {
    "list_and": "、",
    "list_comma": "、",
    "no_device": "找不到{noun}",
    "no_device_named": "找不到名為{name}的{noun}",
    "no_device_in_area": "{area}沒有{noun}",
    "no_area": "找不到名為{area}的區域",
    "not_exposed": "沒有{noun}開放給語音助理",
    "ambiguous": "你指的是哪一台{noun}：{options}？",
    "duplicate_name": "有多部裝置叫{name}，請說明是哪個房間的",
    "unavailable": "{name}目前離線，無法控制",
    "failed": "{name}沒有回應，請稍後再試",
    "turned_on": "{name}已打開",
    "turned_off": "{name}已關閉",
}

# The spoken form of our translated errors, keyed ``error_<translation_key>``.
ERRORS: Final[Mapping[str, str]] = {
    "error_cannot_connect": "{name}沒有回應，可能已斷電或不在網路中",
    "error_command_unconfirmed": "{name}沒有確認，指令只送了一次，沒反應的話請再說一次",
    "error_write_not_confirmed": "{name}沒有接受這次變更，請再試一次",
    "error_companion_settings_while_off": "{name}只能在開機時變更模式、溫度或風速，請先開機",
    "error_companion_unpaired": "{name}還不知道冷氣型號，請在米家App中將冷氣伴侶與冷氣品牌配對",
    "error_device_error": "{name}拒絕了這個指令（錯誤{code}）",
    "error_dryer_needs_cool_or_dry": (
        "{name}的防霉乾燥只在冷氣或除濕模式下運作，請先切換到冷氣或除濕"
    ),
    "error_refused_while_off": "{name}只在開機時接受這項設定，請先開機",
    "error_vane_needs_swing_off": "{name}要先關閉擺風才能固定導風板",
    "error_http_bad_answer": "{name}的遙控連接埠（6095）的回應無法辨識",
    "error_http_unreachable": "{name}的遙控連接埠（6095）現在沒有回應，無法開啟應用程式或按鍵",
    "error_miot_required": "{name}需要用權杖加入後才能這樣控制",
    "error_token_rejected": "{name}拒絕了它的權杖，請在Xiaomi Living的設定中輸入目前的權杖",
    "error_tv_refused": "{name}拒絕了這個請求：{error}",
    "error_wake_on_lan_disabled": "{name}已完全關機，且選項中關閉了網路喚醒，請用遙控器開機",
    "error_wake_on_lan_failed": "無法向{name}傳送網路喚醒封包，請用遙控器開機",
    "error_wake_on_lan_no_mac": "{name}已完全關機，且不知道它的MAC位址，請用遙控器開機",
    "error_tv_did_not_turn_on": "{name}在{seconds}秒內沒有開機，請檢查電源後再試一次",
    "error_infrared_send_failed": "無法向{name}傳送紅外線開機鍵，請用遙控器開機",
    "error_infrared_unavailable": (
        "{name}要透過紅外線發射器開機，但Home Assistant沒有載入紅外線平台，請用遙控器開機"
    ),
}

# Air conditioners.
CLIMATE: Final[Mapping[str, str]] = {
    "noun_climate": "冷氣",
    "mode_set": "{name}已切換到{mode}模式",
    "mode_temperature_set": "{name}已切換到{mode}模式，溫度{temperature}度",
    "unknown_mode": "我不認識「{value}」這個模式，{name}支援：{options}",
    "unsupported_mode": "{name}沒有{value}模式，支援：{options}",
    "temperature_set": "{name}溫度已調到{temperature}度",
    "turned_on_at_temperature": "{name}已打開，溫度{temperature}度",
    "temperature_out_of_range": "{name}的溫度範圍是{min}到{max}度",
    "temperature_off_step": "{name}的溫度每格{step}度，可以說{lower}度或{upper}度",
    "temperature_whole_degrees": "{name}的溫度只能設整數度，可以說{lower}度或{upper}度",
    "room_temperature": "{name}所在房間現在{temperature}度",
    "room_temperature_target": "{name}所在房間現在{temperature}度，設定溫度{target}度",
    "no_room_temperature": "{name}不會測量室內溫度",
    "no_room_temperature_target": "{name}不會測量室內溫度，設定溫度是{target}度",
    "temperature_at_max": "{name}已經是最高溫度{temperature}度了",
    "temperature_at_min": "{name}已經是最低溫度{temperature}度了",
    "no_target_temperature": "{name}目前沒有設定溫度",
    "fan_set": "{name}風速已調到{fan}",
    "fan_level": "{level}檔",
    "no_fan_speed": "{name}不支援調節風速",
    "unknown_fan_speed": "{name}沒有「{value}」這個風速，可選：{options}",
    "swing_on": "{name}已打開{direction}擺風",
    "swing_off": "{name}已關閉{direction}擺風",
    "swing_position": "{name}{direction}導風板已調到{position}",
    "no_swing": "{name}不支援{direction}擺風",
    "unknown_position": "{name}沒有「{value}」這個導風板位置，可選：{options}",
    "no_positions": "{name}不支援固定{direction}導風板位置",
    "preset_on": "{name}已開啟{preset}模式",
    "preset_off": "{name}已關閉{preset}模式",
    "preset_not_on": "{name}沒有開啟{preset}模式",
    "preset_none": "{name}已恢復普通模式",
    "unknown_preset": "{name}沒有{value}模式，支援：{options}",
    "no_presets": "{name}沒有特殊模式",
    "position": "位置{position}",
}

# TVs.
TV: Final[Mapping[str, str]] = {
    "noun_tv": "電視",
    "tv_off": "{name}已關閉，請先打開電視",
    "input_set": "{name}已切換到{source}",
    "no_inputs": "{name}沒有可切換的訊號源",
    "unknown_input": "{name}沒有{value}訊號源，可選：{options}",
    "app_opened": "{name}已開啟{app}",
    "unknown_app": "{name}上沒有「{value}」這個應用程式",
    "which_app": "要在{name}上開啟哪個應用程式？",
    "no_apps": "{name}現在無法開啟應用程式",
    "volume_set": "{name}音量已調到{volume}",
    "volume_out_of_range": "{name}的音量範圍是0到100，沒有{volume}",
    "volume_up": "{name}音量已調高",
    "volume_down": "{name}音量已調低",
    "volume_at_max": "{name}已經是最大音量了",
    "volume_step_out_of_range": "{name}的音量一次只能調高或調低1到100",
    "volume_unknown": "{name}現在沒有報告音量，請說大聲一點或小聲一點",
    "volume_at_min": "{name}已經是最小音量了",
    "no_volume": "{name}不支援調節音量",
    "no_volume_set": "{name}不支援直接設定音量，可以說「大聲一點」或「小聲一點」",
    "muted": "{name}已靜音",
    "unmuted": "{name}已取消靜音",
    "no_mute": "{name}不支援靜音",
    "key_pressed": "{name}已按下{button}鍵",
    "keys_pressed": "{name}已按{times}次{button}鍵",
    "no_remote": "{name}無法接收遙控按鍵",
    "channel_up": "{name}已轉到下一個頻道",
    "channel_down": "{name}已轉到上一個頻道",
    "channels_up": "{name}已往後轉了{times}個頻道",
    "channels_down": "{name}已往前轉了{times}個頻道",
    "not_on_tuner": "{name}正在顯示{source}，沒有頻道可轉",
    "channel_source_unknown": "{name}沒有報告正在顯示甚麼；請先切換到電視訊號再轉台",
    "screen_off": "{name}已關閉螢幕，聲音繼續播放",
    "screen_on": "{name}已打開螢幕",
    "screen_already_off": "{name}的螢幕已經關了",
    "no_screen": "{name}不支援單獨關閉螢幕",
    "paused": "{name}已暫停",
    "resumed": "{name}已繼續播放",
    "no_playback": "{name}不支援暫停和播放",
    "setting_unsupported": (
        "{name}不支援在這裡調{setting}；可以開關機、調音量、靜音、切換訊號源、開啟應用程式、暫停播放和關閉螢幕"
    ),
}

# Spoken names of canonical values, per kind.
VALUE_NAMES: Final[Mapping[str, Mapping[str, str]]] = {
    "mode": {
        "cool": "製冷",
        "heat": "製熱",
        "dry": "除濕",
        "fan_only": "送風",
        "auto": "自動",
        "heat_cool": "冷暖自動",
        "off": "關閉",
    },
    # "{name}已切換到{mode}模式": the mode by its name, as in "mode"
    "mode_now": {
        "cool": "製冷",
        "heat": "製熱",
        "dry": "除濕",
        "fan_only": "送風",
        "auto": "自動",
        "heat_cool": "冷暖自動",
    },
    "fan": {"auto": "自動", "low": "低速", "medium": "中速", "high": "高速"},
    "preset": {"eco": "節能", "sleep": "睡眠", "boost": "強力", "none": "普通"},
    "direction": {"vertical": "上下", "horizontal": "左右", "both": ""},
    "tv_setting": {
        "brightness": "亮度",
        "contrast": "對比度",
        "picture_mode": "畫面模式",
        "color": "色彩",
        "sharpness": "清晰度",
        "sleep_timer": "定時關機",
        "bluetooth": "藍牙",
        "subtitles": "字幕",
    },
    "key": {
        "home": "主頁",
        "back": "返回",
        "menu": "選單",
        "enter": "確定",
        "up": "上",
        "down": "下",
        "left": "左",
        "right": "右",
    },
}
