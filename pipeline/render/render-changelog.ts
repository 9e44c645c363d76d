import { cityKey, type Dataset } from '../domain/dataset.ts';
import type { Change, CityRecord, CommitmentRecord, DiffOp, FieldChange, HistoryState, ReleaseSource, SeedCommit } from '../schemas/release.ts';
import { isRenumbering, type DatasetDiff } from '../diff/diff-datasets.ts';
import type { VersionPlan } from '../version/plan-version.ts';
import { BUMP_LABEL, changeWords, isShownField, labelZh } from '../schemas/fields.ts';
import type { Target } from '../promises/target.ts';
import { showEffect, showTarget, showValue } from './show-value.ts';


/** Escapes text for Markdown with inline HTML: seed text is untrusted and must show as typed. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#~])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

/**
 * A character diff with deletions struck through and insertions underlined, each also in
 * wdiff's brackets, so that it reads in plain text (a terminal, pandoc -t plain) too.
 */
export function renderDiffMarkdown(ops: readonly DiffOp[]): string {
  return ops
    .map(([op, text]) => {
      const t = escapeMarkdown(text);
      // Marks that survive any rendering: struck and underlined on GitHub, [-…-]{+…+} in plain text.
      return op === '=' ? t : op === '-' ? `<del>[-${t}-]</del>` : `<ins>{+${t}+}</ins>`;
    })
    .join('');
}


function describeRecord(r: CommitmentRecord): string {
  return `\`${r.id}\` 第${r.seq}项：${escapeMarkdown(r.text)}（完成时间：${escapeMarkdown(r.deadline)}；责任人：${escapeMarkdown(r.responsible.join('、'))}${describeBasis(r)}）`;
}

/** The targets read from (or given for) a commitment's text, one line each, for a reviewer to check. */
function describeTargets(targets: readonly Target[] | undefined): string[] {
  return (targets ?? []).map((t) => `  - ${labelZh('targets')}：${escapeMarkdown(showTarget(t))}${t.source === 'seed' ? '（人工标注）' : ''}`);
}

/** The document a commitment rests on, when its seed names one. */
function describeBasis(r: CommitmentRecord): string {
  return r.basis ? `；${labelZh('basis')}：${escapeMarkdown(r.basis)}` : '';
}

function describeField(name: string, f: FieldChange): string {
  const label = labelZh(name);
  if (name === 'responsible') {
    const parts = [
      f.added && f.added.length > 0 ? `增加 ${escapeMarkdown(f.added.join('、'))}` : '',
      f.removed && f.removed.length > 0 ? `移除 ${escapeMarkdown(f.removed.join('、'))}` : '',
    ].filter(Boolean);
    return `${label}：${parts.join('；') || '顺序调整'}（${escapeMarkdown(showValue(f.before))} → ${escapeMarkdown(showValue(f.after))}）`;
  }
  if (name === 'complete') return `${label}：${f.before ? '完整' : '不完整'} → ${f.after ? '完整' : '不完整'}`;
  if (f.diff && name === 'text') return `${label}：${renderDiffMarkdown(f.diff)}`;
  return `${label}：${escapeMarkdown(showValue(f.before))} → ${escapeMarkdown(showValue(f.after))}`;
}

/**
 * A diff's counts in words, real modifications and renumberings apart: 新增 1 项，撤回 0 项，
 * 修改 2 项 · 仅重新编号 9 项. (`modified` counts both; renumbered ones are the part whose only
 * change is their number.)
 */
export function summaryLine(summary: DatasetDiff['summary']): string {
  return `新增 ${summary.added} 项，撤回 ${summary.removed} 项，修改 ${summary.modified - summary.renumbered} 项 · 仅重新编号 ${summary.renumbered} 项`;
}

export interface ChangelogInput {
  readonly plan: VersionPlan;
  readonly changes: readonly Change[];
  readonly summary: DatasetDiff['summary'];
  /** The previous release's cities (its records are not needed: changes carry their before values). */
  readonly before: Pick<Dataset, 'cities'> | null;
  readonly after: Dataset;
  /** Release date (YYYY-MM-DD), or null when no date is known. */
  readonly date: string | null;
  /** The commits the release was built from (changes.json `source`). */
  readonly source: ReleaseSource;
}

