import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { modelDeploymentPermissions } from '@modelops/plugin-model-deployments-common';
import {
  modelDeploymentsCanaryAnalysisExtensionPoint,
  modelDeploymentsMetricsProviderExtensionPoint,
  modelDeploymentsModelRegistryExtensionPoint,
  type CanaryAnalysis,
  type MetricsProvider,
  type ModelRegistry,
} from '@modelops/plugin-model-deployments-node';
import { migrateDatabase } from './database/migrateDatabase';
import { AlertStore } from './database/AlertStore';
import { DeploymentStore } from './database/DeploymentStore';
import { CatalogAnnotationModelRegistry } from './catalog/CatalogAnnotationModelRegistry';
import { ModelCatalog } from './catalog/ModelCatalog';
import { ModelOwnership } from './catalog/ModelOwnership';
import { ApprovalNotifier } from './approvals/ApprovalNotifier';
import { ApprovalPolicy } from './approvals/ApprovalPolicy';
import { ApprovalPresenter } from './approvals/ApprovalPresenter';
import { ApprovalService } from './approvals/ApprovalService';
import { DeploymentChanges } from './events/DeploymentChanges';
import { readMetricsConfig } from './metrics/readMetricsConfig';
import { PrometheusMetricsProvider } from './metrics/PrometheusMetricsProvider';
import { AlertEvaluator } from './monitoring/AlertEvaluator';
import { AlertNotifier } from './monitoring/AlertNotifier';
import { MetricsCanaryAnalysis } from './monitoring/MetricsCanaryAnalysis';
import { MonitoringService } from './monitoring/MonitoringService';
import { DeploymentAuthorizer } from './permissions/DeploymentAuthorizer';
import { PermissionDecisionCache } from './permissions/PermissionDecisionCache';
import {
  modelDeploymentPermissionResourceRef,
  modelDeploymentRules,
} from './permissions/rules';
import { DeploymentService } from './service/DeploymentService';
import { createRouter } from './service/router';
import { readClusters } from './runtime/clusters';
import { readRuntimeConfig } from './runtime/config';
import { DeploymentRuntime } from './runtime/DeploymentRuntime';

/**
 * Short enough that a changed policy, group membership or model owner applies within seconds, long
 * enough that a polling page asks the permission backend and the catalog once per interval instead of
 * once per request.
 */
const DEFAULT_PERMISSION_DECISION_CACHE_SECONDS = 5;

/** Alerts compare the requests of the last five minutes with the thresholds, every minute. */
const DEFAULT_ALERT_WINDOW_SECONDS = 5 * 60;

/** Idempotency keys answer retries for a day, like most payment and cloud APIs. */
const IDEMPOTENCY_KEY_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * The Model Deployments backend plugin (`/api/model-deployments`).
 *
 * @public
 */
