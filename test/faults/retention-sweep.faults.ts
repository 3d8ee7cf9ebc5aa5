import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT, startServer } from '../support/server';
import { baseEnv, freshDatabase, gqlAt, token } from './support';

/**
 * The retention sweep killed with SIGKILL half-way (npm run retention, its clock set forward), then run again:
 * every case is either erased whole or untouched, never half-erased, and the second run erases the rest.
 */
const CASES = 40;
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'retention.js');

/** Runs the sweep; `killAfter`: SIGKILL once it reports that many cases erased. Resolves with its stdout. */
function sweep(env: Record<string, string | undefined>, args: string[], killAfter?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }> {
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...env })) if (v !== undefined) childEnv[k] = v;
  delete childEnv.NODE_OPTIONS;
  const child = spawn(process.execPath, [CLI, ...args], { env: childEnv, cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (killAfter !== undefined && child.exitCode === null && (stdout.match(/retention sweep: case erased/g) ?? []).length >= killAfter) child.kill('SIGKILL');
  });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stdout })));
}

describe.each(['embedded', 'postgres'] as const)('the retention sweep on the %s database', (kind) => {
  it('never leaves a case half-erased across a SIGKILL, and resumes', async () => {
    const db = await freshDatabase(kind);
    const env = { ...baseEnv, ...db.env, RETENTION_SWEEP_MINUTES: '0' };
    let server = await startServer(env, path.join(db.dir, 'server.log'));
    const ids: string[] = [];
    try {
      const [cm, sup, dpo] = await Promise.all(['amina.cm@iom-niger.example.org', 'aissata.sup@iom-niger.example.org', 'oumarou.dpo@iom-niger.example.org'].map(token));
      await gqlAt(server.url, dpo, `mutation { setRetentionPolicy(input: { closedDays: 30 }) { closedDays } }`);
      for (let i = 0; i < CASES; i++) {
        const r = await gqlAt(server.url, cm, `mutation($i: RegisterCaseInput!) { registerCase(input: $i) { id } }`, { i: {
          person: { givenName: `Sweep${i}`, familyName: 'Fictional', phone: '+227 90 00 11 22', healthInformation: 'Fictional' },
          consent: { decision: 'GRANTED', method: 'WRITTEN_FORM', givenBy: 'PERSON', language: 'fr', purposes: ['REGISTRATION'], evidenceReference: `form ${i}` },
        } });
        ids.push(r.body.data.registerCase.id);
        await gqlAt(server.url, sup, `mutation($c: ID!) { closeCase(input: { caseId: $c, reason: SERVICES_COMPLETED, note: "Fictional note" }) { id } }`, { c: ids[i] });
      }
      await server.stop();

      const forward = { ...env, RETENTION_NOW_OFFSET_DAYS: '31', LOG_LEVEL: 'debug' };
      const killed = await sweep(forward, [], 3);
      expect(killed.signal).toBe('SIGKILL');

      server = await startServer(env, path.join(db.dir, 'server.log'));
      const read = async () => {
        const out: any[] = [];
        for (const id of ids) {
          const r = await gqlAt(server.url, dpo, `query($id: ID!) { case(id: $id) { erasedAt givenName phone healthInformation consents { evidenceReference } lifecycleHistory { note } } }`, { id });
          out.push(r.body.data.case);
        }
        return out;
      };
      const whole = (c: any) => c.erasedAt === null && c.givenName !== null && c.phone !== null && c.healthInformation !== null
        && c.consents[0].evidenceReference !== null && c.lifecycleHistory[0].note !== null;
      const gone = (c: any) => c.erasedAt !== null && c.givenName === null && c.phone === null && c.healthInformation === null
        && c.consents[0].evidenceReference === null && c.lifecycleHistory[0].note === null;
      const after = await read();
      expect(after.filter((c) => !whole(c) && !gone(c))).toEqual([]);
      const erased = after.filter(gone).length;
      expect(erased).toBeGreaterThanOrEqual(3);
      expect(erased).toBeLessThan(CASES);
      const chain = await gqlAt(server.url, dpo, `{ verifyAuditChain { intact } }`);
      expect(chain.body.data.verifyAuditChain.intact).toBe(true);
      await server.stop();

      const resumed = await sweep({ ...forward, LOG_LEVEL: undefined }, ['--json']);
      expect(resumed.code).toBe(0);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ erased: CASES - erased, failed: 0 });
      server = await startServer(env, path.join(db.dir, 'server.log'));
      expect((await read()).filter((c) => !gone(c))).toEqual([]);
    } finally {
      await server.stop();
      await db.drop();
    }
  }, 300_000);
});
