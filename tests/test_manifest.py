"""The package metadata that HACS, hassfest and Home Assistant's loader read (docs/packaging.md)."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from awesomeversion import AwesomeVersion
from homeassistant.const import Platform
from homeassistant.const import __version__ as ha_version
from homeassistant.core import HomeAssistant
from homeassistant.loader import async_get_integration
from PIL import Image

from custom_components.xiaomi_living.const import DOMAIN

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "custom_components" / DOMAIN
MANIFEST = json.loads((PACKAGE / "manifest.json").read_text(encoding="utf-8"))
HACS = json.loads((ROOT / "hacs.json").read_text(encoding="utf-8"))

# hassfest's manifest schema for custom integrations: anything else is rejected.
MANIFEST_KEYS = {
    "domain", "name", "integration_type", "config_flow", "mqtt", "zeroconf", "ssdp", "bluetooth",
    "homekit", "dhcp", "usb", "documentation", "issue_tracker", "quality_scale", "requirements",
    "dependencies", "after_dependencies", "codeowners", "loggers", "disabled", "iot_class",
    "single_config_entry", "import_executor", "version",
}  # fmt: skip
HACS_KEYS = {
    "name", "content_in_root", "zip_release", "filename", "hide_default_branch", "country",
    "homeassistant", "hacs", "persistent_directory",
}  # fmt: skip
QUALITY_SCALE_RULES = {
    # bronze
    "action-setup", "appropriate-polling", "brands", "common-modules", "config-flow-test-coverage",
    "config-flow", "dependency-transparency", "docs-actions", "docs-conditions",
    "docs-high-level-description", "docs-installation-instructions", "docs-removal-instructions",
    "docs-triggers", "entity-event-setup",
    "entity-unique-id", "has-entity-name", "runtime-data", "test-before-configure",
    "test-before-setup", "unique-config-entry",
    # silver
    "action-exceptions", "config-entry-unloading", "docs-configuration-parameters",
    "docs-installation-parameters", "entity-unavailable", "integration-owner",
    "log-when-unavailable", "parallel-updates", "reauthentication-flow", "test-coverage",
    # gold
    "devices", "diagnostics", "discovery-update-info", "discovery", "docs-data-update",
    "docs-examples", "docs-known-limitations", "docs-supported-devices", "docs-supported-functions",
    "docs-troubleshooting", "docs-use-cases", "dynamic-devices", "entity-category",
    "entity-device-class", "entity-disabled-by-default", "entity-translations",
    "exception-translations", "icon-translations", "reconfiguration-flow", "repair-issues",
    "stale-devices",
    # platinum
    "async-dependency", "inject-websession", "strict-typing",
}  # fmt: skip
PLACEHOLDER = re.compile(r"\{(\w+)\}")


REQUIREMENTS = ROOT / "requirements"


def _pins(path: Path) -> dict[str, str]:
    """Read a requirements file and the files it includes (``-r``)."""
    pins = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("-r "):
            pins.update(_pins(path.parent / line.removeprefix("-r ").strip()))
        elif line:
            name, version = line.split("==")
            pins[name.lower()] = version
    return pins


def _leaves(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    leaves: dict[str, str] = {}
    for key, value in tree.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            leaves.update(_leaves(value, path))
        else:
            leaves[path] = value
    return leaves


def test_manifest_keys_are_known_and_sorted() -> None:
    """Hassfest wants domain, name, then the rest in alphabetical order, and nothing unknown."""
    keys = list(MANIFEST)
    assert keys[:2] == ["domain", "name"]
    assert keys[2:] == sorted(keys[2:])
    assert set(keys) <= MANIFEST_KEYS
    assert MANIFEST["domain"] == DOMAIN
    assert MANIFEST["name"] == "Xiaomi Living"


def test_manifest_values() -> None:
    """The fields HA's loader and hassfest check on a custom integration."""
    assert AwesomeVersion(MANIFEST["version"]).valid
    assert MANIFEST["config_flow"] is True
    assert MANIFEST["iot_class"] == "local_polling"
    assert MANIFEST["integration_type"] in {"device", "hub", "service"}
    assert MANIFEST["codeowners"]
    assert all(owner.startswith("@") for owner in MANIFEST["codeowners"])
    for key in ("documentation", "issue_tracker"):
        assert MANIFEST[key].startswith("https://")
        assert "home-assistant.io" not in MANIFEST[key]


