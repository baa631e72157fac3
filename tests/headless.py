"""Open a map in a local headless Chromium, offline, and look at what it drew.

Used by the browser tests and the map benchmark. Chromium is driven over the
DevTools protocol on a pipe (``--remote-debugging-pipe``: JSON messages ending in
NUL on file descriptors 3 and 4), so no port is opened and nothing beyond the
standard library is needed. The page runs with the network emulated offline and
every request it makes is recorded, so a test can assert it fetched nothing.

    >>> with Browser() as browser:                               # doctest: +SKIP
    ...     page = browser.open(Path("map.html"))
    ...     page.wait_for("window.policykgMap && policykgMap.state.firstDrawMs")
    ...     png = page.screenshot()

:func:`decode_png` reads a screenshot's pixels (8-bit RGB/RGBA, as Chromium writes).
"""

from __future__ import annotations

import base64
import json
import os
import queue
import shutil
import struct
import subprocess
import tempfile
import threading
import time
import zlib
from pathlib import Path
from typing import Any

from policykg.errors import PolicyKGError

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--mute-audio", "--hide-scrollbars",
    "--remote-debugging-pipe",
)


class BrowserError(PolicyKGError):
    """Chromium is missing, crashed, or the page did not do what was awaited."""


def find_chromium() -> str | None:
    """The Chromium executable: ``$POLICYKG_CHROMIUM``, else ``chromium`` / ``chromium-browser`` on PATH."""
    wanted = os.environ.get("POLICYKG_CHROMIUM")
    if wanted:
        return wanted if Path(wanted).exists() else shutil.which(wanted)
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


