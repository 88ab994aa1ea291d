import { useRouteRef } from '@backstage/core-plugin-api';
import { selectedTemplateRouteRef } from '../routes';

/**
 * The Create Deployment template's page, with the model already chosen when one is given; `undefined`
 * when the app has no scaffolder to link to.
 */
export function useCreateDeploymentLink(modelRef?: string): string | undefined {
  const templateRoute = useRouteRef(selectedTemplateRouteRef);
  if (!templateRoute) {
    return undefined;
  }
  const path = templateRoute({
    namespace: 'default',
    templateName: 'model-deployment',
  });
  if (!modelRef) {
    return path;
  }
  const formData = encodeURIComponent(JSON.stringify({ model: modelRef }));
  return `${path}?formData=${formData}`;
}