def test_runtime_pins_agree_with_development_pins() -> None:
    """Users install only what runs: python-miio, at the version HA core's xiaomi_miio pins.

    construct comes with python-miio; micloud is only the tests' reference for request signing.
    Every environment (requirements/*.txt) installs the same runtime pins, and the Home Assistant
    running these tests is one that an environment pins.
    """
    runtime = dict(req.lower().split("==") for req in MANIFEST["requirements"])
    assert runtime == {"python-miio": "0.5.12"}
    environments = {
        path.name: _pins(path) for path in REQUIREMENTS.glob("*.txt") if path.name != "common.txt"
    }
    assert set(environments) == {"floor.txt", "newest.txt", "newest-hass.txt"}
    for pins in environments.values():
        for name, version in runtime.items():
            assert pins[name] == version
    assert ha_version in {pins["homeassistant"] for pins in environments.values()}
    assert environments["floor.txt"]["homeassistant"] == "2026.2.3"


def _state_icons(tree: Any, path: str = "") -> list[tuple[str, str, str]]:
    """Every (path, default icon, state icon) in an icons.json tree."""
    found: list[tuple[str, str, str]] = []
    if isinstance(tree, dict):
        default = tree.get("default")
        for state, icon in (tree.get("state") or {}).items():
            found.append((f"{path}.state.{state}", default, icon))
        for key, value in tree.items():
            if key != "state":
                found.extend(_state_icons(value, f"{path}.{key}" if path else key))
    return found


def test_no_state_icon_repeats_its_default() -> None:
    """Hassfest rejects a state icon equal to its default (it is redundant)."""
    icons = json.loads((PACKAGE / "icons.json").read_text(encoding="utf-8"))
    found = _state_icons(icons)
    assert found  # the walk sees the state icons at all
    redundant = [path for path, default, icon in found if icon == default]
    assert not redundant, f"state icons equal to their default: {redundant}"


async def test_home_assistant_loads_the_manifest(hass: HomeAssistant) -> None:
    """HA's own loader accepts the integration (it refuses a custom one without a valid version)."""
    integration = await async_get_integration(hass, DOMAIN)
    assert integration.name == "Xiaomi Living"
    assert str(integration.version) == MANIFEST["version"]
    assert integration.config_flow is True
    assert not integration.is_built_in


def test_hacs_json() -> None:
    """HACS rejects unknown keys and needs a zip name for zip releases."""
    assert set(HACS) <= HACS_KEYS
    assert HACS["name"] == "Xiaomi Living"
    assert AwesomeVersion(HACS["homeassistant"]) <= AwesomeVersion(ha_version)
    assert HACS["homeassistant"] == "2026.2.0"
    assert HACS["zip_release"] is True
    assert HACS["filename"] == f"{DOMAIN}.zip"


def test_license_is_detectable() -> None:
    """HACS needs an OSI license that GitHub can detect."""
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.lstrip().startswith("GNU GENERAL PUBLIC LICENSE")
    assert "Version 3, 29 June 2007" in text


@pytest.mark.parametrize(("name", "size"), [("icon.png", 256), ("icon@2x.png", 512)])
def test_brand_images(name: str, size: int) -> None:
    """HA 2026.3+ reads brand/icon.png (256 px) and icon@2x.png (512 px) from the package."""
    with Image.open(PACKAGE / "brand" / name) as image:
        assert image.format == "PNG"
        assert image.size == (size, size)
        assert image.mode == "RGBA"
        # transparent corners: the icon is a rounded square, not a full tile
        assert image.getpixel((0, 0))[3] == 0  # type: ignore[index]


@pytest.mark.parametrize("language", ["zh-Hans", "zh-Hant"])
def test_translations_match_english(language: str) -> None:
    """Every language has the same keys and the same placeholders as en.json."""
    english = _leaves(json.loads((PACKAGE / "translations" / "en.json").read_text("utf-8")))
    other = _leaves(json.loads((PACKAGE / "translations" / f"{language}.json").read_text("utf-8")))
    assert set(other) == set(english)
    for key, text in english.items():
        assert set(PLACEHOLDER.findall(other[key])) == set(PLACEHOLDER.findall(text)), key
        assert other[key] != text or not re.search("[A-Za-z]{4}", text), f"untranslated: {key}"


