import {
  coreServices,
  createBackendFeatureLoader,
} from '@backstage/backend-plugin-api';
import { authModuleDemoProvider } from './modules/demoSignIn/module';

/**
 * The demo's sign-in as any example user, added only where the configuration asks for it
 * (`auth.providers.demo`, in app-config.demo.yaml): never because of NODE_ENV alone.
 */
export const demoSignInWhenConfigured = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig },
  *loader({ config }) {
    if (config.has('auth.providers.demo')) {
      yield authModuleDemoProvider;
    }
  },
});
