"""Cryptographic formats and protocols built on `cryptography` and argon2-cffi.

This package imports nothing from `intake` or `ui`: it can be reviewed on its own.
"""
