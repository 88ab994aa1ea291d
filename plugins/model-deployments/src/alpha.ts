import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { ModelDeploymentsClient, modelDeploymentsApiRef } from './api';

const modelDeploymentsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: modelDeploymentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ModelDeploymentsClient({ discoveryApi, fetchApi }),
    }),
});
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { createElement } from 'react';
import { isModelEntity } from './isModelEntity';
import { selectedTemplateRouteRef } from './routes';

/** The Deployments tab of a model's catalog page. */
const modelDeploymentsEntityContent = EntityContentBlueprint.make({
  name: 'deployments',
  params: {
    path: 'deployments',
    title: 'Deployments',
    filter: isModelEntity,
    loader: () =>
      import('./components/EntityModelDeploymentsContent').then(m =>
        createElement(m.EntityModelDeploymentsContent),
      ),
  },
});

/** The template's model version field: the versions of the chosen model, not free text. */
const modelVersionPickerFormField = FormFieldBlueprint.make({
  name: 'model-version-picker',
  params: {
    field: () =>
      import('./components/ModelVersionPicker/field').then(
        m => m.modelVersionPickerField,
      ),
  },
});

/**
 * The Model Deployments frontend plugin, for apps on the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'model-deployments',
  info: { packageJson: () => import('../package.json') },
  extensions: [
    modelDeploymentsApi,
    modelDeploymentsEntityContent,
    modelVersionPickerFormField,
  ],
  externalRoutes: { selectedTemplate: selectedTemplateRouteRef },
});
