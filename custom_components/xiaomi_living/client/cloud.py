"""Import device tokens from a Xiaomi account: sign in, then list the account's devices.

The sign-in takes three requests to the account server: ``serviceLogin`` hands out a ``_sign``,
``serviceLoginAuth2`` checks the upper-case MD5 of the password and answers ``ssecurity`` and a
``location``, and that location sets the ``serviceToken`` cookie. Xiaomi may answer the second step
with a captcha or a two-step verification instead; both are raised for the user to act on in a
browser, never retried. The device list is one POST whose parameters are RC4-encrypted and
SHA-1-signed with a key derived from ``ssecurity`` and a fresh nonce; the answer comes back
encrypted with the same key.

The caller owns the ``aiohttp.ClientSession`` (Home Assistant's shared one in the integration).
Its cookie jar is never relied on: every cookie is read from the answers and sent explicitly, and
what Xiaomi's answers put into the jar is taken out again, so no Xiaomi credential outlives the
call in a shared session. The password is hashed on entry; neither it nor any token, ``ssecurity``
or ``serviceToken`` is ever logged or put into an error message.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import ipaddress
import json
import logging
import secrets
import string
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Final

import aiohttp
from cryptography.hazmat.decrepit.ciphers.algorithms import ARC4
from cryptography.hazmat.primitives.ciphers import Cipher
from yarl import URL

from .answers import non_empty_text, normalize_mac
from .errors import (
    CloudAuthError,
    CloudCaptchaRequired,
    CloudConnectionError,
    CloudError,
    CloudResponseError,
    CloudTwoFactorRequired,
)
from .miio_client import parse_token

if TYPE_CHECKING:
    from collections.abc import Mapping
    from http.cookies import Morsel

_LOGGER = logging.getLogger(__name__)

ACCOUNT_URL: Final = "https://account.xiaomi.com"
API_URL_TEMPLATE: Final = "https://{prefix}api.io.mi.com/app"
# The servers the Mi Home app offers; "cn" is the bare api.io.mi.com, the others a prefix.
REGIONS: Final = ("cn", "de", "i2", "ru", "sg", "us", "tw")
DEFAULT_TIMEOUT: Final = 15.0

# Xiaomi's answer to a wrong username or password (also sent by serviceLogin before any sign-in).
CODE_WRONG_CREDENTIALS: Final = 70016

SERVICE_ID: Final = "xiaomiio"
STS_CALLBACK: Final = "https://sts.api.io.mi.com/sts"
LOGIN_QS: Final = "%3Fsid%3Dxiaomiio%26_json%3Dtrue"
SDK_VERSION: Final = "accountsdk-18.8.15"
RESPONSE_PREFIX: Final = b"&&&START&&&"

# Paths below the API base; the signatures cover them without the base's "/app".
DEVICE_LIST_PATH: Final = "/home/device_list"
DEVICE_LIST_QUERY: Final = (
    '{"getVirtualModel":true,"getHuamiDevices":1,"get_split_device":false,'
    '"support_smart_home":true}'
)
API_HEADERS: Final = {
    "Accept-Encoding": "identity",
    "x-xiaomi-protocal-flag-cli": "PROTOCAL-HTTP2",
    "MIOT-ENCRYPT-ALGORITHM": "ENCRYPT-RC4",
}
# RC4 as Xiaomi uses it throws the first 1024 bytes of keystream away.
RC4_DROP: Final = 1024


@dataclass(frozen=True, slots=True)
class CloudSession:
    """What a sign-in yields to call the API with; secret, so its repr hides all but the user."""

    user_id: str
    ssecurity: str
    service_token: str

    def __repr__(self) -> str:
        """Show the account id only."""
        return f"CloudSession(user_id={self.user_id!r}, ssecurity=<secret>, service_token=<secret>)"


@dataclass(frozen=True, slots=True, kw_only=True)
class CloudDevice:
    """A device of the account as the device list describes it.

    ``token`` is the miIO token as 32 lower-case hex digits, None when the cloud has none usable
    (Bluetooth and virtual devices); ``local_ip`` is None when unknown, ``mac`` lower case with
    colons or None.
    """

    did: str
    name: str
    model: str
    token: str | None = field(repr=False)
    local_ip: str | None
    mac: str | None


@dataclass(frozen=True, slots=True)
class _Answer:
    """An HTTP answer read in full, with the cookies it set (as sent, to be echoed back)."""

    status: int
    body: bytes
    cookies: dict[str, str]


class XiaomiCloudClient:
    """Sign in to a Xiaomi account and list its devices over a caller-owned aiohttp session."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        account_url: str = ACCOUNT_URL,
        api_url_template: str = API_URL_TEMPLATE,
        timeout: float = DEFAULT_TIMEOUT,
        device_id: str | None = None,
    ) -> None:
        """Prepare a client; no request is made here.

        ``api_url_template`` has a ``{prefix}`` field, "" for cn and "<region>." otherwise.
        ``timeout`` is per request, in seconds. ``device_id`` is the phone identity the account
        server sees; Xiaomi is reported to remember a verified sign-in per device id, so keep one
        client (or its ``device_id``) across the retries of a sign-in that needed verification.
        A random one is made when none is given.
        """
        self._session = session
        self._account_url = URL(account_url)
        self._api_url_template = api_url_template
        self.timeout = timeout
        self.device_id = device_id or "".join(
            secrets.choice(string.ascii_lowercase) for _ in range(6)
        )
        agent_id = "".join(secrets.choice("ABCDEF") for _ in range(13))
        self._user_agent = (
            f"Android-7.1.1-1.0.0-ONEPLUS A3010-136-{agent_id} APP/xiaomi.smarthome APPV/62830"
        )

    def api_url(self, region: str) -> str:
        """Return the API base for a region (one of ``REGIONS``); raise ValueError for others."""
        if region not in REGIONS:
            raise ValueError(f"unknown Xiaomi cloud region {region!r}; use one of {REGIONS}")
        return self._api_url_template.format(prefix="" if region == "cn" else f"{region}.")

    async def login(self, username: str, password: str) -> CloudSession:
        """Sign in with an account's username (email, phone or id) and password.

        Raises ``CloudAuthError`` for a wrong username or password, ``CloudTwoFactorRequired`` or
        ``CloudCaptchaRequired`` when Xiaomi wants the user to verify in a browser first,
        ``CloudResponseError`` for another refusal and ``CloudConnectionError`` when the account
        server cannot be reached or answers something unreadable.
        """
        # Only the hash is sent, so only the hash is kept.
        password_hash = hashlib.md5(password.encode(), usedforsecurity=False).hexdigest().upper()
        username = username.strip()
        if not username or not password:
            raise CloudAuthError("a username and a password are required")
        base_cookies = {"sdkVersion": SDK_VERSION, "deviceId": self.device_id}

        _LOGGER.debug("Xiaomi cloud sign-in, step 1: serviceLogin")
        answer = await self._send(
            "GET",
            self._account_url.with_path("/pass/serviceLogin").with_query(
                sid=SERVICE_ID, _json="true"
            ),
            "serviceLogin",
            cookies={**base_cookies, "userId": username},
        )
        sign = non_empty_text(_account_json(answer, "serviceLogin").get("_sign"))
        if sign is None:
            raise CloudConnectionError("serviceLogin answered without a _sign")

        _LOGGER.debug("Xiaomi cloud sign-in, step 2: serviceLoginAuth2")
        answer = await self._send(
            "POST",
            self._account_url.with_path("/pass/serviceLoginAuth2"),
            "serviceLoginAuth2",
            cookies={**base_cookies, "userId": username, **answer.cookies},
            data={
                "sid": SERVICE_ID,
                "hash": password_hash,
                "callback": STS_CALLBACK,
                "qs": LOGIN_QS,
                "user": username,
                "_json": "true",
                "_sign": sign,
            },
        )
        auth = _account_json(answer, "serviceLoginAuth2")
        ssecurity = _ssecurity(auth.get("ssecurity"))
        location = non_empty_text(auth.get("location"))
        user_id = _identifier(auth.get("userId"))
        if ssecurity is None or location is None or user_id is None:
            raise self._refusal(auth)

        _LOGGER.debug("Xiaomi cloud sign-in, step 3: session cookie")
        answer = await self._send(
            "GET", URL(location, encoded=True), "the service token", cookies=base_cookies
        )
        if answer.status != HTTPStatus.OK:
            raise CloudConnectionError(f"HTTP {answer.status} for the service token")
        service_token = answer.cookies.get("serviceToken")
        if not service_token:
            raise CloudConnectionError("the sign-in answered without a serviceToken")
        _LOGGER.debug("Xiaomi cloud sign-in complete")
        return CloudSession(user_id=user_id, ssecurity=ssecurity, service_token=service_token)

    async def get_devices(self, session: CloudSession, region: str) -> list[CloudDevice]:
        """List the devices the account has on a region's server (one of ``REGIONS``).

        Raises ``CloudResponseError`` when the API answers an error (code 2 "auth err" for a session
        it does not accept) and ``CloudConnectionError`` when it cannot be reached or answers
        something unreadable; ValueError for an unknown region.
        """
        url = URL(self.api_url(region) + DEVICE_LIST_PATH)
        nonce = _nonce()
        signed_nonce = _signed_nonce(session.ssecurity, nonce)
        form = _seal_params("POST", DEVICE_LIST_PATH, {"data": DEVICE_LIST_QUERY}, signed_nonce)
        # micloud and the other working clients send these two in the clear as well.
        form |= {"ssecurity": session.ssecurity, "_nonce": nonce}
        _LOGGER.debug("Xiaomi cloud: listing the devices in region %s", region)
        answer = await self._send(
            "POST",
            url,
            "the device list",
            cookies=_api_cookies(session),
            headers=API_HEADERS,
            data=form,
        )
        result = _api_result(answer, signed_nonce)
        entries = result.get("list") if isinstance(result, dict) else None
        if not isinstance(entries, list):
            raise CloudConnectionError("the device list answer has no list")
        devices = [device for entry in entries if (device := _device(entry)) is not None]
        _LOGGER.debug("Xiaomi cloud: %d devices in region %s", len(devices), region)
        return devices

    def _refusal(self, auth: Mapping[str, Any]) -> CloudError:
        """Return the error for a serviceLoginAuth2 answer without a usable sign-in."""
        if captcha := non_empty_text(auth.get("captchaUrl")):
            _LOGGER.debug("Xiaomi cloud sign-in needs a captcha")
            return CloudCaptchaRequired(str(self._account_url.join(URL(captcha))))
        if notification := non_empty_text(auth.get("notificationUrl")):
            _LOGGER.debug("Xiaomi cloud sign-in needs two-step verification")
            return CloudTwoFactorRequired(str(self._account_url.join(URL(notification))))
        code = auth.get("code")
        if code == CODE_WRONG_CREDENTIALS:
            return CloudAuthError("Xiaomi did not accept the username or password")
        if isinstance(code, int) and not isinstance(code, bool) and code != 0:
            return CloudResponseError(code, non_empty_text(auth.get("desc")) or "sign-in refused")
        return CloudConnectionError("serviceLoginAuth2 answered without a usable sign-in")

    async def _send(
        self,
        method: str,
        url: URL,
        what: str,
        *,
        cookies: Mapping[str, str],
        headers: Mapping[str, str] | None = None,
        data: Mapping[str, str] | None = None,
    ) -> _Answer:
        """Make one request with exactly these cookies and return the whole answer.

        The cookies go in a ``Cookie`` header, byte for byte (aiohttp's own cookie handling would
        quote base64 values such as the serviceToken). Redirects are not followed: no step of the
        protocol uses one, and following one would carry the Cookie header to wherever it points.
        """
        request_headers = {
            "User-Agent": self._user_agent,
            "Cookie": "; ".join(f"{name}={value}" for name, value in cookies.items()),
            **(headers or {}),
        }
        try:
            async with self._session.request(
                method,
                url,
                headers=request_headers,
                data=data,
                timeout=aiohttp.ClientTimeout(total=self.timeout),
                allow_redirects=False,
            ) as response:
                try:
                    body = await response.read()
                finally:
                    self._forget_cookies(response)
                received = {name: morsel.coded_value for name, morsel in response.cookies.items()}
                return _Answer(response.status, body, received)
        except (aiohttp.ClientError, TimeoutError) as err:
            # The error's text may hold the URL, and the sign-in location carries a ticket.
            raise CloudConnectionError(
                f"no answer from the Xiaomi cloud for {what}: {type(err).__name__}"
            ) from err

    def _forget_cookies(self, response: aiohttp.ClientResponse) -> None:
        """Take the cookies this answer set back out of the session's jar (which may be shared)."""
        names = set(response.cookies)
        if not names:
            return
        host = response.url.raw_host or ""

        def set_by_this_answer(morsel: Morsel[str]) -> bool:
            domain: str = morsel["domain"]
            return morsel.key in names and (host == domain or host.endswith(f".{domain}"))

        self._session.cookie_jar.clear(set_by_this_answer)


