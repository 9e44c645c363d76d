/** Names of environment variables whose values must never appear in output. */
const SECRET_NAMES = /TOKEN|SECRET|PASSWORD|KEY|AUTH/i;

/** Secrets this process holds (the GitHub token once a client is made), redacted wherever they appear. */
const knownSecrets = new Set<string>();

/** Registers a secret's value, so redactSecrets removes it even where no environment is at hand. */
export function registerSecret(value: string): void {
  if (value.length >= 8) knownSecrets.add(value);
}

/**
 * Removes secrets from text bound for a terminal or log: the values of secret-looking
 * environment variables, and anything shaped like a GitHub token or an Authorization header.
 */
export function redactSecrets(text: string, env: Readonly<Record<string, string | undefined>> = {}): string {
  let out = text;
  for (const value of knownSecrets) out = out.split(value).join('***');
  for (const [name, value] of Object.entries(env)) {
    if (value && value.length >= 8 && SECRET_NAMES.test(name)) out = out.split(value).join('***');
  }
  return out
    .replace(/\b(gh[pousr]_[A-Za-z0-9_]{16,}|github_pat_[A-Za-z0-9_]{20,})\b/g, '***')
    .replace(/(authorization["']?\s*[:=]\s*["']?)(?:token|bearer)?\s*[^\s"',}]+/gi, '$1***');
}
