"""Argon2id key derivation with parameters calibrated on the machine.

Floor: RFC 9106's second recommended option (64 MiB, t=3, p=4). Nothing in this module will derive
with less, whatever a key file says, so an attacker who edits stored parameters cannot make a
vault cheaper to brute-force than the floor. Ceilings stop an edited key file from making unlock
allocate unbounded memory or run for hours.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from argon2.low_level import ffi, lib  # type: ignore[attr-defined]  # documented C binding

from crypto.secret_memory import zero

KEY_BYTES = 32
SALT_BYTES = 32


class KdfParameterError(ValueError):
    """Parameters outside [MINIMUM, MAXIMUM]: refused before any work."""


@dataclass(frozen=True)
class Argon2Params:
    memory_kib: int
    time_cost: int
    parallelism: int

    def check(self) -> None:
        fields = (
            ("memory_kib", self.memory_kib, MINIMUM.memory_kib, MAXIMUM.memory_kib),
            ("time_cost", self.time_cost, MINIMUM.time_cost, MAXIMUM.time_cost),
            ("parallelism", self.parallelism, MINIMUM.parallelism, MAXIMUM.parallelism),
        )
        for name, value, low, high in fields:
            if not low <= value <= high:
                raise KdfParameterError(f"Argon2 {name}={value} outside [{low}, {high}]")


MINIMUM = Argon2Params(memory_kib=64 * 1024, time_cost=3, parallelism=4)
MAXIMUM = Argon2Params(memory_kib=2 * 1024 * 1024, time_cost=64, parallelism=16)
# Calibration never asks for more than this, nor more than an eighth of the machine's memory, so a
# vault made on a big desktop still opens on a small laptop.
CALIBRATION_MEMORY_CAP_KIB = 1024 * 1024


def derive_key(passphrase: bytes | bytearray, salt: bytes, params: Argon2Params) -> bytearray:
    """Argon2id(passphrase, salt) -> 32-byte key, written straight into a bytearray we can zero.

    Calls the argon2-cffi binding directly rather than `hash_secret_raw` because the latter returns
    immutable bytes that could never be wiped. The C call releases the GIL, so a GUI stays live.
    """
    params.check()
    if len(salt) != SALT_BYTES:
        raise ValueError("salt must be 32 bytes")
    out = bytearray(KEY_BYTES)
    rc = lib.argon2_hash(
        params.time_cost,
        params.memory_kib,
        params.parallelism,
        ffi.from_buffer(passphrase),
        len(passphrase),
        ffi.from_buffer(salt),
        len(salt),
        ffi.from_buffer(out),
        len(out),
        ffi.NULL,
        0,
        lib.Argon2_id,
        lib.ARGON2_VERSION_13,
    )
    if rc != lib.ARGON2_OK:
        zero(out)
        message = ffi.string(lib.argon2_error_message(rc)).decode("ascii", "replace")
        raise MemoryError(f"Argon2id failed: {message}")
    return out


def _physical_memory_kib() -> int | None:
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 1024
    except (ValueError, OSError, AttributeError):
        return None


def calibration_memory_cap() -> int:
    cap = CALIBRATION_MEMORY_CAP_KIB
    physical = _physical_memory_kib()
    if physical:
        cap = min(cap, physical // 8)
    return max(cap, MINIMUM.memory_kib)


def calibrate(
    target_seconds: float = 1.0,
    *,
    memory_cap_kib: int | None = None,
    timer: Callable[[], float] = time.perf_counter,
) -> Argon2Params:
    """Finds parameters taking about `target_seconds` here, never below MINIMUM.

    Memory grows first (it is what makes GPU and ASIC attacks expensive), then passes.
    """
    cap = memory_cap_kib if memory_cap_kib is not None else calibration_memory_cap()
    probe = bytearray(os.urandom(16))
    salt = os.urandom(SALT_BYTES)

    def measure(params: Argon2Params) -> float:
        start = timer()
        zero(derive_key(probe, salt, params))
        return max(timer() - start, 1e-6)

    params = MINIMUM
    elapsed = measure(params)
    while elapsed * 2 <= target_seconds and params.memory_kib * 2 <= cap:
        params = replace(params, memory_kib=params.memory_kib * 2)
        elapsed = measure(params)
    if elapsed < target_seconds * 0.8:
        scaled = math.floor(params.time_cost * target_seconds / elapsed)
        params = replace(params, time_cost=min(max(scaled, MINIMUM.time_cost), MAXIMUM.time_cost))
    zero(probe)
    return params
