import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const SERVER_ENTRY = path.join(ROOT, 'dist', 'src', 'main.js');

export interface RunningServer {
  process: ChildProcess;
  url: string;
  port: number;
  logFile: string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the compiled server (npm test builds it first) as a child process, as a user would, and
 * waits for its "server ready" log line (or `readyMessage`). Its log lines go to `logFile`.
 */
export function startServer(env: Record<string, string | undefined>, logFile: string, timeoutMs = 120_000, readyMessage = 'server ready'): Promise<RunningServer> {
  if (!fs.existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run the tests with npm test (it builds first)`);
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, PORT: '0', ...env })) if (v !== undefined) childEnv[k] = v;
  delete childEnv.NODE_OPTIONS; // jest's flags are not the server's
  const child = spawn(process.execPath, [SERVER_ENTRY], { env: childEnv, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = fs.createWriteStream(logFile, { flags: 'a' });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  return new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within ${timeoutMs} ms; see ${logFile}`));
    }, timeoutMs);
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      for (const line of buffer.split('\n').slice(0, -1)) {
        try {
          const entry = JSON.parse(line);
          if (entry.msg === readyMessage) {
            clearTimeout(timer);
            const port = entry.port as number;
            resolve({
              process: child,
              port,
              url: `http://127.0.0.1:${port}`,
              logFile,
              async stop(signal: NodeJS.Signals = 'SIGTERM') {
                if (child.exitCode === null && child.signalCode === null) child.kill(signal);
                return exited;
              },
            });
          }
        } catch {
          /* not a JSON line */
        }
      }
      buffer = buffer.slice(buffer.lastIndexOf('\n') + 1);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code} before it was ready; see ${logFile}`));
    });
  });
}

/** Runs the server and resolves with its exit code and output, for servers expected to refuse to start. */
export function runServerToExit(env: Record<string, string | undefined>, timeoutMs = 60_000): Promise<{ code: number | null; output: string }> {
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, PORT: '0', ...env })) if (v !== undefined) childEnv[k] = v;
  delete childEnv.NODE_OPTIONS;
  const child = spawn(process.execPath, [SERVER_ENTRY], { env: childEnv, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
