"""The Xiaomi cloud client against the local fake of the account server and the device-list API."""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import AsyncGenerator, Callable
from typing import Any, get_args
from urllib.parse import quote, quote_plus

import aiohttp
import pytest
from yarl import URL

from custom_components.xiaomi_living.client.cloud import (
    REGIONS,
    CloudDevice,
    CloudSession,
    XiaomiCloudClient,
)
from custom_components.xiaomi_living.client.errors import (
    CloudAuthError,
    CloudCaptchaRequired,
    CloudConnectionError,
    CloudError,
    CloudResponseError,
    CloudTwoFactorRequired,
    CloudVerificationRequired,
    XiaomiLivingClientError,
)
from tests.cloud_fake import (
    FAKE_AC,
    FAKE_AC_DE,
    FAKE_BLE_SENSOR,
    FAKE_TV,
    LOGIN_TRACE_COOKIE,
    Endpoint,
    FakeCloudSettings,
    Fault,
    LoginMode,
    XiaomiCloudFake,
    device_entry,
)

# The fake's own fixture, which config-flow tests use too.

FAST = 0.2  # client timeout for the tests that wait for a silent server
MICLOUD_URL = "https://api.io.mi.com/app/home/device_list"
DEVICE_LIST_QUERY = {
    "getVirtualModel": True,
    "getHuamiDevices": 1,
    "get_split_device": False,
    "support_smart_home": True,
}


@pytest.fixture
async def session() -> AsyncGenerator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client_session:
        yield client_session


@pytest.fixture
def fake(xiaomi_cloud_fake: XiaomiCloudFake) -> XiaomiCloudFake:
    return xiaomi_cloud_fake


@pytest.fixture
def settings(fake: XiaomiCloudFake) -> FakeCloudSettings:
    return fake.settings


@pytest.fixture
def client(session: aiohttp.ClientSession, fake: XiaomiCloudFake) -> XiaomiCloudClient:
    return XiaomiCloudClient(session, **fake.urls)


async def login(client: XiaomiCloudClient, settings: FakeCloudSettings) -> CloudSession:
    return await client.login(settings.username, settings.password)


async def call(
    client: XiaomiCloudClient, fake: XiaomiCloudFake, cloud: CloudSession, endpoint: Endpoint
) -> None:
    """Make the call that reaches ``endpoint``: the device list, or a sign-in."""
    if endpoint == "device_list":
        await client.get_devices(cloud, "cn")
    else:
        await login(client, fake.settings)


def test_errors_share_the_client_root() -> None:
    assert issubclass(CloudError, XiaomiLivingClientError)
    for error in (CloudAuthError, CloudConnectionError, CloudResponseError):
        assert issubclass(error, CloudError)
    for verification in (CloudTwoFactorRequired, CloudCaptchaRequired):
        assert issubclass(verification, CloudVerificationRequired)
        assert issubclass(verification, CloudError)


def test_api_urls_of_the_real_servers(session: aiohttp.ClientSession) -> None:
    client = XiaomiCloudClient(session)
    assert client.api_url("cn") == "https://api.io.mi.com/app"
    assert client.api_url("de") == "https://de.api.io.mi.com/app"
    assert [client.api_url(region) for region in REGIONS[1:]] == [
        f"https://{region}.api.io.mi.com/app" for region in ("de", "i2", "ru", "sg", "us", "tw")
    ]
    with pytest.raises(ValueError, match="region"):
        client.api_url("eu")


