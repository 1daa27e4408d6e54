"""The web console (docs/console.md): a topology picture per account and region, the recent requests and
their answers, and a page per resource; server-rendered HTML under ``/_classiclink/console/``, behind the
admin token."""

from .app import ConsoleApp
from .markup import PREFIX as CONSOLE_PREFIX

__all__ = ["CONSOLE_PREFIX", "ConsoleApp"]
