import { createPlugin } from '@backstage/core-plugin-api';

/**
 * The Model Deployments frontend plugin, for apps on the legacy frontend system.
 *
 * @public
 */
export const modelDeploymentsPlugin = createPlugin({
  id: 'model-deployments',
});
