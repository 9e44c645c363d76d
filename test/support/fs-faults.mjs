/**
 * Preloaded into a child process (node --import) by the fault tests: wraps the fs module
 * (promises, callbacks as streams use them, and the sync calls) and, for every call on a path
 * that starts with one of the prefixes in FS_FAULTS_WITHIN (path-delimiter separated; `<pid>`
 * in a prefix stands for this process's id), or on a file descriptor opened there:
 *
 * - FS_FAULTS_LOG: appends one line per call, `<n>\t<site>`, where the site is
 *   `<r|w> <call> <folder>/<file>` (`w`: the call writes, creates, renames or removes; a
 *   file opened again gets ` [2]`, ` [3]`… on that open and the reads, writes and close of
 *   its descriptor), with the process id, uuids and random suffixes in names replaced by
 *   placeholders (and the folder named FS_FAULTS_ROOT by `<root>`), so that a site is the
 *   same in every run; the first line is `PID\t<pid>`;
 * - FAULT_SITE=<site>, FAULT_CODE=ENOSPC|EIO|…: the first call at that site fails with that
 *   errno instead of running, the way the kernel reports it (with a path for path calls,
 *   none for writes to a descriptor); the log gets a line `FAULT\t<n>\t<site>`;
 * - SIGNAL_SITE=<site>, SIGNAL=SIGTERM|SIGINT: right after the first call at that site
 *   completes, the process sends itself that signal, once (as a cancelled CI job gets it);
 *   the log gets `SIGNAL\t<n>\t<site>\t<Date.now()>`.
 *
 * No hook in the product code: the fs module itself is wrapped (like crash-after-writes.mjs).
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { constants } from 'node:os';
import path from 'node:path';

const env = process.env;
const within = (env.FS_FAULTS_WITHIN ?? '')
  .split(path.delimiter)
  .filter(Boolean)
  .map((prefix) => prefix.replaceAll('<pid>', String(process.pid)));
const rootName = env.FS_FAULTS_ROOT ? path.basename(env.FS_FAULTS_ROOT) : null;
const log = env.FS_FAULTS_LOG;
const faultSite = env.FAULT_SITE;
const faultCode = env.FAULT_CODE ?? 'EIO';
const signalSite = env.SIGNAL_SITE;
const signal = env.SIGNAL ?? 'SIGTERM';

const appendFileSync = fs.appendFileSync;
const MESSAGES = { ENOSPC: 'no space left on device', EIO: 'i/o error', EROFS: 'read-only file system', EACCES: 'permission denied', EMFILE: 'too many open files', EDQUOT: 'disk quota exceeded' };

let calls = 0;
let faulted = false;
let signalled = false;
/** Folders mkdtemp made → their name with the random suffix as XXXXXX. */
const temps = new Map();
/** Descriptors opened under the prefixes: fd → { name, write }. */
const fds = new Map();

const relevant = (p) => {
  if (typeof p !== 'string' && !(p instanceof URL) && !Buffer.isBuffer(p)) return false;
  const file = path.resolve(p instanceof URL ? p.pathname : String(p));
  return within.some((prefix) => file.startsWith(prefix) || `${file}${path.sep}` === prefix);
};
const record = (line) => {
  if (log) appendFileSync(log, `${line}\n`);
};
record(`PID\t${process.pid}`);

/**
 * Folders made by mkdtemp with a prefix in FS_FAULTS_WITHIN (one not ending in a separator)
 * but in another thread (the release's zip thread runs this preload too, with its own
 * state): prefix + 6 random characters, as mkdtemp names them.
 */
const tempPrefixes = within.filter((prefix) => !prefix.endsWith(path.sep)).map((prefix) => path.basename(prefix));

/** A file name as the same in every run: pid, uuids and random suffixes replaced. */
function stable(name) {
  for (const [made, shown] of temps) if (name.includes(made)) return name.replace(made, shown);
  for (const prefix of tempPrefixes) {
    const at = name.indexOf(prefix);
    if (at >= 0 && /^[A-Za-z0-9]{6}(\/|$)/.test(name.slice(at + prefix.length))) name = `${name.slice(0, at)}${prefix}XXXXXX${name.slice(at + prefix.length + 6)}`;
  }
  if (rootName && name.startsWith(`${rootName}/`)) return `<root>${name.slice(rootName.length)}`;
  return name
    .replaceAll(String(process.pid), '<pid>')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/<pid>-[0-9a-f]{8}\b/g, '<pid>-<id>');
}

/** The call in progress at each site, for leave(). */
let current = null;

/** Counts a call; returns the errno error to throw instead of running it, or null. */
function enter(call, name, write, file) {
  calls++;
  const site = `${write ? 'w' : 'r'} ${call} ${name.split(' -> ').map(stable).join(' -> ')}`;
  current = site;
  record(`${calls}\t${site}`);
  if (faulted || site !== faultSite) return null;
  faulted = true;
  record(`FAULT\t${calls}\t${site}`);
  const syscall = call.replace(/Sync$/, '').replace(/^(writeFile|readFile|appendFile)$/, 'open');
  const err = new Error(`${faultCode}: ${MESSAGES[faultCode] ?? 'fault'}, ${syscall}${file ? ` '${file}'` : ''}`);
  return Object.assign(err, { errno: -(constants.errno[faultCode] ?? 5), code: faultCode, syscall, ...(file ? { path: file } : {}) });
}

