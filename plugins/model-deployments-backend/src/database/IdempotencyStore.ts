/** What a create request with an idempotency key made (the `idempotency_keys` table). */
export interface IdempotencyStore {
  get(
    actor: string,
    key: string,
  ): Promise<{ requestHash: string; deploymentId: string } | undefined>;
  insert(
    actor: string,
    key: string,
    requestHash: string,
    deploymentId: string,
    now: Date,
  ): Promise<void>;
  /** Forgets the keys created before `cutoff`; resolves to how many. */
  deleteBefore(cutoff: Date): Promise<number>;
}
