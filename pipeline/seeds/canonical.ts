import {
  COMMITMENT_KEY_ORDER,
  CONTACT_KEY_ORDER,
  SEED_KEY_ORDER,
  SEED_SCHEMA_REF,
  SOURCE_KEY_ORDER,
  type Seed,
} from '../schemas/seed.ts';

function ordered<T extends object>(value: T, order: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const key of order) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}

/**
 * The canonical text of a seed file: 2-space indent, keys in a fixed order,
 * commitments sorted by seq, `$schema` pointing at the schema, final newline.
 * Tools write only this layout, so PR diffs show content changes only.
 */
export function renderSeedFile(seed: Seed): string {
  const canonical = ordered(
    {
      ...seed,
      $schema: SEED_SCHEMA_REF,
      contact: seed.contact ? ordered(seed.contact, CONTACT_KEY_ORDER) : null,
      source: ordered(seed.source, SOURCE_KEY_ORDER),
      commitments: [...seed.commitments]
        .sort((a, b) => a.seq - b.seq)
        .map((c) => ordered(c, COMMITMENT_KEY_ORDER)),
    },
    SEED_KEY_ORDER,
  );
  return `${JSON.stringify(canonical, null, 2)}\n`;
}
