import { convertLegacyRouteRefs } from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import CloudUploadIcon from '@material-ui/icons/CloudUpload';
import { createElement } from 'react';
import { ModelDeploymentsClient } from '@modelops/plugin-model-deployments-common';
import { modelDeploymentsApiRef } from './api';
import { isModelEntity } from './isModelEntity';
import { isModelServerEntity } from './isModelServerEntity';
import {
  approvalsRouteRef,
  deploymentRouteRef,
  rootRouteRef,
  selectedTemplateRouteRef,
} from './routes';

const modelDeploymentsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: modelDeploymentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ModelDeploymentsClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The Deployments page, the approval requests and each deployment's page; its title and icon make the
 * sidebar item.
 */
const modelDeploymentsPage = PageBlueprint.make({
  params: {
    path: '/model-deployments',
    routeRef: convertLegacyRouteRefs({ root: rootRouteRef }).root,
    title: 'Deployments',
    icon: createElement(CloudUploadIcon),
    // The pages draw their own header, the same in both frontend systems.
    noHeader: true,
    loader: () =>
      import('./components/Router').then(m => createElement(m.Router)),
  },
});

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

/** A model's deployments at a glance, on its overview. */
const modelDeploymentsEntityCard = EntityCardBlueprint.make({
  name: 'deployments',
  params: {
    filter: isModelEntity,
    loader: () =>
      import('./components/EntityModelDeploymentsCard').then(m =>
        createElement(m.EntityModelDeploymentsCard),
      ),
  },
});

/** The Deployment tab of a deployment's own catalog Component. */
const modelServerEntityContent = EntityContentBlueprint.make({
  name: 'deployment',
  params: {
    path: 'deployment',
    title: 'Deployment',
    filter: isModelServerEntity,
    loader: () =>
      import('./components/EntityModelServerContent').then(m =>
        createElement(m.EntityModelServerContent),
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
  routes: convertLegacyRouteRefs({
    root: rootRouteRef,
    deployment: deploymentRouteRef,
    approvals: approvalsRouteRef,
  }),
  extensions: [
    modelDeploymentsApi,
    modelDeploymentsPage,
    modelDeploymentsEntityContent,
    modelDeploymentsEntityCard,
    modelServerEntityContent,
    modelVersionPickerFormField,
  ],
  externalRoutes: { selectedTemplate: selectedTemplateRouteRef },
});
