import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { logger } from '../shared/logger';
import { signals } from '../shared/signals';

/**
 * What may change under a cache kept in memory: `directory` (agencies, services, locations, categories,
 * agreements shown with them: the search cache), `coverage` (pathways, their steps, MoUs, SOPs and services:
 * what pathwayCoverage reads) and `reference` (agencies, areas, service categories: the copies every search page
 * reads; told only by their writers, so the frequent writes of services and locations leave the copies be).
 */
export const CHANGE_TOPICS = ['directory', 'coverage', 'reference'] as const;
export type ChangeTopic = (typeof CHANGE_TOPICS)[number];

/** The one PostgreSQL channel of the feed; the payload names the sender and the topics. */
export const CHANGE_CHANNEL = 'mrn_changes';

/** What a writer holds: the topics its writes change. */
export interface Changes {
  /**
   * Inside the write's transaction: the other instances hear of it when it commits, and not at all when it
   * rolls back (PostgreSQL delivers a NOTIFY on commit). Nothing to do on the embedded database.
   */
  tellOthers(m: Statements): Promise<void>;
  /** This instance's caches, at once (after the write, committed or not: a needless miss costs little). */
  invalidateHere(): void;
  /** Both, for a writer with no transaction at hand: here at once, the others by a notification sent now. */
  invalidate(): void;
}

export interface ChangeFeedOptions {
  /** The primary's URL (DATABASE_URL): LISTEN on one connection of its own. None on the embedded database (one process: local fan-out only). */
  databaseUrl?: string;
  /** First wait before reconnecting, doubled after each failure up to `maxBackoffMs`. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** A `SELECT 1` on the listening connection this often, so a connection that died silently is noticed. */
  heartbeatMs?: number;
  /**
   * With read replicas: the caches of a topic empty themselves again this long after its last change, so an
   * answer read from a replica that had not yet replayed the change is not kept (0: once is enough).
   */
  settleMs?: number;
}

type Listener = () => void;

/** Where a statement runs: the write's transaction (an EntityManager) or a connection. */
export interface Statements {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * A write that changes what caches hold: `work` in one transaction that tells the other instances when it
 * commits, then this instance's caches at once (also after a failure: never wrong, and a needless miss costs little).
 */
export async function writeTelling<T, M extends Statements>(
  db: { transaction<R>(work: (m: M) => Promise<R>): Promise<R> }, changes: Changes | undefined, work: (m: M) => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction(async (m) => {
      const result = await work(m);
      await changes?.tellOthers(m);
      return result;
    });
  } finally {
    changes?.invalidateHere();
  }
}

/**
 * Tells every running instance that `topics` changed, for a process that writes without a feed of its own (a
 * command-line tool such as npm run seed or hsds:import): their caches empty as for a write of their own.
 */
export async function tellRunningInstances(db: Statements, topics: readonly ChangeTopic[]): Promise<void> {
  await db.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, `${randomBytes(6).toString('hex')} ${topics.join(',')}`]);
}

/**
 * Caches in memory stay coherent across API instances: a write calls its `Changes` (see `topics`), which empties
 * this instance's caches at once (read-your-writes) and tells the other instances through PostgreSQL
 * LISTEN/NOTIFY, delivered on commit. Each instance listens on one connection of its own (not from the pool);
 * when it is lost, it reconnects with backoff and then empties every cache, since notifications sent meanwhile
 * were missed. Its own notifications come back to it and are ignored (its caches were emptied already).
 */
export class ChangeFeed {
  /** Names this feed in its notifications, so it knows its own when they come back. */
  readonly instance = randomBytes(6).toString('hex');
  private readonly listeners = new Map<ChangeTopic, Set<Listener>>(CHANGE_TOPICS.map((t) => [t, new Set()]));
  private readonly options: Required<Omit<ChangeFeedOptions, 'databaseUrl'>> & { databaseUrl?: string };
  private client: Client | null = null;
  private stopped = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private connecting: Promise<void> | null = null;
  private readonly settling = new Set<ChangeTopic>();
  private settleTimer: NodeJS.Timeout | null = null;
  /** Sends a notification outside any transaction (`invalidate()`); set by the composition root. */
  private sendNow: ((sql: string, params: unknown[]) => Promise<unknown>) | null = null;

  constructor(options: ChangeFeedOptions = {}) {
    this.options = { minBackoffMs: 200, maxBackoffMs: 10_000, heartbeatMs: 30_000, settleMs: 0, ...options };
  }

  /** True when other instances may exist (PostgreSQL); false on the embedded database. */
  get shared(): boolean {
    return Boolean(this.options.databaseUrl);
  }

