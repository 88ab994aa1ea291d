import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createModelDeploymentAction } from './actions/createDeployment';

/**
 * Registers `model-deployments:create` with the scaffolder.
 *
 * @public
 */
export const scaffolderModule = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'model-deployments',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolderActions: scaffolderActionsExtensionPoint,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        config: coreServices.rootConfig,
      },
      async init({ scaffolderActions, auth, discovery, config }) {
        scaffolderActions.addActions(
          createModelDeploymentAction({
            auth,
            discovery,
            appBaseUrl: config.getString('app.baseUrl'),
          }),
        );
      },
    });
  },
});
