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
import { ERROR_CODES, exitCodeOf, PipelineError } from './errors.ts';
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

Run "<command> --help" for the options of a command.
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
  try {
    const { values, positionals } = parseCommandArgs(command, rest);
    if (values.help) {
      io.stdout(`${command.help}\n`);
      return 0;
    }
    return await command.run(values, positionals, io);
  } catch (err) {
    io.stderr(redactSecrets(describeError(err), io.env));
    return exitCodeOf(err);
  }
}

function describeError(err: unknown): string {
  if (err instanceof PipelineError) {
    const details = err.details.map((d) => `  ${d}\n`).join('');
    return `error ${err.code}: ${err.message}\n${details}${err.code === 'E_USAGE' ? '' : `  (${ERROR_CODES[err.code]})\n`}`;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  return `error: unexpected failure: ${e.message}\n${e.stack?.split('\n').slice(1, 6).join('\n') ?? ''}\n`;
}

const invokedDirectly = ((): boolean => {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();

if (invokedDirectly) {
  const io: CliIo = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
  };
  runCli(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`error: ${String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
