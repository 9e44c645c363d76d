/**
 * One secrets case: a command run in a fresh run folder with the token in its environment,
 * against GitHub in one mode, then scanned for the token everywhere. In-process (through
 * the recording client, catching anything that bypasses the CLI's io object) or as a
 * child process (its real streams, the unwrapped production client).
 */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { format as formatArgs } from 'node:util';
import { vi } from 'vitest';
import { cli } from '../cli.ts';
import { runCliChild } from '../cli-child.ts';
import { startGithub, type Github, type Mode } from './github-modes.ts';
import { findLeaks } from './leak-scanner.ts';
import { SENT, withRecordingTiming } from './recording-client.ts';
import { makeRunFolder, runEnv, type SecretsSandbox } from './sandbox.ts';
import type { TokenCase } from './tokens.ts';

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Anything written to the process's own stdout/stderr or console meanwhile (should be nothing). */
  readonly leaked: string;
}

/** 'offline': the command has no use for GitHub; it still gets one that fails every request, so any request would show. */
export type CaseMode = Mode | 'offline';

/** One command with one token against GitHub in one mode. */
export interface SecretsCase {
  readonly token: TokenCase;
  readonly mode: CaseMode;
  readonly args: readonly string[];
  /** Puts what the command reads into the workspace. */
  readonly prepare?: (dir: string) => Promise<void>;
}

/** Runs the CLI in-process, catching anything that bypasses the io object too; os.tmpdir() is `tmp` meanwhile. */
export async function runInProcess(args: readonly string[], cwd: string, env: Record<string, string | undefined>, tmp: string): Promise<Run> {
  const bypass: string[] = [];
  const grab = (chunk: unknown): boolean => {
    bypass.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(grab as never),
    vi.spyOn(process.stderr, 'write').mockImplementation(grab as never),
    ...(['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((m) =>
      vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void bypass.push(formatArgs(...a))),
    ),
  ];
  const savedTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = tmp; // the run's temporary files land where they are scanned
  try {
    const run = await cli(cwd, args, env);
    return { ...run, leaked: bypass.join('') };
  } finally {
    if (savedTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmpdir;
    for (const s of spies) s.mockRestore();
  }
}

/** A fresh run folder, prepared; GitHub in `mode` (closed by the caller); what the real temporary folder held before. */
async function openCase(sandbox: SecretsSandbox, { token, mode, prepare }: SecretsCase) {
  const { dir, tmp } = await makeRunFolder(sandbox);
  await prepare?.(dir);
  const github = await startGithub(token, mode === 'offline' ? 'http-500' : mode, sandbox.firstRelease);
  return { dir, tmp, github, tmpBefore: new Set(await readdir(sandbox.realTmp)) };
}

/** Runs `args` in-process in a fresh run folder (removed afterwards) against GitHub in `mode`; returns the run, every leak found, and the GitHub it talked to (closed). */
export async function runCase(sandbox: SecretsSandbox, c: SecretsCase): Promise<{ run: Run; leaks: string[]; github: Github }> {
  const { token, mode, args } = c;
  const { dir, tmp, github, tmpBefore } = await openCase(sandbox, c);
  const sentFrom = SENT.length;
  try {
    const run = await withRecordingTiming(mode === 'timeout' ? { requestTimeoutMs: 100, retries: 1 } : {}, () => runInProcess(args, dir, runEnv(token, github.apiUrl, dir, tmp), tmp));
    const leaks = await findLeaks(token, { ...run, runFolder: path.dirname(dir), realTmp: sandbox.realTmp, tmpBefore, sent: SENT.slice(sentFrom), github });
    return { run, leaks, github };
  } finally {
    await github.close();
    await rm(path.dirname(dir), { recursive: true, force: true });
  }
}

/**
 * Runs `args` with the CLI as a child process in a fresh run folder against GitHub in
 * `mode`, with the pull-request job's environment and nothing else. Its TMPDIR is the real
 * temporary folder (tsx keeps its cache there); what the run adds to it is scanned.
 */
export async function runChildCase(sandbox: SecretsSandbox, c: SecretsCase): Promise<{ run: Run; leaks: string[]; requests: number }> {
  const { token, args } = c;
  const { dir, github, tmpBefore } = await openCase(sandbox, c);
  try {
    const out = await runCliChild(dir, args, { env: runEnv(token, github.apiUrl, dir, sandbox.realTmp), inherit: false });
    const run: Run = { code: out.code ?? -1, stdout: out.stdout, stderr: out.stderr, leaked: '' };
    const leaks = await findLeaks(token, { ...run, runFolder: path.dirname(dir), realTmp: sandbox.realTmp, tmpBefore, sent: [], github });
    return { run, leaks, requests: github.fake.requests.length + (github.proxy?.echoed() ?? 0) };
  } finally {
    await github.close();
  }
}