async def test_login_and_devices_in_two_regions(
    client: XiaomiCloudClient, fake: XiaomiCloudFake, settings: FakeCloudSettings
) -> None:
    cloud = await login(client, settings)
    assert cloud == CloudSession(
        user_id=str(settings.user_id),
        ssecurity=settings.ssecurity,
        service_token=settings.service_token,
    )

    assert await client.get_devices(cloud, "cn") == [
        CloudDevice(
            did="512345678",
            name="Living room AC",
            model="xiaomi.aircondition.mc4",
            token="00112233445566778899aabbccddeeff",
            local_ip="192.168.1.20",
            mac="5c:e5:0c:11:22:33",
        ),
        CloudDevice(
            did="412345679",
            name="Living room TV",
            model="xiaomi.tv.mitv5proh1",
            token="ffeeddccbbaa99887766554433221100",
            local_ip="192.168.1.30",
            mac="a4:39:b3:44:55:66",
        ),
        CloudDevice(
            did="blt.3.1abcdefgh0k00",
            name="Bedroom thermometer",
            model="miaomiaoce.sensor_ht.t2",
            token=None,
            local_ip=None,
            mac="a4:c1:38:77:88:99",
        ),
    ]
    assert await client.get_devices(cloud, "de") == [
        CloudDevice(
            did="612345670",
            name="Bedroom AC",
            model="xiaomi.aircondition.ma4",
            token="0f1e2d3c4b5a69788796a5b4c3d2e1f0",
            local_ip="192.168.2.40",
            mac="5c:e5:0c:aa:bb:cc",
        )
    ]

    listings = fake.requests_to("device_list")
    assert [request.region for request in listings] == ["cn", "de"]
    assert [request.path for request in listings] == [
        "/app/home/device_list",
        "/de.app/home/device_list",
    ]
    assert fake.rejections == []


async def test_requests_carry_what_the_protocol_documents(
    client: XiaomiCloudClient, fake: XiaomiCloudFake, settings: FakeCloudSettings
) -> None:
    cloud = await login(client, settings)
    await client.get_devices(cloud, "cn")

    first, second, sts, listing = fake.requests
    assert (first.endpoint, first.method, first.query) == (
        "service_login",
        "GET",
        {"sid": "xiaomiio", "_json": "true"},
    )
    assert first.cookies == {
        "sdkVersion": "accountsdk-18.8.15",
        "deviceId": client.device_id,
        "userId": settings.username,
    }
    assert (second.endpoint, second.method) == ("service_login_auth2", "POST")
    assert second.form == {
        "sid": "xiaomiio",
        "hash": settings.password_hash,
        "callback": "https://sts.api.io.mi.com/sts",
        "qs": "%3Fsid%3Dxiaomiio%26_json%3Dtrue",
        "user": settings.username,
        "_json": "true",
        "_sign": second.form["_sign"],
    }
    # The account server's own cookie from step 1 travels on, as in a browser.
    assert LOGIN_TRACE_COOKIE in second.cookies
    assert second.cookies["deviceId"] == client.device_id
    assert second.headers["User-Agent"].startswith("Android-7.1.1-")
    assert sts.endpoint == "sts"
    assert sts.query["d"] == client.device_id

    assert listing.headers["MIOT-ENCRYPT-ALGORITHM"] == "ENCRYPT-RC4"
    assert listing.headers["x-xiaomi-protocal-flag-cli"] == "PROTOCAL-HTTP2"
    assert set(listing.form) == {"data", "rc4_hash__", "signature", "ssecurity", "_nonce"}
    assert listing.cookies["userId"] == str(settings.user_id)
    assert listing.cookies["serviceToken"] == settings.service_token
    assert listing.cookies["yetAnotherServiceToken"] == settings.service_token
    assert {"locale", "timezone", "is_daylight", "dst_offset", "channel"} <= set(listing.cookies)
    assert listing.cookies["timezone"].startswith("GMT")
    # The parameters the fake decrypted and verified are the documented query.
    assert listing.params is not None
    assert json.loads(listing.params["data"]) == DEVICE_LIST_QUERY
    nonce = base64.b64decode(listing.form["_nonce"])
    assert len(nonce) == 12


