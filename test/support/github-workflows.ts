/**
 * Runs a workflow job's own `run:` steps the way GitHub Actions does: each script in a
 * file, through bash with Actions' flags, in the workspace, with the environment Actions
 * sets plus the step's `env:`. The only expressions evaluated are the token's; anything
 * else in an `env:` fails the test rather than being guessed.
 */
import { cp, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { runProcess } from './child-process.ts';
import { commitFolder } from './git.ts';
import { REPO } from './paths.ts';
import { copySeeds } from './workspace.ts';

const StepSchema = z.object({
  name: z.string().optional(),
  id: z.string().optional(),
  if: z.string().optional(),
  uses: z.string().optional(),
  run: z.string().optional(),
  shell: z.string().optional(),
  with: z.record(z.string(), z.unknown()).optional(),
  env: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

const JobSchema = z.object({
  name: z.string().optional(),
  'runs-on': z.string(),
  needs: z.union([z.string(), z.array(z.string())]).optional(),
  permissions: z.record(z.string(), z.string()).optional(),
  environment: z.unknown().optional(),
  'timeout-minutes': z.number().optional(),
  steps: z.array(StepSchema),
});

/** The parts of a workflow file the tests read; anything else in it is ignored. */
export const WorkflowSchema = z.object({
  name: z.string(),
  on: z.record(z.string(), z.unknown()),
  permissions: z.record(z.string(), z.string()).optional(),
  concurrency: z.object({ group: z.string(), 'cancel-in-progress': z.boolean() }).optional(),
  defaults: z.object({ run: z.object({ shell: z.string() }) }).optional(),
  jobs: z.record(z.string(), JobSchema),
});
export type Workflow = z.infer<typeof WorkflowSchema>;
export type WorkflowStep = z.infer<typeof StepSchema>;

/** The repository's .github/workflows folder. */
export const WORKFLOWS_DIR = path.join(REPO, '.github', 'workflows');

/** Reads and checks one workflow file. */
export async function loadWorkflow(file: string): Promise<{ text: string; workflow: Workflow }> {
  const text = await readFile(path.join(WORKFLOWS_DIR, file), 'utf8');
  return { text, workflow: WorkflowSchema.parse(parse(text)) };
}

/** The step's env with ${{ secrets.GITHUB_TOKEN }} / ${{ github.token }} resolved; other expressions throw. */
function stepEnv(step: WorkflowStep, token: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(step.env ?? {})) {
    out[name] = String(raw).replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expr: string) => {
      if (expr === 'secrets.GITHUB_TOKEN' || expr === 'github.token') return token;
      throw new Error(`step "${step.name ?? step.run}": the test harness does not evaluate \${{ ${expr} }}`);
    });
  }
  return out;
}

/** Actions' bash invocation: `shell: bash` → --noprofile --norc -eo pipefail; the default → -e. */
function bashArgs(shell: string | undefined, script: string): string[] {
  if (shell === undefined) return ['-e', script];
  if (shell === 'bash') return ['--noprofile', '--norc', '-eo', 'pipefail', script];
  throw new Error(`unsupported shell in the harness: ${shell}`);
}

export interface StepRun {
  readonly name: string;
  readonly run: string;
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface JobRunOptions {
  readonly workspace: string;
  /** What Actions sets (GITHUB_*, RUNNER_*, CI); PATH and HOME are added. */
  readonly env: Record<string, string>;
  readonly token: string;
  /** Steps not run here, by their run: text (e.g. npm ci, npm test), each with the reason. */
  readonly skip: Readonly<Record<string, string>>;
  /** Run only the steps with these names (the job's earlier steps having run already). */
  readonly only?: readonly string[];
}

/** Runs the job's run: steps in order, stopping at the first failure, as Actions does. */
export async function runJob(workflow: Workflow, jobId: string, options: JobRunOptions): Promise<StepRun[]> {
  const job = workflow.jobs[jobId];
  if (!job) throw new Error(`no job ${jobId}`);
  const runs: StepRun[] = [];
  const temp = options.env.RUNNER_TEMP!;
  for (const [i, step] of job.steps.entries()) {
    if (step.run === undefined || step.run.trim() in options.skip) continue;
    if (options.only && !options.only.includes(step.name ?? '')) continue;
    if (step.if !== undefined) throw new Error(`the harness does not evaluate if: on "${step.name}"`);
    const script = path.join(temp, `step-${jobId}-${i}.sh`);
    await writeFile(script, step.run);
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? temp, ...options.env, ...stepEnv(step, options.token) };
    const { code, stdout, stderr } = await runProcess('bash', bashArgs(step.shell ?? workflow.defaults?.run.shell, script), { cwd: options.workspace, env, timeoutMs: 120_000 });
    runs.push({ name: step.name ?? step.run, run: step.run, code: code ?? 1, stdout, stderr });
    if (code !== 0) break;
  }
  return runs;
}

/**
 * A checkout of the repository as actions/checkout with fetch-depth: 0 leaves it: the
 * project files (pipeline/ and node_modules/ linked, seeds/ copied), in a git repository
 * whose one commit holds the seeds, at a fixed date.
 */
export async function makeCheckout(dir: string): Promise<{ sha: string }> {
  await mkdir(dir, { recursive: true });
  for (const name of ['package.json', 'package-lock.json', 'tsconfig.json']) await cp(path.join(REPO, name), path.join(dir, name));
  await copySeeds(dir);
  await cp(path.join(REPO, 'schemas'), path.join(dir, 'schemas'), { recursive: true });
  await symlink(path.join(REPO, 'pipeline'), path.join(dir, 'pipeline'));
  await symlink(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'));
  return { sha: await commitFolder(dir, ['seeds']) };
}
