/**
 * The Model Deployments backend plugin: the store, the REST API and the permission rules. (The catalog
 * module that publishes each deployment as a Component is its own package,
 * `@modelops/plugin-catalog-backend-module-model-deployments`.)
 *
 * @packageDocumentation
 */

export { modelDeploymentsPlugin as default } from './plugin';
export {
  modelDeploymentConditions,
  createModelDeploymentConditionalDecision,
} from './permissions/conditions';
export {
  modelDeploymentRules,
  modelDeploymentPermissionResourceRef,
  type DeploymentPermissionResource,
} from './permissions/rules';