async def test_signing_matches_micloud(
    client: XiaomiCloudClient, fake: XiaomiCloudFake, settings: FakeCloudSettings
) -> None:
    """The request equals micloud 0.5's for the same nonce (MIT, pinned by HA core)."""
    miutils = pytest.importorskip("micloud.miutils")
    await client.get_devices(await login(client, settings), "de")
    listing = fake.requests_to("device_list")[0]
    assert listing.params is not None
    nonce = listing.form["_nonce"]
    expected = miutils.generate_enc_params(
        "https://de.api.io.mi.com/app/home/device_list",
        "POST",
        miutils.signed_nonce(settings.ssecurity, nonce),
        nonce,
        {"data": listing.params["data"]},
        settings.ssecurity,
    )
    assert listing.form == expected


async def test_new_nonce_for_every_call(
    client: XiaomiCloudClient, fake: XiaomiCloudFake, settings: FakeCloudSettings
) -> None:
    cloud = await login(client, settings)
    for _ in range(3):
        await client.get_devices(cloud, "cn")
    nonces = {request.form["_nonce"] for request in fake.requests_to("device_list")}
    assert len(nonces) == 3


Tamper = Callable[[Any, dict[str, str], dict[str, str], str], object]


def _change_signature(
    miutils: Any, form: dict[str, str], headers: dict[str, str], key: str
) -> None:
    first = form["signature"][0]
    form["signature"] = ("B" if first == "A" else "A") + form["signature"][1:]


def _forge_data(miutils: Any, form: dict[str, str], headers: dict[str, str], key: str) -> None:
    """Swap the encrypted query and sign the outside again: only ``rc4_hash__`` can tell."""
    form["data"] = miutils.encrypt_rc4(key, '{"getVirtualModel":false}')
    sealed = {"data": form["data"], "rc4_hash__": form["rc4_hash__"]}
    form["signature"] = miutils.gen_enc_signature(MICLOUD_URL, "POST", key, sealed)


# name -> (what to do to a correctly signed request, the reason the fake must give)
TAMPERS: dict[str, tuple[Tamper, str]] = {
    "signature": (_change_signature, "signature"),
    "encrypted-param": (
        lambda miutils, form, headers, key: form.update(rc4_hash__=form["data"]),
        "signature",
    ),
    "unsigned": (lambda miutils, form, headers, key: form.pop("signature"), "signature"),
    "re-signed-data": (_forge_data, "rc4_hash__"),
    "stale-nonce": (
        lambda miutils, form, headers, key: form.update(_nonce="AAAAAAAAAAAAAAAA"),
        "nonce",
    ),
    "plain-request": (
        lambda miutils, form, headers, key: headers.pop("MIOT-ENCRYPT-ALGORITHM"),
        "encryption header",
    ),
}


@pytest.mark.parametrize("tamper", TAMPERS)
async def test_fake_verifies_the_signature(
    session: aiohttp.ClientSession, fake: XiaomiCloudFake, settings: FakeCloudSettings, tamper: str
) -> None:
    """A request micloud signs passes the fake; the same request tampered with does not."""
    miutils = pytest.importorskip("micloud.miutils")
    url = fake.api_url_template.format(prefix="") + "/home/device_list"
    token = settings.service_token
    cookies = f"userId={settings.user_id}; serviceToken={token}; yetAnotherServiceToken={token}"

    def signed() -> tuple[dict[str, str], dict[str, str], str]:
        nonce = miutils.gen_nonce()
        key = miutils.signed_nonce(settings.ssecurity, nonce)
        form = miutils.generate_enc_params(
            MICLOUD_URL,
            "POST",
            key,
            nonce,
            {"data": '{"getVirtualModel":true}'},
            settings.ssecurity,
        )
        return form, {"Cookie": cookies, "MIOT-ENCRYPT-ALGORITHM": "ENCRYPT-RC4"}, key

    form, headers, key = signed()
    async with session.post(url, data=form, headers=headers) as response:
        assert response.status == 200
        answer = json.loads(miutils.decrypt_rc4(key, await response.text()))
    assert answer["code"] == 0
    assert answer["result"]["list"] == settings.devices["cn"]
    assert fake.rejections == []

    change, reason = TAMPERS[tamper]
    form, headers, key = signed()
    change(miutils, form, headers, key)
    async with session.post(url, data=form, headers=headers) as response:
        assert response.status == 401
        assert await response.json() == {"code": 2, "message": "auth err"}
    assert fake.rejections == [reason]


