import { createFrontendPlugin } from '@backstage/frontend-plugin-api';

/**
 * The Model Deployments frontend plugin, for apps on the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'model-deployments',
  info: { packageJson: () => import('../package.json') },
  extensions: [],
});