/** Why a release lists no commits behind its changes, in words. */
export const HISTORY_NOTE: Record<Exclude<HistoryState, 'complete'>, string> = {
  dirty: '种子文件有未提交的修改，未列出提交记录',
  unavailable: '没有可读的 git 历史（非 git 检出，或浅克隆缺少上一版本的提交），未列出提交记录',
  'no-previous-commit': '上一版本未记录其提交，无法确定此后的提交，未列出提交记录',
};

/** The sources of the cities' seeds, each once: 2023年16市重点工作任务公开承诺事项（大众日报，2023-02-10）https://… */
function describeSources(cities: readonly CityRecord[]): string[] {
  const seen = new Map<string, string>();
  for (const { source: s } of cities) {
    const line = `${escapeMarkdown(s.title)}（${escapeMarkdown([s.publisher, s.date].filter(Boolean).join('，'))}）${s.url ? ` <${s.url}>` : ''}`;
    seen.set(line, line);
  }
  return [...seen.values()];
}

/** The commits behind a change, one line each: `abc1234` 修订济南市第4项 (#12), 2023-11-14. */
function describeCommits(commits: readonly SeedCommit[] | undefined): string[] {
  return (commits ?? []).map((c) => `  - 提交：\`${c.sha.slice(0, 12)}\` ${escapeMarkdown(c.subject)}${c.pr !== null ? `（#${c.pr}）` : ''}，${c.date.slice(0, 10)}`);
}

/**
 * The human changelog of one release, in Chinese: first the commitments whose promise got
 * weaker (承诺弱化), then per city: city-level changes, withdrawn (撤回), added (新增) and
 * modified (修改) commitments, with reworded text marked character by character, what each
 * change did to the promise, the targets read, and pure renumberings apart.
 */
export function renderChangelog(input: ChangelogInput): string {
  const { plan, summary, after, before } = input;
  const title = after.cities[0]?.source.title ?? '山东16市重点工作任务公开承诺事项';
  const out: string[] = [`# v${plan.to} · ${escapeMarkdown(title)}`, ''];
  out.push(`- 版本：${plan.to}（${BUMP_LABEL[plan.bump]}）`);
  out.push(`- 上一版本：${plan.from ?? '无'}`);
  if (input.date) out.push(`- 发布日期：${input.date}`);
  out.push(`- 变更概要：${summaryLine(summary)}`);
  if (plan.bump !== 'initial') out.push(`- 承诺弱化：${summary.weakened} 项`);
  out.push(`- 本版共 ${after.records.length} 项承诺，覆盖 ${after.cities.length} 个城市·年度`);
  for (const line of describeSources(after.cities)) out.push(`- 来源：${line}`);
  if (input.source.commit) out.push(`- 构建提交：\`${input.source.commit}\``);
  if (input.source.history !== 'complete') out.push(`- 提交记录：${HISTORY_NOTE[input.source.history]}`);
  out.push('');

  if (plan.bump === 'initial') {
    out.push('## 收录范围', '');
    for (const c of after.cities) {
      out.push(`- ${c.year}年 ${c.name}：${c.commitments} 项${c.complete ? '' : '（来源不完整）'}`);
    }
    out.push('');
    return `${out.join('\n')}\n`;
  }

  const afterById = new Map(after.records.map((r) => [r.id, r]));
  const cityName = new Map<string, string>();
  for (const c of [...(before?.cities ?? []), ...after.cities]) cityName.set(cityKey(c.year, c.code), c.name);

  // First what auditors look for: every commitment whose promise got weaker, and how.
  out.push('## 承诺弱化 weakened', '');
  const weakened = input.changes.flatMap((c) => (c.scope === 'commitment' && c.type === 'modified' && c.weakened ? [c] : []));
  if (weakened.length === 0) out.push('本版没有弱化的承诺。', '');
  for (const c of weakened) {
    const now = afterById.get(c.id)!;
    const how = (c.effects ?? []).filter((e) => e.weakens).map((e) => escapeMarkdown(showEffect(e)));
    out.push(`- \`${c.id}\` ${now.year}年 ${escapeMarkdown(now.city)} 第${now.seq}项：${how.join('；')}`);
  }
  if (weakened.length > 0) out.push('');

  // Group changes by city and year, keeping the diff's order.
  const groups = new Map<string, Change[]>();
  for (const change of input.changes) {
    let key: string;
    if (change.scope === 'city') {
      const rec: CityRecord | undefined = change.type === 'added' ? change.after : change.type === 'removed' ? change.before : after.cities.find((c) => c.name === change.city && c.year === change.year);
      key = cityKey(change.year, rec?.code ?? change.city);
    } else {
      const rec = change.type === 'added' ? change.after : change.type === 'removed' ? change.before : afterById.get(change.id)!;
      key = cityKey(rec.year, rec.cityCode);
    }
    const list = groups.get(key);
    if (list) list.push(change);
    else groups.set(key, [change]);
  }

  for (const [key, changes] of groups) {
    const [year, code] = key.split('|');
    out.push(`## ${year}年 · ${cityName.get(key) ?? code}`, '');
    const section = (heading: string, lines: string[]): void => {
      if (lines.length === 0) return;
      out.push(`### ${heading}`, '', ...lines, '');
    };
    section(
      '城市信息',
      changes.flatMap((c) => {
        if (c.scope !== 'city') return [];
        if (c.type === 'added') return [`- 新增城市：${c.after.name}，${c.after.commitments} 项${c.after.complete ? '' : '（来源不完整）'}`];
        if (c.type === 'removed') return [`- 移除城市：${c.before.name}`];
        return [...Object.entries(c.fields).map(([name, f]) => `- ${describeField(name, f)}`), ...describeCommits(c.commits)];
      }),
    );
    section('撤回 withdrawn', changes.flatMap((c) => (c.scope === 'commitment' && c.type === 'removed' ? [`- ${describeRecord(c.before)}`, ...describeCommits(c.commits)] : [])));
    section('新增 added', changes.flatMap((c) => (c.scope === 'commitment' && c.type === 'added' ? [`- ${describeRecord(c.after)}`, ...describeTargets(c.after.targets), ...describeCommits(c.commits)] : [])));
    section(
      '修改 modified',
      changes.flatMap((c) => {
        if (c.scope !== 'commitment' || c.type !== 'modified' || isRenumbering(c.fields)) return [];
        const now = afterById.get(c.id)!;
        const renumbered = c.fields.seq ? `（原第${String(c.fields.seq.before)}项）` : '';
        const kinds = changeWords(Object.keys(c.fields)).map((w) => w.zh);
        return [
          `- \`${c.id}\` 第${now.seq}项${renumbered}：${kinds.join('、') || '字段更新'}`,
          ...Object.entries(c.fields)
            .filter(([name]) => isShownField(name))
            .map(([name, f]) => `  - ${describeField(name, f)}`),
          // What the change did to the promise, then the targets now read from a reworded text.
          ...(c.effects ?? []).map((e) => `  - ${escapeMarkdown(showEffect(e))}`),
          ...(c.fields.text || c.fields.targets ? describeTargets(now.targets) : []),
          // The document the change rests on (unless the change is the basis itself).
          ...(now.basis && !c.fields.basis ? [`  - ${labelZh('basis')}：${escapeMarkdown(now.basis)}`] : []),
          ...describeCommits(c.commits),
        ];
      }),
    );
    section(
      '仅重新编号 renumbered',
      changes.flatMap((c) => (c.scope === 'commitment' && c.type === 'modified' && isRenumbering(c.fields) ? [`- \`${c.id}\` 第${String(c.fields.seq!.after)}项（原第${String(c.fields.seq!.before)}项）`] : [])),
    );
  }
  return `${out.join('\n')}\n`;
}