async def test_fake_refuses_a_replayed_request(
    client: XiaomiCloudClient, session: aiohttp.ClientSession, fake: XiaomiCloudFake
) -> None:
    cloud = await login(client, fake.settings)
    await client.get_devices(cloud, "cn")
    sent = fake.requests_to("device_list")[0]
    headers = {"Cookie": sent.headers["Cookie"], "MIOT-ENCRYPT-ALGORITHM": "ENCRYPT-RC4"}
    url = fake.api_url_template.format(prefix="") + "/home/device_list"
    async with session.post(url, data=sent.form, headers=headers) as response:
        assert response.status == 401
    assert fake.rejections == ["nonce"]


async def test_wrong_password(client: XiaomiCloudClient, fake: XiaomiCloudFake) -> None:
    with pytest.raises(CloudAuthError):
        await client.login(fake.settings.username, "not the password")
    with pytest.raises(CloudAuthError):
        await client.login("someone.else@example.com", fake.settings.password)
    fake.settings.login = "wrong_password"
    with pytest.raises(CloudAuthError):
        await login(client, fake.settings)
    assert fake.requests_to("sts") == []


async def test_other_refusal_code(client: XiaomiCloudClient, fake: XiaomiCloudFake) -> None:
    fake.settings.refusal = (20003, "invalid user")
    with pytest.raises(CloudResponseError) as err:
        await client.login(fake.settings.username, "not the password")
    assert (err.value.code, err.value.message) == (20003, "invalid user")


async def test_empty_credentials_are_not_sent(
    client: XiaomiCloudClient, fake: XiaomiCloudFake
) -> None:
    with pytest.raises(CloudAuthError):
        await client.login("  ", "password")
    with pytest.raises(CloudAuthError):
        await client.login("living@example.com", "")
    assert fake.requests == []


async def test_two_factor(client: XiaomiCloudClient, fake: XiaomiCloudFake) -> None:
    fake.settings.login = "two_factor"
    with pytest.raises(CloudTwoFactorRequired) as err:
        await login(client, fake.settings)
    url = URL(err.value.url)
    assert str(url.origin()) == fake.account_url
    assert url.path == "/identity/authStart"
    assert url.query["sid"] == "xiaomiio"
    assert err.value.url not in str(err.value)
    assert fake.requests_to("sts") == []

    # Once verified, the same client signs in (and presents the same device id).
    fake.settings.login = "ok"
    await login(client, fake.settings)
    device_ids = {request.cookies["deviceId"] for request in fake.requests}
    assert device_ids == {client.device_id}


async def test_two_factor_is_checked_after_the_password(
    client: XiaomiCloudClient, fake: XiaomiCloudFake
) -> None:
    fake.settings.login = "two_factor"
    with pytest.raises(CloudAuthError):
        await client.login(fake.settings.username, "not the password")


async def test_captcha(client: XiaomiCloudClient, fake: XiaomiCloudFake) -> None:
    fake.settings.login = "captcha"
    with pytest.raises(CloudCaptchaRequired) as err:
        await login(client, fake.settings)
    # The account server sends a path; the client makes it a page the user can open.
    url = URL(err.value.url)
    assert str(url.origin()) == fake.account_url
    assert url.path == "/pass/getCode"
    assert url.query["icodeType"] == "login"


async def test_device_id_can_be_kept(session: aiohttp.ClientSession, fake: XiaomiCloudFake) -> None:
    client = XiaomiCloudClient(session, **fake.urls, device_id="keptid")
    assert client.device_id == "keptid"
    await login(client, fake.settings)
    assert fake.requests[0].cookies["deviceId"] == "keptid"
    assert XiaomiCloudClient(session).device_id != XiaomiCloudClient(session).device_id


