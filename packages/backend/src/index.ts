import { createBackend } from '@backstage/backend-defaults';
import { demoSignInWhenConfigured } from './demoSignInWhenConfigured';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
// Local sign-in as any example user of examples/org.yaml (docs/demo.md), where app-config.demo.yaml asks.
backend.add(demoSignInWhenConfigured);

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

backend.add(import('@backstage/plugin-permission-backend'));
// Everyone reads; owners act on their models' deployments; approvers approve; admins do everything.
backend.add(import('./modules/permissionPolicy'));

backend.add(import('@backstage/plugin-kubernetes-backend'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
// The event bus that the catalog and signals subscribe to.
backend.add(import('@backstage/plugin-events-backend'));

backend.add(import('@modelops/plugin-model-deployments-backend'));
// Each deployment as a `model-server` Component of the catalog, beside its model.
backend.add(
  import('@modelops/plugin-catalog-backend-module-model-deployments'),
);
backend.add(
  import('@modelops/plugin-scaffolder-backend-module-model-deployments'),
);

backend.start();
