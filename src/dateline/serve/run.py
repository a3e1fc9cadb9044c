"""Starting the server: uvicorn on loopback by default, loudly elsewhere."""
from __future__ import annotations

import ipaddress
import sys


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind_warning(host: str) -> str | None:
    """What to tell the user when the server will be reachable from other machines."""
    if is_loopback(host):
        return None
    return (f"warning: binding to {host}, not 127.0.0.1: anyone who can reach this machine on"
            " the network can read every stored article and event (there is no login)")


def serve(db_path: str, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the store until interrupted (Ctrl-C)."""
    import uvicorn

    from .app import create_app

    warning = bind_warning(host)
    if warning:
        print(f"dateline: {warning}", file=sys.stderr, flush=True)
    app = create_app(db_path)  # fails here, before binding, if the store cannot be served
    shown = f"[{host}]" if ":" in host else host
    print(f"dateline: serving {db_path} (read-only) at http://{shown}:{port}/  (Ctrl-C stops)",
          file=sys.stderr, flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)
