import { createExternalRouteRef } from '@backstage/core-plugin-api';

/** The scaffolder's page of one template, where Create opens the Create Deployment form. */
export const selectedTemplateRouteRef = createExternalRouteRef({
  id: 'selected-template',
  params: ['namespace', 'templateName'],
  optional: true,
  defaultTarget: 'scaffolder.selectedTemplate',
});
