"""Typed errors raised by the device clients; the Home Assistant layer translates them for users.

``XiaomiLivingClientError`` is the root of everything the ``client`` package raises on purpose,
so the HA layer can catch one class. The miIO errors derive from ``MiioError``; other clients (the
TV's HTTP API) derive their own family from the root.
"""

from __future__ import annotations

from typing import Final

CODE_USER_ACK_TIMEOUT: Final = -9999
CODE_INVALID_JSON: Final = -30001
CODE_METHOD_NOT_FOUND: Final = -10000

# Codes after which the same request usually succeeds when sent again.
RETRYABLE_CODES: Final = frozenset({CODE_USER_ACK_TIMEOUT, CODE_INVALID_JSON})


class XiaomiLivingClientError(Exception):
    """Root of every error the client package raises."""


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


class TokenRejectedError(MiioError):
    """The device answers, but its replies do not verify with our token: the token is wrong."""


class MalformedReplyError(MiioError):
    """A verified reply that does not have the shape the request calls for."""


class DeviceError(MiioError):
    """The device answered a request with an error code."""

    def __init__(self, code: int, message: str) -> None:
        """Keep the device's error code and message."""
        super().__init__(f"device error {code}: {message}")
        self.code = code
        self.message = message


class PropertyError(DeviceError):
    """The device refused to write one MIoT property (e.g. -4005, a value it does not accept)."""

    def __init__(self, code: int, siid: int, piid: int) -> None:
        """Keep the property's address with the device's code."""
        super().__init__(code, f"property {siid}.{piid} refused")
        self.siid = siid
        self.piid = piid


class MethodNotSupportedError(DeviceError):
    """The device does not know the method (code -10000), e.g. no MIoT over the local protocol."""


def device_error(code: int, message: str) -> DeviceError:
    """Build the most specific ``DeviceError`` for a code."""
    if code == CODE_METHOD_NOT_FOUND:
        return MethodNotSupportedError(code, message)
    return DeviceError(code, message)
