/** A failed apply is tried again after 1 s, then twice as long each time, up to 30 s. */
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 30_000;

/** Deployments whose last attempt failed: how often in a row, and when to try again. */
export class Backoff {
  private readonly attempts = new Map<string, { count: number; at: number }>();

  /** Holds a deployment back for a growing delay after a failure. */
  holdBack(id: string): { delayMs: number; attempt: number } {
    const count = (this.attempts.get(id)?.count ?? 0) + 1;
    const delayMs = Math.min(RETRY_FIRST_MS * 2 ** (count - 1), RETRY_MAX_MS);
    this.attempts.set(id, { count, at: Date.now() + delayMs });
    return { delayMs, attempt: count };
  }

  /** An attempt succeeded: the next failure starts from the first delay. */
  clear(id: string): void {
    this.attempts.delete(id);
  }

  isHeldBack(id: string): boolean {
    return (this.attempts.get(id)?.at ?? 0) > Date.now();
  }
}
