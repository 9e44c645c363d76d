import { SEED_SCHEMA_REF, type Seed, type SeedCommitment, type Source } from '../schemas/seed.ts';
import type { ArticleCity } from './parse-article.ts';

/** Why an existing seed file is kept instead of overwritten by the import. */
export function reasonToKeep(existing: Seed, imported: Seed): string | null {
  if (imported.complete) return null;
  if (existing.complete) return 'the existing file is complete but the article is cut off for this city';
  if (existing.commitments.length > imported.commitments.length) {
    return `the existing file has ${existing.commitments.length} commitments, the cut-off article only ${imported.commitments.length}`;
  }
  return null;
}

/**
 * The seed for one city of the article. With an existing seed file, explicit ids are
 * kept (matched by identical text, then by seq) and source fields the article does
 * not carry (such as url) are preserved.
 */
export function buildSeed(city: ArticleCity, year: number, source: Source, existing: Seed | null): Seed {
  const withIds = existing?.commitments.filter((c) => c.id !== undefined) ?? [];
  const used = new Set<string>();
  const ids = new Map<number, string>(); // article line → kept id
  const claim = (matches: (row: ArticleCity['commitments'][number], old: SeedCommitment) => boolean): void => {
    for (const row of city.commitments) {
      if (ids.has(row.line)) continue;
      const old = withIds.find((c) => !used.has(c.id!) && matches(row, c));
      if (old) {
        used.add(old.id!);
        ids.set(row.line, old.id!);
      }
    }
  };
  claim((row, old) => old.text === row.text); // identical text first, so renumbered ones keep their id
  claim((row, old) => old.seq === row.seq);
  const commitments: SeedCommitment[] = city.commitments.map((c) => {
    const id = ids.get(c.line);
    return { ...(id !== undefined ? { id } : {}), seq: c.seq, text: c.text, deadline: c.deadline, responsible: [...c.responsible] };
  });
  return {
    $schema: SEED_SCHEMA_REF,
    year,
    city: city.city.name,
    complete: city.complete,
    contact: city.contact,
    source: { ...(existing?.source ?? {}), ...source },
    commitments,
  };
}
