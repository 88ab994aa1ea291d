import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { ModelDeploymentsDemoPolicy } from './ModelDeploymentsDemoPolicy';

/** Replaces the allow-all policy with the demo policy; its admin groups come from configuration. */
export const permissionModuleModelDeploymentsDemoPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'model-deployments-demo-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, userInfo }) {
        // `ml-platform` is short for `group:default/ml-platform`.
        const adminGroups = (
          config.getOptionalStringArray('permission.demoPolicy.adminGroups') ??
          []
        ).map(ref =>
          stringifyEntityRef(
            parseEntityRef(ref, {
              defaultKind: 'group',
              defaultNamespace: 'default',
            }),
          ),
        );
        policy.setPolicy(new ModelDeploymentsDemoPolicy(userInfo, adminGroups));
      },
    });
  },
});