async def test_server_gone(client: XiaomiCloudClient, fake: XiaomiCloudFake) -> None:
    cloud = await login(client, fake.settings)
    await fake.stop()
    with pytest.raises(CloudConnectionError):
        await login(client, fake.settings)
    with pytest.raises(CloudConnectionError):
        await client.get_devices(cloud, "cn")


@pytest.mark.parametrize("endpoint", get_args(Endpoint))
async def test_timeout(
    session: aiohttp.ClientSession, fake: XiaomiCloudFake, endpoint: Endpoint
) -> None:
    client = XiaomiCloudClient(session, **fake.urls, timeout=FAST)
    cloud = await login(client, fake.settings)
    fake.settings.faults[endpoint] = "hang"
    with pytest.raises(CloudConnectionError, match="Timeout"):
        await call(client, fake, cloud, endpoint)


@pytest.mark.parametrize("fault", ["http_500", "garbage", "unexpected"])
@pytest.mark.parametrize("endpoint", get_args(Endpoint))
async def test_unusable_answers(
    client: XiaomiCloudClient, fake: XiaomiCloudFake, endpoint: Endpoint, fault: Fault
) -> None:
    cloud = await login(client, fake.settings)
    fake.settings.faults[endpoint] = fault
    with pytest.raises(CloudConnectionError):
        await call(client, fake, cloud, endpoint)


async def test_empty_account(client: XiaomiCloudClient, fake: XiaomiCloudFake) -> None:
    fake.settings.devices = {}
    cloud = await login(client, fake.settings)
    for region in REGIONS:
        assert await client.get_devices(cloud, region) == []
    assert {request.region for request in fake.requests_to("device_list")} == set(REGIONS)


async def test_api_error(client: XiaomiCloudClient, fake: XiaomiCloudFake) -> None:
    cloud = await login(client, fake.settings)
    fake.settings.api_error = (-8, "invalid params")
    with pytest.raises(CloudResponseError) as err:
        await client.get_devices(cloud, "cn")
    assert (err.value.code, err.value.message) == (-8, "invalid params")


async def test_session_the_api_does_not_accept(
    client: XiaomiCloudClient, fake: XiaomiCloudFake
) -> None:
    cloud = await login(client, fake.settings)
    expired = CloudSession(cloud.user_id, cloud.ssecurity, "V1:expired")
    with pytest.raises(CloudResponseError) as err:
        await client.get_devices(expired, "cn")
    assert (err.value.code, err.value.message) == (2, "auth err")
    # A session with the wrong key signs wrongly: the API refuses the request.
    wrong_key = CloudSession(
        cloud.user_id, base64.b64encode(b"x" * 16).decode(), cloud.service_token
    )
    with pytest.raises(CloudResponseError):
        await client.get_devices(wrong_key, "cn")
    assert fake.rejections == ["session cookies", "signature"]


async def test_odd_device_entries(client: XiaomiCloudClient, fake: XiaomiCloudFake) -> None:
    fake.settings.devices = {
        "sg": [
            "not an entry",
            {"did": "1", "name": "no model"},
            {"model": "xiaomi.aircondition.mc4", "name": "no did"},
            {"did": True, "model": "xiaomi.aircondition.mc4"},
            {"did": 712345678, "model": "xiaomi.aircondition.mc4", "token": "short", "mac": 7},
            device_entry(
                did="812345678",
                model="xiaomi.tv.mitv5proh1",
                name="",
                token=" 00112233445566778899aabbccddeeff ",
                local_ip="0.0.0.0",  # noqa: S104 - how the cloud says "no address"
                mac="00:00:00:00:00:00",
            ),
            device_entry(did="9", model="m", name="n", local_ip="fe80::1", mac="5ce50c112233"),
            device_entry(did="10", model="m", name="n", local_ip="not an address", mac="5c:e5"),
        ]
    }
    cloud = await login(client, fake.settings)
    assert await client.get_devices(cloud, "sg") == [
        CloudDevice(
            did="712345678",
            name="xiaomi.aircondition.mc4",
            model="xiaomi.aircondition.mc4",
            token=None,
            local_ip=None,
            mac=None,
        ),
        CloudDevice(
            did="812345678",
            name="xiaomi.tv.mitv5proh1",
            model="xiaomi.tv.mitv5proh1",
            token="00112233445566778899aabbccddeeff",
            local_ip=None,
            mac=None,
        ),
        CloudDevice(
            did="9", name="n", model="m", token=None, local_ip="fe80::1", mac="5c:e5:0c:11:22:33"
        ),
        CloudDevice(did="10", name="n", model="m", token=None, local_ip=None, mac=None),
    ]


