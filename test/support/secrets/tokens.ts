/**
 * Fake GitHub tokens planted in the secrets tests, and every form in which one of them
 * showing up somewhere means it leaked.
 */
import { randomBytes } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `n` random characters of `alphabet`. */
export function randomChars(n: number, alphabet = ALNUM): string {
  return [...randomBytes(n)].map((b) => alphabet[b % alphabet.length]).join('');
}

export interface TokenCase {
  readonly label: string;
  readonly value: string;
  /** The random part (what a prefix such as ghp_ does not give away). */
  readonly secret: string;
}

/** A text whose presence means the token leaked, and the form it is in. */
export interface Needle {
  readonly form: string;
  readonly text: string;
}

function makeToken(label: string, prefix: string, secret: string): TokenCase {
  return { label, value: `${prefix}${secret}`, secret };
}

/**
 * Three tokens, random per call, of the shapes GitHub issues: a classic ghp_ token, a
 * fine-grained github_pat_ token, and a legacy 40-hex token — one with no prefix the pattern
 * redaction knows, which only the environment-value redaction can hide.
 */
export function makeTokens(): readonly [TokenCase, TokenCase, TokenCase] {
  return [
    makeToken('classic ghp_ token', 'ghp_', randomChars(36)),
    makeToken('fine-grained github_pat_ token', 'github_pat_', `${randomChars(22)}_${randomChars(59)}`),
    makeToken('legacy 40-hex token', '', randomChars(40, '0123456789abcdef')),
  ];
}

/** Base64 of a text's UTF-8 bytes (what Basic authorization carries). */
export const base64 = (s: string): string => Buffer.from(s).toString('base64');
const base64url = (s: string): string => Buffer.from(s).toString('base64url');

/** Every text whose presence means the token leaked. */
export function needlesOf(token: TokenCase): Needle[] {
  const t = token.value;
  const needles = [
    { form: 'the token', text: t },
    { form: '"token <value>" header', text: `token ${t}` },
    { form: '"Bearer <value>" header', text: `Bearer ${t}` },
    { form: 'base64 of the token', text: base64(t) },
    { form: 'base64url of the token', text: base64url(t) },
    { form: 'Basic auth (x-access-token:<value>)', text: base64(`x-access-token:${t}`) },
    { form: 'Basic auth (<value>:x-oauth-basic)', text: base64(`${t}:x-oauth-basic`) },
    { form: 'Basic auth (<value>:)', text: base64(`${t}:`) },
    { form: 'percent-encoded', text: encodeURIComponent(t) },
  ];
  // A leak cut short is a leak: 12-character pieces of the random part, every 4 characters,
  // so any 15 characters in a row of it are found.
  for (let i = 0; i + 12 <= token.secret.length; i += 4) needles.push({ form: `a piece of the token (${i}…${i + 12})`, text: token.secret.slice(i, i + 12) });
  return needles;
}
