"""The classroom server: one JupyterHub for a class of trainees and their instructors.

- :mod:`medsos.hub.layout`: where everything of a class lives on the server (``kelas.json``);
- :mod:`medsos.hub.accounts`: Unix accounts, one-time initial passwords, the hand-out sheet;
- :mod:`medsos.hub.auth`: the authenticator (NativeAuthenticator, initial password changed
  at first login);
- :mod:`medsos.hub.spawner`: a trainee server with a memory limit;
- :mod:`medsos.hub.database`: the PostgreSQL gradebook;
- :mod:`medsos.hub.config`: the JupyterHub configuration built from the class's settings;
- :mod:`medsos.hub.commands`: the ``medsos hub`` subcommands.
"""
