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
import { createRouter } from './api/router';
import { ApprovalNotifier } from './approvals/ApprovalNotifier';
import { ApprovalPolicy } from './approvals/ApprovalPolicy';
import { ApprovalPresenter } from './approvals/ApprovalPresenter';
import { ApprovalWorkflow } from './approvals/ApprovalWorkflow';
import { CatalogAnnotationModelRegistry } from './catalog/CatalogAnnotationModelRegistry';
import { ModelCatalog } from './catalog/ModelCatalog';
import { ModelOwnership } from './catalog/ModelOwnership';
import { createKnexStores } from './database/createKnexStores';
import { KnexAlertStore } from './database/KnexAlertStore';
import { migrateDatabase } from './database/migrateDatabase';
import { ChangeWriter } from './deployments/ChangeWriter';
import { DeploymentAccess } from './deployments/DeploymentAccess';
import { DeploymentPresenter } from './deployments/presentDeployment';
import { DeploymentChanges } from './events/DeploymentChanges';
import { evaluateAlerts } from './jobs/evaluateAlerts';
import { expireApprovalRequests } from './jobs/expireApprovalRequests';
import { expireIdempotencyKeys } from './jobs/expireIdempotencyKeys';
import { recordAvailableServing } from './jobs/recordAvailableServing';
import { recordModelOwners } from './jobs/recordModelOwners';
import { readPluginSettings } from './lib/readPluginSettings';
import { PrometheusMetricsProvider } from './metrics/PrometheusMetricsProvider';
import { readMetricsConfig } from './metrics/readMetricsConfig';
import { AlertEvaluator } from './monitoring/AlertEvaluator';
import { AlertNotifier } from './monitoring/AlertNotifier';
import { MetricsCanaryAnalysis } from './monitoring/MetricsCanaryAnalysis';
import {
  MonitoringLimits,
  readMonitoringLimits,
} from './monitoring/MonitoringLimits';
import { DeploymentAuthorizer } from './permissions/DeploymentAuthorizer';
import { PermissionDecisionCache } from './permissions/PermissionDecisionCache';
import {
  modelDeploymentPermissionResourceRef,
  modelDeploymentRules,
} from './permissions/rules';
import { readClusters } from './runtime/clusters';
import { OwnerSecrets } from './runtime/secrets/OwnerSecrets';
import { readSecretGrants } from './runtime/secrets/SecretGrants';
import { readRuntimeConfig } from './runtime/config';
import { DeploymentRuntime } from './runtime/DeploymentRuntime';
import { ApprovalService } from './service/ApprovalService';
import { DeploymentQueries } from './service/DeploymentQueries';
import { DeploymentService } from './service/DeploymentService';
import { MonitoringService } from './service/MonitoringService';

/** An extension point that one module may set, once. */
function singleSetting<T>(what: string) {
  let value: T | undefined;
  return {
    set(next: T) {
      if (value) {
        throw new Error(`${what} was already set by another module`);
      }
      value = next;
    },
    get: () => value,
  };
}

/**
 * The Model Deployments backend plugin (`/api/model-deployments`). Wiring only: each part is built
 * from its dependencies here, and does its job in its own file.
 *
 * @public
 */
