"""classiclink: a local, offline emulator of Alibaba Cloud's ClassicLink control plane."""

__version__ = "0.1.0"
