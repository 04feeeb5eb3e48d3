"""Qt widgets for Intake. No SQL and no cryptography here: everything goes through `intake`."""