/** After a call at `site` completed: the signal, when it is SIGNAL_SITE. */
function leave(site = current) {
  if (signalSite && !signalled && site === signalSite) {
    signalled = true;
    record(`SIGNAL\t${calls}\t${site}\t${Date.now()}`);
    process.kill(process.pid, signal);
  }
}

const isWriteFlag = (flags) => flags !== undefined && flags !== null && !(flags === 'r' || flags === 0 || flags === fs.constants.O_RDONLY || (typeof flags === 'number' && (flags & 3) === 0));
const pathOf = (p) => path.resolve(String(p instanceof URL ? p.pathname : p));
/** `<folder>/<file>`: the folder tells staging, the store's temporary folder and a release apart. */
const base = (p) => `${path.basename(path.dirname(pathOf(p)))}/${path.basename(pathOf(p))}`;
/** How often each file was opened: a second open of a file is another site. */
const opens = new Map();
const opened = (p) => {
  const n = (opens.get(pathOf(p)) ?? 0) + 1;
  opens.set(pathOf(p), n);
  return n > 1 ? `${base(p)} [${n}]` : base(p);
};

// Path calls of fs.promises: [name, writes? (null: by the open flags)].
const PROMISE_CALLS = [
  ['readFile', false],
  ['readdir', false],
  ['stat', false],
  ['lstat', false],
  ['writeFile', true],
  ['appendFile', true],
  ['rename', true],
  ['mkdir', true],
  ['mkdtemp', true],
  ['rm', true],
  ['rmdir', true],
  ['unlink', true],
  ['link', true],
  ['copyFile', true],
  ['open', null],
];
for (const [name, write] of PROMISE_CALLS) {
  const original = fs.promises[name];
  fs.promises[name] = async function (...args) {
    const target = name === 'rename' || name === 'link' || name === 'copyFile' ? args[1] : args[0];
    if (!relevant(args[0]) && !relevant(target)) return original.apply(this, args);
    const writes = write ?? isWriteFlag(args[1]);
    const label = name === 'rename' || name === 'link' ? `${base(args[0])} -> ${base(args[1])}` : name === 'open' ? opened(args[0]) : base(args[0]);
    const err = enter(name, label, writes, String(args[0]));
    if (err) throw err;
    const site = current;
    try {
      const result = await original.apply(this, args);
      if (name === 'mkdtemp') temps.set(path.basename(result), `${path.basename(stable(String(args[0])))}XXXXXX`);
      return result;
    } finally {
      leave(site);
    }
  };
}

// The callback calls streams use (createReadStream, createWriteStream).
const cbOpen = fs.open;
fs.open = function (file, flags, mode, callback) {
  const cb = typeof flags === 'function' ? flags : typeof mode === 'function' ? mode : callback;
  if (!relevant(file)) return cbOpen.apply(this, arguments);
  const write = isWriteFlag(typeof flags === 'function' ? 'r' : flags);
  const name = opened(file);
  const err = enter('open', name, write, String(file));
  if (err) return process.nextTick(cb, err);
  const site = current;
  const args = [...arguments];
  args[args.indexOf(cb)] = (e, fd) => {
    if (!e) fds.set(fd, { name, write });
    leave(site);
    cb(e, fd);
  };
  return cbOpen.apply(this, args);
};
for (const name of ['read', 'write', 'writev', 'close']) {
  const original = fs[name];
  fs[name] = function (fd, ...rest) {
    const known = fds.get(fd);
    if (!known) return original.call(this, fd, ...rest);
    const cb = rest[rest.length - 1];
    const write = name === 'read' ? false : name === 'close' ? known.write : true;
    const err = enter(name, known.name, write, null);
    if (err) return process.nextTick(cb, err);
    const site = current;
    if (name === 'close') fds.delete(fd);
    rest[rest.length - 1] = (...results) => {
      leave(site);
      cb(...results);
    };
    return original.call(this, fd, ...rest);
  };
}

// The sync calls (staging writes its large files with them).
const openSync = fs.openSync;
fs.openSync = function (file, flags, mode) {
  if (!relevant(file)) return openSync.apply(this, arguments);
  const write = isWriteFlag(flags);
  const name = opened(file);
  const err = enter('openSync', name, write, String(file));
  if (err) throw err;
  const fd = openSync.apply(this, arguments);
  fds.set(fd, { name, write });
  leave();
  return fd;
};
for (const name of ['writeSync', 'closeSync', 'readSync']) {
  const original = fs[name];
  fs[name] = function (fd, ...rest) {
    const known = fds.get(fd);
    if (!known) return original.call(this, fd, ...rest);
    const err = enter(name, known.name, name === 'readSync' ? false : name === 'closeSync' ? known.write : true, null);
    if (err) throw err;
    if (name === 'closeSync') fds.delete(fd);
    try {
      return original.call(this, fd, ...rest);
    } finally {
      leave();
    }
  };
}
for (const [name, write] of [['writeFileSync', true], ['renameSync', true], ['rmSync', true], ['unlinkSync', true], ['mkdirSync', true]]) {
  const original = fs[name];
  fs[name] = function (file, ...rest) {
    if (!relevant(file)) return original.call(this, file, ...rest);
    const err = enter(name, base(file), write, String(file));
    if (err) throw err;
    try {
      return original.call(this, file, ...rest);
    } finally {
      leave();
    }
  };
}

syncBuiltinESMExports();
