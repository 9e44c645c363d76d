/**
 * Preloaded into a child process (node --import) by the crash tests: counts every file
 * operation that completes under the folders in CRASH_WITHIN (path-delimiter separated)
 * — a file opened, a file closed after writing, writeFile, rename, mkdir, mkdtemp, rm —
 * and kills the process with SIGKILL right after operation number CRASH_AFTER_WRITES.
 * With CRASH_AFTER_WRITES=0 it only counts. CRASH_LOG (required) receives one line per
 * operation and is the count: the operations of every thread of the process count (the
 * release's zip thread runs this preload too, with its own module state).
 * CRASH_TMPDIR becomes the process's TMPDIR here, after tsx (loaded first) has found its
 * transform cache in the real temporary folder: the release's own temporary files land
 * where they are counted, and tsx does not recompile the pipeline in every killed child.
 * No hook in the product code: the fs module itself is wrapped.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';

if (process.env.CRASH_TMPDIR) process.env.TMPDIR = process.env.CRASH_TMPDIR;

const limit = Number(process.env.CRASH_AFTER_WRITES ?? '0');
const log = process.env.CRASH_LOG;
if (!log) throw new Error('crash-after-writes.mjs: CRASH_LOG is required (the log is the count across threads)');
const within = (process.env.CRASH_WITHIN ?? '').split(path.delimiter).filter(Boolean);
const appendFileSync = fs.appendFileSync;

const relevant = (p) => {
  const file = path.resolve(String(p));
  return within.some((dir) => file === dir || file.startsWith(dir + path.sep));
};

/** Lines in the log so far: the count across threads. */
const readFileSync = fs.readFileSync;
const logged = () => {
  try {
    return readFileSync(log, 'utf8').split('\n').length - 1;
  } catch {
    return 0;
  }
};

function point(label) {
  const count = logged() + 1;
  appendFileSync(log, `${count}\t${label}\n`);
  if (limit > 0 && count >= limit) process.kill(process.pid, 'SIGKILL');
}

for (const name of ['writeFile', 'rename', 'mkdir', 'mkdtemp', 'rm', 'link', 'copyFile']) {
  const original = fs.promises[name];
  fs.promises[name] = async function (...args) {
    const result = await original.apply(this, args);
    const target = name === 'mkdtemp' ? result : name === 'rename' || name === 'link' || name === 'copyFile' ? args[1] : args[0];
    if (relevant(target)) point(`${name} ${path.basename(String(args[0]))}${name === 'rename' ? ` -> ${path.basename(String(args[1]))}` : ''}`);
    return result;
  };
}

const createWriteStream = fs.createWriteStream;
fs.createWriteStream = function (file, ...rest) {
  const stream = createWriteStream.call(this, file, ...rest);
  if (relevant(file)) {
    // Two points per file: opened (empty on disk) and closed (complete).
    stream.once('open', () => point(`open ${path.basename(String(file))}`));
    stream.once('close', () => point(`close ${path.basename(String(file))}`));
  }
  return stream;
};

syncBuiltinESMExports();
