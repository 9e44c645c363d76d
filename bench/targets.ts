/**
 * The benchmark's targets (issue "One shape for the code"), judged from the measured figures:
 * pass, fail, or not measured. The floor deflates on one thread, as archiver does.
 */
import { floorRatio, isSkipped, mb, ok, pct, s, speedup, x, x1 } from './format.ts';
import type { BenchResults, Measured, SizeResult } from './report.ts';
import type { StageTime } from './stages.ts';

/** log(b/a) / log(nb/na): 1 is linear. */
export function exponent(na: number, a: number, nb: number, b: number): number {
  return Math.log(b / a) / Math.log(nb / na);
}

export interface Target {
  readonly name: string;
  readonly measured: string;
  readonly pass: boolean | null;
}

export function targets(res: BenchResults): Target[] {
  const at = (n: number): SizeResult | undefined => res.sizes.find((r) => r.n === n);
  const k100 = at(100_000);
  const m1 = at(1_000_000);
  const list: Target[] = [];
  const missing = (name: string, n: string): Target => ({ name, measured: `not measured (run with --sizes ${n})`, pass: null });
  if (k100) {
    const { first, next, nochange } = k100.release;
    const rf = floorRatio(k100, 'first');
    const rn = floorRatio(k100, 'next');
    const peak = Math.max(first.peakMb, next.peakMb);
    list.push({
      name: 'Whole release at 100k ≤ 3× the floor, < 1 GB peak',
      measured: ok(first) && ok(next) ? `first ${x(rf)}, next ${x(rn)} the floor${k100.floorRatios ? ' (median of rounds run side by side)' : ''}; peak ${mb(peak)}` : 'failed',
      pass: ok(first) && ok(next) && Math.max(rf, rn) <= 3 && peak < 1024,
    });
    const d = k100.diffById;
    list.push(
      isSkipped(k100.daff) || !ok(k100.daff) || !ok(d)
        ? { name: 'Diff at 100k ≥ 5× faster than daff, ≤ 1/5 of its memory', measured: isSkipped(k100.daff) ? k100.daff.skipped : 'failed', pass: null }
        : {
            name: 'Diff at 100k ≥ 5× faster than daff, ≤ 1/5 of its memory',
            measured: `${x1(speedup(k100))} faster (work${k100.pairedRatios?.length ? `, median of ${k100.pairedRatios.length} runs made in turns` : ''}; ${x(k100.daff.wallMs / d.wallMs)} wall), ${pct(d.peakMb / k100.daff.peakMb)} of its memory (${mb(d.peakMb)} vs ${mb(k100.daff.peakMb)})`,
            pass: speedup(k100) >= 5 && d.peakMb <= k100.daff.peakMb / 5,
          },
    );
    const c = k100.check;
    list.push(
      'failure' in c
        ? { name: 'Matching at 100k: ≥ 99.5% ids kept (edited, renumbered), no wrong match', measured: c.failure, pass: false }
        : {
            name: 'Matching at 100k: ≥ 99.5% ids kept (edited, renumbered), no wrong match',
            measured: `${pct(c.ids.recallEditedOrRenumbered)} kept, ${c.ids.wrong} wrong`,
            pass: c.ids.recallEditedOrRenumbered >= 0.995 && c.ids.wrong === 0,
          },
    );
    const rc = floorRatio(k100, 'nochange');
    list.push({ name: 'No-change release at 100k ≤ 1× the floor', measured: ok(nochange) ? `${x(rc)} (${s(nochange.ms)} vs ${s(k100.floor.update.ms)})` : 'failed', pass: ok(nochange) && rc <= 1 });
  } else list.push(missing('Targets at 100k', '100k'));
  if (m1) {
    const { first, next } = m1.release;
    list.push({
      name: '1M records complete within 2 GB',
      measured: `first: ${ok(first) ? mb(first.peakMb) : `failed: ${first.failure} (peak ${mb(first.peakMb)})`}; next: ${ok(next) ? mb(next.peakMb) : `failed: ${next.failure} (peak ${mb(next.peakMb)})`}`,
      pass: ok(first) && ok(next) && Math.max(first.peakMb, next.peakMb) < 2048,
    });
  } else list.push(missing('1M records complete within 2 GB', '1m'));
  if (k100 && m1) {
    const e = (a: Measured, b: Measured): number => (ok(a) && ok(b) ? exponent(k100.n, a.ms, m1.n, b.ms) : NaN);
    const ef = e(k100.release.first, m1.release.first);
    const en = e(k100.release.next, m1.release.next);
    const ec = e(k100.release.nochange, m1.release.nochange);
    const em = ok(k100.release.next) && ok(m1.release.next) ? exponent(k100.n, k100.release.next.peakMb, m1.n, m1.release.next.peakMb) : NaN;
    const done = (r: SizeResult): StageTime[] => r.stages.first.filter((t) => !t.stage.includes('again') && !t.stage.startsWith('FAILED'));
    const names = done(k100).map((t) => t.stage).filter((n) => done(m1).some((t) => t.stage === n));
    const sum = (r: SizeResult): number => names.reduce((acc, n) => acc + (r.stages.first.find((t) => t.stage === n)?.ms ?? NaN), 0);
    const es = names.length > 0 ? exponent(k100.n, sum(k100), m1.n, sum(m1)) : NaN;
    list.push({
      name: 'Cost about linear in N (exponent 100k → 1M)',
      measured: Number.isFinite(en)
        ? `time: first ${ef.toFixed(2)}, next ${en.toFixed(2)}, no-change ${ec.toFixed(2)}; peak memory (next) ${em.toFixed(2)}`
        : `whole releases failed at 1M; first-release stages ${names[0] ?? ''}…${names[names.length - 1] ?? ''}: ${es.toFixed(2)}`,
      pass: Number.isFinite(en) ? Math.max(ef, en, ec) <= 1.15 : Number.isFinite(es) ? es <= 1.15 : false,
    });
  } else list.push(missing('Cost about linear in N (exponent 100k → 1M)', '100k,1m'));
  if (res.small) {
    const sm = res.small;
    const share = 1 - sm.inProcessWorkMs / sm.cliFirstWallMs;
    list.push({
      name: `npm start on the real ${sm.records} records: start-up dominates`,
      measured: `CLI wall ${s(sm.cliFirstWallMs)}, of which runRelease work ${s(sm.inProcessWorkMs)} → start-up ${(share * 100).toFixed(0)}%`,
      pass: share > 0.5,
    });
  }
  return list;
}

