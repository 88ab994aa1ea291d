import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  createDeploymentRequestSchema,
  formatFieldIssues,
  ModelDeploymentsClient,
  parseWithIssues,
  type CreateDeploymentResponse,
} from '@modelops/plugin-model-deployments-common';
import { examples } from './createDeployment.examples';

/**
 * The pages where the deployment is operated, in the app: its own page, and the Deployments tab of its
 * model's catalog page.
 */
function linksOf(appBaseUrl: string, id: string, modelRef: string) {
  const model = parseEntityRef(modelRef);
  return {
    deploymentUrl: `${appBaseUrl}/model-deployments/${id}`,
    modelDeploymentsUrl: `${appBaseUrl}/catalog/${
      model.namespace
    }/${model.kind.toLocaleLowerCase('en-US')}/${model.name}/deployments`,
  };
}

/**
 * The action `model-deployments:create`: creates a model deployment through the Model Deployments
 * backend, as the user who runs the template, so the backend's validation, ownership and permission
 * checks are the ones that apply. The task id is the idempotency key, so a retried task never creates a
 * second deployment.
 *
 * @public
 */
export function createModelDeploymentAction(options: {
  auth: AuthService;
  discovery: DiscoveryService;
  /** The app's base URL (`app.baseUrl`), for the links in the output. */
  appBaseUrl: string;
}) {
  const { auth, discovery, appBaseUrl } = options;
  const client = new ModelDeploymentsClient({ discoveryApi: discovery });
  return createTemplateAction({
    id: 'model-deployments:create',
    description:
      'Creates a model deployment (Model Deployments backend), validated by the same schema as the API. Outputs its id, status and links.',
    examples,
    supportsDryRun: true,
    schema: {
      input: () => createDeploymentRequestSchema,
      output: {
        deploymentId: z =>
          z
            .string()
            .optional()
            .describe('The id of the deployment (absent on a dry run)'),
        name: z => z.string().describe('The name of the deployment'),
        status: z =>
          z
            .string()
            .describe(
              "The deployment's status when the step ended, e.g. deploying or pending-approval",
            ),
        deploymentUrl: z =>
          z.string().optional().describe("The deployment's page in Backstage"),
        modelDeploymentsUrl: z =>
          z
            .string()
            .optional()
            .describe("The Deployments tab of the model's page"),
      },
    },
    async handler(ctx) {
      // The scaffolder checks each field against the JSON schema; the rules between fields (GPU type
      // with GPUs, min at most max) are the zod schema's, so it checks the whole input first.
      const checked = parseWithIssues(createDeploymentRequestSchema, ctx.input);
      if (!checked.success) {
        throw new Error(
          `The deployment '${
            ctx.input.name
          }' was not created: ${formatFieldIssues(checked.issues)}`,
        );
      }
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await ctx.getInitiatorCredentials(),
        targetPluginId: 'model-deployments',
      });
      const create = async (
        dryRun: boolean,
      ): Promise<CreateDeploymentResponse> => {
        try {
          return await client.createDeployment(ctx.input, {
            dryRun,
            token,
            // The same task never creates two deployments, however often it is retried.
            idempotencyKey: `scaffolder-task:${ctx.task.id}`,
          });
        } catch (error) {
          if (!(error instanceof ResponseError)) {
            throw error;
          }
          // The backend's message (Backstage's error shape) names each field and rule.
          throw new Error(
            `The deployment '${ctx.input.name}' was not created (${error.response.status}): ${error.body.error.message}`,
          );
        }
      };

      if (ctx.isDryRun) {
        const { deployment } = await create(true);
        ctx.logger.info(
          `Dry run: '${deployment.name}' is valid and would be created in ${deployment.spec.environment} with status ${deployment.status}; nothing was created`,
        );
        ctx.output('name', deployment.name);
        ctx.output('status', deployment.status);
        return;
      }

      // A task resumed after a restart finds the deployment it created in its checkpoint.
      const created = await ctx.checkpoint({
        key: `model-deployments:create:${ctx.input.name}`,
        fn: async () => {
          const { deployment } = await create(false);
          return {
            id: deployment.id,
            name: deployment.name,
            status: deployment.status,
            modelRef: deployment.spec.modelRef,
            approvers: deployment.pendingApproval?.approvers ?? [],
          };
        },
      });
      const links = linksOf(appBaseUrl, created.id, created.modelRef);
      ctx.logger.info(
        `Created deployment '${created.name}' (${created.id}), status ${created.status}: ${links.deploymentUrl}`,
      );
      if (created.status === 'pending-approval') {
        ctx.logger.info(
          `It is deployed when a member of ${created.approvers.join(
            ' or ',
          )} other than you approves it`,
        );
      }
      ctx.output('deploymentId', created.id);
      ctx.output('name', created.name);
      ctx.output('status', created.status);
      ctx.output('deploymentUrl', links.deploymentUrl);
      ctx.output('modelDeploymentsUrl', links.modelDeploymentsUrl);
    },
  });
}
