"""The one error vocabulary of the device clients; the Home Assistant layer translates it for users.

``XiaomiLivingClientError`` is the root of everything the ``client`` package raises on purpose, so
the HA layer can catch one class. Each client has its own family below it: ``MiioError`` (the miIO
UDP client), ``TvHttpError`` (the TV's HTTP API), ``TelevisionError`` (the TV driver over both),
the AC companion's two errors and ``CloudError`` (the Xiaomi account).

Every error says how to tell the user about it, with no Home Assistant import: ``translation_key``
names its message under ``exceptions`` in ``translations/<language>.json`` (and, for Assist, its
spoken form ``error_<translation_key>``), and ``translation_placeholders`` gives that message's
values. ``host`` is passed in because the caller knows which device it talked to and the error does
not keep it. ``spoken`` is False for the errors Assist can never meet: the Xiaomi account's, which
only the config flow sees. The codec's ``PacketError`` is no part of the vocabulary: the transport
drops what it cannot decode, so it never leaves the client.
"""

from __future__ import annotations

from typing import ClassVar, Final

CODE_USER_ACK_TIMEOUT: Final = -9999
CODE_INVALID_JSON: Final = -30001
CODE_METHOD_NOT_FOUND: Final = -10000
CODE_INTERNAL_ERROR: Final = -4004  # also: "cannot do that now", a refusal by state
CODE_GENERAL_ERROR: Final = -5000  # legacy units' refusal of a write in the current state

# Codes after which the same request usually succeeds when sent again.
RETRYABLE_CODES: Final = frozenset({CODE_USER_ACK_TIMEOUT, CODE_INVALID_JSON})


class XiaomiLivingClientError(Exception):
    """Root of every error the client package raises: the device did not answer usefully."""

    translation_key: ClassVar[str] = "cannot_connect"
    # Whether Assist has to say it: False where only the config flow can meet the error.
    spoken: ClassVar[bool] = True

    def translation_placeholders(self, host: str) -> dict[str, str]:
        """Return the values of this error's message; ``host`` is the device the call went to."""
        return {"host": host}


# miIO (the UDP client)


class MiioError(XiaomiLivingClientError):
    """Root of the errors of the miIO (UDP) client."""


class DeviceUnreachableError(MiioError):
    """The device did not answer within the retry budget.

    ``hello_answered`` tells a silent device (off, wrong address) apart from one that answers the
    handshake but not the requests, which points at a token it rejects without replying.
    """

    def __init__(self, message: str, *, hello_answered: bool = False) -> None:
        """Keep whether the device answered the handshake during the failed call."""
        super().__init__(message)
        self.hello_answered = hello_answered


class CommandUnconfirmedError(DeviceUnreachableError):
    """A command that must not run twice went out once and its answer never came.

    The device may or may not have carried it out: it is not sent again, so that it cannot run
    twice (a key press, a step). The user is told to check and, if needed, try again.
    """

    translation_key = "command_unconfirmed"


class WriteNotConfirmedError(MiioError):
    """A write got no answer, and reading the device back shows it did not take the change.

    The entity shows what the device holds; the user may simply try again.
    """

    translation_key = "write_not_confirmed"


class TokenRejectedError(MiioError):
    """The device answers, but its replies do not verify with our token: the token is wrong."""

    translation_key = "token_rejected"


class MalformedReplyError(MiioError):
    """A verified reply that does not have the shape the request calls for."""


class DeviceValueError(MalformedReplyError):
    """One value from the device that its description does not allow (type, range or choice).

    The clients drop such a value (the capability reads as unknown), count it, and keep the rest
    of the state: one bad property must not stop the others from updating.
    """


class DeviceError(MiioError):
    """The device answered a request with an error code."""

    translation_key = "device_error"

    def __init__(self, code: int, message: str) -> None:
        """Keep the device's error code and message."""
        super().__init__(f"device error {code}: {message}")
        self.code = code
        self.message = message

    def translation_placeholders(self, host: str) -> dict[str, str]:
        """Return the device's code and message."""
        return {"code": str(self.code), "error": self.message}


class PropertyError(DeviceError):
    """The device refused to write one MIoT property (e.g. -4005, a value it does not accept)."""

    def __init__(self, code: int, siid: int, piid: int) -> None:
        """Keep the property's address with the device's code."""
        super().__init__(code, f"property {siid}.{piid} refused")
        self.siid = siid
        self.piid = piid


class SettingRefusedError(DeviceError):
    """The device refused to take one setting (``capability``), with its error code.

    Many refusals depend on the unit's state (the dryer outside cool and dry, a fan speed while
    off): the Home Assistant layer says which, from the state it last read.
    """

    def __init__(self, code: int, capability: str) -> None:
        """Keep the capability the device refused, with its code."""
        super().__init__(code, f"{capability} refused")
        self.capability = capability

    def translation_placeholders(self, host: str) -> dict[str, str]:
        """Return the device's code and message, and the device's address."""
        return {**super().translation_placeholders(host), "host": host}


class DryerModeError(SettingRefusedError):
    """The unit refused its anti-mould dryer outside cool and dry mode, the modes it works in."""

    translation_key = "dryer_needs_cool_or_dry"


class RefusedWhileOffError(SettingRefusedError):
    """The unit, being off, refused a setting that its firmware takes only while it is on."""

    translation_key = "refused_while_off"


