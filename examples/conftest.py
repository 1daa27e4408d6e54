# The only line a test suite needs to get the emulator's fixtures.
pytest_plugins = ["classiclink.testing"]