def test_translation_texts_have_no_urls() -> None:
    """Hassfest rejects URLs inside translation texts."""
    for path in (PACKAGE / "translations").glob("*.json"):
        for key, text in _leaves(json.loads(path.read_text("utf-8"))).items():
            assert "http://" not in text
            assert "https://" not in text, f"{path.name}: {key}"


def test_quality_scale_lists_every_rule_honestly() -> None:
    """All 52 rules, each done, or todo/exempt with a reason."""
    rules = yaml.safe_load((PACKAGE / "quality_scale.yaml").read_text("utf-8"))["rules"]
    assert set(rules) == QUALITY_SCALE_RULES
    for rule, value in rules.items():
        if value == "done":
            continue
        assert value["status"] in {"todo", "exempt", "done"}, rule
        if value["status"] != "done":
            assert value.get("comment"), f"{rule} needs a reason"


def test_icons_json_parses() -> None:
    """icons.json is valid JSON with only the sections HA knows."""
    icons = json.loads((PACKAGE / "icons.json").read_text("utf-8"))
    assert set(icons) <= {"entity", "services", "entity_component", "issues"}


# Where core's quality-scale validators want the typed config entry (runtime-data, strict-typing):
# the entry argument of these module-level functions, and of async_get_options_flow.
_TYPED_ENTRY_FUNCTIONS = {
    "__init__": ("async_setup_entry", "async_unload_entry", "async_remove_entry",
                 "async_migrate_entry", "async_remove_config_entry_device"),
    "diagnostics": ("async_get_config_entry_diagnostics", "async_get_device_diagnostics"),
}  # fmt: skip
_TYPED_ENTRY = re.compile(r"^[A-Za-z]+ConfigEntry$")


def _entry_annotation(function: ast.FunctionDef | ast.AsyncFunctionDef, position: int) -> str:
    argument = function.args.args[position - 1]
    return argument.annotation.id if isinstance(argument.annotation, ast.Name) else ""


def test_every_entry_argument_is_the_typed_entry() -> None:
    """The runtime-data and strict-typing claims hold as hassfest's validators read them."""
    checked: list[str] = []
    platforms = [
        path.stem for path in PACKAGE.glob("*.py") if path.stem in {p.value for p in Platform}
    ]
    modules = {**_TYPED_ENTRY_FUNCTIONS, **dict.fromkeys(platforms, ("async_setup_entry",))}
    for module, names in modules.items():
        tree = ast.parse((PACKAGE / f"{module}.py").read_text("utf-8"))
        for node in tree.body:
            if isinstance(node, ast.AsyncFunctionDef) and node.name in names:
                position = 1 if module == "__init__" and node.name == "async_migrate_entry" else 2
                assert _TYPED_ENTRY.match(_entry_annotation(node, position)), (
                    f"{module}.{node.name}"
                )
                checked.append(f"{module}.{node.name}")
    flow = ast.parse((PACKAGE / "config_flow.py").read_text("utf-8"))
    options_flows = [
        node
        for cls in flow.body
        if isinstance(cls, ast.ClassDef)
        for node in cls.body
        if isinstance(node, ast.FunctionDef) and node.name == "async_get_options_flow"
    ]
    assert len(options_flows) == 1
    assert _TYPED_ENTRY.match(_entry_annotation(options_flows[0], 1))
    assert {"__init__.async_setup_entry", "climate.async_setup_entry"} <= set(checked)
    # runtime-data: async_setup_entry stores the runtime data on the entry it is given
    init = ast.parse((PACKAGE / "__init__.py").read_text("utf-8"))
    (setup,) = [
        n
        for n in init.body
        if isinstance(n, ast.AsyncFunctionDef) and n.name == "async_setup_entry"
    ]
    entry_name = setup.args.args[1].arg
    assert any(
        isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id == entry_name
        and node.attr == "runtime_data"
        and isinstance(node.ctx, ast.Store)
        for node in ast.walk(setup)
    )
