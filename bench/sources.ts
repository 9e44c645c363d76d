/**
 * Which code a run measured: the git commit (or BENCH_COMMIT when run from an exported
 * snapshot) and a digest of the pipeline's sources, taken at the start and at the end, so
 * a run during which someone edited pipeline/ says so instead of mixing versions silently.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function commitOf(root: string): string {
  if (process.env.BENCH_COMMIT) return process.env.BENCH_COMMIT;
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'pipeline', 'package.json'], { cwd: root, encoding: 'utf8' }).trim();
    return dirty ? `${head} + uncommitted changes in pipeline/` : head;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/** sha256 over the paths and contents of every file under pipeline/, in path order. */
export function sourcesDigest(root: string): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) hash.update(path.relative(root, full)).update('\0').update(readFileSync(full)).update('\0');
    }
  };
  walk(path.join(root, 'pipeline'));
  return hash.digest('hex').slice(0, 12);
}
