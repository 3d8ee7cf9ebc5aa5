import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: any;
  at: number;
  /** What the receiver answered. */
  answered: number | 'hung';
}

/** How a path answers: 200, a status for the first n tries of each delivery (webhook-id) then 200, always a status, never, or when the test says (`answerHeld`). */
export type Behaviour = { kind: 'ok' } | { kind: 'slow'; ms: number } | { kind: 'fail-first'; n: number; status: number } | { kind: 'always'; status: number } | { kind: 'hang' } | { kind: 'held' };

/**
 * A real HTTP receiver for webhook tests, on 127.0.0.1: records every request (path, headers, raw body) and
 * answers by the behaviour of its path.
 */
export async function startReceiver(behaviours: Record<string, Behaviour>) {
  const received: Received[] = [];
  const hanging = new Set<http.ServerResponse>();
  const held = new Map<string, http.ServerResponse[]>();
  const seen = new Map<string, number>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const path = req.url ?? '/';
      const behaviour = behaviours[path] ?? { kind: 'ok' };
      const key = `${path} ${req.headers['webhook-id'] ?? ''}`;
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      let json: any = null;
      try { json = JSON.parse(body); } catch { /* recorded raw */ }
      const entry: Received = { path, headers: req.headers, body, json, at: Date.now(), answered: 200 };
      received.push(entry);
      if (behaviour.kind === 'hang') {
        entry.answered = 'hung';
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      if (behaviour.kind === 'held') {
        entry.answered = 'hung';
        held.set(path, [...(held.get(path) ?? []), res]);
        return;
      }
      if (behaviour.kind === 'slow') {
        setTimeout(() => res.writeHead(200).end('ok'), behaviour.ms);
        return;
      }
      const status = behaviour.kind === 'always' ? behaviour.status : behaviour.kind === 'fail-first' && n <= behaviour.n ? behaviour.status : 200;
      entry.answered = status;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'not now');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    /** Requests a hanging path holds open right now. */
    hangingCount: () => hanging.size,
    at: (path: string) => received.filter((r) => r.path === path),
    /** Answers every request a `held` path holds with this status. */
    answerHeld(path: string, status: number) {
      for (const res of held.get(path) ?? []) if (!res.destroyed) res.writeHead(status).end('answered late');
      held.delete(path);
    },
    async close() {
      for (const res of [...hanging, ...[...held.values()].flat()]) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Waits until `check` returns a truthy value (polled every 50 ms), or fails after `timeoutMs` saying what it waited for. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 30_000): Promise<Exclude<T, undefined | null | false | 0 | ''>> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value as Exclude<T, undefined | null | false | 0 | ''>;
    if (Date.now() - started > timeoutMs) throw new Error(`gave up waiting ${timeoutMs} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
