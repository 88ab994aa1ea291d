/**
 * Extension points and interfaces that backend modules implement to adapt the Model Deployments backend:
 * the model registry, the metrics provider and the canary analysis.
 *
 * @packageDocumentation
 */

export * from './modelRegistry';
export * from './canaryAnalysis';
export * from './metricsProvider';
export * from './extensions';
export * from './events';
