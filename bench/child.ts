/**
 * One measured configuration, in a fresh process: `node --import tsx bench/child.ts <task>
 * '<json args>' <result file>`. The task's modules are imported only when it runs, so the
 * `baseline` task shows what node + tsx alone cost. The result file gets the task's result,
 * the import time and the process's peak RSS (process.resourceUsage().maxRSS) at the end.
 */
import { writeFile } from 'node:fs/promises';

type Args = Record<string, string>;

const tasks: Record<string, (a: Args) => Promise<unknown>> = {
  baseline: async () => null,
  generate: async (a) => (await import('./generate.ts')).generateDataset(Number(a.n), a.out!),
  release: async (a) => {
    const [{ runRelease }, { LocalStore }, { BENCH_DATE }, { readSeedHistory }] = await Promise.all([
      import('../pipeline/release.ts'),
      import('../pipeline/store/local-store.ts'),
      import('./stages.ts'),
      import('../pipeline/seeds/seed-history.ts'),
    ]);
    const importedAt = performance.now();
    const outcome = await runRelease({
      seedsDir: a.seeds!,
      cwd: a.seeds!,
      store: new LocalStore(a.store!),
      date: BENCH_DATE,
      progress: () => undefined,
      now: () => performance.now(),
      readHistory: (range) => readSeedHistory(a.seeds!, range),
    });
    const workMs = performance.now() - importedAt;
    if (outcome.kind === 'invalid') throw new Error(`invalid seeds: ${outcome.problems[0]?.message}`);
    return {
      workMs,
      outcome: outcome.kind,
      version: outcome.kind === 'planned' ? outcome.plan.to : outcome.latest,
      summary: outcome.kind === 'planned' ? outcome.diff.summary : null,
      records: outcome.kind === 'planned' ? outcome.dataset.records.length : outcome.records,
      warnings: outcome.problems.length,
    };
  },
  stages: async (a) => (await import('./stages.ts')).timeStages(a.seeds!, a.store!),
  floor: async (a) => (await import('./floor.ts')).runFloor(a.seeds!, a.previous || null, a.out!),
  'diff-by-id': async (a) => (await import('./diff-by-id.ts')).runDiffById(a.store!, a.from!, a.to!, a.out!),
  daff: async (a) => (await import('./daff-runner.ts')).runDaff(a.before!, a.after!, a.out!),
  check: async (a) => (await import('./check.ts')).runCheck(a.dir!, a.store!, a.from!, a.to!),
};

async function main(): Promise<void> {
  const [name, rawArgs, resultFile] = process.argv.slice(2);
  const task = name ? tasks[name] : undefined;
  if (!task || !resultFile) throw new Error(`usage: child.ts <${Object.keys(tasks).join('|')}> '<json args>' <result file>`);
  const startedAt = performance.now();
  const result = await task(JSON.parse(rawArgs ?? '{}') as Args);
  const taskMs = performance.now() - startedAt;
  const usage = process.resourceUsage();
  await writeFile(
    resultFile,
    JSON.stringify({ result, taskMs, uptimeMs: process.uptime() * 1000, maxRssMb: usage.maxRSS / 1024, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`bench child failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
