import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { ModelRegistry } from './modelRegistry';

/** @public */
export interface ModelDeploymentsModelRegistryExtensionPoint {
  /** Replaces the default model registry (the catalog annotation). Only one module may set it. */
  setModelRegistry(registry: ModelRegistry): void;
}

/**
 * Lets a backend module plug in the model registry that lists a model's versions.
 *
 * @public
 */
export const modelDeploymentsModelRegistryExtensionPoint =
  createExtensionPoint<ModelDeploymentsModelRegistryExtensionPoint>({
    id: 'model-deployments.model-registry',
  });
