"""Make the Chinese sentence templates cheaper to match, without changing what they match.

Home Assistant's matcher (hassil) tries every branch of an alternative in turn, and for Chinese,
where it ignores whitespace, each try rewrites the rest of the sentence: an alternative of 30 words
costs 30 tries wherever it is reached, though most start with a character the sentence does not
have there. Factored into a tree of common beginnings (``(有點|有啲|有些|太)`` becomes
``(有(點|啲|些)|太)``, ``[了|了啊|啦]`` becomes ``[了[啊]|啦]``), a word that does not fit fails
at its first character, once per different first character.

Only alternatives whose branches are all plain Chinese text are factored: every branch matches
exactly the text it did, so the match, its slots and the count of literal characters matched (by
which hassil ranks competing matches) are the same. English is left as written: there hassil keeps
whitespace, and splitting words apart makes it slower, not faster.

The sentence files in ``sentences/`` stay as people write them; the installed copies are factored
(see ``assist.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from homeassistant.util.yaml import dump, parse_yaml

# One parsed piece of a template: ("text", str) or ("ref", "<rule>"/"{list}") or
# ("alt" / "opt", [branch, ...]) where a branch is a list of pieces.
type Piece = tuple[str, Any]


@dataclass(slots=True)
class _Cursor:
    text: str
    index: int = 0


def _is_chinese(text: str) -> bool:
    """Whether every character is CJK (ideographs, CJK punctuation or full-width forms)."""
    return all("\u3000" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef" for char in text)


def _parse_sequence(cursor: _Cursor, stop: str) -> list[Piece]:
    pieces: list[Piece] = []
    text = ""
    while cursor.index < len(cursor.text) and cursor.text[cursor.index] not in stop:
        char = cursor.text[cursor.index]
        if char in "([":
            if text:
                pieces.append(("text", text))
                text = ""
            cursor.index += 1
            branches = _parse_branches(cursor, ")" if char == "(" else "]")
            cursor.index += 1  # the closing bracket
            pieces.append(("alt" if char == "(" else "opt", branches))
        elif char in "<{":
            if text:
                pieces.append(("text", text))
                text = ""
            end = cursor.text.index(">" if char == "<" else "}", cursor.index)
            pieces.append(("ref", cursor.text[cursor.index : end + 1]))
            cursor.index = end + 1
        else:
            text += char
            cursor.index += 1
    if text:
        pieces.append(("text", text))
    return pieces


def _parse_branches(cursor: _Cursor, close: str) -> list[list[Piece]]:
    branches = [_parse_sequence(cursor, "|" + close)]
    while cursor.index < len(cursor.text) and cursor.text[cursor.index] == "|":
        cursor.index += 1
        branches.append(_parse_sequence(cursor, "|" + close))
    return branches


def _plain_text(branch: list[Piece]) -> str | None:
    """Return the branch's text when it is nothing but text, else None."""
    if not branch:
        return ""
    if len(branch) == 1 and branch[0][0] == "text":
        return str(branch[0][1])
    return None


type _Trie = dict[str, "_Trie"]
_END = ""  # key marking that a word ends at this node


def _factored(branches: list[list[Piece]], optional: bool) -> str | None:
    """Return the alternative as a prefix tree, or None when it is not plain Chinese text."""
    texts = [_plain_text(branch) for branch in branches]
    if any(text is None for text in texts):
        return None
    words = [text for text in texts if text]
    if not words or not all(_is_chinese(word) for word in words):
        return None
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = {}
    inner = "|".join(_render_child(char, child) for char, child in trie.items() if char != _END)
    return f"[{inner}]" if optional or len(words) < len(texts) else f"({inner})"


def _render_child(char: str, node: _Trie) -> str:
    children = [_render_child(c, child) for c, child in node.items() if c != _END]
    if not children:
        return char
    body = "|".join(children)
    if _END in node:
        return f"{char}[{body}]"
    return f"{char}{body}" if len(children) == 1 else f"{char}({body})"


def _emit(pieces: list[Piece]) -> str:
    out = []
    for kind, value in pieces:
        if kind in ("text", "ref"):
            out.append(value)
            continue
        factored = _factored(value, kind == "opt")
        if factored is not None:
            out.append(factored)
            continue
        inner = "|".join(_emit(branch) for branch in value)
        out.append(f"({inner})" if kind == "alt" else f"[{inner}]")
    return "".join(out)


def compact_template(template: str) -> str:
    """Return the template with its plain Chinese alternatives factored."""
    return _emit(_parse_sequence(_Cursor(template), ""))


def compact_document(document: dict[str, Any]) -> dict[str, Any]:
    """Factor every template of a parsed sentence file (rules, list values, sentences), in place."""
    rules: dict[str, str] = document.get("expansion_rules") or {}
    for name, rule in rules.items():
        rules[name] = compact_template(rule)
    for slot_list in (document.get("lists") or {}).values():
        for value in slot_list.get("values") or []:
            if isinstance(value, dict) and isinstance(value.get("in"), str):
                value["in"] = compact_template(value["in"])
    for intent in (document.get("intents") or {}).values():
        for data in intent.get("data") or []:
            data["sentences"] = [compact_template(sentence) for sentence in data["sentences"]]
            local: dict[str, str] = data.get("expansion_rules") or {}
            for name, rule in local.items():
                local[name] = compact_template(rule)
    return document


def compact_sentence_file(text: str) -> str:
    """Return a sentence file's YAML with its templates factored (comments are not kept)."""
    document = parse_yaml(text)
    if not isinstance(document, dict):
        raise TypeError("a sentence file holds a mapping")
    return dump(compact_document(document))
