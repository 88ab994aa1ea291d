/**
 * Extension points and interfaces that backend modules implement to adapt the Model Deployments backend:
 * the model registry and the canary analysis today; the metrics provider and the cluster runtime as they
 * arrive.
 *
 * @packageDocumentation
 */

export * from './modelRegistry';
export * from './canaryAnalysis';
export * from './extensions';
export * from './events';
