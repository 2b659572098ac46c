"""Device clients for xiaomi_living, free of Home Assistant imports.

The miIO client speaks the local UDP protocol natively on asyncio: one request in flight per
device, any number of devices on one event loop, all of them over one shared UDP socket.
"""

from .errors import (
    DeviceError,
    DeviceUnreachableError,
    MalformedReplyError,
    MethodNotSupportedError,
    MiioError,
    PropertyError,
    TokenRejectedError,
    XiaomiLivingClientError,
)
from .miio_client import DEFAULT_CHUNK_SIZE, MiioClient, MiioDeviceInfo, parse_token
from .miot import ActionResult, MiotProperty, MiotValue, PropertyResult
from .transport import DEFAULT_PORT, DEFAULT_RETRIES, DEFAULT_TIMEOUT, DropReason, MiioDiagnostics

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "DEFAULT_PORT",
    "DEFAULT_RETRIES",
    "DEFAULT_TIMEOUT",
    "ActionResult",
    "DeviceError",
    "DeviceUnreachableError",
    "DropReason",
    "MalformedReplyError",
    "MethodNotSupportedError",
    "MiioClient",
    "MiioDeviceInfo",
    "MiioDiagnostics",
    "MiioError",
    "MiotProperty",
    "MiotValue",
    "PropertyError",
    "PropertyResult",
    "TokenRejectedError",
    "XiaomiLivingClientError",
    "parse_token",
]
