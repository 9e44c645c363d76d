/**
 * The helper thread of diffReleases (pipeline/store/diff-helper.ts). Plain JavaScript, so it
 * starts in tens of milliseconds without the TypeScript loader. First it computes the
 * SHA-256 of the files whose descriptors it was given (diffReleases passes both
 * releases' commitments.json; read by position: the bytes the main thread diffs, even if a
 * path is replaced meanwhile); then it answers batches of
 * character diffs: { batch, pairs: [before, after, ...] } → { batch, diffs: [ops, ...] }.
 */
import { createHash } from 'node:crypto';
import { readlinkSync, readSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { diffChars } from '../diff/char-diff.mjs';

// Lower this thread's priority (Linux: nice values are per thread): the main thread's
// comparison is the critical path; this thread's work fills the time it leaves.
try {
  setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), 10);
} catch {
  // not Linux, or not allowed: the default priority is fine
}

const block = Buffer.allocUnsafe(1 << 20);
const digests = workerData.fds.map((fd) => {
  const hash = createHash('sha256');
  for (let position = 0, n; (n = readSync(fd, block, 0, block.length, position)) > 0; position += n) hash.update(block.subarray(0, n));
  return hash.digest('hex');
});
parentPort.postMessage({ digests });

parentPort.on('message', (message) => {
  if (message.end) {
    parentPort.close();
    return;
  }
  const { batch, pairs } = message;
  const diffs = [];
  for (let i = 0; i + 1 < pairs.length; i += 2) diffs.push(diffChars(pairs[i], pairs[i + 1]));
  parentPort.postMessage({ batch, diffs });
});
