/**
 * What may import what (docs/architecture.md, "Layers"): a test, so a shortcut across the
 * layers fails here rather than in a review.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from './support/paths.ts';

const PIPELINE = path.join(REPO, 'pipeline');

/** Every source file under pipeline/, relative to it, with the pipeline files it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.(ts|mts|js|mjs)$/.test(entry.name)) {
        const source = readFileSync(file, 'utf8');
        const targets = [...source.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+'(\.[^']+)'/g), ...source.matchAll(/import\('(\.[^']+)'\)/g)].map((m) =>
          path.relative(PIPELINE, path.resolve(path.dirname(file), m[1]!)),
        );
        graph.set(path.relative(PIPELINE, file), targets);
      }
    }
  };
  walk(PIPELINE);
  return graph;
}

/** The top folder of a pipeline file ('release.ts' for files at the top). */
const layerOf = (file: string): string => file.split(path.sep)[0]!;

/** For each layer, the layers it must never import. */
const FORBIDDEN: Record<string, readonly string[]> = {
  // The base: shapes, the domain and the file format know nothing of the stages.
  promises: ['schemas', 'domain', 'release-format', 'seeds', 'validate', 'import', 'identify', 'diff', 'version', 'render', 'store', 'verify', 'site', 'cli', 'release.ts'],
  schemas: ['domain', 'seeds', 'validate', 'import', 'identify', 'diff', 'version', 'render', 'store', 'verify', 'site', 'cli', 'release.ts'],
  domain: ['seeds', 'validate', 'import', 'identify', 'diff', 'version', 'render', 'store', 'verify', 'site', 'cli', 'release.ts'],
  'release-format': ['seeds', 'validate', 'import', 'identify', 'diff', 'version', 'render', 'store', 'verify', 'site', 'cli', 'release.ts'],
  // Pure stages: data in, data out.
  identify: ['render', 'store', 'verify', 'site', 'cli', 'release.ts'],
  diff: ['identify', 'version', 'render', 'store', 'verify', 'site', 'cli', 'release.ts'],
  version: ['render', 'store', 'verify', 'site', 'cli', 'release.ts'],
  render: ['store', 'verify', 'site', 'cli', 'release.ts'],
  // A store moves bytes: it knows release files (release-format), never how they are made.
  store: ['seeds', 'validate', 'import', 'identify', 'diff', 'version', 'render', 'verify', 'site', 'cli', 'release.ts'],
  verify: ['store', 'site', 'cli', 'release.ts'],
  site: ['store', 'cli', 'release.ts'],
};

describe('layers', () => {
  const graph = importGraph();

  it.each(Object.entries(FORBIDDEN))('%s imports none of the layers above it', (layer, forbidden) => {
    const crossings = [...graph]
      .filter(([file]) => layerOf(file) === layer)
      .flatMap(([file, targets]) => targets.filter((t) => forbidden.includes(layerOf(t))).map((t) => `${file} → ${t}`));
    expect(crossings).toEqual([]);
  });

  it('pipeline/ is TypeScript only', () => {
    expect([...graph.keys()].filter((f) => !f.endsWith('.ts'))).toEqual([]);
  });

  it('only the CLI entry point imports the CLI', () => {
    const intoCli = [...graph].flatMap(([file, targets]) => (layerOf(file) !== 'cli' && file !== 'cli.ts' ? targets.filter((t) => layerOf(t) === 'cli').map((t) => `${file} → ${t}`) : []));
    expect(intoCli).toEqual([]);
  });

  it('the graph is read: the release flow imports every stage', () => {
    const flow = graph.get('release.ts') ?? [];
    expect(['identify', 'diff', 'version', 'render', 'store'].filter((l) => !flow.some((t) => layerOf(t) === l))).toEqual([]);
  });
});