class VaneWhileSwingError(SettingRefusedError):
    """The unit refused a fixed vane position while its swing is on."""

    translation_key = "vane_needs_swing_off"


class MethodNotSupportedError(DeviceError):
    """The device does not know the method (code -10000), e.g. no MIoT over the local protocol."""


def device_error(code: int, message: str) -> DeviceError:
    """Build the most specific ``DeviceError`` for a code."""
    if code == CODE_METHOD_NOT_FOUND:
        return MethodNotSupportedError(code, message)
    return DeviceError(code, message)


# The AC companion (acpartner)


class UnknownAcModelError(XiaomiLivingClientError):
    """The companion reports no AC model a configuration command can be built for.

    The model code comes from pairing the companion with an AC brand in the Mi Home app; without a
    usable one the companion cannot be told what to send.
    """

    translation_key = "companion_unpaired"


class SettingsWhileOffError(XiaomiLivingClientError):
    """The AC's remote has a fixed "off" code: settings can change only while the AC is on."""

    translation_key = "companion_settings_while_off"


# The TV's HTTP API (tv_http)


class TvHttpError(XiaomiLivingClientError):
    """Root of the errors of the TV's HTTP API client."""


class TvHttpUnreachableError(TvHttpError):
    """The set did not answer: connection refused or dropped, or no answer in time."""

    translation_key = "http_unreachable"


class TvHttpResponseError(TvHttpError):
    """The set answered, but not as the API does: HTTP error status, not JSON, or an error."""

    translation_key = "http_bad_answer"

    def translation_placeholders(self, host: str) -> dict[str, str]:
        """Return the set's address and what was wrong with its answer."""
        return {"host": host, "error": str(self)}


class TvHttpCommandError(TvHttpResponseError):
    """The API answered with an error envelope: the set refused the request (unknown key, app)."""

    translation_key = "tv_refused"

    def __init__(self, code: int | None, message: str) -> None:
        """Keep the envelope's code (``status`` or ``request_result``) and message."""
        super().__init__(f"TV refused the request ({code}): {message}")
        self.code = code
        self.message = message

    def translation_placeholders(self, host: str) -> dict[str, str]:
        """Return the set's own message."""
        return {"error": self.message}


# The TV driver (television)


class TelevisionError(XiaomiLivingClientError):
    """Root of the errors of the TV driver itself."""


class TelevisionUnreachableError(TelevisionError):
    """Neither channel answered: the set is fully off or gone from the network."""


class MiotRequiredError(TelevisionError):
    """The command exists only over MIoT, and this set has no MIoT channel (no token)."""

    translation_key = "miot_required"


class WakeOnLanError(TelevisionError):
    """The magic packet could not be sent to any address."""

    translation_key = "wake_on_lan_failed"

    def translation_placeholders(self, host: str) -> dict[str, str]:
        """Return why no packet went out."""
        return {"error": str(self)}


# The Xiaomi account (cloud), met only in the config flow


class CloudError(XiaomiLivingClientError):
    """Root of the errors of the Xiaomi cloud client."""

    translation_key = "cloud_error"
    spoken = False

    def translation_placeholders(self, host: str) -> dict[str, str]:
        """Return no values: the account's messages name no device."""
        return {}


class CloudConnectionError(CloudError):
    """No usable answer: network failure, timeout, an HTTP error status or an unreadable answer."""

    translation_key = "cloud_cannot_connect"


class CloudAuthError(CloudError):
    """Xiaomi did not accept the username or the password."""

    translation_key = "invalid_auth"


# Named, like its two kinds, for what the user has to do rather than for what went wrong.
class CloudVerificationRequired(CloudError):  # noqa: N818
    """Xiaomi wants the user to prove in a browser that this sign-in is theirs before retrying.

    ``url`` is the page to open. Users report that Xiaomi ties the approval to the public IP
    address and to the client's ``device_id``: open it from the same network as Home Assistant,
    then retry with the same ``XiaomiCloudClient`` (or the same ``device_id``).
    """

    translation_key = "two_factor_required"

    def __init__(self, message: str, url: str) -> None:
        """Keep the page the user has to open; the message never contains it."""
        super().__init__(message)
        self.url = url

    def translation_placeholders(self, host: str) -> dict[str, str]:
        """Return the page to open."""
        return {"url": self.url}


class CloudTwoFactorRequired(CloudVerificationRequired):
    """The sign-in needs two-step verification (the answer carried a ``notificationUrl``)."""

    def __init__(self, url: str) -> None:
        """Keep the verification page."""
        super().__init__("Xiaomi asks for two-step verification of this sign-in", url)


class CloudCaptchaRequired(CloudVerificationRequired):
    """The sign-in needs a captcha solved first (the answer carried a ``captchaUrl``)."""

    translation_key = "captcha_required"

    def __init__(self, url: str) -> None:
        """Keep the captcha page."""
        super().__init__("Xiaomi asks for a captcha before this sign-in", url)


class CloudResponseError(CloudError):
    """The cloud answered with an error code."""

    def __init__(self, code: int, message: str) -> None:
        """Keep the cloud's code and message."""
        super().__init__(f"Xiaomi cloud error {code}: {message}")
        self.code = code
        self.message = message


# The packet codec (protocol): internal to the transport, not raised to callers


class PacketError(ValueError):
    """A datagram that is not a well-formed miIO packet."""


class ChecksumError(PacketError):
    """A packet whose checksum does not verify with our token (wrong token, or not for us)."""