export const modelDeploymentsPlugin = createBackendPlugin({
  pluginId: 'model-deployments',
  register(env) {
    const modelRegistry = singleSetting<ModelRegistry>('A model registry');
    env.registerExtensionPoint(modelDeploymentsModelRegistryExtensionPoint, {
      setModelRegistry: registry => modelRegistry.set(registry),
    });
    const canaryAnalysis = singleSetting<CanaryAnalysis>('A canary analysis');
    env.registerExtensionPoint(modelDeploymentsCanaryAnalysisExtensionPoint, {
      setCanaryAnalysis: analysis => canaryAnalysis.set(analysis),
    });
    const metricsProvider =
      singleSetting<MetricsProvider>('A metrics provider');
    env.registerExtensionPoint(modelDeploymentsMetricsProviderExtensionPoint, {
      setMetricsProvider: provider => metricsProvider.set(provider),
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
        const settings = readPluginSettings(config);
        const knex = await migrateDatabase(database);
        const stores = createKnexStores(knex, {
          revisionHistoryLimit: settings.revisionHistoryLimit,
        });
        const alertStore = new KnexAlertStore(knex);
        const prometheus = readMetricsConfig(config);
        const monitoringLimits = readMonitoringLimits(config);
        const metrics =
          metricsProvider.get() ??
          (prometheus ? new PrometheusMetricsProvider(prometheus) : undefined);

        const ownership = new ModelOwnership(
          catalog,
          auth,
          settings.permissionDecisionCacheMs,
        );
        const authorizer = new DeploymentAuthorizer(
          new PermissionDecisionCache(
            permissions,
            settings.permissionDecisionCacheMs,
          ),
          permissionsRegistry,
          ownership,
        );
        permissionsRegistry.addResourceType({
          resourceRef: modelDeploymentPermissionResourceRef,
          permissions: modelDeploymentPermissions,
          rules: Object.values(modelDeploymentRules),
          getResources: async ids => {
            const records = await stores.deployments.getMany(ids);
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
          modelRegistry.get() ?? new CatalogAnnotationModelRegistry(),
        );
        const changes = new DeploymentChanges(events, logger);
        const notificationsInstalled = (
          await rootInstanceMetadata.getInstalledPlugins()
        ).some(plugin => plugin.pluginId === 'notifications');
        const notifier = new ApprovalNotifier(
          notificationsInstalled ? notifications : undefined,
          logger,
        );
        const approvalPresenter = new ApprovalPresenter(
          authorizer,
          () => new Date(),
        );
        const workflow = new ApprovalWorkflow(
          stores,
          ApprovalPolicy.fromConfig(config),
          changes,
        );
        const access = new DeploymentAccess(stores, authorizer);
        const queries = new DeploymentQueries({
          stores,
          models,
          ownership,
          authorizer,
          access,
          presenter: new DeploymentPresenter(
            stores,
            alertStore,
            ownership,
            approvalPresenter,
          ),
        });
        // Without environments, deployments are recorded and their operations wait, visibly queued.
        const runtimeConfig = readRuntimeConfig(config);
        const clusters = readClusters(config);
        const secrets = new OwnerSecrets({
          clusters,
          environments: runtimeConfig?.environments,
          grants: readSecretGrants(config),
        });
        const commands = new DeploymentService({
          stores,
          models,
          authorizer,
          access,
          queries,
          writer: new ChangeWriter(stores, changes),
          workflow,
          approvalPresenter,
          notifier,
          changes,
          servingTemplates: runtimeConfig,
          secrets,
        });
        const approvals = new ApprovalService(
          stores,
          commands,
          workflow,
          authorizer,
          approvalPresenter,
          notifier,
        );

        const runtime = runtimeConfig
          ? new DeploymentRuntime({
              stores,
              config: runtimeConfig,
              clusters,
              secrets,
              models,
              auth,
              logger: logger.child({ component: 'runtime' }),
              canaryAnalysis:
                canaryAnalysis.get() ??
                (metrics ? new MetricsCanaryAnalysis(metrics) : undefined),
              changes,
            })
          : undefined;
        const namespaceOf = (environment: string) =>
          runtimeConfig?.environments[
            environment as keyof typeof runtimeConfig.environments
          ]?.namespace;
        const monitoring = new MonitoringService({
          access,
          authorizer,
          alerts: alertStore,
          metrics,
          namespaceOf,
          runtime,
          limits: new MonitoringLimits(monitoringLimits),
        });

        httpRouter.use(
          await createRouter({
            commands,
            queries,
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

        const alertEvaluator = new AlertEvaluator({
          stores,
          alerts: alertStore,
          notifier: new AlertNotifier(
            notificationsInstalled ? notifications : undefined,
            logger,
          ),
          logger: logger.child({ component: 'alerts' }),
          metrics,
          namespaceOf,
          windowSeconds: settings.alertWindowSeconds,
        });
        for (const task of [
          expireApprovalRequests({ approvals, auth }),
          recordModelOwners({
            deployments: stores.deployments,
            ownership,
            changes,
          }),
          evaluateAlerts({ evaluator: alertEvaluator }),
          expireIdempotencyKeys({ idempotency: stores.idempotency }),
          ...(runtimeConfig
            ? [
                recordAvailableServing({
                  deployments: stores.deployments,
                  models,
                  auth,
                  templates: runtimeConfig,
                  logger,
                }),
              ]
            : []),
        ]) {
          await scheduler.scheduleTask(task);
        }
      },
    });
  },
});
