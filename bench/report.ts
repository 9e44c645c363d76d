/**
 * The benchmark's report: Markdown tables (printed and written to bench/results.md) with
 * times, peak memory, ratios to the floor and to daff, the check against the generator's
 * truth, the issue's targets judged pass/fail, and the growth exponent between sizes.
 */
import type { CheckResult } from './check.ts';
import type { HotSpot } from './profile.ts';
import { BUILD_RECORDS, READ_AND_MATCH, type StageTime } from './stages.ts';
import { cell, floorRatio, floorRatioList, isSkipped, label, mb, median, ok, pct, s, speedup, table, x, x1, type Scenario } from './format.ts';
import { exponent, targets } from './targets.ts';

export { label };

/** Median of several runs of one configuration; `failure` when a run failed. */
export interface Measured {
  /** In-process work time (start-up excluded). */
  readonly ms: number;
  /** Process spawn to exit. */
  readonly wallMs: number;
  readonly peakMb: number;
  /** CPU time of the whole child process (start-up included; all threads), when measured. */
  readonly cpuMs?: number;
  readonly runs: number;
  readonly failure?: string;
  readonly parts?: Record<string, number>;
}

export interface SizeResult {
  readonly n: number;
  readonly nextRecords: number;
  readonly years: number;
  readonly perCityYear: string;
  readonly runs: number;
  readonly release: { first: Measured; next: Measured; nochange: Measured };
  readonly floor: { first: Measured; update: Measured };
  /** Each scenario's work time over the floor's, round by round (they run side by side); absent in older results. */
  readonly floorRatios?: { readonly first: readonly number[]; readonly next: readonly number[]; readonly nochange: readonly number[] };
  readonly stages: { first: StageTime[]; next: StageTime[]; renderParts: StageTime[] };
  readonly diffById: Measured;
  readonly daff: Measured | { skipped: string };
  /** daff's work time over ours, run by run (the two run in turns); absent in older results. */
  readonly pairedRatios?: readonly number[];
  readonly check: CheckResult | { failure: string };
  readonly profiles: Array<{ label: string; spots: HotSpot[] }>;
}

export interface SmallResult {
  readonly runs: number;
  readonly cliFirstWallMs: number;
  readonly cliNoChangeWallMs: number;
  readonly cliHelpWallMs: number;
  readonly inProcessWorkMs: number;
  readonly inProcessImportMs: number;
  readonly inProcessWallMs: number;
  readonly baselineWallMs: number;
  readonly records: number;
}

export interface BenchResults {
  readonly command: string;
  readonly date: string;
  readonly machine: string;
  readonly node: string;
  /** The code measured; a different digest at the end means pipeline/ was edited during the run. */
  readonly code?: { commit: string; digestAtStart: string; digestAtEnd: string };
  readonly baseline: { wallMs: number; peakMb: number };
  readonly sizes: SizeResult[];
  readonly small: SmallResult | null;
}

