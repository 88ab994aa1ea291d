import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { ModelDeploymentsClient, modelDeploymentsApiRef } from './api';
import { selectedTemplateRouteRef } from './routes';

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
  externalRoutes: { selectedTemplate: selectedTemplateRouteRef },
});

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
