/**
 * Target extraction speed: extractTargets over 100k synthetic commitment texts (the benchmark's
 * text generator: real 2023 clauses with redrawn numbers mixed with template clauses carrying
 * targets, 60–220 characters), plus the 45 real texts repeated to 100k. Median of 5 passes.
 *
 *   npx tsx bench/extract-targets.ts [count]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { extractTargets } from '../pipeline/promises/extract-targets.ts';
import { clausesOf, makeText, Rng } from './text.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const count = Number(process.argv[2] ?? 100_000);

function realTexts(): string[] {
  const out: string[] = [];
  for (const city of ['jinan', 'qingdao', 'zibo']) {
    const seed: unknown = JSON.parse(readFileSync(path.join(ROOT, 'seeds/2023', `${city}.json`), 'utf8'));
    const commitments = (seed as { commitments?: unknown }).commitments;
    if (!Array.isArray(commitments)) throw new Error(`${city}: no commitments array`);
    for (const c of commitments) {
      const text = (c as { text?: unknown }).text;
      if (typeof text !== 'string') throw new Error(`${city}: a commitment without text`);
      out.push(text);
    }
  }
  return out;
}

function time(label: string, texts: readonly string[]): void {
  const wall: number[] = [];
  const cpu: number[] = [];
  let found = 0;
  for (let run = 0; run < 6; run++) {
    const started = performance.now();
    const startedCpu = process.cpuUsage();
    found = 0;
    for (const t of texts) found += extractTargets(t).length;
    const used = process.cpuUsage(startedCpu);
    if (run === 0) continue; // the first pass warms the JIT
    wall.push(performance.now() - started);
    cpu.push((used.user + used.system) / 1000);
  }
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const chars = texts.reduce((n, t) => n + t.length, 0);
  // On a shared machine wall time varies with the load; CPU time (user + system) less so.
  console.log(
    `${label}: ${texts.length} texts, ${chars} chars, ${found} targets — wall median ${wall[2]!.toFixed(0)} ms ` +
      `(min ${wall[0]!.toFixed(0)}), CPU median ${cpu[2]!.toFixed(0)} ms (min ${cpu[0]!.toFixed(0)})`,
  );
}

const real = realTexts();
const rng = new Rng(20230601);
const clauses = clausesOf(real);
time('synthetic', Array.from({ length: count }, () => makeText(rng, clauses)));
time('real x repeat', Array.from({ length: count }, (_, i) => real[i % real.length]!));
