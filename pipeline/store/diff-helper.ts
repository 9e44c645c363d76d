/**
 * A second thread for diffing two releases (pipeline/store/diff-worker.mjs): it hashes the
 * files it is given (diffReleases: both commitments.json) while the main thread compares
 * their lines, then computes the character diffs of the changed fields that the main
 * thread hands it as it finds them. The main thread then only looks the diffs up.
 */
import { Worker } from 'node:worker_threads';
import { diffChars } from '../diff/char-diff.mjs';
import type { DiffOp } from '../schemas/release.ts';

/** Pairs sent at a time (one message each way per batch). */
const BATCH = 64;

export class DiffHelper {
  private readonly worker: Worker;
  /** The hex SHA-256 of each descriptor's content, in order. */
  readonly digests: Promise<string[]>;
  private pairs: string[] = [];
  private readonly sent: string[][] = [];
  private readonly answers = new Map<number, DiffOp[][]>();
  private readonly waiting = new Map<number, () => void>();
  private failure: Error | null = null;

  /** Starts the thread on descriptors the caller keeps open until `digests` and `charDiffs()` settle. */
  constructor(fds: readonly number[]) {
    this.worker = new Worker(new URL('./diff-worker.mjs', import.meta.url), { execArgv: [], workerData: { fds: [...fds] }, stdout: false, stderr: false });
    this.worker.unref();
    this.digests = new Promise((resolve, reject) => {
      this.worker.on('message', (message: { digests?: string[]; batch?: number; diffs?: DiffOp[][] }) => {
        if (message.digests) resolve(message.digests);
        else if (message.batch !== undefined && message.diffs) {
          this.answers.set(message.batch, message.diffs);
          this.waiting.get(message.batch)?.();
        }
      });
      const fail = (err: Error): void => {
        this.failure ??= new Error(`the diff helper thread failed: ${err.message}`, { cause: err });
        reject(this.failure);
        for (const wake of this.waiting.values()) wake();
      };
      this.worker.on('error', fail);
      this.worker.on('exit', (code) => {
        if (code !== 0) fail(new Error(`it stopped with code ${code}`));
      });
    });
    this.digests.catch(() => undefined); // awaited by the caller; not unhandled meanwhile
  }

  /** Asks for the character diff of two values of a field (computed on the other thread). */
  request(before: string, after: string): void {
    this.pairs.push(before, after);
    if (this.pairs.length >= BATCH * 2) this.flush();
  }

  private flush(): void {
    if (this.pairs.length === 0) return;
    this.worker.postMessage({ batch: this.sent.length, pairs: this.pairs });
    this.sent.push(this.pairs);
    this.pairs = [];
  }

  /**
   * Waits for every requested diff and ends the thread; returns a lookup of them by the
   * two values (a pair never requested is diffed here).
   */
  async charDiffs(): Promise<(before: string, after: string) => DiffOp[]> {
    this.flush();
    await Promise.all(
      this.sent.map((_, batch) => (this.answers.has(batch) || this.failure ? undefined : new Promise<void>((wake) => this.waiting.set(batch, wake)))),
    );
    if (this.failure) throw this.failure;
    this.worker.postMessage({ end: true });
    const found = new Map<string, DiffOp[]>();
    this.sent.forEach((pairs, batch) => {
      const diffs = this.answers.get(batch)!;
      for (let i = 0; i < diffs.length; i++) found.set(`${pairs[2 * i]}\u0000${pairs[2 * i + 1]}`, diffs[i]!);
    });
    return (before, after) => found.get(`${before}\u0000${after}`) ?? diffChars(before, after);
  }

  /**
   * Ends the thread after a failure elsewhere, once it has stopped reading the descriptors
   * (it is never terminated mid-way: a worker stopped while it starts may never report its exit).
   */
  async stop(): Promise<void> {
    await this.digests.catch(() => undefined);
    this.worker.postMessage({ end: true });
  }
}
