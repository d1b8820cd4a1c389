"""JupyterHub for a class running Lab 02 on one server (a plain JupyterHub).

What every student's server needs, whatever logs students in and starts their servers: the
JupyterLab the site's launch button opens, TensorFlow's quiet settings, and the memory and CPU
that `make classroom` measured for chapter 5 (the README's "A class on a JupyterHub" has the
numbers and the sizing).
`make classroom` runs this very file (tools/classroom/jupyterhub_config.py loads it and adds a
test-only login and spawner on 127.0.0.1), so what it measures is what this file configures.

Add your site's own authenticator and spawner below. `mem_limit` and `cpu_limit` are enforced
by spawners that run servers in cgroups or containers (SystemdSpawner, which The Littlest
JupyterHub uses, DockerSpawner, KubeSpawner); the local process spawner only passes them on
as MEM_LIMIT and CPU_LIMIT. Students' servers run `jupyterhub-singleuser` from the hub's
environment (tools/classroom/requirements.txt: JupyterLab and nbgitpuller), and the notebook's
`python3` kernel is the course's environment (`make setup`, then
`.venv/bin/python -m ipykernel install --prefix <the hub's environment> --name python3`).
"""

import sys

c = get_config()  # noqa: F821 (JupyterHub defines it when it loads this file)

# The launch button opens lab/tree/...: students work in JupyterLab.
c.Spawner.default_url = "/lab"
# TensorFlow reads these when it loads (the Makefile and Binder's `start` set the same): without
# them chapters print C++ log lines, and the outputs differ from the site's.
c.Spawner.environment = {"TF_CPP_MIN_LOG_LEVEL": "2", "TF_ENABLE_ONEDNN_OPTS": "0"}

# Measured by `make classroom` (the README's "A class on a JupyterHub"): a student's server and
# chapter 5's kernel peak below the guarantee; the limit leaves room for a second notebook.
c.Spawner.mem_guarantee = "1G"
c.Spawner.mem_limit = "2G"
c.Spawner.cpu_guarantee = 0.2
c.Spawner.cpu_limit = 1.0

# A whole class starts at once at the beginning of a lab: JupyterHub's default (100 spawns in
# flight) holds for a class, and a server gets two minutes to start on a loaded machine.
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120

# A server idle for an hour is stopped, so memory goes to the students who are working (the
# sizing in the README assumes it). Their files stay; the launch link starts a new server.
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=3600"],
    }
]