function sizeSection(r: SizeResult): string {
  const out: string[] = [`### N = ${label(r.n)} (${r.n} records → ${r.nextRecords} in the next version; ${r.years} years × 16 cities, ${r.perCityYear} per city-year; median of ${r.runs})`, ''];
  const rows = (
    [
      ['first release (v1.0.0)', r.release.first, r.floor.first, 'first'],
      ['next version (edits, inserts, deletes)', r.release.next, r.floor.update, 'next'],
      ['no-change release (nightly)', r.release.nochange, r.floor.update, 'nochange'],
    ] as const
  ).map(([name, m, f, scenario]: readonly [string, Measured, Measured, Scenario]) => [
    name,
    cell(m, (v) => s(v.ms)),
    cell(m, (v) => s(v.wallMs)),
    cell(m, (v) => mb(v.peakMb)),
    cell(m, (v) => (v.cpuMs === undefined ? '—' : s(v.cpuMs))),
    cell(f, (v) => s(v.ms)),
    cell(f, (v) => mb(v.peakMb)),
    cell(f, (v) => (v.cpuMs === undefined ? '—' : s(v.cpuMs))),
    ok(m) && ok(f) ? `${x(floorRatio(r, scenario))}${floorRatioList(r, scenario) ? ` (${floorRatioList(r, scenario)})` : ''}` : '—',
  ]);
  out.push(
    `Whole release (\`runRelease\`, one fresh process per run; work = in-process time, wall = spawn to exit; CPU = user + system time of the whole process, start-up included, all threads: the release deflates the zip on every core, the floor on one${r.floorRatios ? '; the releases and the floor run in rounds, side by side, and ours / floor is the median of the rounds\' ratios (listed)' : ''}):`,
    '',
  );
  out.push(table(['scenario', 'work', 'wall', 'peak RSS', 'CPU', 'floor work', 'floor peak', 'floor CPU', 'ours / floor'], rows), '');
  const fp = r.floor.update.parts;
  if (fp) out.push(`Floor (update) parts: read+parse ${s(fp.read!)}, stringify+write ${s(fp.write!)}, sha256 ${s(fp.sha256!)}, deflate ${s(fp.deflate!)}.`, '');

  const stageRows = (list: StageTime[]): string[][] => {
    const total = list.filter((t) => !t.stage.includes('again')).reduce((n, t) => n + t.ms, 0);
    return list.map((t) => [t.stage, s(t.ms), t.stage.includes('again') ? '(extra)' : `${Math.round((100 * t.ms) / total)}%`, mb(t.rssMb), mb(t.peakMb)]);
  };
  out.push('Stages of the next-version release (pipeline functions called one by one; "again" rows re-run a part of the row above to separate it):', '');
  out.push(table(['stage', 'time', 'share', 'RSS after', 'peak so far'], stageRows(r.stages.next)), '');
  if (r.stages.renderParts.length > 0) {
    out.push(`Renderers one by one (next version): ${r.stages.renderParts.map((p) => `${p.stage} ${s(p.ms)}`).join(', ')}.`, '');
  }
  out.push('Stages of the first release:', '');
  out.push(table(['stage', 'time', 'share', 'RSS after', 'peak so far'], stageRows(r.stages.first)), '');

  const d = r.diffById;
  const daffRow = isSkipped(r.daff)
    ? ['daff `diff --id id` on commitments.csv', `skipped: ${r.daff.skipped}`, '', '', '']
    : ['daff `diff --id id` on commitments.csv', cell(r.daff, (v) => s(v.ms)), cell(r.daff, (v) => s(v.wallMs)), cell(r.daff, (v) => mb(v.peakMb)), ''];
  const identifyDiff = [BUILD_RECORDS, READ_AND_MATCH, 'identify', 'diff'].reduce((sum, stage) => sum + (r.stages.next.find((t) => t.stage === stage)?.ms ?? NaN), 0);
  out.push('Diff, ours against daff on the same two versions:', '');
  out.push(
    table(
      ['diff', 'work', 'wall', 'peak RSS', 'parts'],
      [
        ['ours by id: read both releases + diff + write changes.json', cell(d, (v) => s(v.ms)), cell(d, (v) => s(v.wallMs)), cell(d, (v) => mb(v.peakMb)), d.parts ? `read the newer ${s(d.parts.read!)}, read the older + diff ${s(d.parts.diff!)}, write ${s(d.parts.write!)}` : ''],
        ['ours in the release: build the records + read the previous release + identify + diff (streamed city-year by city-year)', s(identifyDiff), '', '', ''],
        daffRow,
      ],
    ),
    '',
  );
  if (!isSkipped(r.daff) && ok(r.daff) && ok(d)) {
    const paired = r.pairedRatios?.length
      ? `**${x1(median(r.pairedRatios))}** time (work; median of ${r.pairedRatios.length} runs made in turns: ${r.pairedRatios.map((v) => x1(v)).join(', ')}; the two medians above give ${x1(r.daff.ms / d.ms)})`
      : `**${x(r.daff.ms / d.ms)}** time (work)`;
    out.push(`daff / ours: ${paired}, ${x(r.daff.wallMs / d.wallMs)} (wall); ours / daff memory: **${pct(d.peakMb / r.daff.peakMb)}** of daff's peak.`, '');
  }

  if ('failure' in r.check) out.push(`Check against the generator's truth: failed: ${r.check.failure}`, '');
  else {
    const c = r.check;
    const k = c.ids.counts;
    out.push(
      `Check against the generator's truth (${k.edited} edited, ${k.renumbered} renumbered only, ${k.untouched} untouched, ${k.inserted} inserted, ${k.deleted} deleted; edits keep a Dice similarity of min ${c.editSimilarity.min.toFixed(3)}, p1 ${c.editSimilarity.p01.toFixed(3)}, median ${c.editSimilarity.median.toFixed(3)}):`,
      '',
    );
    out.push(
      table(
        ['id matching', 'value'],
        [
          ['ids kept, edited or renumbered', `${pct(c.ids.recallEditedOrRenumbered)} (edited ${pct(c.ids.recallEdited)}, renumbered ${pct(c.ids.recallRenumbered)})`],
          ['ids kept, untouched', pct(c.ids.recallUntouched)],
          ['matching precision / recall', `${pct(c.ids.precision)} / ${pct(c.ids.recall)}`],
          ['wrong matches (another commitment\'s id)', String(c.ids.wrong)],
          ['lost ids (fresh id for an old commitment)', String(c.ids.lost)],
        ],
      ),
      '',
    );
    out.push(
      table(
        ['changes.json', 'truth', 'found', 'precision', 'recall'],
        (['added', 'removed', 'textModified', 'renumbered'] as const).map((name) => {
          const v = c.changes[name];
          return [name, String(v.truth), String(v.found), pct(v.precision), pct(v.recall)];
        }),
      ),
      '',
    );
  }
  for (const p of r.profiles) {
    out.push(`CPU profile, ${p.label} (self time, top functions):`, '');
    out.push(table(['function', 'self', 'share'], p.spots.map((h) => [h.where, s(h.selfMs), `${(h.share * 100).toFixed(1)}%`])), '');
  }
  return out.join('\n');
}

