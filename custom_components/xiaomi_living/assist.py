"""Hand the integration's Assist sentences to Home Assistant's default conversation agent.

The default agent reads sentences from the home-assistant-intents package, from
``<config>/custom_sentences/<language variant>/*.yaml`` and from ``conversation: intents:`` in YAML;
no public API lets an integration add sentences. So the sentences that ship in ``sentences/`` are
copied into ``custom_sentences/<variant>/xiaomi_living_<file>.yaml`` (variants en, zh-CN, zh-HK,
zh-TW; the agent maps zh-Hans to zh-CN and zh-Hant to zh-HK), each with a marker header, and the
agent is asked to reload them with the ``conversation.reload`` action.

- Only files that carry the marker are ever rewritten or deleted; a file of the user's that happens
  to have our name is left alone (and a warning logged).
- Files are only written when their content changed, and the agent only reloads then, so a restart
  costs nothing.
- Every file operation runs in the executor.
- Whether the sentences are wanted is one choice for the whole integration, not a device's: the
  files are one set for all of Home Assistant, and our intents serve every air conditioner and TV
  that Assist may control (which ones is Assist's per-entity exposure). The ``voice_sentences``
  option is shown on each entry, and saving it on one saves it on every entry (the options flow).
  The sentences are installed while an enabled entry exists and no entry has the option switched
  off (on is the default, so a device added later does not bring them back); removing the last
  entry removes them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Final

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.util.file import write_utf8_file
from homeassistant.util.hass_dict import HassKey

from .const import CONF_VOICE_SENTENCES, DOMAIN, LOGGER
from .intents.compact import compact_sentence_file

SENTENCES_DIR: Final = Path(__file__).parent / "sentences"
CUSTOM_SENTENCES: Final = "custom_sentences"
FILE_PREFIX: Final = f"{DOMAIN}_"
MARKER: Final = f"# Installed by the Xiaomi Living integration ({DOMAIN})."
HEADER: Final = (
    f"{MARKER}\n"
    "# Home Assistant's conversation agent reads it from here. The integration rewrites or\n"
    "# removes it: switch the voice sentences off in the integration's options rather than\n"
    "# editing it, and put sentences of your own in a file of another name. It is made from the\n"
    "# integration's sentences/ folder, with the Chinese alternatives factored for speed.\n"
)
CONVERSATION_DOMAIN: Final = "conversation"
SERVICE_RELOAD: Final = "reload"

_LOCK: Final[HassKey[asyncio.Lock]] = HassKey(f"{DOMAIN}_voice_sentences_lock")


def sentences_wanted(hass: HomeAssistant) -> bool:
    """Tell whether the integration offers its voice sentences (on unless switched off).

    The choice is saved on every entry; should entries disagree (saved before the choice was
    the integration's), off wins, as the user last asked for it somewhere.
    """
    entries = hass.config_entries.async_entries(DOMAIN)
    return any(entry.disabled_by is None for entry in entries) and all(
        entry.options.get(CONF_VOICE_SENTENCES, True) for entry in entries
    )


async def async_sync_sentences(hass: HomeAssistant, *, wanted: bool | None = None) -> bool:
    """Install or remove the sentences; return whether files changed.

    ``wanted`` is a choice being saved (the options flow); without it, the entries decide.
    """
    if sentences_wanted(hass) if wanted is None else wanted:
        return await async_install_sentences(hass)
    return await async_remove_sentences(hass)


async def async_install_sentences(hass: HomeAssistant) -> bool:
    """Write the shipped sentences where the agent reads them; reload it if anything changed."""
    return await _async_update(hass, install=True)


async def async_remove_sentences(hass: HomeAssistant) -> bool:
    """Delete the sentence files we wrote; reload the agent if there were any."""
    return await _async_update(hass, install=False)


def custom_sentences_dir(hass: HomeAssistant) -> Path:
    """Return where the default agent looks for custom sentences."""
    return Path(hass.config.path(CUSTOM_SENTENCES))


async def _async_update(hass: HomeAssistant, *, install: bool) -> bool:
    lock = hass.data.setdefault(_LOCK, asyncio.Lock())
    async with lock:
        root = custom_sentences_dir(hass)
        changed = await hass.async_add_executor_job(
            _install if install else _remove, SENTENCES_DIR, root
        )
        if changed:
            await _async_reload_agent(hass)
        return changed


async def _async_reload_agent(hass: HomeAssistant) -> None:
    """Make the default agent drop its cached sentences, if it is loaded (else it reads ours)."""
    if not hass.services.has_service(CONVERSATION_DOMAIN, SERVICE_RELOAD):
        return
    try:
        await hass.services.async_call(CONVERSATION_DOMAIN, SERVICE_RELOAD, {}, blocking=True)
    except (HomeAssistantError, OSError) as err:
        LOGGER.warning(
            "Voice sentences updated, but the conversation agent did not reload (%s); "
            "they apply after the conversation.reload action or a restart",
            err,
        )


@cache
def _shipped(source: Path) -> Mapping[Path, str]:
    """Map each file we install (relative to custom_sentences) to its content.

    The content is the file's sentences with their Chinese alternatives factored, which makes
    matching cheaper and matches exactly the same (intents/compact.py). The shipped files do not
    change while Home Assistant runs, so they are read and factored once (about 0.1 s), not at
    every entry's setup.
    """
    return {
        Path(variant.name, f"{FILE_PREFIX}{file.name}"): HEADER
        + compact_sentence_file(file.read_text(encoding="utf-8"))
        for variant in sorted(source.iterdir())
        if variant.is_dir()
        for file in sorted(variant.glob("*.yaml"))
    }


def _is_ours(path: Path) -> bool:
    try:
        with path.open(encoding="utf-8") as file:
            return file.readline().rstrip("\n") == MARKER
    except (OSError, UnicodeDecodeError):
        return False


def _installed(root: Path) -> list[Path]:
    """List the files under root that we wrote (relative to root)."""
    if not root.is_dir():
        return []
    return [
        path.relative_to(root)
        for variant in sorted(root.iterdir())
        if variant.is_dir()
        for path in sorted(variant.glob(f"{FILE_PREFIX}*.yaml"))
        if _is_ours(path)
    ]


def _install(source: Path, root: Path) -> bool:
    """Write what changed, delete what we no longer ship; return whether anything changed."""
    changed = False
    shipped = _shipped(source)
    for relative, content in shipped.items():
        target = root / relative
        if target.exists():
            if not _is_ours(target):
                LOGGER.warning("Not overwriting %s: it was not written by %s", target, DOMAIN)
                continue
            if target.read_text(encoding="utf-8") == content:
                continue
        target.parent.mkdir(parents=True, exist_ok=True)
        write_utf8_file(str(target), content)
        changed = True
    for relative in _installed(root):
        if relative not in shipped:
            (root / relative).unlink()
            changed = True
    return changed


def _remove(source: Path, root: Path) -> bool:
    """Delete every file we wrote, and the folders that leaves empty."""
    del source  # same signature as _install
    installed = _installed(root)
    for relative in installed:
        (root / relative).unlink()
    for folder in sorted({(root / relative).parent for relative in installed}):
        if not any(folder.iterdir()):
            folder.rmdir()
    if installed and root.is_dir() and not any(root.iterdir()):
        root.rmdir()
    return bool(installed)
