import fs from 'node:fs';
import path from 'node:path';

/**
 * The floors of the house: plumbing (src/shared, src/db, src/policy, src/auth, src/observability, src/config.ts and src/cluster.ts) imports
 * no feature folder and nothing of the composition root (app, context, entities, main, schema,
 * permissions, startup); features never import the composition root.
 */
const SRC = path.join(__dirname, '..', '..', 'src');
const PLUMBING = ['shared', 'db', 'policy', 'auth', 'observability'];
const FEATURES = ['directory', 'agreements', 'cases', 'referrals', 'access-requests', 'statistics', 'coverage', 'audit'];
const ROOT = ['app', 'context', 'entities', 'main', 'schema', 'permissions', 'startup', 'instrumentation', 'token-authority'];

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(full) : e.name.endsWith('.ts') ? [full] : [];
  });
}

/** Relative imports of a file (import ... from, export ... from, import()), resolved to paths under src/. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)'(\.[^']+)'/g)].map((m) => m[1]);
  return specs.map((s) => path.relative(SRC, path.resolve(path.dirname(file), s)));
}

const where = (target: string) => {
  const [first] = target.split(path.sep);
  if (FEATURES.includes(first)) return `feature ${first}`;
  if (target.split(path.sep).length === 1 && ROOT.includes(first)) return `composition root ${first}.ts`;
  return null;
};

describe('the floors of the house', () => {
  it.each(PLUMBING)('src/%s imports no feature folder and nothing of the composition root', (floor) => {
    const wrong: string[] = [];
    for (const file of filesUnder(path.join(SRC, floor))) {
      for (const target of importsOf(file)) {
        const w = where(target);
        if (w) wrong.push(`${path.relative(SRC, file)} -> ${target} (${w})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it.each(['config.ts', 'cluster.ts'])('src/%s imports no feature and nothing of the composition root', (file) => {
    expect(importsOf(path.join(SRC, file)).filter((t) => where(t))).toEqual([]);
  });

  it('features import nothing of the composition root but the context type', () => {
    const wrong: string[] = [];
    for (const feature of FEATURES) {
      for (const file of filesUnder(path.join(SRC, feature))) {
        for (const target of importsOf(file)) {
          const w = where(target);
          // resolvers take the request context (a type), which the root assembles
          if (w?.startsWith('composition root') && target !== 'context') wrong.push(`${path.relative(SRC, file)} -> ${target}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('finds the imports it checks (a test that cannot fail is a defect)', () => {
    expect(importsOf(path.join(SRC, 'app.ts'))).toEqual(expect.arrayContaining(['context', path.join('directory', 'directory.service')]));
  });
});