def _account_json(answer: _Answer, what: str) -> dict[str, Any]:
    """Return an account server answer's JSON object, read past its ``&&&START&&&`` prefix."""
    if answer.status != HTTPStatus.OK:
        raise CloudConnectionError(f"HTTP {answer.status} for {what}")
    data = _json_object(answer.body.strip().removeprefix(RESPONSE_PREFIX))
    if data is None:
        raise CloudConnectionError(f"{what} did not answer with a JSON object")
    return data


def _api_result(answer: _Answer, signed_nonce: str) -> Any:
    """Return the ``result`` of an API answer, raise on an error envelope or an unreadable answer.

    Answers are RC4-encrypted with the request's key; errors about the request itself (such as
    401 "auth err") come in plain JSON. The envelope's code decides, whatever the HTTP status.
    """
    envelope = _json_object(_rc4_open(signed_nonce, answer.body)) or _json_object(answer.body)
    code = envelope.get("code") if envelope is not None else None
    if envelope is None or not isinstance(code, int) or isinstance(code, bool):
        raise CloudConnectionError(f"unreadable answer from the Xiaomi API (HTTP {answer.status})")
    if code != 0:
        raise CloudResponseError(code, non_empty_text(envelope.get("message")) or "no message")
    return envelope.get("result")


def _api_cookies(session: CloudSession) -> dict[str, str]:
    """Return the cookies the Mi Home app sends with every API call."""
    now = datetime.now(UTC).astimezone()
    offset = now.strftime("%z")
    dst = bool(now.dst())
    return {
        "userId": session.user_id,
        "yetAnotherServiceToken": session.service_token,
        "serviceToken": session.service_token,
        "locale": "en_US",
        "timezone": f"GMT{offset[:3]}:{offset[3:]}",
        "is_daylight": str(int(dst)),
        "dst_offset": str(3_600_000 if dst else 0),
        "channel": "MI_APP_STORE",
    }


