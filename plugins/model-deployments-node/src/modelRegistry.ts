import type { Entity } from '@backstage/catalog-model';

/** One version of a model that can be deployed. @public */
export type ModelVersion = {
  version: string;
  /** Where the serving image loads the version from, when the registry knows it. */
  uri?: string;
  createdAt?: string;
  description?: string;
};

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
