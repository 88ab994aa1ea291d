import type { Entity } from '@backstage/catalog-model';

/**
 * Whether a catalog entity is a model: `kind: Resource` with `spec.type: ai-model`.
 *
 * @public
 */
export function isModelEntity(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    entity.spec?.type === 'ai-model'
  );
}
