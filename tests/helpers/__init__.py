"""Helpers shared by tests of several folders: a small book built with the site's configuration,
the engine tests' expressions, and the lock read as pip reads it."""
