"""Intake core: the vault, the case store and the command line. No Qt here."""
