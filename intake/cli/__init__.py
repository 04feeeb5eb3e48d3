"""The `intake` command line: the same core as the desktop app, for scripts and headless use."""
