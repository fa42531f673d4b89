"""`rapport serve`: check the settings, open the store, listen on loopback, stop cleanly."""

import asyncio
import gc
import ipaddress
import logging
import signal
import sys
from pathlib import Path

from aiohttp import web

from rapport.app import make_app
from rapport.config import Config, ConfigError, load_config
from rapport.owner_token import KeyringUnavailable, ensure_owner_token
from rapport.store import CorruptData, DataDirLocked, newest_backup

log = logging.getLogger("rapport")


class RefusedToStart(RuntimeError):
    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


def check_loopback(host: str) -> None:
    if host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise RefusedToStart(
            f"--host {host} is not a loopback address; Rapport listens on 127.0.0.1 only, "
            "so that no other machine can reach your data",
            2,
        )


def run(host: str | None, port: int | None, data_dir: Path | None) -> int:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        config = load_config(host=host, port=port, data_dir=data_dir)
        check_loopback(config.host)
        owner_token = ensure_owner_token(config.data_dir)
        return asyncio.run(_serve(config, owner_token))
    except ConfigError as error:
        return _refuse(str(error), 2)
    except KeyringUnavailable as error:
        return _refuse(str(error), 2)
    except RefusedToStart as error:
        return _refuse(str(error), error.exit_code)


def _refuse(message: str, code: int) -> int:
    print(f"rapport: {message}", file=sys.stderr)
    return code


def _way_back(config: Config) -> str:
    backup = newest_backup(config.data_dir)
    if backup is None:
        return "Your data is untouched, and there is no backup to restore in this data dir"
    return (
        f"Your data is untouched. The newest backup is {backup}; with the daemon stopped, "
        f"restore it with: rapport restore {backup} --data-dir {config.data_dir}"
    )


async def _serve(config: Config, owner_token: str) -> int:
    runner = web.AppRunner(make_app(config, owner_token))
    try:
        await runner.setup()
        # The loaded records live as long as the daemon: keep the cycle collector off them.
        gc.freeze()
    except DataDirLocked as error:
        raise RefusedToStart(f"{error}; stop it first (kill {error.pid})", 1) from None
    except CorruptData as error:
        raise RefusedToStart(f"refusing to start: {error}. {_way_back(config)}", 1) from None
    except OSError as error:
        raise RefusedToStart(
            f"cannot open the data files in {config.data_dir}: {error.strerror}", 1
        ) from None
    try:
        site = web.TCPSite(runner, config.host, config.port)
        try:
            await site.start()
        except OSError as error:
            raise RefusedToStart(
                f"cannot listen on {config.host}:{config.port} ({error.strerror}); "
                "is another program using the port? choose one with --port",
                1,
            ) from None
        bound_port = runner.addresses[0][1]
        host = f"[{config.host}]" if ":" in config.host else config.host
        print(
            f"rapport listening on http://{host}:{bound_port} (data: {config.data_dir})", flush=True
        )
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        await stop.wait()
        log.info("shutting down")
    finally:
        await runner.cleanup()
    return 0
