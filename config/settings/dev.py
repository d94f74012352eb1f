"""Local development and the demo: DEBUG on unless DEBUG=0 is set."""

from config.env import env_bool

from .base import *  # noqa: F401,F403

DEBUG = env_bool("DEBUG", True)
