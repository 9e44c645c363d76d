import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { PipelineError } from '../../errors.ts';
import { createGithubClient } from '../../store/github/client.ts';
import { readGithubEnv, redactingLog } from '../../store/github/from-env.ts';
import { upsertPrComment } from '../../store/github/pr-comment.ts';
import { readString, type CliIo, type Command, type Values } from '../command.ts';

/** The parts of a pull_request event payload (GITHUB_EVENT_PATH) we read. */
const PullRequestEventSchema = z.object({ pull_request: z.object({ number: z.number().int().positive() }) });

async function readPrNumber(values: Values, io: CliIo): Promise<number> {
  const given = readString(values, 'pr', '');
  if (given !== '') {
    if (!/^[1-9]\d*$/.test(given)) throw new PipelineError('E_USAGE', `--pr must be a pull request number, not "${given}"`);
    return Number(given);
  }
  const eventPath = io.env.GITHUB_EVENT_PATH;
  if (!eventPath) throw new PipelineError('E_CONFIG', 'no pull request: pass --pr NUMBER, or run in a pull_request workflow (GITHUB_EVENT_PATH)');
  let payload: unknown;
  try {
    payload = JSON.parse(await readFile(eventPath, 'utf8'));
  } catch (err) {
    throw new PipelineError('E_CONFIG', `cannot read the workflow event ${eventPath}: ${(err as Error).message}`);
  }
  const parsed = PullRequestEventSchema.safeParse(payload);
  if (!parsed.success) throw new PipelineError('E_CONFIG', `the workflow event is not a pull request (${eventPath}): pass --pr NUMBER`);
  return parsed.data.pull_request.number;
}

async function readMarkdown(file: string | undefined, io: CliIo): Promise<string> {
  if (file !== undefined && file !== '-') {
    try {
      return await readFile(path.resolve(io.cwd, file), 'utf8');
    } catch (err) {
      throw new PipelineError('E_INPUT', `cannot read ${file}: ${(err as Error).message}`);
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

export const prCommentCommand: Command = {
  name: 'pr-comment',
  summary: 'post or update the release preview comment on a pull request',
  help: `Usage: pr-comment [FILE] [--pr NUMBER]

Posts FILE (markdown; "-" or nothing: standard input) as the pull request's
release preview: the comment carrying the hidden marker
<!-- shandong-commitments-preview --> is updated in place, or created once.

Reads GITHUB_TOKEN, GITHUB_REPOSITORY and GITHUB_API_URL, and the pull request
number from the workflow event (GITHUB_EVENT_PATH) unless --pr is given.
A token that may not comment (pull requests from forks get a read-only one)
is not an error: a notice is printed and the exit code is 0.

Options:
  --pr NUMBER        the pull request (default: from the workflow event)
  -h, --help         show this help`,
  options: { pr: { type: 'string' } },
  positionals: { min: 0, max: 1 },
  async run(values, positionals, io) {
    const settings = readGithubEnv(io.env, 'pr-comment');
    const pr = await readPrNumber(values, io);
    const markdown = await readMarkdown(positionals[0], io);
    if (markdown.trim() === '') throw new PipelineError('E_INPUT', 'the preview is empty: nothing to comment');
    const client = createGithubClient({ token: settings.token, apiUrl: settings.apiUrl, log: redactingLog(io.env, (line) => io.stderr(`${line}\n`)) });
    const outcome = await upsertPrComment(client, settings.repo, pr, markdown);
    if (outcome.kind === 'read-only') {
      const notice = `cannot comment on pull request #${pr}: ${outcome.why}; the preview is in the job summary`;
      io.stdout(io.env.GITHUB_ACTIONS === 'true' ? `::notice title=Release preview::${notice}\n` : `notice: ${notice}\n`);
      return 0;
    }
    io.stdout(`${outcome.kind === 'unchanged' ? 'the preview comment is up to date' : `${outcome.kind} the preview comment`} on pull request #${pr}: ${outcome.url}\n`);
    return 0;
  },
};
