"""What every Assist intent of this integration shares: answering, acting, and spoken errors.

The answers are in English, Simplified or Traditional Chinese, chosen from the conversation's
language (the templates are data in ``speech``). ``TargetedIntentHandler`` resolves exactly one
entity of its ``target_domain`` (``matching``); errors (ambiguous or unknown target, unavailable
device, a failed service call) are spoken.

A device family subclasses it with its own ``target_domain`` and ``noun``, adds its phrases to each
language of ``speech``, and lists its handlers in ``intent.INTENT_HANDLERS``; sentences go to
``sentences/<variant>/<family>.yaml``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, Final

import voluptuous as vol
from homeassistant.const import (
    ATTR_ENTITY_ID,
    ATTR_FRIENDLY_NAME,
    SERVICE_TURN_ON,
    STATE_UNAVAILABLE,
)
from homeassistant.core import State
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import intent
from homeassistant.util import language as language_util

from custom_components.xiaomi_living.const import DOMAIN

from .matching import answer_name, match_target
from .speech import EN, HANS, HANT, MESSAGES, VALUE_NAMES

_LOGGER = logging.getLogger(__name__)

_VARIANT_SCRIPTS: Final = {"en": EN, "zh-CN": HANS, "zh-HK": HANT, "zh-TW": HANT}

LEVEL_PREFIX: Final = "level_"
POSITION_PREFIX: Final = "position_"


def speech_script(language: str | None) -> str:
    """Return the script we answer in for a conversation language (English when we have none)."""
    best = language_util.matches(language or EN, list(_VARIANT_SCRIPTS))
    return _VARIANT_SCRIPTS[best[0]] if best else EN


def say(script: str, key: str, **values: Any) -> str:
    """Render one message in a script (an empty value leaves no double space)."""
    return " ".join(MESSAGES[script][key].format(**values).split())


def spoken(script: str, kind: str, value: str) -> str:
    """Speak a canonical value (a mode, fan speed, preset, swing position or direction).

    A value ``VALUE_NAMES`` has no name for (a mode or speed of another integration's entity) is
    spoken as it is, underscores as spaces.
    """
    if value.startswith(LEVEL_PREFIX) and value[len(LEVEL_PREFIX) :].isdigit():
        return say(script, "fan_level", level=value[len(LEVEL_PREFIX) :])
    if value.startswith(POSITION_PREFIX) and value[len(POSITION_PREFIX) :].isdigit():
        return say(script, "position", position=value[len(POSITION_PREFIX) :])
    names = VALUE_NAMES[script].get(kind, {})
    return names.get(value, value.replace("_", " "))


def join_words(script: str, words: Sequence[str]) -> str:
    """Join words as a list is spoken: "cool, dry and heat", "制冷、除湿、制热"."""
    if len(words) < 2:
        return "".join(words)
    messages = MESSAGES[script]
    return messages["list_comma"].join(words[:-1]) + messages["list_and"] + words[-1]


def spoken_list(script: str, kind: str, values: Iterable[str]) -> str:
    """Speak several canonical values as a list."""
    return join_words(script, [spoken(script, kind, value) for value in values])


def format_temperature(value: float) -> str:
    """24.0 -> "24", 24.5 -> "24.5"."""
    return f"{value:g}"


def normalized(value: Any) -> str:
    """Spell a spoken or typed value as a canonical one: "Heat-Cool" -> "heat_cool"."""
    return str(value).strip().lower().replace("-", "_").replace(" ", "_")


class SpokenError(intent.IntentError):
    """An answer that tells the user why nothing was done."""

    def __init__(self, code: intent.IntentResponseErrorCode, speech: str) -> None:
        """Keep the response code and the sentence to speak."""
        super().__init__(speech)
        self.code = code
        self.speech = speech


TARGET_SLOTS: Final = {
    vol.Optional("name", description="Name or alias of the device"): intent.non_empty_string,
    vol.Optional("area", description="Area the device is in"): intent.non_empty_string,
    vol.Optional("floor"): intent.non_empty_string,
    vol.Optional("preferred_area_id"): cv.string,
    vol.Optional("preferred_floor_id"): cv.string,
}


def refused(script: str, key: str, **values: Any) -> SpokenError:
    """Say why a command cannot be carried out (nothing was sent)."""
    return SpokenError(intent.IntentResponseErrorCode.FAILED_TO_HANDLE, say(script, key, **values))


def _named_for(intent_obj: intent.Intent, state: State, script: str) -> State:
    """Return the state as the answer names it: in the answer's script, where an alias has it.

    Only the friendly name differs; services still go to the entity by its id.
    """
    name = answer_name(
        intent_obj.hass,
        state,
        chinese=script != EN,
        traditional=script == HANT,
        said=intent_obj.slots.get("name", {}).get("text"),
    )
    if name == state.name:
        return state
    return State(
        state.entity_id,
        state.state,
        {**state.attributes, ATTR_FRIENDLY_NAME: name},
        last_changed=state.last_changed,
        last_updated=state.last_updated,
        context=state.context,
    )


def _check_available(state: State, script: str) -> None:
    if state.state == STATE_UNAVAILABLE:
        raise refused(script, "unavailable", name=state.name)


def failure_speech(err: HomeAssistantError, state: State, script: str) -> str:
    """Say why a service call failed: our own translated errors have a spoken form."""
    key = f"error_{err.translation_key}"
    if err.translation_domain == DOMAIN and key in MESSAGES[script]:
        placeholders = {**(err.translation_placeholders or {}), "name": state.name}
        return say(script, key, **placeholders)
    return say(script, "failed", name=state.name)


class TargetedIntentHandler(intent.IntentHandler):
    """Resolve exactly one entity of ``target_domain``, then act on it and say what was done."""

    target_domain: ClassVar[str]
    # Key of the device noun in MESSAGES ("air conditioner", "空调").
    noun: ClassVar[str]
    # Device classes a sentence that names no entity means, when entities of them exist.
    device_classes: ClassVar[frozenset[str] | None] = None
    # A question: the answer is information, nothing is changed
    answers_query: ClassVar[bool] = False

    def __init__(self) -> None:
        """Offer the intent to LLMs only where an entity of the target domain is exposed."""
        self.platforms = {self.target_domain}

    async def async_handle(self, intent_obj: intent.Intent) -> intent.IntentResponse:
        """Resolve the target, act, and answer in the user's language."""
        slots = self.async_validate_slots(intent_obj.slots)
        script = speech_script(intent_obj.language)
        response = intent_obj.create_response()
        try:
            matched = self._match_target(intent_obj, slots, script)
            _check_available(matched, script)
            speech = await self.async_act(
                intent_obj, slots, _named_for(intent_obj, matched, script), script
            )
        except SpokenError as err:
            response.async_set_error(err.code, err.speech)
            return response
        response.async_set_results(
            success_results=[
                intent.IntentResponseTarget(
                    type=intent.IntentResponseTargetType.ENTITY,
                    name=matched.name,
                    id=matched.entity_id,
                )
            ]
        )
        response.async_set_states([intent_obj.hass.states.get(matched.entity_id) or matched])
        if self.answers_query:
            response.response_type = intent.IntentResponseType.QUERY_ANSWER
        response.async_set_speech(speech)
        return response

    async def async_act(
        self, intent_obj: intent.Intent, slots: dict[str, Any], state: State, script: str
    ) -> str:
        """Act on the entity; return what to say."""
        raise NotImplementedError

    def _match_target(self, intent_obj: intent.Intent, slots: dict[str, Any], script: str) -> State:
        """Find the one entity the sentence means, or raise the error to speak."""
        target = match_target(intent_obj, slots, self.target_domain, self.device_classes)
        if isinstance(target, State):
            return target
        values = dict(target.values)
        if target.options:
            # Each candidate as the answer's script names it (an alias where there is one)
            chinese = script != EN
            names = sorted(
                answer_name(intent_obj.hass, s, chinese, traditional=script == HANT)
                for s in target.states
            )
            values["options"] = join_words(script, names or list(target.options))
        raise SpokenError(
            intent.IntentResponseErrorCode.NO_VALID_TARGETS,
            say(script, target.key, noun=say(script, self.noun), **values),
        )

    async def _call(
        self,
        intent_obj: intent.Intent,
        state: State,
        service: str,
        data: Mapping[str, Any],
        script: str,
        *,
        target: tuple[str, str] | None = None,
    ) -> None:
        """Call a service on the entity, or on ``target`` (domain, entity id) of the same device.

        A failure is spoken, as our own translated error where it is one.
        """
        domain, entity_id = target or (self.target_domain, state.entity_id)
        try:
            await intent_obj.hass.services.async_call(
                domain,
                service,
                {ATTR_ENTITY_ID: entity_id, **data},
                blocking=True,
                context=intent_obj.context,
            )
        except HomeAssistantError as err:
            _LOGGER.warning("Voice command %s on %s failed: %s", service, entity_id, err)
            raise SpokenError(
                intent.IntentResponseErrorCode.FAILED_TO_HANDLE, failure_speech(err, state, script)
            ) from err


class PowerIntentHandler(TargetedIntentHandler):
    """Turn the target on or off: ``power_service`` is the domain's turn_on or turn_off."""

    power_service: ClassVar[str]

    async def async_act(
        self, intent_obj: intent.Intent, slots: dict[str, Any], state: State, script: str
    ) -> str:
        """Switch it on or off."""
        await self._call(intent_obj, state, self.power_service, {}, script)
        key = "turned_on" if self.power_service == SERVICE_TURN_ON else "turned_off"
        return say(script, key, name=state.name)
