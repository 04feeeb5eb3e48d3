"""Argon2id derivation and calibration."""

from __future__ import annotations

import itertools

import pytest
from argon2.low_level import Type, hash_secret_raw

from crypto.kdf import MAXIMUM, MINIMUM, Argon2Params, KdfParameterError, calibrate, derive_key

SALT = bytes(range(32))


def test_derive_matches_argon2_cffi_reference() -> None:
    """Our direct binding call must equal the library's own high-level function."""
    ours = derive_key(bytearray("пароль".encode()), SALT, MINIMUM)
    reference = hash_secret_raw(
        "пароль".encode(), SALT, MINIMUM.time_cost, MINIMUM.memory_kib, MINIMUM.parallelism, 32, Type.ID
    )
    assert isinstance(ours, bytearray)
    assert bytes(ours) == reference


def test_rfc9106_argon2id_vector_via_reference() -> None:
    """RFC 9106 §5.3 test vector (with secret and associated data) through argon2-cffi, to pin the
    library's Argon2id to the standard that our parameters are named after."""
    from argon2.low_level import core, ffi, lib

    out = ffi.new("uint8_t[]", 32)
    pwd = ffi.new("uint8_t[]", bytes([1] * 32))
    salt = ffi.new("uint8_t[]", bytes([2] * 16))
    secret = ffi.new("uint8_t[]", bytes([3] * 8))
    ad = ffi.new("uint8_t[]", bytes([4] * 12))
    ctx = ffi.new(
        "argon2_context *",
        {
            "out": out,
            "outlen": 32,
            "pwd": pwd,
            "pwdlen": 32,
            "salt": salt,
            "saltlen": 16,
            "secret": secret,
            "secretlen": 8,
            "ad": ad,
            "adlen": 12,
            "t_cost": 3,
            "m_cost": 32,
            "lanes": 4,
            "threads": 4,
            "version": 0x13,
            "allocate_cbk": ffi.NULL,
            "free_cbk": ffi.NULL,
            "flags": lib.ARGON2_DEFAULT_FLAGS,
        },
    )
    assert core(ctx, Type.ID.value) == lib.ARGON2_OK
    assert bytes(ffi.buffer(out, 32)).hex() == (
        "0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659"
    )


def test_salt_and_passphrase_change_the_key() -> None:
    base = derive_key(b"passphrase", SALT, MINIMUM)
    assert derive_key(b"passphrasf", SALT, MINIMUM) != base
    assert derive_key(b"passphrase", bytes(32), MINIMUM) != base


@pytest.mark.parametrize(
    "params",
    [
        Argon2Params(MINIMUM.memory_kib - 1, 3, 4),
        Argon2Params(MINIMUM.memory_kib, 2, 4),
        Argon2Params(MINIMUM.memory_kib, 3, 3),
        Argon2Params(MAXIMUM.memory_kib + 1, 3, 4),
    ],
)
def test_derivation_below_the_floor_or_above_the_ceiling_is_refused(params: Argon2Params) -> None:
    with pytest.raises(KdfParameterError):
        derive_key(b"x", SALT, params)


def test_calibration_never_goes_below_the_floor_even_on_a_fast_clock() -> None:
    # A clock where every derivation seems to take 10 s: calibration must still return the floor.
    ticks = itertools.count(step=10.0)
    params = calibrate(1.0, timer=lambda: next(ticks))
    assert params == MINIMUM


def test_calibration_grows_memory_first_then_time() -> None:
    # Each measurement appears to take 0.05 s: memory doubles up to the cap, then passes grow.
    ticks = itertools.count(step=0.05)
    params = calibrate(1.0, memory_cap_kib=4 * MINIMUM.memory_kib, timer=lambda: next(ticks))
    assert params.memory_kib == 4 * MINIMUM.memory_kib
    assert params.time_cost > MINIMUM.time_cost
    params.check()


def test_real_calibration_meets_the_floor() -> None:
    params = calibrate(0.3, memory_cap_kib=2 * MINIMUM.memory_kib)
    params.check()
    assert params.memory_kib >= MINIMUM.memory_kib
