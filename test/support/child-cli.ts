/**
 * Runs the real CLI in a child process (node + tsx), for tests that must kill it or run
 * two at once. An optional preload wraps the child's fs (see crash-after-writes.mjs).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

export const CRASH_PRELOAD = path.join(REPO, 'test', 'support', 'crash-after-writes.mjs');
/** Makes one file-system call fail, or sends a signal after one (see fs-faults.mjs). */
export const FAULT_PRELOAD = path.join(REPO, 'test', 'support', 'fs-faults.mjs');
const TSX = pathToFileURL(path.join(REPO, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
const CLI = path.join(REPO, 'pipeline', 'cli.ts');

export interface ChildRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `onSpawn` receives the child process (to signal it from outside, say). */
export function runCliChild(
  cwd: string,
  args: readonly string[],
  env: Record<string, string | undefined> = {},
  preload?: string,
  onSpawn?: (child: ChildProcess) => void,
): Promise<ChildRun> {
  const flags = ['--import', TSX, ...(preload ? ['--import', pathToFileURL(preload).href] : []), CLI, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, flags, {
      cwd,
      env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