export const modelDeploymentsPlugin = createBackendPlugin({
  pluginId: 'model-deployments',
  register(env) {
    let modelRegistry: ModelRegistry | undefined;
    env.registerExtensionPoint(modelDeploymentsModelRegistryExtensionPoint, {
      setModelRegistry(registry) {
        if (modelRegistry) {
          throw new Error('A model registry was already set by another module');
        }
        modelRegistry = registry;
      },
    });

    let canaryAnalysis: CanaryAnalysis | undefined;
    env.registerExtensionPoint(modelDeploymentsCanaryAnalysisExtensionPoint, {
      setCanaryAnalysis(analysis) {
        if (canaryAnalysis) {
          throw new Error(
            'A canary analysis was already set by another module',
          );
        }
        canaryAnalysis = analysis;
      },
    });

    let metricsProvider: MetricsProvider | undefined;
    env.registerExtensionPoint(modelDeploymentsMetricsProviderExtensionPoint, {
      setMetricsProvider(provider) {
        if (metricsProvider) {
          throw new Error(
            'A metrics provider was already set by another module',
          );
        }
        metricsProvider = provider;
      },
    });

    env.registerInit({
      deps: {
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        database: coreServices.database,
        events: eventsServiceRef,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
        logger: coreServices.logger,
        notifications: notificationService,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        rootInstanceMetadata: coreServices.rootInstanceMetadata,
        scheduler: coreServices.scheduler,
      },
      async init({
        auditor,
        auth,
        catalog,
        config,
        database,
        events,
        httpAuth,
        httpRouter,
        lifecycle,
        logger,
        notifications,
        permissions,
        permissionsRegistry,
        rootInstanceMetadata,
        scheduler,
      }) {
        const knex = await migrateDatabase(database);
        const store = new DeploymentStore(knex);
        const alertStore = new AlertStore(knex);
        const prometheus = readMetricsConfig(config);
        const metrics =
          metricsProvider ??
          (prometheus ? new PrometheusMetricsProvider(prometheus) : undefined);
        const permissionCacheMs =
          (config.getOptionalNumber(
            'modelDeployments.permissionDecisionCacheSeconds',
          ) ?? DEFAULT_PERMISSION_DECISION_CACHE_SECONDS) * 1000;
        const ownership = new ModelOwnership(catalog, auth, permissionCacheMs);
        const authorizer = new DeploymentAuthorizer(
          new PermissionDecisionCache(permissions, permissionCacheMs),
          permissionsRegistry,
          ownership,
        );

        permissionsRegistry.addResourceType({
          resourceRef: modelDeploymentPermissionResourceRef,
          permissions: modelDeploymentPermissions,
          rules: Object.values(modelDeploymentRules),
          getResources: async ids => {
            const records = await store.getDeployments(ids);
            const found = ids.flatMap(id => records.get(id) ?? []);
            const resources = new Map(
              (await authorizer.resources(found)).map((resource, index) => [
                found[index].id,
                resource,
              ]),
            );
            return ids.map(id => resources.get(id));
          },
        });

        const models = new ModelCatalog(
          catalog,
          modelRegistry ?? new CatalogAnnotationModelRegistry(),
        );
        const changes = new DeploymentChanges(events, logger);
        const presenter = new ApprovalPresenter(authorizer, () => new Date());
        const notificationsInstalled = (
          await rootInstanceMetadata.getInstalledPlugins()
        ).some(plugin => plugin.pluginId === 'notifications');
        const notifier = new ApprovalNotifier(
          notificationsInstalled ? notifications : undefined,
          logger,
        );
        const service = new DeploymentService(
          store,
          models,
          authorizer,
          ownership,
          {
            policy: ApprovalPolicy.fromConfig(config),
            presenter,
            notifier,
          },
          changes,
          alertStore,
        );
        const approvals = new ApprovalService(
          store,
          service,
          authorizer,
          presenter,
          notifier,
        );
        // Without environments, deployments are recorded and their operations wait, visibly queued.
        const runtimeConfig = readRuntimeConfig(config);
        const runtime = runtimeConfig
          ? new DeploymentRuntime({
              store,
              config: runtimeConfig,
              clusters: readClusters(config),
              models,
              auth,
              logger: logger.child({ component: 'runtime' }),
              canaryAnalysis:
                canaryAnalysis ??
                (metrics ? new MetricsCanaryAnalysis(metrics) : undefined),
              changes,
            })
          : undefined;
        const namespaceOf = (environment: string) =>
          runtimeConfig?.environments[
            environment as keyof typeof runtimeConfig.environments
          ]?.namespace;
        const monitoring = new MonitoringService({
          deployments: service,
          authorizer,
          alerts: alertStore,
          metrics,
          namespaceOf,
          runtime,
        });
        httpRouter.use(
          await createRouter({
            service,
            approvals,
            monitoring,
            httpAuth,
            auditor,
            // Under test every response is checked against the OpenAPI spec.
            validateResponses: process.env.NODE_ENV === 'test',
          }),
        );

        if (runtime) {
          lifecycle.addStartupHook(() => runtime.start());
          lifecycle.addShutdownHook(() => runtime.stop());
        } else {
          logger.info(
            'No modelDeployments.environments configured: deployments are recorded but not run on a cluster',
          );
        }

        await scheduler.scheduleTask({
          id: 'expire-approval-requests',
          frequency: { minutes: 1 },
          timeout: { minutes: 5 },
          fn: async () => {
            await approvals.expireDue(await auth.getOwnServiceCredentials());
          },
        });

        // Requests read owners from the catalog; the recorded owner is what the catalog module publishes
        // (announced here when it changes) and what is shown for a model that left the catalog.
        await scheduler.scheduleTask({
          id: 'record-model-owners',
          frequency: { minutes: 1 },
          timeout: { minutes: 5 },
          fn: async () => {
            const owners = await ownership.of(
              await store.listDeployedModelRefs(),
            );
            const changed = await store.updateOwners(
              new Map(
                [...owners].flatMap(([ref, { owner }]) =>
                  owner ? [[ref, owner] as const] : [],
                ),
              ),
            );
            for (const deployment of changed) {
              await changes.published(deployment);
            }
          },
        });

        const alertWindowSeconds =
          config.getOptionalNumber('modelDeployments.alerts.windowSeconds') ??
          DEFAULT_ALERT_WINDOW_SECONDS;
        if (!Number.isInteger(alertWindowSeconds) || alertWindowSeconds < 1) {
          throw new Error(
            'modelDeployments.alerts.windowSeconds must be a whole number of seconds, at least 1',
          );
        }
        const alertEvaluator = new AlertEvaluator({
          store,
          alerts: alertStore,
          notifier: new AlertNotifier(
            notificationsInstalled ? notifications : undefined,
            logger,
          ),
          logger: logger.child({ component: 'alerts' }),
          metrics,
          namespaceOf,
          windowSeconds: alertWindowSeconds,
        });
        await scheduler.scheduleTask({
          id: 'evaluate-alerts',
          frequency: { minutes: 1 },
          timeout: { minutes: 5 },
          fn: signal => alertEvaluator.evaluateAll(signal),
        });

        await scheduler.scheduleTask({
          id: 'expire-idempotency-keys',
          frequency: { hours: 1 },
          timeout: { minutes: 5 },
          fn: async () => {
            await store.deleteIdempotencyKeysBefore(
              new Date(Date.now() - IDEMPOTENCY_KEY_RETENTION_MS),
            );
          },
        });
      },
    });
  },
});
