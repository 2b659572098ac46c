"""The demo's configuration (scripts/demo.py), read back by Home Assistant's own loaders.

scripts/e2e.py runs the English demo on a real Home Assistant and checks the home it makes
(pipelines, aliases, dashboard, automations that run); these tests cover what that run does not:
the Chinese demo's names and words, and a configuration directory kept from one run to the next.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from homeassistant.config import DEFAULT_CONFIG, load_yaml_config_file
from homeassistant.core import HomeAssistant
from homeassistant.util.yaml import parse_yaml

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "custom_components" / "xiaomi_living" / "translations"


@pytest.fixture(scope="module")
def demo() -> Iterator[ModuleType]:
    """Import scripts/demo.py (not a package) as a module."""
    spec = importlib.util.spec_from_file_location(
        "xiaomi_living_demo", ROOT / "scripts" / "demo.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[spec.name]


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
async def test_configuration_is_home_assistants_default(
    hass: HomeAssistant, demo: ModuleType, tmp_path: Path, language: str
) -> None:
    """configuration.yaml is the demo's settings plus Home Assistant's own default configuration."""
    demo.write_configuration(tmp_path, 8130, language)

    loaded = await hass.async_add_executor_job(
        load_yaml_config_file, str(tmp_path / "configuration.yaml")
    )
    default = parse_yaml(
        DEFAULT_CONFIG.replace("!include_dir_merge_named", "").replace("!include", "")
    )
    assert set(default) <= set(loaded)
    assert "default_config" in loaded
    assert loaded["homeassistant"]["language"] == language
    # The includes resolve to the files a new installation starts with: no automation, script or
    # scene yet, but the place where the UI saves them
    assert all(not loaded[key] for key in ("automation", "script", "scene"))
    assert all((tmp_path / name).exists() for name in demo.INCLUDED_FILES)
    assert (tmp_path / "custom_components" / "xiaomi_living").resolve() == (
        ROOT / "custom_components" / "xiaomi_living"
    )


async def test_saved_automations_survive_the_next_run(
    hass: HomeAssistant, demo: ModuleType, tmp_path: Path
) -> None:
    """The demo rewrites configuration.yaml on every run, never what the UI saved."""
    demo.write_configuration(tmp_path, 8130)
    saved = "- id: '1'\n  alias: Cool down\n  triggers: []\n  actions: []\n"
    (tmp_path / "automations.yaml").write_text(saved)
    (tmp_path / "configuration.yaml").write_text("edited: by hand\n")

    demo.write_configuration(tmp_path, 8131)

    assert (tmp_path / "automations.yaml").read_text() == saved
    loaded = await hass.async_add_executor_job(
        load_yaml_config_file, str(tmp_path / "configuration.yaml")
    )
    assert "edited" not in loaded
    assert [item["alias"] for item in loaded["automation"]] == ["Cool down"]


def _entry(entity_id: str, translation_key: str | None, device_class: str | None = None) -> Any:
    return {
        "entity_id": entity_id,
        "translation_key": translation_key,
        "original_device_class": device_class,
        "unique_id": f"1234-{entity_id.split('.')[1]}",
    }


@pytest.mark.parametrize(
    ("entry", "language", "device", "alias"),
    [
        (_entry("climate.living_room_ac", "air_conditioner"), "zh-Hans", "客厅空调", "客厅空调"),
        (_entry("media_player.living_room_tv", "television"), "zh-Hans", "客厅电视", "客厅电视"),
        (_entry("remote.living_room_tv", "remote"), "zh-Hans", "客厅电视", "客厅电视遥控器"),
        (_entry("sensor.x_energy", None, "energy"), "zh-Hans", "客厅空调", "客厅空调用电量"),
        (
            _entry("remote.ke_ting_dian_shi", "remote"),
            "en",
            "Living room TV",
            "Living room TV remote",
        ),
        (_entry("sensor.x_power", None, "power"), "en", "Kids room AC", "Kids room AC Power"),
    ],
)
def test_entity_alias(
    demo: ModuleType, entry: dict[str, Any], language: str, device: str, alias: str
) -> None:
    """An alias is the device's name in the other language and the entity's own name there."""
    assert demo.entity_alias(entry, device, language) == alias


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_translated_entities_get_their_translated_name(demo: ModuleType, language: str) -> None:
    """Entities named by a translation key take the integration's translation in that language."""
    file = "zh-Hans" if language == "zh-Hans" else "en"
    names = json.loads((TRANSLATIONS / f"{file}.json").read_text(encoding="utf-8"))["entity"]
    name = names["sensor"]["room_temperature"]["name"]
    entry = _entry("sensor.x_room_temperature", "room_temperature", "temperature")
    separator = "" if language == "zh-Hans" else " "
    assert demo.entity_alias(entry, "AC", language) == f"AC{separator}{name}"


def _homes(demo: ModuleType, language: str) -> list[Any]:
    """Return the demo's devices, with entity ids as Home Assistant makes them in ``language``."""
    homes = []
    for row in demo.DEVICES:
        slug = row.name(language).lower().replace(" ", "_")
        if row.is_tv:
            entities = {"media_player": f"media_player.{slug}", "remote": f"remote.{slug}"}
        else:
            entities = {"climate": f"climate.{slug}", "energy": f"sensor.{slug}_energy"}
        homes.append(demo.DeviceEntities(row, entities))
    return homes


@pytest.mark.parametrize("language", ["en", "zh-Hans"])
def test_dashboard(demo: ModuleType, language: str) -> None:
    """A section per area in the server language, then energy and a button per pipeline."""
    pipelines = {"en": "pipeline-en", "zh-Hans": "pipeline-zh"}

    config = demo.dashboard_config(_homes(demo, language), pipelines, language)

    (view,) = config["views"]
    assert view["type"] == "sections"
    headings = [section["cards"][0]["heading"] for section in view["sections"]]
    areas = list(dict.fromkeys(row.area_name(language) for row in demo.DEVICES))
    assert headings == [
        *areas,
        *(demo.DASHBOARD_TEXT[language][key] for key in ("energy", "assist")),
    ]
    cards = [card for section in view["sections"] for card in section["cards"]]
    thermostats = [card["entity"] for card in cards if card["type"] == "thermostat"]
    assert len(thermostats) == sum(not row.is_tv for row in demo.DEVICES)
    assert [card["entity"] for card in cards if card["type"] == "media-control"] == [
        f"media_player.{demo.DEVICES[-1].name(language).lower().replace(' ', '_')}"
    ]
    assert len([card for card in cards if card["type"] == "tile"]) == len(thermostats)
    buttons = [card for card in cards if card["type"] == "button"]
    assert [(b["name"], b["tap_action"]) for b in buttons] == [
        ("English", {"action": "assist", "pipeline_id": "pipeline-en", "start_listening": False}),
        ("简体中文", {"action": "assist", "pipeline_id": "pipeline-zh", "start_listening": False}),
    ]


def test_names_in_both_languages(demo: ModuleType) -> None:
    """Every device and area has a name in each language; the Chinese ones are Chinese."""
    for row in demo.DEVICES:
        assert row.name("en").isascii()
        assert not row.name("zh-Hans").isascii()
        assert not row.area_name("zh-Hans").isascii()
        assert row.name("zh-Hans").startswith(row.area_name("zh-Hans"))
    assert demo.PIPELINES["zh-Hans"].language == "zh-CN"
