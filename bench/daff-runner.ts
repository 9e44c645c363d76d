/**
 * daff (https://github.com/paulfitz/daff), the generic table-diff tool, diffing the two
 * releases' commitments.csv with `id` as the key column: exactly its command line
 * `daff diff --id id --output <out> <a.csv> <b.csv>`, run in-process through daff.cmd so
 * its own work time is measured apart from process start-up.
 */
import { createRequire } from 'node:module';
import { stat } from 'node:fs/promises';

interface Daff {
  /** Runs the daff command line with these arguments; returns its exit code. */
  cmd(args: string[]): number;
}

export interface DaffResult {
  readonly exitCode: number;
  readonly outputBytes: number;
  readonly workMs: number;
}

export async function runDaff(before: string, after: string, out: string): Promise<DaffResult> {
  const daff = createRequire(import.meta.url)('daff') as Daff;
  const t0 = performance.now();
  const exitCode = daff.cmd(['diff', '--id', 'id', '--output', out, before, after]);
  const workMs = performance.now() - t0;
  return { exitCode, outputBytes: (await stat(out)).size, workMs };
}
