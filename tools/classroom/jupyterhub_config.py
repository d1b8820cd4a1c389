"""`make classroom`'s hub: the class's configuration (hub/jupyterhub_config.py), plus what only a
test on one machine wants. Every address is 127.0.0.1; the students log in with the passwords
tools/classroom/run.py generated; their servers are local processes with homes in the run's
folder; their git fetches of the site's repository URL go to the run's git server on loopback.

run.py starts JupyterHub with this file and CLASSROOM_* variables naming the run's folder and
ports. Never use it for a real class: anyone on the machine can read every home.
"""

import hmac
import json
import os
import sys
from pathlib import Path

from jupyterhub.auth import Authenticator

c = get_config()  # noqa: F821 (JupyterHub defines it, and load_subconfig, when it loads this file)
load_subconfig(str(Path(__file__).resolve().parents[2] / "hub" / "jupyterhub_config.py"))  # noqa: F821

RUN = Path(os.environ["CLASSROOM_RUN"])
PASSWORDS = json.loads((RUN / "passwords.json").read_text())


class ClassroomAuthenticator(Authenticator):
    """Each generated student name with its own generated password (tests only)."""

    async def authenticate(self, handler, data):
        expected = PASSWORDS.get(data.get("username", ""))
        if expected and hmac.compare_digest(expected, data.get("password", "")):
            return data["username"]
        return None


c.JupyterHub.authenticator_class = ClassroomAuthenticator
c.Authenticator.allowed_users = set(PASSWORDS)

c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(os.environ["CLASSROOM_PORT"])
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ["CLASSROOM_HUB_PORT"])
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['CLASSROOM_PROXY_API_PORT']}"
c.ConfigurableHTTPProxy.command = [os.environ["CLASSROOM_PROXY"]]
c.JupyterHub.db_url = f"sqlite:///{RUN / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(RUN / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(RUN / "jupyterhub.pid")

c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(RUN / "home" / "{username}")
c.Spawner.ip = "127.0.0.1"
c.Spawner.cmd = [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]
if os.geteuid() == 0:  # this machine's CI runs as root; Jupyter refuses to unless told
    c.Spawner.args = ["--allow-root"]
c.Spawner.environment.update(
    {
        # The course's kernel, registered with `ipykernel install` as the class's hub would.
        "JUPYTER_PATH": str(RUN / "kernel" / "share" / "jupyter"),
        # The link names the site's repository (GitHub); git fetches it from the run's server
        # instead, and may speak no other protocol, so a fetch can never leave the machine.
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"url.{os.environ['CLASSROOM_GIT_URL']}.insteadOf",
        "GIT_CONFIG_VALUE_0": os.environ["CLASSROOM_REPOSITORY_URL"],
        "GIT_ALLOW_PROTOCOL": "git",
    }
)
