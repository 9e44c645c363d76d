import { parseArgs, type ParseArgsConfig } from 'node:util';
import { PipelineError } from '../errors.ts';

/** What a command may touch: output streams, working folder and environment arrive from outside. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Aborted when the process gets SIGINT or SIGTERM (only the CLI's entry point listens for them). */
  readonly signal?: AbortSignal;
}

type Options = NonNullable<ParseArgsConfig['options']>;
export type Values = Record<string, string | boolean | undefined>;

export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Full help text shown by `<command> --help`. */
  readonly help: string;
  readonly options: Options;
  /** How many positional arguments the command takes. */
  readonly positionals: { min: number; max: number };
  run(values: Values, positionals: string[], io: CliIo): Promise<number>;
}

/** Options every command accepts. */
export const COMMON_OPTIONS: Options = {
  help: { type: 'boolean', short: 'h' },
  // On failure, print the stack trace too (or set PIPELINE_DEBUG=1); read by cli.ts.
  debug: { type: 'boolean' },
};

/** Parses a command's arguments strictly: unknown options and stray arguments are usage errors. */
export function parseCommandArgs(command: Command, args: string[]): { values: Values; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...COMMON_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new PipelineError('E_USAGE', `${(err as Error).message.replace(/\. To specify.*$/s, '')} (see: ${command.name} --help)`);
  }
  const values = parsed.values as Values;
  // Paths and names with a NUL character cannot be opened and are never meant: refuse them here,
  // once, rather than let a file-system call fail deep inside a command.
  for (const [name, value] of Object.entries(values)) {
    if (typeof value === 'string' && value.includes('\0')) throw new PipelineError('E_USAGE', `--${name} contains a NUL character`);
  }
  const withNul = parsed.positionals.find((p) => p.includes('\0'));
  if (withNul !== undefined) throw new PipelineError('E_USAGE', `${command.name}: an argument contains a NUL character`);
  if (values.help) return { values, positionals: parsed.positionals };
  const n = parsed.positionals.length;
  if (n < command.positionals.min || n > command.positionals.max) {
    throw new PipelineError(
      'E_USAGE',
      n < command.positionals.min
        ? `${command.name}: missing argument (see: ${command.name} --help)`
        : `${command.name}: unexpected argument "${parsed.positionals[command.positionals.max]}" (see: ${command.name} --help)`,
    );
  }
  return { values, positionals: parsed.positionals };
}

/** Reads --format, checking it is one the command supports. */
export function readFormat<T extends string>(values: Values, allowed: readonly T[], fallback: T): T {
  const raw = values.format;
  if (raw === undefined) return fallback;
  if (typeof raw === 'string' && (allowed as readonly string[]).includes(raw)) return raw as T;
  throw new PipelineError('E_USAGE', `--format must be one of ${allowed.join(', ')}, not "${String(raw)}"`);
}

export function readString(values: Values, name: string, fallback: string): string {
  const v = values[name];
  return typeof v === 'string' && v !== '' ? v : fallback;
}
