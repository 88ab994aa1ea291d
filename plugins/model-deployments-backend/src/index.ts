/**
 * The Model Deployments backend plugin: the store, the REST API and the permission rules.
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
