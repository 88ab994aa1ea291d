import {
  createExternalRouteRef,
  createRouteRef,
  createSubRouteRef,
} from '@backstage/core-plugin-api';

/** The Deployments page: every deployment the user may see. */
export const rootRouteRef = createRouteRef({ id: 'model-deployments' });

/** One deployment's page; its URL is shared, and the template's "Open the deployment" link points at it. */
export const deploymentRouteRef = createSubRouteRef({
  id: 'model-deployments/deployment',
  parent: rootRouteRef,
  path: '/:id',
});

/**
 * The approval requests the user may see: those that wait (by default), and those decided. Its path is
 * matched before a deployment's, whose id is never "approvals".
 */
export const approvalsRouteRef = createSubRouteRef({
  id: 'model-deployments/approvals',
  parent: rootRouteRef,
  path: '/approvals',
});

/** The scaffolder's page of one template, where Create opens the Create Deployment form. */
export const selectedTemplateRouteRef = createExternalRouteRef({
  id: 'selected-template',
  params: ['namespace', 'templateName'],
  optional: true,
  defaultTarget: 'scaffolder.selectedTemplate',
});
