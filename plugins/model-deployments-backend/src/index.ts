/**
 * The Model Deployments backend plugin: the store, the REST API and the permission rules; and the
 * catalog module that publishes each deployment as a Component.
 *
 * @packageDocumentation
 */

export { modelDeploymentsPlugin as default } from './plugin';
export { catalogModuleModelDeployments } from './catalogModule';
export {
  modelDeploymentConditions,
  createModelDeploymentConditionalDecision,
} from './permissions/conditions';
export {
  modelDeploymentRules,
  modelDeploymentPermissionResourceRef,
  type DeploymentPermissionResource,
} from './permissions/rules';
