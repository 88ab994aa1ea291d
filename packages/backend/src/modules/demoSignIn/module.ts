import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { allowedHosts, createDemoAuthenticator } from './demoAuthenticator';

/**
 * The `demo` sign-in provider, for local use only: signs in as the catalog user that the request's
 * `x-demo-user` header names, with the ownership that the catalog gives that user. Configured under
 * `auth.providers.demo`.
 */
export const authModuleDemoProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        const hosts = allowedHosts([
          config.getString('backend.baseUrl'),
          config.getString('app.baseUrl'),
        ]);
        providers.registerProvider({
          providerId: 'demo',
          factory: createProxyAuthProviderFactory({
            authenticator: createDemoAuthenticator(hosts),
            signInResolver: ({ result }, ctx) =>
              ctx.signInWithCatalogUser({
                entityRef: { name: result.userName },
              }),
          }),
        });
      },
    });
  },
});