  /** True while the listening connection is up (always true on the embedded database). */
  get listening(): boolean {
    return !this.shared || this.client !== null;
  }

  /** Registers a cache of this instance: `feed.on('directory', () => searchCache.invalidate())`. Returns the unsubscribe. */
  on(topic: ChangeTopic, listener: Listener): () => void {
    this.listeners.get(topic)!.add(listener);
    return () => this.listeners.get(topic)!.delete(listener);
  }

  /** The `Changes` a writer holds for `topics`. */
  topics(...topics: ChangeTopic[]): Changes {
    const payload = `${this.instance} ${topics.join(',')}`;
    const countSent = () => { for (const t of topics) signals.changeNotified('sent', t); };
    return {
      tellOthers: async (m) => {
        if (!this.shared) return;
        await m.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, payload]);
        countSent();
      },
      invalidateHere: () => this.fire(topics),
      invalidate: () => {
        this.fire(topics);
        if (!this.shared || !this.sendNow) return;
        this.sendNow('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, payload]).then(countSent, (e) =>
          logger.warn({ err: { message: (e as Error).message } }, 'change feed: the other instances could not be told of a change (their caches expire by their TTL)'));
      },
    };
  }

  /**
   * Starts listening (nothing on the embedded database). `send` runs a statement on the pool, for `invalidate()`.
   * Resolves once listening, or after the first failure (then it keeps retrying in the background).
   */
  async start(send: (sql: string, params: unknown[]) => Promise<unknown>): Promise<void> {
    this.sendNow = send;
    if (!this.shared) return;
    await this.connect();
  }

  /** Stops listening and retrying; caches are left as they are. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (this.settleTimer) clearTimeout(this.settleTimer);
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }

  private fire(topics: readonly ChangeTopic[], settled = false): void {
    if (this.options.settleMs > 0 && !settled) {
      // once more after the last change of a burst: later than any change a replica within the allowance replays
      for (const t of topics) this.settling.add(t);
      if (this.settleTimer) clearTimeout(this.settleTimer);
      this.settleTimer = setTimeout(() => {
        this.settleTimer = null;
        const again = [...this.settling];
        this.settling.clear();
        this.fire(again, true);
      }, this.options.settleMs);
      this.settleTimer.unref();
    }
    for (const topic of topics) {
      for (const listener of this.listeners.get(topic)!) {
        try {
          listener();
        } catch (e) {
          logger.warn({ err: { message: (e as Error).message }, topic }, 'change feed: a cache failed to empty itself');
        }
      }
    }
  }

  private connect(): Promise<void> {
    this.connecting = this.open().finally(() => (this.connecting = null));
    return this.connecting;
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    const reconnecting = this.failures > 0;
    const client = new Client({
      connectionString: this.options.databaseUrl,
      // pg_stat_activity shows whose listener this is (and tests find it there)
      application_name: `mrn-change-feed pid=${process.pid}`,
      keepAlive: true,
      query_timeout: 10_000,
      connectionTimeoutMillis: 10_000,
    });
    let lost = false;
    const onLost = (e?: Error) => {
      if (lost) return;
      lost = true;
      if (this.client === client) this.client = null;
      if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      logger.warn({ err: e ? { message: e.message, code: (e as any).code } : undefined }, 'change feed: listening connection lost, reconnecting');
      this.scheduleRetry();
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (n) => {
      if (n.channel === CHANGE_CHANNEL) this.received(n.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (e) {
      onLost(e as Error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.failures = 0;
    this.heartbeatTimer = setInterval(() => {
      client.query('SELECT 1').catch((e) => onLost(e as Error));
    }, this.options.heartbeatMs);
    this.heartbeatTimer.unref();
    if (reconnecting) {
      // notifications sent while no connection listened are lost: every cache starts afresh
      this.fire(CHANGE_TOPICS);
      signals.changeFeedReconnected();
      logger.info('change feed: listening again, caches emptied');
    }
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer) return;
    const wait = Math.min(this.options.maxBackoffMs, this.options.minBackoffMs * 2 ** this.failures);
    this.failures++;
    // a little jitter, so instances cut off together do not all come back at the same instant
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, wait * (0.75 + Math.random() * 0.5));
    this.retryTimer.unref();
  }

  private received(payload: string): void {
    const [sender, list = ''] = payload.split(' ');
    if (sender === this.instance) return;
    const topics = list.split(',').filter((t): t is ChangeTopic => (CHANGE_TOPICS as readonly string[]).includes(t));
    for (const t of topics) signals.changeNotified('received', t);
    this.fire(topics);
  }
}
