/**
 * `npm start` on the real seeds (45 commitments today): the CLI's wall time, as a user
 * sees it, next to the in-process work of runRelease, to show what dominates.
 */
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { SmallResult } from './report.ts';
import { median } from './format.ts';
import { REPO_ROOT, runChild, type ChildOptions } from './spawn.ts';

const RUNS = 5;

function wallOf(args: string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('npx', args, { cwd: REPO_ROOT, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`npx ${args.join(' ')} exited ${code}`))));
  });
}

export async function measureSmall(dir: string, options: ChildOptions, log: (line: string) => void): Promise<SmallResult> {
  await mkdir(dir, { recursive: true });
  const cli = ['tsx', 'pipeline/cli.ts'];
  const first: number[] = [];
  const again: number[] = [];
  const help: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const store = path.join(dir, `cli-${i}`);
    first.push(await wallOf([...cli, 'release', '--releases', store]));
    again.push(await wallOf([...cli, 'release', '--releases', store]));
    help.push(await wallOf([...cli, '--help']));
  }
  const work: number[] = [];
  const imports: number[] = [];
  const walls: number[] = [];
  let records = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await runChild<{ workMs: number; records: number }>('release', { seeds: path.join(REPO_ROOT, 'seeds'), store: path.join(dir, `child-${i}`) }, options);
    if (!r.ok) throw new Error(`release of the real seeds failed: ${r.failure}`);
    work.push(r.result.workMs);
    imports.push(r.taskMs - r.result.workMs);
    walls.push(r.wallMs);
    records = r.result.records;
  }
  const baseline: number[] = [];
  for (let i = 0; i < RUNS; i++) baseline.push((await runChild<null>('baseline', {}, options)).wallMs);
  const result: SmallResult = {
    runs: RUNS,
    records,
    cliFirstWallMs: median(first),
    cliNoChangeWallMs: median(again),
    cliHelpWallMs: median(help),
    inProcessWorkMs: median(work),
    inProcessImportMs: median(imports),
    inProcessWallMs: median(walls),
    baselineWallMs: median(baseline),
  };
  log(`  CLI release ${Math.round(result.cliFirstWallMs)} ms wall; runRelease work ${Math.round(result.inProcessWorkMs)} ms`);
  return result;
}