class Browser:
    """One headless Chromium process with a fresh profile; use as a context manager."""

    def __init__(self, executable: str | None = None, width: int = 1280, height: int = 800):
        self.executable = executable or find_chromium()
        if not self.executable:
            raise BrowserError("Chromium not found; install it (Debian: apt-get install -y chromium) "
                               "or set POLICYKG_CHROMIUM to its path")
        self.width, self.height = width, height
        self._ids = iter(range(1, 1 << 31))
        self._replies: dict[int, queue.Queue] = {}
        self._events: list[dict] = []
        self._lock = threading.Lock()

    def __enter__(self) -> "Browser":
        self._profile = tempfile.TemporaryDirectory(prefix="policykg-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire_fds() -> None:  # runs in the child: the pipe ends become fds 3 (commands) and 4 (replies)
            a, b = os.dup(to_child_r), os.dup(from_child_w)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self._proc = subprocess.Popen(
            [self.executable, *FLAGS, f"--user-data-dir={self._profile.name}",
             f"--window-size={self.width},{self.height}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=wire_fds, pass_fds=(3, 4),  # other fds are closed after wire_fds runs
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        try:
            self.call("Browser.close", timeout=5)
        except BrowserError:
            pass
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        self._profile.cleanup()

    # -- protocol -----------------------------------------------------------------

    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._from_child, 1 << 16)
            except OSError:
                return
            if not chunk:
                return
            buffer += chunk
            while b"\0" in buffer:
                raw, buffer = buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "id" in message:
                    with self._lock:
                        box = self._replies.get(message["id"])
                    if box is not None:
                        box.put(message)
                else:
                    with self._lock:
                        self._events.append(message)

    def call(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 60) -> dict:
        """Send one DevTools command and wait for its result."""
        ident = next(self._ids)
        box: queue.Queue = queue.Queue()
        with self._lock:
            self._replies[ident] = box
        message = {"id": ident, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        try:
            os.write(self._to_child, json.dumps(message).encode("utf-8") + b"\0")
            reply = box.get(timeout=timeout)
        except (OSError, queue.Empty):
            raise BrowserError(f"Chromium gave no answer to {method} within {timeout:.0f}s") from None
        finally:
            with self._lock:
                self._replies.pop(ident, None)
        if "error" in reply:
            raise BrowserError(f"{method}: {reply['error'].get('message')}")
        return reply.get("result", {})

    def events(self, session: str | None = None, method: str | None = None) -> list[dict]:
        with self._lock:
            return [e for e in self._events if (session is None or e.get("sessionId") == session)
                    and (method is None or e.get("method") == method)]

    def open(self, path: Path, offline: bool = True) -> "Page":
        """A new tab showing ``path`` (a local file), loaded with the network switched off."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, session)
        for domain in ("Page", "Runtime", "Network", "Log"):
            page.call(f"{domain}.enable")
        if offline:
            page.call("Network.emulateNetworkConditions", {"offline": True, "latency": 0,
                                                           "downloadThroughput": -1, "uploadThroughput": -1})
        page.call("Emulation.setDeviceMetricsOverride", {"width": self.width, "height": self.height,
                                                         "deviceScaleFactor": 1, "mobile": False})
        page.navigate(Path(path).resolve().as_uri())
        return page


class Page:
    """One tab: navigate, evaluate JavaScript, take screenshots, read what it requested and logged."""

    def __init__(self, browser: Browser, session: str):
        self.browser, self.session = browser, session

    def call(self, method: str, params: dict | None = None, timeout: float = 60) -> dict:
        return self.browser.call(method, params, session=self.session, timeout=timeout)

    def navigate(self, url: str, timeout: float = 60) -> None:
        seen = len(self.browser.events(self.session, "Page.loadEventFired"))
        self.call("Page.navigate", {"url": url})
        deadline = time.monotonic() + timeout
        while len(self.browser.events(self.session, "Page.loadEventFired")) <= seen:
            if time.monotonic() > deadline:
                raise BrowserError(f"{url} did not finish loading within {timeout:.0f}s")
            time.sleep(0.02)

    def evaluate(self, expression: str, timeout: float = 60) -> Any:
        """The value of a JavaScript expression (returned by value; promises awaited)."""
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True}, timeout=timeout)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise BrowserError(f"page script failed: {text}")
        return result.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float = 60, interval: float = 0.02) -> Any:
        """Poll until ``expression`` is truthy; return its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"waited {timeout:.0f}s for {expression!r}; page errors: {self.errors()}")
            time.sleep(interval)

    def screenshot(self) -> bytes:
        """A PNG of the viewport."""
        return base64.b64decode(self.call("Page.captureScreenshot", {"format": "png"})["data"])

    def requests(self) -> list[str]:
        """Every URL the page asked for (the page itself included)."""
        return [e["params"]["request"]["url"] for e in self.browser.events(self.session, "Network.requestWillBeSent")]

    def errors(self) -> list[str]:
        """Uncaught exceptions, console errors and browser log errors (CSP violations among them)."""
        out = []
        for e in self.browser.events(self.session):
            p = e.get("params", {})
            if e["method"] == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                out.append(d.get("exception", {}).get("description") or d.get("text", "exception"))
            elif e["method"] == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                out.append(" ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
            elif e["method"] == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                out.append(p["entry"].get("text", ""))
        return out


def decode_png(data: bytes) -> tuple[int, int, int, bytes]:
    """``(width, height, channels, pixels)`` of an 8-bit, non-interlaced RGB or RGBA PNG; rows unfiltered."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise BrowserError("not a PNG")
    pos, idat = 8, []
    width = height = channels = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace:
                raise BrowserError(f"unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    out = bytearray(height * stride)
    prev = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if kind == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 0xFF
        elif kind == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 0xFF
        elif kind == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = prev[i]
                c = prev[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        out[y * stride:(y + 1) * stride] = line
        prev = line
    return width, height, channels, bytes(out)


def ink(png: bytes, box: tuple[int, int, int, int], background: tuple[int, int, int] = (255, 255, 255),
        tolerance: int = 8) -> int:
    """How many pixels inside ``box`` (left, top, right, bottom) differ from ``background``."""
    width, height, channels, pixels = decode_png(png)
    left, top, right, bottom = max(0, box[0]), max(0, box[1]), min(width, box[2]), min(height, box[3])
    count = 0
    for y in range(top, bottom):
        row = pixels[y * width * channels:(y + 1) * width * channels]
        for x in range(left, right):
            i = x * channels
            if (abs(row[i] - background[0]) > tolerance or abs(row[i + 1] - background[1]) > tolerance
                    or abs(row[i + 2] - background[2]) > tolerance):
                count += 1
    return count
