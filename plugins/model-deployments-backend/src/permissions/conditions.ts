import { createConditionExports } from '@backstage/plugin-permission-node';
import { MODEL_DEPLOYMENT_RESOURCE_TYPE } from '@modelops/plugin-model-deployments-common';
import { modelDeploymentRules } from './rules';

const { conditions, createConditionalDecision } = createConditionExports({
  pluginId: 'model-deployments',
  resourceType: MODEL_DEPLOYMENT_RESOURCE_TYPE,
  rules: modelDeploymentRules,
});

/**
 * Conditions for permission policies, e.g. `modelDeploymentConditions.isOwner({ claims })`.
 *
 * @public
 */
export const modelDeploymentConditions = conditions;

/** @public */
export const createModelDeploymentConditionalDecision =
  createConditionalDecision;
