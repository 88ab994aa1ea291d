import {
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { z } from 'zod';
import {
  ENVIRONMENTS,
  MODEL_DEPLOYMENT_RESOURCE_TYPE,
} from '@modelops/plugin-model-deployments-common';

/**
 * What a permission rule sees of a deployment, or of the deployment a create request would make.
 *
 * @public
 */
export type DeploymentPermissionResource = {
  name: string;
  environment: string;
  modelRef: string;
  /** The model's owner as the catalog has it now; `undefined` when the model is no longer there. */
  owner?: string;
  /** Who may approve its changes: the model's owner and the group its approvers annotation names. */
  approvers: string[];
};

/**
 * What a condition becomes in a list query. Ownership conditions carry the user's claims: which models
 * they own or approve is read from the catalog when the query runs, not from what a deployment recorded.
 *
 * @public
 */
export type DeploymentQueryCondition =
  | { column: 'environment' | 'model_ref'; values: string[] }
  | { modelsOf: 'owner' | 'approver'; claims: string[] };

/** @public */
export const modelDeploymentPermissionResourceRef = createPermissionResourceRef<
  DeploymentPermissionResource,
  DeploymentQueryCondition
>().with({
  pluginId: 'model-deployments',
  resourceType: MODEL_DEPLOYMENT_RESOURCE_TYPE,
});

const lower = (values: string[]) => values.map(v => v.toLowerCase());

/** @public */
export const isOwner = createPermissionRule({
  name: 'IS_OWNER',
  description:
    "Allow when the user owns the deployment's model through the catalog (one of the user's ownership references is the model's owner)",
  resourceRef: modelDeploymentPermissionResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe("The user's ownership entity references"),
  }),
  apply: (resource, { claims }) =>
    resource.owner !== undefined &&
    lower(claims).includes(resource.owner.toLowerCase()),
  toQuery: ({ claims }) => ({ modelsOf: 'owner', claims }),
});

/** @public */
export const isApprover = createPermissionRule({
  name: 'IS_APPROVER',
  description:
    "Allow when the user is a member of the model's owner group, or of the group its modelops.io/approvers annotation names",
  resourceRef: modelDeploymentPermissionResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe("The user's ownership entity references"),
  }),
  apply: (resource, { claims }) =>
    resource.approvers.some(group =>
      lower(claims).includes(group.toLowerCase()),
    ),
  toQuery: ({ claims }) => ({ modelsOf: 'approver', claims }),
});

/** @public */
export const inEnvironment = createPermissionRule({
  name: 'IN_ENVIRONMENT',
  description:
    'Allow when the deployment runs in one of the given environments',
  resourceRef: modelDeploymentPermissionResourceRef,
  paramsSchema: z.object({
    environments: z
      .array(z.enum(ENVIRONMENTS))
      .describe('Environments, e.g. ["development"]'),
  }),
  apply: (resource, { environments }) =>
    (environments as string[]).includes(resource.environment),
  toQuery: ({ environments }) => ({
    column: 'environment',
    values: environments,
  }),
});

/** @public */
export const hasModel = createPermissionRule({
  name: 'HAS_MODEL',
  description: 'Allow when the deployment serves one of the given models',
  resourceRef: modelDeploymentPermissionResourceRef,
  paramsSchema: z.object({
    modelRefs: z
      .array(z.string())
      .describe(
        'Model entity references, e.g. ["resource:default/bert-sentiment"]',
      ),
  }),
  apply: (resource, { modelRefs }) =>
    lower(modelRefs).includes(resource.modelRef.toLowerCase()),
  toQuery: ({ modelRefs }) => ({
    column: 'model_ref',
    values: lower(modelRefs),
  }),
});

/** @public */
export const modelDeploymentRules = {
  isOwner,
  isApprover,
  inEnvironment,
  hasModel,
};
