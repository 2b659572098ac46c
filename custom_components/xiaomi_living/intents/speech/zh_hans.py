# ruff: noqa: RUF001  (Chinese punctuation in the spoken answers is intended)
"""What Assist says in Simplified Chinese (zh-Hans): answers and spoken names of values."""

from collections.abc import Mapping
from typing import Final

# Finding the target and the answers every family shares.
COMMON: Final[Mapping[str, str]] = {
    "list_and": "、",
    "list_comma": "、",
    "no_device": "没有找到{noun}",
    "no_device_named": "没有找到名为{name}的{noun}",
    "no_device_in_area": "{area}没有{noun}",
    "no_area": "没有名为{area}的区域",
    "not_exposed": "没有{noun}开放给语音助手",
    "ambiguous": "你指的是哪台{noun}：{options}？",
    "duplicate_name": "有多台设备叫{name}，请说明是哪个房间的",
    "unavailable": "{name}目前离线，无法控制",
    "failed": "{name}没有响应，请稍后再试",
    "turned_on": "{name}已打开",
    "turned_off": "{name}已关闭",
}

# The spoken form of our translated errors, keyed ``error_<translation_key>``.
ERRORS: Final[Mapping[str, str]] = {
    "error_cannot_connect": "{name}没有响应，可能已断电或不在网络中",
    "error_command_unconfirmed": "{name}没有确认，命令只发了一次，没反应的话请再说一次",
    "error_write_not_confirmed": "{name}没有接受这次更改，请再试一次",
    "error_companion_settings_while_off": "{name}只能在开机时更改模式、温度或风速，请先开机",
    "error_companion_unpaired": "{name}还不知道空调型号，请在米家App中把空调伴侣与空调品牌配对",
    "error_device_error": "{name}拒绝了这个命令（错误{code}）",
    "error_dryer_needs_cool_or_dry": (
        "{name}的防霉干燥只在制冷或除湿模式下工作，请先切换到制冷或除湿"
    ),
    "error_refused_while_off": "{name}只在开机时接受这项设置，请先开机",
    "error_vane_needs_swing_off": "{name}要先关闭摆风才能固定导风板",
    "error_http_bad_answer": "{name}的遥控端口（6095）的响应无法识别",
    "error_http_unreachable": "{name}的遥控端口（6095）现在没有响应，无法打开应用或按键",
    "error_miot_required": "{name}需要用令牌添加后才能这样控制",
    "error_token_rejected": "{name}拒绝了它的令牌，请在Xiaomi Living的设置中输入当前的令牌",
    "error_tv_refused": "{name}拒绝了这个请求：{error}",
    "error_wake_on_lan_disabled": "{name}已完全关机，且选项中关闭了网络唤醒，请用遥控器开机",
    "error_wake_on_lan_failed": "无法向{name}发送网络唤醒数据包，请用遥控器开机",
    "error_wake_on_lan_no_mac": "{name}已完全关机，且不知道它的MAC地址，请用遥控器开机",
    "error_tv_did_not_turn_on": "{name}在{seconds}秒内没有开机，请检查电源后再试一次",
    "error_infrared_send_failed": "无法向{name}发送红外开机键，请用遥控器开机",
    "error_infrared_unavailable": (
        "{name}要通过红外发射器开机，但Home Assistant没有加载红外平台，请用遥控器开机"
    ),
}

# Air conditioners.
CLIMATE: Final[Mapping[str, str]] = {
    "noun_climate": "空调",
    "mode_set": "{name}已切换到{mode}模式",
    "mode_temperature_set": "{name}已切换到{mode}模式，温度{temperature}度",
    "unknown_mode": "我不认识“{value}”这个模式，{name}支持：{options}",
    "unsupported_mode": "{name}没有{value}模式，支持：{options}",
    "temperature_set": "{name}温度已调到{temperature}度",
    "turned_on_at_temperature": "{name}已打开，温度{temperature}度",
    "temperature_out_of_range": "{name}的温度范围是{min}到{max}度",
    "temperature_off_step": "{name}的温度每档{step}度，可以说{lower}度或{upper}度",
    "temperature_whole_degrees": "{name}的温度只能设整数度，可以说{lower}度或{upper}度",
    "room_temperature": "{name}所在房间现在{temperature}度",
    "room_temperature_target": "{name}所在房间现在{temperature}度，设定温度{target}度",
    "no_room_temperature": "{name}不测量室内温度",
    "no_room_temperature_target": "{name}不测量室内温度，设定温度是{target}度",
    "temperature_at_max": "{name}已经是最高温度{temperature}度了",
    "temperature_at_min": "{name}已经是最低温度{temperature}度了",
    "no_target_temperature": "{name}当前没有设定温度",
    "fan_set": "{name}风速已调到{fan}",
    "fan_level": "{level}档",
    "no_fan_speed": "{name}不支持调节风速",
    "unknown_fan_speed": "{name}没有“{value}”这个风速，可选：{options}",
    "swing_on": "{name}已打开{direction}扫风",
    "swing_off": "{name}已关闭{direction}扫风",
    "swing_position": "{name}{direction}导风板已调到{position}",
    "no_swing": "{name}不支持{direction}扫风",
    "unknown_position": "{name}没有“{value}”这个导风板位置，可选：{options}",
    "no_positions": "{name}不支持固定{direction}导风板位置",
    "preset_on": "{name}已开启{preset}模式",
    "preset_off": "{name}已关闭{preset}模式",
    "preset_not_on": "{name}没有开启{preset}模式",
    "preset_none": "{name}已恢复普通模式",
    "unknown_preset": "{name}没有{value}模式，支持：{options}",
    "no_presets": "{name}没有特殊模式",
    "position": "位置{position}",
}

