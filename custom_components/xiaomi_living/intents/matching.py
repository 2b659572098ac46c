"""Finding the one entity a sentence means: by name or alias, by area, or the only one there is.

This only decides which entity it is, or why there is none; ``base`` says it in the user's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from homeassistant.components.homeassistant.exposed_entities import async_should_expose
from homeassistant.core import HomeAssistant, State
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers import intent


@dataclass(frozen=True, slots=True, kw_only=True)
class TargetMiss:
    """Why no single entity matched: the message key, its values, and the candidates to list."""

    key: str
    values: Mapping[str, Any] = field(default_factory=dict)
    # For "ambiguous": the names of the entities that matched, sorted, and those entities.
    options: tuple[str, ...] = ()
    states: tuple[State, ...] = ()


def entity_names(hass: HomeAssistant, state: State) -> list[str]:
    """Return the names an entity is called by: its name and its aliases, as text.

    From 2026.10 an entry's aliases may hold ``er.COMPUTED_NAME`` (the entity's computed name)
    instead of text, and ``intent.async_get_entity_aliases`` resolves them as Home Assistant's
    own name matching does; before, aliases are plain strings.
    """
    entry = er.async_get(hass).async_get(state.entity_id)
    resolve = getattr(intent, "async_get_entity_aliases", None)
    aliases: Iterable[object]
    if resolve is not None:
        aliases = resolve(hass, entry, state=state)
    else:
        aliases = entry.aliases if entry else ()
    names = [state.name, *(alias for alias in aliases if isinstance(alias, str))]
    return list(dict.fromkeys(name.strip() for name in names if name and name.strip()))


def match_target(
    intent_obj: intent.Intent,
    slots: Mapping[str, Any],
    domain: str,
    device_classes: frozenset[str] | None = None,
) -> State | TargetMiss:
    """Find the one entity of ``domain`` the sentence means, or say why there is none.

    ``device_classes`` are what a sentence that names no entity means, when entities of them
    exist ("the TV" is a player of the TV class, not the speaker next to it).
    """
    name: str | None = slots.get("name", {}).get("value")
    area: str | None = slots.get("area", {}).get("value")
    preferences = intent.MatchTargetsPreferences(
        area_id=slots.get("preferred_area_id", {}).get("value"),
        floor_id=slots.get("preferred_floor_id", {}).get("value"),
    )

    def match(classes: frozenset[str] | None) -> intent.MatchTargetsResult:
        constraints = intent.MatchTargetsConstraints(
            name=name,
            area_name=area,
            floor_name=slots.get("floor", {}).get("value"),
            domains={domain},
            device_classes=classes,
            assistant=intent_obj.assistant,
            single_target=True,
        )
        return intent.async_match_targets(intent_obj.hass, constraints, preferences)

    # A name means that entity whatever its class.
    result = match(None if name else device_classes)
    if (
        device_classes
        and not name
        and not result.is_match
        and result.no_match_reason is not intent.MatchFailedReason.MULTIPLE_TARGETS
    ):
        result = match(None)
    if result.is_match:
        return result.states[0]
    # "关闭客厅空调" matched as area 客厅 plus an AC word may be the name of an AC that is in
    # no area, or of one of several ACs there: then the name the user said decides.
    if (
        area
        and result.no_match_reason
        in (intent.MatchFailedReason.AREA, intent.MatchFailedReason.MULTIPLE_TARGETS)
        and (named := spoken_name(intent_obj, domain)) is not None
    ):
        return named
    return _miss(result, name, area)


def _miss(result: intent.MatchTargetsResult, name: str | None, area: str | None) -> TargetMiss:
    reason = result.no_match_reason
    if reason is intent.MatchFailedReason.MULTIPLE_TARGETS:
        names = tuple(sorted(state.name for state in result.states))
        return TargetMiss(key="ambiguous", options=names, states=tuple(result.states))
    key, values = "no_device", dict[str, Any]()
    if reason is intent.MatchFailedReason.DUPLICATE_NAME:
        key, values = "duplicate_name", {"name": result.no_match_name or name}
    elif reason in (intent.MatchFailedReason.INVALID_AREA, intent.MatchFailedReason.INVALID_FLOOR):
        key, values = "no_area", {"area": result.no_match_name}
    elif reason is intent.MatchFailedReason.ASSISTANT:
        key = "not_exposed"
    elif name:
        key, values = "no_device_named", {"name": name}
    elif area:
        key, values = "no_device_in_area", {"area": area}
    return TargetMiss(key=key, values=values)


def spoken_name(intent_obj: intent.Intent, domain: str) -> State | None:
    """Return the one exposed entity of ``domain`` whose name or alias the sentence contains."""
    text = (intent_obj.text_input or "").casefold()
    if not text:
        return None
    found: dict[str, tuple[int, State]] = {}
    for state in intent_obj.hass.states.async_all(domain):
        if intent_obj.assistant and not async_should_expose(
            intent_obj.hass, intent_obj.assistant, state.entity_id
        ):
            continue
        for name in entity_names(intent_obj.hass, state):
            if name.casefold() in text:
                length = max(len(name), found.get(state.entity_id, (0, state))[0])
                found[state.entity_id] = (length, state)
    if not found:
        return None
    longest = max(length for length, _ in found.values())
    best = [state for length, state in found.values() if length == longest]
    return best[0] if len(best) == 1 else None


def _is_chinese(text: str) -> bool:
    return any("\u3400" <= char <= "\u9fff" for char in text)


# Characters of room and device names that differ between the two scripts: enough to tell which
# one a name is written in ("客廳電視" or "客厅电视"); a name with none of them fits either.
_TRADITIONAL_ONLY: Final = frozenset("電視氣廳書臥燈調開關門廚網樓層兒線風櫃館陽車庫戲園區")
_SIMPLIFIED_ONLY: Final = frozenset("电视气厅书卧灯调开关门厨网楼层儿线风柜馆阳车库戏园区")


def _fits_script(name: str, traditional: bool) -> bool:
    """Whether a Chinese name reads right in the given script."""
    other = _SIMPLIFIED_ONLY if traditional else _TRADITIONAL_ONLY
    return not any(char in other for char in name)


def answer_name(
    hass: HomeAssistant,
    state: State,
    chinese: bool,
    *,
    traditional: bool = False,
    said: str | None = None,
) -> str:
    """Return the name to answer with: the entity's own, or an alias in the answer's script.

    The entity's own name where it is written in the answer's script; else the alias the sentence
    used ("客廳冷氣"); else another alias in that script. So an AC named "Study AC" with the alias
    书房空调 is 书房空调 in a Chinese answer (客厅电视 in Mandarin, 客廳電視 in Cantonese, where the
    device has both), and 客厅空调 with the alias "Living room AC" is "Living room AC" in an
    English one; a device without such an alias keeps its name.
    """

    def fits(name: str) -> bool:
        return _is_chinese(name) == chinese and (not chinese or _fits_script(name, traditional))

    if fits(state.name):
        return state.name
    names = [state.name, *(n for n in entity_names(hass, state) if n != state.name)]
    key = (said or "").strip().casefold()
    return next(
        (name for name in names if fits(name) and name.casefold() == key),
        next(
            (name for name in names if fits(name)),
            next((name for name in names if _is_chinese(name) == chinese), state.name),
        ),
    )