def _nonce() -> str:
    """Return a fresh nonce: 8 random bytes, then the minutes since the epoch in 4 bytes."""
    minutes = int(time.time() // 60)
    return base64.b64encode(secrets.token_bytes(8) + minutes.to_bytes(4, "big")).decode()


def _signed_nonce(ssecurity: str, nonce: str) -> str:
    """Return the request key, base64 SHA-256 of the decoded ``ssecurity`` and nonce."""
    digest = hashlib.sha256(base64.b64decode(ssecurity) + base64.b64decode(nonce)).digest()
    return base64.b64encode(digest).decode()


def _sha1_signature(method: str, path: str, params: Mapping[str, str], signed_nonce: str) -> str:
    """Return base64 SHA-1 of ``METHOD&path&k=v&...&signed_nonce`` (keys in order)."""
    parts = [method, path, *(f"{key}={value}" for key, value in sorted(params.items()))]
    text = "&".join([*parts, signed_nonce])
    return base64.b64encode(hashlib.sha1(text.encode(), usedforsecurity=False).digest()).decode()


def _seal_params(
    method: str, path: str, params: Mapping[str, str], signed_nonce: str
) -> dict[str, str]:
    """Return the params signed (``rc4_hash__``), encrypted, and signed again (``signature``)."""
    key = base64.b64decode(signed_nonce)
    plain = {**params, "rc4_hash__": _sha1_signature(method, path, params, signed_nonce)}
    sealed = {
        name: base64.b64encode(_rc4(key, value.encode())).decode() for name, value in plain.items()
    }
    sealed["signature"] = _sha1_signature(method, path, sealed, signed_nonce)
    return sealed


def _rc4_open(signed_nonce: str, body: bytes) -> bytes:
    """Return a base64 RC4 answer decrypted, or nothing when it is not base64."""
    try:
        data = base64.b64decode(body.strip(), validate=True)
    except binascii.Error:
        return b""
    return _rc4(base64.b64decode(signed_nonce), data)


def _rc4(key: bytes, data: bytes) -> bytes:
    """Encrypt or decrypt with RC4, first dropping ``RC4_DROP`` bytes of keystream."""
    cipher = Cipher(ARC4(key), mode=None).encryptor()
    cipher.update(bytes(RC4_DROP))
    return cipher.update(data) + cipher.finalize()


def _json_object(data: bytes) -> dict[str, Any] | None:
    """Return ``data`` parsed as a JSON object, or None when it is not one."""
    try:
        value = json.loads(data)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _device(entry: Any) -> CloudDevice | None:
    """Return a device-list entry as a ``CloudDevice``, None when it lacks an id or model."""
    if not isinstance(entry, dict):
        return None
    did = _identifier(entry.get("did"))
    model = non_empty_text(entry.get("model"))
    if did is None or model is None:
        return None
    return CloudDevice(
        did=did,
        name=non_empty_text(entry.get("name")) or model,
        model=model,
        token=_token(entry.get("token")),
        local_ip=_ip(entry.get("localip")),
        mac=normalize_mac(entry.get("mac")),
    )


def _ssecurity(value: Any) -> str | None:
    """Return ``ssecurity`` when it is usable as a key (base64), else None."""
    text = non_empty_text(value)
    if text is None:
        return None
    try:
        base64.b64decode(text, validate=True)
    except binascii.Error:
        return None
    return text


def _identifier(value: Any) -> str | None:
    """Return an id the cloud sends as a number or a string as a string, or None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return non_empty_text(value)


def _token(value: Any) -> str | None:
    """Return a miIO token as 32 lower-case hex digits, None when it is not one."""
    text = non_empty_text(value)
    if text is None:
        return None
    try:
        return parse_token(text).hex()
    except ValueError:
        return None


def _ip(value: Any) -> str | None:
    """Return an IP address, None when there is none (the cloud sends "" or 0.0.0.0)."""
    text = non_empty_text(value)
    if text is None:
        return None
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    return None if address.is_unspecified else str(address)
