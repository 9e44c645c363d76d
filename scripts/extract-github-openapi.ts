/**
 * Writes test/fixtures/github-openapi.json (`npm run fixtures:github`): the operations the
 * fake GitHub routes (ROUTES in test/support/fake-github/routes.ts), cut out of GitHub's
 * OpenAPI description with the component schemas they reference. The description comes
 * from the @octokit/openapi package (385 MB unpacked: every GitHub product, every GHES
 * version), which is fetched from the npm registry into a temporary folder for the run and
 * is not a dependency of the project.
 *
 *   npm run fixtures:github                       the version the fixture records (after a route is added)
 *   npm run fixtures:github -- --version 24.0.0   another version of the package ('latest' for the newest)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import {
  diffFromDereferenced,
  extractGithubOpenApi,
  GITHUB_OPENAPI_FIXTURE,
  OPENAPI_DEREF_FILE,
  OPENAPI_FILE,
  OPENAPI_PACKAGE,
  parseGithubOpenApiFixture,
  renderGithubOpenApiFixture,
} from '../test/support/fake-github/openapi-fixture.ts';
import { ROUTES } from '../test/support/fake-github/routes.ts';

/** What `npm pack --json` says about the tarball it wrote. */
const PackOutput = z.tuple([z.object({ name: z.literal(OPENAPI_PACKAGE), version: z.string(), filename: z.string(), integrity: z.string() })]);

/** The package version the committed fixture was cut from, when there is a readable fixture. */
function readRecordedVersion(): string | undefined {
  if (!existsSync(GITHUB_OPENAPI_FIXTURE)) return undefined;
  try {
    return parseGithubOpenApiFixture(readFileSync(GITHUB_OPENAPI_FIXTURE, 'utf8'))['x-source'].version;
  } catch {
    return undefined;
  }
}

const { values } = parseArgs({ options: { version: { type: 'string' } } });
const wanted = values.version ?? readRecordedVersion();
if (wanted === undefined) {
  console.error(`no readable ${path.relative(process.cwd(), GITHUB_OPENAPI_FIXTURE)} to take the version from: pass --version <version|latest>`);
  process.exit(2);
}

const dir = mkdtempSync(path.join(tmpdir(), 'github-openapi-'));
try {
  // npm pack fetches the tarball (checked against the registry's integrity) without installing
  // anything or running any script; only the two files read are unpacked.
  const out = execFileSync('npm', ['pack', `${OPENAPI_PACKAGE}@${wanted}`, '--json', '--pack-destination', dir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const parsed = PackOutput.safeParse(JSON.parse(out));
  if (!parsed.success) throw new Error(`unexpected output of npm pack:\n${z.prettifyError(parsed.error)}`);
  const [packed] = parsed.data;
  execFileSync('tar', ['-xzf', path.join(dir, packed.filename), '-C', dir, `package/${OPENAPI_FILE}`, `package/${OPENAPI_DEREF_FILE}`]);
  const readPackageJson = (file: string): unknown => JSON.parse(readFileSync(path.join(dir, 'package', file), 'utf8'));

  const fixture = extractGithubOpenApi(readPackageJson(OPENAPI_FILE), ROUTES, {
    version: packed.version,
    integrity: packed.integrity,
    script: 'scripts/extract-github-openapi.ts (npm run fixtures:github)',
  });
  // The fixture must validate exactly what the full, dereferenced description would.
  const problems = diffFromDereferenced(fixture, readPackageJson(OPENAPI_DEREF_FILE));
  if (problems.length > 0) throw new Error(`the extracted fixture differs from ${OPENAPI_DEREF_FILE}:\n${problems.join('\n')}`);

  const text = renderGithubOpenApiFixture(fixture);
  parseGithubOpenApiFixture(text);
  writeFileSync(GITHUB_OPENAPI_FIXTURE, text);
  const kib = (statSync(GITHUB_OPENAPI_FIXTURE).size / 1024).toFixed(1);
  console.log(
    `wrote ${path.relative(process.cwd(), GITHUB_OPENAPI_FIXTURE)} (${kib} KiB): ${fixture['x-operations'].length} operations, ` +
      `${Object.keys(fixture.components.schemas).length} component schemas, from ${OPENAPI_PACKAGE}@${packed.version}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