export function renderReport(res: BenchResults): string {
  const out: string[] = ['# Benchmark results', ''];
  out.push(`- Command: \`${res.command}\``, `- Date: ${res.date}`, `- Machine: ${res.machine}`, `- Node: ${res.node}`);
  if (res.code) {
    const changed = res.code.digestAtStart !== res.code.digestAtEnd;
    out.push(`- Code: ${res.code.commit} (pipeline/ sources digest ${res.code.digestAtStart}${changed ? `; **changed to ${res.code.digestAtEnd} during the run: these figures mix code versions**` : ', unchanged during the run'})`);
  }
  out.push(`- Each configuration runs in a fresh child process (\`node --max-old-space-size=… --import tsx bench/child.ts\`); peak memory is its peak RSS (VmHWM / maxRSS), which includes node + tsx alone: ${mb(res.baseline.peakMb)} and ${s(res.baseline.wallMs)} to start.`, '');
  out.push('## Targets', '');
  out.push(table(['target', 'measured', 'result'], targets(res).map((t) => [t.name, t.measured, t.pass === null ? 'n/a' : t.pass ? 'PASS' : '**FAIL**'])), '');
  out.push('## Summary', '');
  out.push(
    table(
      ['N', 'first', 'next', 'no-change', 'floor', 'next / floor', 'peak RSS (next)', 'diff ours', 'daff', 'daff / ours', 'ids kept (edit+renum)', 'wrong'],
      res.sizes.map((r) => {
        const dm = r.daff;
        const daffCell = isSkipped(dm) ? 'skipped' : cell(dm, (v) => s(v.ms));
        const ratio = !isSkipped(dm) && ok(dm) && ok(r.diffById) ? x(speedup(r)) : '—';
        const c = 'failure' in r.check ? null : r.check;
        return [
          label(r.n),
          cell(r.release.first, (v) => s(v.ms)),
          cell(r.release.next, (v) => s(v.ms)),
          cell(r.release.nochange, (v) => s(v.ms)),
          cell(r.floor.update, (v) => s(v.ms)),
          ok(r.release.next) && ok(r.floor.update) ? x(floorRatio(r, 'next')) : '—',
          cell(r.release.next, (v) => mb(v.peakMb)),
          cell(r.diffById, (v) => s(v.ms)),
          daffCell,
          ratio,
          c ? pct(c.ids.recallEditedOrRenumbered) : '—',
          c ? String(c.ids.wrong) : '—',
        ];
      }),
    ),
    '',
  );
  if (res.sizes.length >= 2) {
    const pairs = res.sizes.slice(1).map((b, k) => [res.sizes[k]!, b] as const);
    const stageMs = (list: StageTime[], name: string): number => list.find((t) => t.stage === name)?.ms ?? NaN;
    const rows: Array<[string, (r: SizeResult) => number]> = [
      ['first release (work)', (r) => (ok(r.release.first) ? r.release.first.ms : NaN)],
      ['next release (work)', (r) => (ok(r.release.next) ? r.release.next.ms : NaN)],
      ['no-change release (work)', (r) => (ok(r.release.nochange) ? r.release.nochange.ms : NaN)],
      ['next release (peak RSS)', (r) => (ok(r.release.next) ? r.release.next.peakMb : NaN)],
      ['floor, update (work)', (r) => (ok(r.floor.update) ? r.floor.update.ms : NaN)],
      ...['load', 'validate', BUILD_RECORDS, 'identify', 'diff', 'render (all)', 'zip (again)', 'publish'].map(
        (name): [string, (r: SizeResult) => number] => [`first release stage: ${name}`, (r) => stageMs(r.stages.first, name)],
      ),
      ['first release stages, summed up to the last one both sizes finished', () => NaN],
    ];
    const cellOf = (a: SizeResult, b: SizeResult, f: (r: SizeResult) => number, name: string): string => {
      if (name.startsWith('first release stages, summed')) {
        const done = (r: SizeResult): StageTime[] => r.stages.first.filter((t) => !t.stage.includes('again') && !t.stage.startsWith('FAILED'));
        const names = done(a).map((t) => t.stage).filter((n) => done(b).some((t) => t.stage === n));
        const sum = (r: SizeResult): number => names.reduce((acc, n) => acc + stageMs(r.stages.first, n), 0);
        return names.length > 0 ? `${exponent(a.n, sum(a), b.n, sum(b)).toFixed(2)} (${names[0]}…${names[names.length - 1]})` : '—';
      }
      const e = exponent(a.n, f(a), b.n, f(b));
      return Number.isFinite(e) ? e.toFixed(2) : '—';
    };
    out.push('Growth exponents (1 = linear; log of the cost ratio over log of the size ratio):', '');
    out.push(table(['cost', ...pairs.map(([a, b]) => `${label(a.n)} → ${label(b.n)}`)], rows.map(([name, f]) => [name, ...pairs.map(([a, b]) => cellOf(a, b, f, name))])), '');
  }
  if (res.small) {
    const sm = res.small;
    out.push(`## npm start on the real dataset (${sm.records} records, median of ${sm.runs})`, '');
    out.push(
      table(
        ['what', 'time'],
        [
          ['`npx tsx pipeline/cli.ts release --releases <tmp>` (first release), wall', s(sm.cliFirstWallMs)],
          ['same, second run (no change), wall', s(sm.cliNoChangeWallMs)],
          ['`npx tsx pipeline/cli.ts --help` (start-up only), wall', s(sm.cliHelpWallMs)],
          ['node + tsx, empty script, wall', s(sm.baselineWallMs)],
          ['in a child: importing the pipeline', s(sm.inProcessImportMs)],
          ['in a child: runRelease work', s(sm.inProcessWorkMs)],
        ],
      ),
      '',
    );
  }
  out.push('## Per size', '', ...res.sizes.map(sizeSection));
  return `${out.join('\n')}\n`;
}
