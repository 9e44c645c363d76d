/**
 * Runs one child task in a fresh node process with a generous heap limit, a wall-clock cap
 * and a poll of /proc/<pid>/status VmHWM, so even a child that is killed or runs out of
 * memory leaves its peak RSS behind; a failure comes back as a reason, never as a hang.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(BENCH_DIR, '..');

export interface ChildOptions {
  /** --max-old-space-size, in MB. */
  readonly heapMb: number;
  readonly timeoutMs: number;
  /** When set, the child writes a V8 CPU profile into this folder. */
  readonly cpuProfDir?: string;
}

export interface ChildEnvelope<T> {
  readonly result: T;
  /** Time spent in the task (imports included), in the child. */
  readonly taskMs: number;
  /** Child's uptime at the end, from process start. */
  readonly uptimeMs: number;
  readonly maxRssMb: number;
  readonly cpuMs: number;
}

export type ChildRun<T> =
  | ({ readonly ok: true; readonly wallMs: number; readonly peakMb: number } & ChildEnvelope<T>)
  | { readonly ok: false; readonly wallMs: number; readonly peakMb: number; readonly failure: string };

function vmHwmMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** The line of a child's stderr that says what went wrong (not the stack below it). */
function firstErrorLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const line = lines.find((l) => /^bench child failed:|^\w*Error\b|^FATAL/.test(l)) ?? lines[lines.length - 1] ?? 'no output';
  return line.replace(/^bench child failed:\s*/, '').slice(0, 200);
}

let counter = 0;

/** Runs `bench/child.ts <task>` and returns its result, wall time and peak RSS. */
export async function runChild<T>(task: string, args: Record<string, string>, options: ChildOptions): Promise<ChildRun<T>> {
  const resultFile = path.join(os.tmpdir(), `bench-result-${process.pid}-${++counter}.json`);
  const flags = [`--max-old-space-size=${options.heapMb}`];
  if (options.cpuProfDir) flags.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`, `--cpu-prof-name=${task}-${counter}.cpuprofile`);
  const started = performance.now();
  const child = spawn(process.execPath, [...flags, '--import', 'tsx', path.join(BENCH_DIR, 'child.ts'), task, JSON.stringify(args), resultFile], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-8000);
  });
  let peakMb = 0;
  const poll = setInterval(() => {
    if (child.pid !== undefined) peakMb = Math.max(peakMb, vmHwmMb(child.pid));
  }, 100);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs);
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (c, s) => resolve({ code: c, signal: s })),
  );
  const wallMs = performance.now() - started;
  clearInterval(poll);
  clearTimeout(timer);
  if (code === 0) {
    const envelope = JSON.parse(await readFile(resultFile, 'utf8')) as ChildEnvelope<T>;
    await rm(resultFile, { force: true });
    return { ok: true, wallMs, peakMb: Math.max(peakMb, envelope.maxRssMb), ...envelope };
  }
  await rm(resultFile, { force: true });
  const failure = timedOut
    ? `timeout after ${Math.round(options.timeoutMs / 1000)} s`
    : /heap out of memory|Reached heap limit|Allocation failed/i.test(stderr)
      ? `out of memory (heap limit ${options.heapMb} MB)`
      : `exit ${code ?? signal}: ${firstErrorLine(stderr)}`;
  return { ok: false, wallMs, peakMb, failure };
}