# TVs.
TV: Final[Mapping[str, str]] = {
    "noun_tv": "电视",
    "tv_off": "{name}已关闭，请先打开电视",
    "input_set": "{name}已切换到{source}",
    "no_inputs": "{name}没有可切换的信号源",
    "unknown_input": "{name}没有{value}信号源，可选：{options}",
    "app_opened": "{name}已打开{app}",
    "unknown_app": "{name}上没有“{value}”这个应用",
    "which_app": "要在{name}上打开哪个应用？",
    "no_apps": "{name}现在无法打开应用",
    "volume_set": "{name}音量已调到{volume}",
    "volume_out_of_range": "{name}的音量范围是0到100，没有{volume}",
    "volume_up": "{name}音量已调高",
    "volume_down": "{name}音量已调低",
    "volume_at_max": "{name}已经是最大音量了",
    "volume_step_out_of_range": "{name}的音量一次只能调高或调低1到100",
    "volume_unknown": "{name}现在没有报告音量，请说大一点或小一点",
    "volume_at_min": "{name}已经是最小音量了",
    "no_volume": "{name}不支持调节音量",
    "no_volume_set": "{name}不支持直接设置音量，可以说“大声一点”或“小声一点”",
    "muted": "{name}已静音",
    "unmuted": "{name}已取消静音",
    "no_mute": "{name}不支持静音",
    "key_pressed": "{name}已按下{button}键",
    "keys_pressed": "{name}已按{times}次{button}键",
    "no_remote": "{name}无法接收遥控按键",
    "channel_up": "{name}已换到下一个频道",
    "channel_down": "{name}已换到上一个频道",
    "channels_up": "{name}已往后换了{times}个频道",
    "channels_down": "{name}已往前换了{times}个频道",
    "not_on_tuner": "{name}正在显示{source}，没有频道可换",
    "channel_source_unknown": "{name}没有报告正在显示什么；请先切换到电视信号再换台",
    "screen_off": "{name}已息屏，声音继续播放",
    "screen_on": "{name}已亮屏",
    "screen_already_off": "{name}的屏幕已经关了",
    "no_screen": "{name}不支持单独关闭屏幕",
    "paused": "{name}已暂停",
    "resumed": "{name}已继续播放",
    "no_playback": "{name}不支持暂停和播放",
    "setting_unsupported": (
        "{name}不支持在这里调{setting}；可以开关机、调音量、静音、切换信号源、打开应用、暂停播放和息屏"
    ),
}

# Spoken names of canonical values, per kind.
VALUE_NAMES: Final[Mapping[str, Mapping[str, str]]] = {
    "mode": {
        "cool": "制冷",
        "heat": "制热",
        "dry": "除湿",
        "fan_only": "送风",
        "auto": "自动",
        "heat_cool": "冷暖自动",
        "off": "关闭",
    },
    # "{name}已切换到{mode}模式": the mode by its name, as in "mode"
    "mode_now": {
        "cool": "制冷",
        "heat": "制热",
        "dry": "除湿",
        "fan_only": "送风",
        "auto": "自动",
        "heat_cool": "冷暖自动",
    },
    "fan": {"auto": "自动", "low": "低速", "medium": "中速", "high": "高速"},
    "preset": {"eco": "节能", "sleep": "睡眠", "boost": "强力", "none": "普通"},
    "direction": {"vertical": "上下", "horizontal": "左右", "both": ""},
    "tv_setting": {
        "brightness": "亮度",
        "contrast": "对比度",
        "picture_mode": "画面模式",
        "color": "色彩",
        "sharpness": "清晰度",
        "sleep_timer": "定时关机",
        "bluetooth": "蓝牙",
        "subtitles": "字幕",
    },
    "key": {
        "home": "主页",
        "back": "返回",
        "menu": "菜单",
        "enter": "确定",
        "up": "上",
        "down": "下",
        "left": "左",
        "right": "右",
    },
}
