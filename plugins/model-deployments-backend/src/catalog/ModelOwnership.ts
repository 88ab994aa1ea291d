import type { AuthService } from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  stringifyEntityRef,
  type Entity,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  APPROVERS_ANNOTATION,
  MODEL_ENTITY_TYPE,
} from '@modelops/plugin-model-deployments-common';

/** Who owns a model, and who approves its changes, as the catalog has it now. */
export type Ownership = {
  /** The owner entity reference; `undefined` when the model is not in the catalog (any more). */
  owner?: string;
  /** The owner and the group that the approvers annotation names, if any. */
  approvers: string[];
};

export function isModel(entity: Entity): boolean {
  return (
    entity.kind.toLowerCase() === 'resource' &&
    entity.spec?.type === MODEL_ENTITY_TYPE
  );
}

/** The model's `spec.owner` as a full, lowercase entity reference (a bare name is a group). */
export function ownerOf(entity: Entity): string | undefined {
  const owner = entity.spec?.owner;
  return typeof owner === 'string' && owner
    ? normalize(owner, entity)
    : undefined;
}

function approversOf(entity: Entity): string[] {
  const owner = ownerOf(entity);
  const annotation = entity.metadata.annotations?.[APPROVERS_ANNOTATION];
  const named = annotation
    ? annotation
        .split(',')
        .map(ref => ref.trim())
        .filter(Boolean)
        .map(ref => normalize(ref, entity))
    : [];
  return [...new Set([...(owner ? [owner] : []), ...named])];
}

function normalize(ref: string, entity: Entity): string {
  return stringifyEntityRef(
    parseEntityRef(ref, {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    }),
  ).toLowerCase();
}

const MODEL_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.annotations',
  'spec.type',
  'spec.owner',
];

/**
 * Reads ownership from the catalog, never from what a deployment recorded: moving a model to another
 * team in the catalog moves its deployments with it. It reads with the plugin's own credentials: who
 * owns a model decides permissions, so it must not depend on what the asking user may see.
 *
 * What it read is reused for `maxAgeMs`, the same time as permission decisions, so that a page that
 * polls asks the catalog once per interval rather than once per request; 0 reads on every request.
 */
export class ModelOwnership {
  private readonly byRef = new Map<
    string,
    { ownership: Ownership; readAt: number }
  >();
  private models?: { entities: Promise<Entity[]>; readAt: number };

  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The ownership of each model, keyed by its lowercase entity reference. */
  async of(modelRefs: string[]): Promise<Map<string, Ownership>> {
    const refs = [...new Set(modelRefs.map(ref => ref.toLowerCase()))];
    const stale = refs.filter(ref => !this.isFresh(this.byRef.get(ref)));
    if (stale.length) {
      const readAt = this.now();
      const { items } = await this.catalog.getEntitiesByRefs(
        { entityRefs: stale, fields: MODEL_FIELDS },
        { credentials: await this.auth.getOwnServiceCredentials() },
      );
      stale.forEach((ref, index) => {
        const entity = items[index];
        this.byRef.set(ref, {
          ownership:
            entity && isModel(entity)
              ? { owner: ownerOf(entity), approvers: approversOf(entity) }
              : { approvers: [] },
          readAt,
        });
      });
    }
    return new Map(refs.map(ref => [ref, this.byRef.get(ref)!.ownership]));
  }

  /**
   * The models whose owner (`role: 'owner'`) or approvers (`role: 'approver'`) include one of the
   * claims (a user's ownership entity references), as lowercase entity references.
   */
  async modelsOf(
    role: 'owner' | 'approver',
    claims: string[],
  ): Promise<string[]> {
    const wanted = new Set(claims.map(claim => claim.toLowerCase()));
    return (await this.allModels())
      .filter(entity => {
        const refs = role === 'owner' ? [ownerOf(entity)] : approversOf(entity);
        return refs.some(ref => ref !== undefined && wanted.has(ref));
      })
      .map(entity => stringifyEntityRef(entity).toLowerCase());
  }

  private async allModels(): Promise<Entity[]> {
    if (!this.isFresh(this.models)) {
      const entities = this.auth
        .getOwnServiceCredentials()
        .then(credentials =>
          this.catalog.getEntities(
            {
              filter: { kind: 'Resource', 'spec.type': MODEL_ENTITY_TYPE },
              fields: MODEL_FIELDS,
            },
            { credentials },
          ),
        )
        .then(response => response.items);
      this.models = { entities, readAt: this.now() };
      // A failed read is not kept: the next request asks again.
      entities.catch(() => {
        if (this.models?.entities === entities) {
          this.models = undefined;
        }
      });
    }
    return this.models!.entities;
  }

  private isFresh(read: { readAt: number } | undefined): boolean {
    return read !== undefined && this.now() - read.readAt < this.maxAgeMs;
  }
}
