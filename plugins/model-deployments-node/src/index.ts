/**
 * Extension points and interfaces that backend modules implement to adapt the Model Deployments backend:
 * the model registry, the metrics provider and the canary analysis; and the reader of the environments'
 * config that the backend and its modules share.
 *
 * @packageDocumentation
 */

export * from './modelRegistry';
export * from './canaryAnalysis';
export * from './metricsProvider';
export * from './extensions';
export * from './events';
export * from './environments';
