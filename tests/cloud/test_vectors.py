"""Every vector of docs/cloud.md §8, against the clients' code and the fake's own."""

from __future__ import annotations

from collections.abc import AsyncIterator
import socket

import aiohttp
from aiohttp import web
from aiohttp.test_utils import make_mocked_request
import pytest

from custom_components.tuya_bluetooth.tuya.cloud import (
    CloudResponseError,
    OpenApiClient,
    SharingClient,
    TokenInfo,
    openapi_sign,
    sharing_crypto,
)
from simulator.cloud import verify

# ---- docs/cloud.md §8.1: sharing API ----------------------------------------------

RID = "00000000-0000-4000-8000-000000000000"
REFRESH_TOKEN = "rt-example"
HASH_KEY = "9119ee8bfe1e8df549871fc1d3ac8b0d"
SECRET = "12804a5ef635b401"
HEADERS = [
    ("X-appKey", "HA_3y9q4ak7g4ephrvke"),
    ("X-requestId", RID),
    ("X-time", "1700000000000"),
    ("X-token", "at-example"),
]
SIGN_NO_PARAMS = "f1718b517dfdacfd9cd14b92df4c82f2bc841f439f19c289b8c147c23b957350"
ENCDATA = "QUJDREVGR0hKS01O9R3Re3Kl42Nre1JO4rB6K795JK5NSDS8JImb8vkMOXs="
SIGN_WITH_PARAMS = "fab92350c3775d1ca02bf5f5284956715a472c30b108e77d6a28177a0217a872"


def test_sharing_hash_key_and_secret() -> None:
    assert sharing_crypto.hash_key(RID, REFRESH_TOKEN) == HASH_KEY
    assert sharing_crypto.request_secret(RID, HASH_KEY) == SECRET
    assert verify.sharing_keys(RID, REFRESH_TOKEN) == (HASH_KEY, SECRET)


def test_sharing_sign_without_parameters() -> None:
    assert sharing_crypto.x_sign(HASH_KEY, HEADERS) == SIGN_NO_PARAMS
    # An empty X-sid is skipped (docs/cloud.md §2.2).
    assert sharing_crypto.x_sign(HASH_KEY, [*HEADERS, ("X-sid", "")]) == SIGN_NO_PARAMS


def test_sharing_encdata_and_sign_with_parameters() -> None:
    encdata = sharing_crypto.encrypt('{"homeId":"123"}', SECRET, "ABCDEFGHJKMN")
    assert encdata == ENCDATA
    assert sharing_crypto.x_sign(HASH_KEY, HEADERS, encdata) == SIGN_WITH_PARAMS
    # The fake decrypts the vector with its own code.
    assert verify.decrypt_encdata(ENCDATA, SECRET) == {"homeId": "123"}


def test_fake_checks_the_sharing_vector_signature() -> None:
    request = make_mocked_request(
        "GET",
        "/v1.0/m/life/ha/home/devices",
        headers=dict(HEADERS) | {"X-sign": SIGN_WITH_PARAMS},
    )
    verify.check_sharing_signature(request, HASH_KEY, ENCDATA, "")
    bad = make_mocked_request(
        "GET", "/x", headers=dict(HEADERS) | {"X-sign": SIGN_NO_PARAMS}
    )
    with pytest.raises(verify.RequestRejected) as info:
        verify.check_sharing_signature(bad, HASH_KEY, ENCDATA, "")
    assert info.value.code == 1004


def test_sharing_response_decryption_round_trip() -> None:
    sealed = verify.encrypt_result({"a": [1, 2]}, SECRET)
    assert sharing_crypto.decrypt_result(sealed, SECRET) == '{"a":[1,2]}'


# ---- docs/cloud.md §8.2: OpenAPI --------------------------------------------------

CLIENT_ID = "1KAD46OrT9HafiKdsXeg"
CLIENT_SECRET = "4OHBOnWOqaEC1mWXOpVL3yV50s0qGSRC"
T = "1588925778000"
NONCE = "5138cc3a9033d69856923fd07b491173"
ACCESS_TOKEN = "3f4eda2bdec17232f67c0b188af3eec1"
AREA = {"area_id": "29a33e8796834b1efa6", "call_id": "8afdb70ab2ed11eb85290242ac130003"}

OPENAPI_VECTORS = [
    # (path, query, with token, signed headers, expected sign)
    (
        "/v1.0/token",
        {"grant_type": "1"},
        False,
        AREA,
        "9E48A3E93B302EEECC803C7241985D0A34EB944F40FB573C7B5C2A82158AF13E",
    ),
    (
        "/v2.0/apps/schema/users",
        {"page_no": "1", "page_size": "50"},
        True,
        AREA,
        "AE4481C692AA80B25F3A7E12C3A5FD9BBF6251539DD78E565A1A72A508A88784",
    ),
    (
        "/v1.0/token",
        {"grant_type": "1"},
        False,
        {},
        "3206F74CBFC2869794FD3013C44F18166BE22AB1FB5FF66F513212264F67F681",
    ),
    (
        "/v1.0/devices/abc",
        {},
        True,
        {},
        "76C31D3C4D3E7D3CF044CBF4B17C8EF1CE69E3974F1EBC396190ACC25353E20A",
    ),
]


