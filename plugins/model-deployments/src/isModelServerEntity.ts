import type { Entity } from '@backstage/catalog-model';
import {
  DEPLOYMENT_ID_ANNOTATION,
  MODEL_SERVER_ENTITY_TYPE,
} from '@modelops/plugin-model-deployments-common';

/**
 * Whether a catalog entity is a deployment's own Component (`spec.type: model-server`, with the
 * deployment's id in its annotations).
 *
 * @public
 */
export function isModelServerEntity(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'component' &&
    entity.spec?.type === MODEL_SERVER_ENTITY_TYPE &&
    Boolean(entity.metadata.annotations?.[DEPLOYMENT_ID_ANNOTATION])
  );
}
