import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type {
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { principalName } from '../lib/principal';

type Entry = { decision: Promise<PolicyDecision>; expiresAt: number };

/** Expired entries are swept once the map grows past this, so it holds about one entry per active user. */
const SWEEP_THRESHOLD = 10_000;

/**
 * Remembers the permission framework's decision for a principal and a permission for a few seconds, the
 * way Kubernetes caches its authorization webhook's answers. A page that polls a deployment, or lists
 * and then opens one, asks the same question many times; each answer costs a token and a round trip to
 * the permission backend, which is most of a read's cost. Concurrent identical questions share one
 * round trip. Only resolved decisions are kept; a failure is asked again. With `ttlMs` 0 every question
 * goes to the permission backend.
 */
export class PermissionDecisionCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly permissions: PermissionsService,
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async decide(
    permission: ResourcePermission,
    credentials: BackstageCredentials,
  ): Promise<PolicyDecision> {
    if (this.ttlMs <= 0) {
      return this.ask(permission, credentials);
    }
    const key = `${principalName(credentials)}\u0000${permission.name}`;
    const now = this.now();
    const cached = this.entries.get(key);
    if (cached && cached.expiresAt > now) {
      return cached.decision;
    }
    const decision = this.ask(permission, credentials);
    this.entries.set(key, { decision, expiresAt: now + this.ttlMs });
    decision.catch(() => {
      if (this.entries.get(key)?.decision === decision) {
        this.entries.delete(key);
      }
    });
    if (this.entries.size > SWEEP_THRESHOLD) {
      this.sweep(now);
    }
    return decision;
  }

  private async ask(
    permission: ResourcePermission,
    credentials: BackstageCredentials,
  ): Promise<PolicyDecision> {
    const [decision] = await this.permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    return decision;
  }

  private sweep(now: number) {
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt <= now) {
        this.entries.delete(key);
      }
    }
  }
}
