import fs from 'node:fs';
import path from 'node:path';

export class DataDirInUseError extends Error {}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite has no lock of its own: a second process opening the same folder corrupts it for good.
 * We hold `server.lock` with our pid; a lock whose owner is dead is stale and is taken over.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lockPath = path.join(dataDir, 'server.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx', 0o600);
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const owner = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
          if (owner.pid === process.pid) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let ownerPid: number | undefined;
      try {
        ownerPid = JSON.parse(fs.readFileSync(lockPath, 'utf8')).pid;
      } catch {
        ownerPid = undefined; // half-written by a process that died: stale
      }
      if (ownerPid && ownerPid !== process.pid && isAlive(ownerPid)) {
        throw new DataDirInUseError(
          `The data folder ${dataDir} is already in use by another server (pid ${ownerPid}). ` +
            `Stop that server first, or give this one its own folder with DATA_DIR (or use DATABASE_URL).`,
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new DataDirInUseError(`Could not take the lock on ${lockPath}; try again.`);
}
