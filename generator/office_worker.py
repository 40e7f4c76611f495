"""The UNO side of ``generator.office``: a script that converts documents in a running LibreOffice.

Run by a Python that can ``import uno`` (Debian's /usr/bin/python3 with python3-uno, or
LibreOffice's own bundled python on Windows and macOS), never imported by the generator.

    python3 office_worker.py PIPE_NAME CONNECT_SECONDS SOFFICE_PID

It connects to the LibreOffice started (by ``generator.office``) with
``--accept=pipe,name=PIPE_NAME;urp;``, then answers one JSON line per request read from stdin:

* ``{"src": "/x.docx", "dst": "/x.pdf"}`` → loads the document hidden, exports it with
  ``writer_pdf_Export`` (the filter of ``soffice --convert-to pdf``, same defaults) and closes
  it: ``{"ok": true}``, or ``{"error": "…", "dead": bool}`` (``dead``: the office went away);
* ``{"src": …, "dst": …, "toc": ["entry", …]}`` → the same, but first the 目录 is numbered inside
  LibreOffice by the macro ``office_toc.py`` (copied into the profile): ``{"pages": [...]}`` is
  printed as soon as the numbers are known (the caller renders the .docx with them meanwhile),
  then the export's answer; ``{"pages": null, "why": …}`` and no export when it could not number
  it (no Python script provider in this LibreOffice, or a 目录 that is not the headings');
* end of stdin (the caller ended or died) → LibreOffice is asked to terminate, its process group
  (SOFFICE_PID's, a session of its own) is killed, and the script exits — no LibreOffice outlives
  its caller.

Before the first request it prints ``{"ready": true}`` once connected, ``{"error": …}`` when it
cannot connect within CONNECT_SECONDS; it exits with status 3 (nothing printed) when ``uno``
cannot be imported, so the caller tries another Python or falls back to ``soffice
--convert-to``. Standard library and ``uno`` only: it runs under whatever Python LibreOffice has.
"""
import json
import sys
import time

NO_UNO = 3


def _say(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def _props(**values):
    from com.sun.star.beans import PropertyValue

    out = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        out.append(prop)
    return tuple(out)


def _connect(uno, pipe, seconds):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + seconds
    while True:
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return ctx, ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except Exception:  # noqa: BLE001 — NoConnectException until LibreOffice listens
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


_TOC_SCRIPT = "vnd.sun.star.script:juesuan_toc.py$number_toc?language=Python&location=user"


_scripts = {}  # the 目录 macro of this connection, or why there is none


def _numbering(ctx):
    """(the 目录 macro, '') or (None, why: this LibreOffice has no Python script provider)."""
    if "toc" not in _scripts:
        try:
            factory = ctx.ServiceManager.createInstanceWithContext(
                "com.sun.star.script.provider.MasterScriptProviderFactory", ctx)
            _scripts["toc"] = (factory.createScriptProvider("").getScript(_TOC_SCRIPT), "")
        except Exception as exc:  # noqa: BLE001 — no provider, no script: the caller numbers it its way
            _scripts["toc"] = (None, f"no Python script provider ({type(exc).__name__}: {exc})"[:200])
    return _scripts["toc"]


def _convert(uno, ctx, desktop, src, dst, toc=None):
    numbering, why = _numbering(ctx) if toc is not None else (None, "")
    if toc is not None and numbering is None:
        _say({"pages": None, "why": why})
        return False
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0,
                                       _props(Hidden=True, ReadOnly=toc is None))
    if doc is None:
        raise RuntimeError("LibreOffice could not open the document")
    try:
        if numbering is not None:
            done = json.loads(numbering.invoke((doc, json.dumps(toc)), (), ())[0])
            _say({"pages": done.get("pages"), "why": done.get("why", "")})
            if not done.get("pages"):
                return False
        doc.storeToURL(uno.systemPathToFileUrl(dst), _props(FilterName="writer_pdf_Export"))
    finally:
        doc.close(True)
    return True


def main():
    try:
        import uno
    except ImportError:
        sys.exit(NO_UNO)
    pipe, seconds = sys.argv[1], int(sys.argv[2])
    try:
        ctx, desktop = _connect(uno, pipe, seconds)
    except Exception as exc:  # noqa: BLE001 — reported to the caller, which gives up on this office
        _say({"error": f"{type(exc).__name__}: {exc}"})
        return
    _say({"ready": True})
    for line in sys.stdin:
        request = json.loads(line)
        try:
            if _convert(uno, ctx, desktop, request["src"], request["dst"], request.get("toc")):
                _say({"ok": True})
        except Exception as exc:  # noqa: BLE001 — one document's failure, or the office died
            name = type(exc).__name__
            _say({"error": f"{name}: {exc}"[:300], "dead": "Disposed" in name or "Connection" in name})
    _end(desktop, int(sys.argv[3]) if len(sys.argv) > 3 else 0)


def _end(desktop, group):
    """The caller went away (stdin closed): LibreOffice is asked to terminate and, since a
    headless LibreOffice may refuse, its process group (``group``) is killed after that."""
    try:
        desktop.terminate()
    except Exception:  # noqa: BLE001 — already gone
        pass
    if not group:
        return
    import os
    import signal
    import subprocess

    time.sleep(1)
    try:
        if os.name == "nt":
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(group)], capture_output=True)
        else:
            os.killpg(group, signal.SIGKILL)
    except OSError:
        pass


if __name__ == "__main__":
    main()
