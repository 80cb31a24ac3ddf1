"""The live-reload script injected into HTML responses while serving (never into build output)."""

from __future__ import annotations

EVENTS_PATH = "/__cjmsite/events"

# The page knows the build version it was served from; the server sends the current
# version on connect ("hello") and after each rebuild ("reload"). A mismatch reloads,
# so a rebuild that finished between the page load and the connection is not missed.
SCRIPT = """<script data-cjmsite-livereload>(function () {
  var version = %d;
  if (!window.EventSource) return;
  var source = new EventSource("%s");
  function check(event) {
    if (Number(event.data) !== version) { source.close(); location.reload(); }
  }
  source.addEventListener("hello", check);
  source.addEventListener("reload", check);
})();</script>
"""


def script(version: int) -> bytes:
    return (SCRIPT % (version, EVENTS_PATH)).encode("utf-8")


def inject(html: bytes, version: int) -> bytes:
    """`html` with the reload script before its last `</body>` (or at its end)."""
    tag = script(version)
    index = html.lower().rfind(b"</body>")
    if index < 0:
        return html + tag
    return html[:index] + tag + html[index:]
