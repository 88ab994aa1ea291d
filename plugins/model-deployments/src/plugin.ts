import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ModelDeploymentsClient } from '@modelops/plugin-model-deployments-common';
import { modelDeploymentsApiRef } from './api';
import { rootRouteRef, selectedTemplateRouteRef } from './routes';

/**
 * The Model Deployments frontend plugin, for apps on the legacy frontend system.
 *
 * @public
 */
export const modelDeploymentsPlugin = createPlugin({
  id: 'model-deployments',
  apis: [
    createApiFactory({
      api: modelDeploymentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ModelDeploymentsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
  externalRoutes: { selectedTemplate: selectedTemplateRouteRef },
});

/**
 * The Deployments page (`/model-deployments`), the approval requests (`/model-deployments/approvals`) and
 * each deployment's page (`/model-deployments/<id>`), for apps on the legacy frontend system: mount it on
 * a `Route` and add a sidebar item.
 *
 * @public
 */
export const ModelDeploymentsPage = modelDeploymentsPlugin.provide(
  createRoutableExtension({
    name: 'ModelDeploymentsPage',
    component: () => import('./components/Router').then(m => m.Router),
    mountPoint: rootRouteRef,
  }),
);

/**
 * The Deployments tab of a model's entity page, for apps on the legacy frontend system: put it in an
 * `EntityLayout.Route` shown when `isModelEntity`.
 *
 * @public
 */
export const EntityModelDeploymentsContent = modelDeploymentsPlugin.provide(
  createComponentExtension({
    name: 'EntityModelDeploymentsContent',
    component: {
      lazy: () =>
        import('./components/EntityModelDeploymentsContent').then(
          m => m.EntityModelDeploymentsContent,
        ),
    },
  }),
);

/**
 * A model's deployments at a glance, for the overview of a model's entity page (legacy frontend system).
 *
 * @public
 */
export const EntityModelDeploymentsCard = modelDeploymentsPlugin.provide(
  createComponentExtension({
    name: 'EntityModelDeploymentsCard',
    component: {
      lazy: () =>
        import('./components/EntityModelDeploymentsCard').then(
          m => m.EntityModelDeploymentsCard,
        ),
    },
  }),
);

/**
 * The Deployment tab of a deployment's own catalog Component, for apps on the legacy frontend system:
 * show it when `isModelServerEntity`.
 *
 * @public
 */
export const EntityModelServerContent = modelDeploymentsPlugin.provide(
  createComponentExtension({
    name: 'EntityModelServerContent',
    component: {
      lazy: () =>
        import('./components/EntityModelServerContent').then(
          m => m.EntityModelServerContent,
        ),
    },
  }),
);
