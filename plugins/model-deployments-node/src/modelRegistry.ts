import type { Entity } from '@backstage/catalog-model';
import type { ModelVersion } from '@modelops/plugin-model-deployments-common';

export type { ModelVersion };

/**
 * Knows which versions of a model exist. The backend asks it before a deployment is created or its
 * model is updated, and the forms offer its versions instead of a free text field.
 *
 * The default reads the model entity's `modelops.io/model-versions` annotation; adopters replace it
 * with one that asks their registry (MLflow, SageMaker, Vertex AI, ...).
 *
 * @public
 */
export interface ModelRegistry {
  /** The versions of the model, newest first. */
  listVersions(model: Entity): Promise<ModelVersion[]>;
}
