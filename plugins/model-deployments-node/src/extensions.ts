import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { CanaryAnalysis } from './canaryAnalysis';
import type { MetricsProvider } from './metricsProvider';
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

/** @public */
export interface ModelDeploymentsCanaryAnalysisExtensionPoint {
  /** Sets the analysis that judges each canary step. Only one module may set it. */
  setCanaryAnalysis(analysis: CanaryAnalysis): void;
}

/**
 * Lets a backend module judge canary steps, typically from request metrics (error rate, p99 latency).
 *
 * @public
 */
export const modelDeploymentsCanaryAnalysisExtensionPoint =
  createExtensionPoint<ModelDeploymentsCanaryAnalysisExtensionPoint>({
    id: 'model-deployments.canary-analysis',
  });

/** @public */
export interface ModelDeploymentsMetricsProviderExtensionPoint {
  /** Replaces the metrics provider that `modelDeployments.metrics` configures. Only one module may set it. */
  setMetricsProvider(provider: MetricsProvider): void;
}

/**
 * Lets a backend module supply the metrics of deployments (the charts, canary analysis and alerts) from
 * another source than the configured Prometheus.
 *
 * @public
 */
export const modelDeploymentsMetricsProviderExtensionPoint =
  createExtensionPoint<ModelDeploymentsMetricsProviderExtensionPoint>({
    id: 'model-deployments.metrics-provider',
  });