async def test_shared_cookie_jar_keeps_no_xiaomi_cookie(fake: XiaomiCloudFake) -> None:
    """The client takes out of the session's jar what Xiaomi's answers put there."""
    jar = aiohttp.CookieJar(unsafe=True)  # stores cookies from IP hosts such as the fake's
    jar.update_cookies({"theirs": "1"}, URL("http://example.com/"))
    jar.update_cookies({"also_theirs": "2"}, URL(fake.account_url))
    async with aiohttp.ClientSession(cookie_jar=jar) as shared:
        client = XiaomiCloudClient(shared, **fake.urls)
        await client.get_devices(await login(client, fake.settings), "cn")
    assert sorted(morsel.key for morsel in jar) == ["also_theirs", "theirs"]
    # The fake did set cookies, and the jar's own cookie for the host went along unchanged.
    assert fake.requests[0].cookies["also_theirs"] == "2"


async def test_secrets_stay_out_of_requests_logs_and_errors(
    client: XiaomiCloudClient, fake: XiaomiCloudFake, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    settings = fake.settings
    settings.password = "Hunter2 密码 & =+"
    password_hash = settings.password_hash
    errors: list[CloudError] = []

    cloud = await login(client, settings)
    devices = await client.get_devices(cloud, "cn")
    modes: tuple[LoginMode, ...] = ("two_factor", "captcha", "wrong_password")
    for mode in modes:
        settings.login = mode
        with pytest.raises(CloudError) as err:
            await login(client, settings)
        errors.append(err.value)
    settings.login = "ok"
    settings.faults["sts"] = "http_500"
    with pytest.raises(CloudError) as err:
        await login(client, settings)
    errors.append(err.value)

    password_forms = {
        settings.password,
        quote(settings.password),
        quote_plus(settings.password),
    }
    for request in fake.requests:
        for form in password_forms:
            assert form.encode() not in request.raw
        for value in (*request.form.values(), *request.cookies.values(), *request.query.values()):
            assert settings.password not in value
        if request.endpoint == "service_login_auth2":
            assert request.form["hash"] == password_hash
        else:
            assert password_hash.encode() not in request.raw

    secret_values = {
        settings.password,
        password_hash,
        settings.ssecurity,
        settings.service_token,
        settings.pass_token,
        *(device.token for device in devices if device.token),
        *(entry["token"] for entry in (FAKE_AC, FAKE_TV, FAKE_AC_DE, FAKE_BLE_SENSOR)),
    } - {""}
    shown = [
        caplog.text,
        repr(cloud),
        str(cloud),
        *(repr(device) for device in devices),
        *(str(error) for error in errors),
        *(repr(error) for error in errors),
    ]
    for text in shown:
        for secret in secret_values:
            assert secret.lower() not in text.lower()


async def test_ssecurity_that_is_no_key(client: XiaomiCloudClient, fake: XiaomiCloudFake) -> None:
    fake.settings.ssecurity = "not base64!"
    with pytest.raises(CloudConnectionError):
        await login(client, fake.settings)
