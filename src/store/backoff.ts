export interface BackoffPolicy {
  /** Total time the retries of one operation may take; Functions die at 10 s, so stay well below. */
  budgetMs: number;
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { budgetMs: 4000, baseMs: 50, capMs: 1000 };

/** Exponential backoff with full jitter (no thundering herd when many Functions hit the same limit). */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
