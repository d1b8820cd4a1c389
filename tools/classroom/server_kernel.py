"""nbval, run on a kernel that a student's Jupyter server started, through the server's API.

nbval (the lock's version) drives its kernel through a jupyter_client manager (`km`) and client
(`kc`). Here they are the server's REST API (/api/sessions, /api/kernels) and the kernel's
websocket channels, as JupyterLab uses them; nbval's own RunningKernel does the rest, so each
cell's outputs are compared with the stored ones exactly as `make nbval` compares them.
"""

import json
import queue
import threading
import time
import uuid

import nbval.plugin
from jupyter_client.jsonutil import json_default
from jupyter_client.session import Session
from nbval.kernel import RunningKernel
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect


class KernelDied(RuntimeError):
    """The kernel process ended while the notebook ran (the server restarted it)."""


class ServerKernelClient:
    """The part of jupyter_client's KernelClient that nbval uses, over the kernel's websocket.
    Records when the first output of a cell arrived and when each cell went idle."""

    def __init__(self, websocket):
        self.websocket = websocket
        self.session = Session(key=b"", username="student")
        self.channels = {"shell": queue.Queue(), "iopub": queue.Queue()}
        self.executions = set()
        self.first_output = self.last_idle = None
        self.dead = None
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        try:
            for frame in self.websocket:
                msg = json.loads(frame)
                if msg["channel"] == "iopub":
                    self._observe(msg)
                if msg["channel"] in self.channels:
                    self.channels[msg["channel"]].put(msg)
        except ConnectionClosed:
            pass
        self.dead = self.dead or "the server closed the kernel's websocket"

    def _observe(self, msg):
        parent = msg["parent_header"].get("msg_id")
        kind, content = msg["msg_type"], msg["content"]
        if parent in self.executions:
            if kind in ("stream", "display_data", "execute_result", "error"):
                self.first_output = self.first_output or time.monotonic()
            elif kind == "status" and content["execution_state"] == "idle":
                self.last_idle = time.monotonic()
        if kind == "status" and content["execution_state"] in ("restarting", "dead"):
            self.dead = f"the kernel died (the server reports it {content['execution_state']})"

    def _send(self, channel, msg_type, content):
        msg = self.session.msg(msg_type, content)
        msg["channel"] = channel
        self.websocket.send(json.dumps(msg, default=json_default))
        return msg["header"]["msg_id"]

    def kernel_info(self):
        return self._send("shell", "kernel_info_request", {})

    def execute(self, code, store_history=True, allow_stdin=None, stop_on_error=True):
        msg_id = self._send(
            "shell",
            "execute_request",
            {
                "code": code,
                "silent": False,
                "store_history": store_history,
                "user_expressions": {},
                "allow_stdin": bool(allow_stdin),
                "stop_on_error": stop_on_error,
            },
        )
        self.executions.add(msg_id)
        return msg_id

    def _get(self, channel, timeout):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            if self.dead:
                raise KernelDied(self.dead)
            wait = 1.0 if deadline is None else min(1.0, deadline - time.monotonic())
            if wait <= 0:
                raise queue.Empty
            try:
                return self.channels[channel].get(timeout=wait)
            except queue.Empty:
                continue

    def get_iopub_msg(self, timeout=None):
        return self._get("iopub", timeout)

    def get_shell_msg(self, timeout=None):
        return self._get("shell", timeout)

    def stop_channels(self):
        self.websocket.close()


class ServerKernelManager:
    """The part of jupyter_client's KernelManager that nbval uses: a session of the student's
    server for the notebook (which starts its kernel), and that kernel's REST endpoints."""

    def __init__(self, server, path):
        self.server = server
        session = server.api(
            "POST",
            "api/sessions",
            {
                "path": path,
                "name": path.rsplit("/", 1)[-1],
                "type": "notebook",
                "kernel": {"name": "python3"},
            },
        )
        self.session_id, self.kernel_id = session["id"], session["kernel"]["id"]

    def client(self):
        url = self.server.ws_url(f"api/kernels/{self.kernel_id}/channels?session_id={uuid.uuid4()}")
        websocket = connect(
            url,
            origin=self.server.origin,
            additional_headers=self.server.headers(),
            proxy=None,
            max_size=None,
            ping_interval=None,
            open_timeout=60,
            legacy=True,  # the connection itself, closed by stop_channels
        )
        self.kc = ServerKernelClient(websocket)
        return self.kc

    def is_alive(self):
        if self.kc.dead:  # restarted by the server: the notebook's state is gone
            return False
        return self.server.api("GET", f"api/kernels/{self.kernel_id}")["execution_state"] != "dead"

    def interrupt_kernel(self):
        self.server.api("POST", f"api/kernels/{self.kernel_id}/interrupt")

    def shutdown_kernel(self, now=False):
        """Nothing: a student who is done leaves the notebook's kernel running (its idle memory
        is what a hub must hold for each student); the end of the class stops it."""


def use_server(server, path):
    """Make nbval run the notebooks it collects on ``server``'s kernel for ``path``; return a
    list that receives the kernel client, whose timestamps say when outputs arrived."""
    clients = []

    class StudentKernel(RunningKernel):
        def __init__(self, kernel_name, cwd=None, startup_timeout=60):
            self.km = ServerKernelManager(server, path)
            self.kc = self.km.client()
            clients.append(self.kc)
            self._ensure_iopub_up()

    nbval.plugin.RunningKernel = StudentKernel
    return clients
