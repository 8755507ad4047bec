"""`deplan serve` as a real process on a free loopback port, for tests that need uvicorn,
several workers or several servers."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
DEPLAN = str(Path(sys.executable).parent / "deplan")


class ServeProcess:
    """`deplan serve` in its own process group; `start` waits for `/readyz`."""

    def __init__(self, data_dir: Path, logs: Path, **env: str) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = int(sock.getsockname()[1])
        self.env = {**os.environ, "DEPLAN_DATA_DIR": str(data_dir), **env}
        self.logs = logs
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, *args: str) -> None:
        with self.logs.open("ab") as log:
            self.process = subprocess.Popen(
                [DEPLAN, "serve", "--port", str(self.port), *args],
                cwd=REPO,
                env=self.env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.alive, self.logs.read_text()[-3000:]
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise AssertionError("the server did not become ready")

    def kill(self) -> None:
        """As a crash would: SIGKILL to the whole process group."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.alive:
            assert self.process is not None
            self.process.terminate()
            self.process.wait(timeout=60)
        self.process = None
