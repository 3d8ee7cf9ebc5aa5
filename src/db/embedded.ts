import fs from 'node:fs';
import path from 'node:path';
import { acquireDataDirLock } from './lock';

export interface EmbeddedDatabase {
  /** pg connection options for the socket the embedded database listens on. */
  connection: { host: string; port: number; username: string; database: string };
  stop(): Promise<void>;
}

// Unix socket paths are limited to 107 bytes; deeper folders fall back to loopback TCP.
const MAX_SOCKET_PATH = 100;

/**
 * Starts PGlite (PostgreSQL compiled to WebAssembly) on `${dataDir}/pgdata` behind pglite-socket,
 * so TypeORM and pg talk to it exactly as to a real server. PGlite is single-session: the socket
 * server accepts one connection and the pool must hold at most one.
 */
export async function startEmbeddedDatabase(dataDir: string): Promise<EmbeddedDatabase> {
  const release = acquireDataDirLock(dataDir);
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
    const pgdata = path.join(dataDir, 'pgdata');
    const db = await PGlite.create(pgdata, { extensions: { pg_trgm } });
    const socketDir = path.join(dataDir, 'run');
    const socketPath = path.join(socketDir, '.s.PGSQL.5432');
    let server: InstanceType<typeof PGLiteSocketServer>;
    let connection: EmbeddedDatabase['connection'];
    if (socketPath.length <= MAX_SOCKET_PATH) {
      fs.mkdirSync(socketDir, { recursive: true, mode: 0o700 });
      fs.rmSync(socketPath, { force: true }); // left by a killed server; we hold the lock
      server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 1 });
      await server.start();
      connection = { host: socketDir, port: 5432, username: 'postgres', database: 'postgres' };
    } else {
      const port = 20000 + Math.floor(Math.random() * 20000);
      server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 1 });
      await server.start();
      connection = { host: '127.0.0.1', port, username: 'postgres', database: 'postgres' };
    }
    return {
      connection,
      async stop() {
        await server.stop();
        await db.close();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}
