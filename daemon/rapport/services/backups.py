"""Backups while the daemon runs: on request and once a day, written off the event loop."""

import asyncio
import logging
import time
from pathlib import Path

from rapport.config import Config
from rapport.store import Store, newest_backup, write_backup

log = logging.getLogger(__name__)
CHECK_EVERY_SECONDS = 3600


async def backup_now(store: Store, config: Config, dest: Path | None = None) -> Path:
    """Copy the state as of now (consistent: taken between two commits) to a backup file."""
    seq, tables = store.frozen_state()
    return await asyncio.to_thread(
        write_backup,
        config.data_dir,
        store.schema_version,
        seq,
        tables,
        dest,
        config.backup_keep,
    )


async def daily_backups(store: Store, config: Config) -> None:
    """Keep a backup younger than `backup_every_hours`, checking hourly."""
    while True:
        newest = newest_backup(config.data_dir)
        age_hours = (time.time() - newest.stat().st_mtime) / 3600 if newest else None
        has_data = any(store.tables().values())
        if has_data and (age_hours is None or age_hours >= config.backup_every_hours):
            try:
                path = await backup_now(store, config)
                log.info("backup written to %s", path)
            except OSError as error:
                log.error("daily backup failed: %s", error)
        await asyncio.sleep(CHECK_EVERY_SECONDS)
