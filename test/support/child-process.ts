/**
 * Runs a program in a child process and collects what it printed. Never throws on a
 * failing exit: the caller asserts the code (or the signal that ended it).
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ProcessRun {
  /** null when a signal ended the process. */
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ProcessOptions {
  readonly cwd: string;
  /** The whole environment of the child (nothing is inherited unless the caller passes it). */
  readonly env: NodeJS.ProcessEnv;
  /** Killed with SIGKILL after this long (default 60 s), so a hung child cannot hang the suite. */
  readonly timeoutMs?: number;
  /** Run as this user and group (root ignores file modes; another user does not). */
  readonly uid?: number;
  readonly gid?: number;
  /** Receives the child once started (to signal it from outside, say). */
  readonly onSpawn?: (child: ChildProcess) => void;
}

/** Runs `command` with `args` (no shell) and resolves when it has exited. */
export function runProcess(command: string, args: readonly string[], options: ProcessOptions): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, uid: options.uid, gid: options.gid, stdio: ['ignore', 'pipe', 'pipe'] });
    options.onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    // Decoded as a stream: a character split between two chunks stays whole.
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
