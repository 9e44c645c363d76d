#!/usr/bin/env node
/**
 * The one entry point: `tsx pipeline/cli.ts <command> [options]`.
 * Only this top level turns errors into messages and exit codes.
 */
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseCommandArgs, type CliIo, type Command } from './cli/command.ts';
import { diffCommand } from './cli/commands/diff.ts';
import { formatCommand } from './cli/commands/format.ts';
import { importCommand } from './cli/commands/import.ts';
import { prCommentCommand } from './cli/commands/pr-comment.ts';
import { releaseCommand } from './cli/commands/release.ts';
import { siteCommand } from './cli/commands/site.ts';
import { validateCommand } from './cli/commands/validate.ts';
import { verifyCommand } from './cli/commands/verify.ts';
import { cancelReason, isStopSignal, stopSignalOf } from './cancel.ts';
import { CancelledError, ERROR_CODES, exitCodeOf, PipelineError, SIGNAL_EXIT_CODES } from './errors.ts';
import { classifyFsError, isFsError } from './fs-errors.ts';
import { redactSecrets } from './redact.ts';

export const COMMANDS: readonly Command[] = [
  importCommand,
  validateCommand,
  formatCommand,
  diffCommand,
  releaseCommand,
  verifyCommand,
  prCommentCommand,
  siteCommand,
];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return `Shandong city commitments (山东16市重点工作任务公开承诺事项): open-data pipeline

Usage: npm run cli -- <command> [options]      (or: npx tsx pipeline/cli.ts <command>)

Commands:
${COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run "<command> --help" for the options of a command. Every command also takes
--debug: on failure, print the stack trace too (or set PIPELINE_DEBUG=1).
npm start runs "release" into the local store dist/releases/.
`;
}

/** Runs the CLI with the given arguments; returns the exit code (never throws). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.stdout(topic ? `${topic.help}\n` : usage());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr(`error: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  const debug = isDebug(rest, io.env);
  try {
    const { values, positionals } = parseCommandArgs(command, rest);
    if (values.help) {
      io.stdout(`${command.help}\n`);
      return 0;
    }
    const code = await command.run(values, positionals, io);
    // Stopped by a signal, but the work was done before it could stop: say so, and still exit as stopped.
    if (io.signal?.aborted) throw new CancelledError(stopSignalOf(io.signal), 'the command had finished before it could stop (its output is above)');
    return code;
  } catch (err) {
    io.stderr(redactSecrets(describeError(err, { debug, cwd: io.cwd, env: io.env }), io.env));
    return exitCodeOf(err);
  }
}

/** --debug anywhere before "--", or PIPELINE_DEBUG set to anything but "" or "0". */
function isDebug(args: readonly string[], env: CliIo['env']): boolean {
  const end = args.indexOf('--');
  const own = end < 0 ? args : args.slice(0, end);
  return own.includes('--debug') || (env.PIPELINE_DEBUG !== undefined && env.PIPELINE_DEBUG !== '' && env.PIPELINE_DEBUG !== '0');
}

/** The stack of an error and of its causes, indented; for --debug only. */
function stackOf(err: unknown): string {
  const lines: string[] = [];
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    lines.push(...(depth === 0 ? [] : ['caused by:']), ...(e.stack ?? `${e.name}: ${e.message}`).split('\n'));
  }
  return lines.map((l) => `  ${l}\n`).join('');
}

/**
 * The message for an error: one line with its code, then its details and what the code
 * means. A file-system error nobody classified is classified here. Anything else is a bug:
 * its message and where to report it. Stack traces only with --debug.
 */
export function describeError(err: unknown, options: { debug: boolean; cwd: string; env: CliIo['env'] }): string {
  const known = isFsError(err) ? classifyFsError(err, { action: 'finish the command', path: typeof err.path === 'string' ? err.path : options.cwd }) : err;
  if (known instanceof PipelineError) {
    const details = known.details.map((d) => `  ${d}\n`).join('');
    const trace = options.debug ? stackOf(known) : '';
    return `error ${known.code}: ${known.message}\n${details}${known.code === 'E_USAGE' ? '' : `  (${ERROR_CODES[known.code]})\n`}${trace}`;
  }
  const e = known instanceof Error ? known : new Error(String(known));
  const repo = options.env.GITHUB_REPOSITORY;
  const where = repo && /^[\w.-]+\/[\w.-]+$/.test(repo) ? `https://github.com/${repo}/issues` : "the repository's issue tracker";
  return (
    `error: unexpected failure: ${e.message}\n` +
    `  this is a bug in the pipeline, not a problem of the data or the machine: please report it at ${where},\n` +
    `  with the command you ran and its output with --debug (the stack trace)\n` +
    (options.debug ? stackOf(e) : '')
  );
}

const invokedDirectly = ((): boolean => {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

/** How long a stopping run may take after SIGINT/SIGTERM before the process exits regardless. */
const STOP_GRACE_MS = 4_000;

/**
 * The process-level half of cancellation (the only place that listens for signals): the
 * first SIGINT or SIGTERM aborts the run's signal, so it starts nothing new, releases its
 * lock and says what it left; if it has not stopped within STOP_GRACE_MS, or a second signal
 * comes, the process exits at once. Either way the exit code is 128 + the signal's number.
 */
function listenForStopSignals(finished: () => boolean): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (!isStopSignal(signal)) return;
    const code = SIGNAL_EXIT_CODES[signal];
    if (controller.signal.aborted) {
      process.stderr.write(`• ${signal} again: exiting now\n`);
      process.exit(code);
    }
    process.stderr.write(`• ${signal} received: stopping (no new work is started)\n`);
    controller.abort(cancelReason(signal));
    if (finished()) {
      // The signal came as the process was about to exit: the work is done, and it says so.
      const done = new CancelledError(signal, 'the command had finished before it could stop (its output is above)');
      process.stderr.write(describeError(done, { debug: false, cwd: process.cwd(), env: process.env }));
      process.exitCode = code;
      return;
    }
    setTimeout(() => {
      process.stderr.write(`• still running ${STOP_GRACE_MS / 1000} s after ${signal}: exiting now\n`);
      process.exit(code);
    }, STOP_GRACE_MS).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}

if (invokedDirectly) {
  let finished = false;
  const signal = listenForStopSignals(() => finished);
  const io: CliIo = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    signal,
  };
  runCli(process.argv.slice(2), io).then(
    (code) => {
      finished = true;
      process.exitCode = code;
      // A stopped run may leave streams it abandoned open: nothing of it is left to finish.
      if (signal.aborted) process.exit(code);
      // One more turn of the event loop, with a poll (a timer gives one, setImmediate not): a
      // signal that came with the last step is heard, and said.
      setTimeout(() => undefined, 0);
    },
    (err: unknown) => {
      process.stderr.write(`error: ${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