@pytest.mark.parametrize(
    ("path", "query", "with_token", "signed", "expected"), OPENAPI_VECTORS
)
def test_openapi_sign_vectors(
    path: str,
    query: dict[str, str],
    with_token: bool,
    signed: dict[str, str],
    expected: str,
) -> None:
    to_sign = openapi_sign.string_to_sign(
        "GET", path, query=query, signed_headers=signed
    )
    assert (
        openapi_sign.sign(
            client_id=CLIENT_ID,
            secret=CLIENT_SECRET,
            t=T,
            nonce=NONCE,
            to_sign=to_sign,
            access_token=ACCESS_TOKEN if with_token else "",
        )
        == expected
    )
    # The fake recomputes the same signature from a request as it arrives.
    url = openapi_sign.canonical_url(path, query)
    headers = {"client_id": CLIENT_ID, "t": T, "nonce": NONCE, **signed}
    if signed:
        headers["Signature-Headers"] = ":".join(signed)
    request = make_mocked_request("GET", url, headers=headers)
    token = ACCESS_TOKEN if with_token else ""
    assert verify.openapi_signature(request, b"", CLIENT_SECRET, token) == expected


def test_openapi_query_sorted_and_body_hashed() -> None:
    assert openapi_sign.canonical_url("/p", {"b": "2", "a": "1"}) == "/p?a=1&b=2"
    text = openapi_sign.string_to_sign("post", "/p", body=b"{}")
    assert text.split("\n") == [
        "POST",
        "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a",
        "",
        "/p",
    ]


# ---- the clients put the vectors on the wire ----------------------------------------


@pytest.fixture
async def capture(socket_enabled: None) -> AsyncIterator[tuple[str, list[web.Request]]]:
    """A server that records requests and answers an empty success."""
    seen: list[web.Request] = []

    async def record(request: web.Request) -> web.Response:
        await request.read()
        seen.append(request)
        # Sharing requests in these tests use the vector's rid and refresh token.
        sharing = "X-sign" in request.headers
        result = verify.encrypt_result([], SECRET) if sharing else []
        return web.json_response({"success": True, "result": result, "t": 1})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", record)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    await web.SockSite(runner, sock).start()
    yield f"http://127.0.0.1:{sock.getsockname()[1]}", seen
    await runner.cleanup()


async def test_sharing_client_sends_the_vector(
    capture: tuple[str, list[web.Request]],
) -> None:
    url, seen = capture
    token = TokenInfo(
        access_token="at-example",
        refresh_token=REFRESH_TOKEN,
        uid="u",
        expire_time=7200,
        t=1_700_000_000_000,
    )
    async with aiohttp.ClientSession() as session:
        client = SharingClient(
            session,
            endpoint=url,
            token=token,
            now_ms=lambda: 1_700_000_000_000,
            make_rid=lambda: RID,
            make_nonce=lambda: "ABCDEFGHJKMN",
        )
        await client.get_homes()
        await client.get_devices("123")
    plain, with_params = seen
    assert plain.headers["X-sign"] == SIGN_NO_PARAMS
    assert "encdata" not in plain.query
    assert with_params.query["encdata"] == ENCDATA
    assert with_params.headers["X-sign"] == SIGN_WITH_PARAMS
    assert with_params.headers["X-requestId"] == RID
    assert with_params.headers["X-time"] == "1700000000000"


@pytest.mark.parametrize("with_area", [False, True])
async def test_openapi_client_sends_the_vectors(
    capture: tuple[str, list[web.Request]], with_area: bool
) -> None:
    url, seen = capture
    token = TokenInfo(
        access_token=ACCESS_TOKEN,
        refresh_token="r",
        uid="u",
        expire_time=7200,
        t=int(T),
    )
    async with aiohttp.ClientSession() as session:
        client = OpenApiClient(
            session,
            base_url=url,
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            token=token,
            signature_headers=AREA if with_area else None,
            now_ms=lambda: int(T),
            make_nonce=lambda: NONCE,
        )
        if with_area:
            await client.request(
                "GET",
                "/v2.0/apps/schema/users",
                "users",
                query={"page_size": "50", "page_no": "1"},
            )
        else:
            with pytest.raises(CloudResponseError):  # [] is not a device object
                await client.get_device("abc")
        with pytest.raises(CloudResponseError):  # [] is not a token object
            await client.get_token()
    business, token_call = seen
    expected = [v[4] for v in OPENAPI_VECTORS if bool(v[3]) == with_area]
    assert [token_call.headers["sign"], business.headers["sign"]] == expected
    assert business.headers["access_token"] == ACCESS_TOKEN
    assert "access_token" not in token_call.headers
    assert business.headers["t"] == T
    assert business.headers["nonce"] == NONCE
    assert business.headers["sign_method"] == "HMAC-SHA256"
    if with_area:
        assert business.headers["Signature-Headers"] == "area_id:call_id"
        assert business.headers["area_id"] == AREA["area_id"]
