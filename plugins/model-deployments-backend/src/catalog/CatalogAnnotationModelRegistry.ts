import type { Entity } from '@backstage/catalog-model';
import { MODEL_VERSIONS_ANNOTATION } from '@modelops/plugin-model-deployments-common';
import type {
  ModelRegistry,
  ModelVersion,
} from '@modelops/plugin-model-deployments-node';

/**
 * The default model registry: the versions listed, newest first and comma-separated, in the model
 * entity's `modelops.io/model-versions` annotation.
 */
export class CatalogAnnotationModelRegistry implements ModelRegistry {
  async listVersions(model: Entity): Promise<ModelVersion[]> {
    const annotation =
      model.metadata.annotations?.[MODEL_VERSIONS_ANNOTATION] ?? '';
    return annotation
      .split(',')
      .map(version => version.trim())
      .filter(Boolean)
      .map(version => ({ version }));
  }
}
