import type {
  AuditorService,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import type { Request, Response } from 'express';
import { z } from 'zod/v3';
import {
  parseWithIssues,
  type ModelDeployment,
} from '@modelops/plugin-model-deployments-common';
import type { RequestContext } from '../deployments/RequestContext';
import { ConcurrentChangeError, FieldValidationError } from '../lib/errors';
import { principalName } from '../lib/principal';

/** Validates with a common schema; a failure is a 400 that names each field and rule. */
export function parse<S extends z.ZodTypeAny>(
  schema: S,
  input: unknown,
): z.output<S> {
  const result = parseWithIssues(schema, input);
  if (!result.success) {
    throw new FieldValidationError(result.issues);
  }
  return result.data;
}

const dryRunQuery = z
  .object({ dryRun: z.enum(['true', 'false']).optional() })
  .passthrough();

/** How often a change is decided again when the deployment changed under it. */
const CONCURRENT_CHANGE_ATTEMPTS = 3;

/**
 * Runs a change again, from reading the deployment on, when the deployment changed between that read
 * and the write (usually the runtime recording an observation): a client that sent no `If-Match` asked
 * for the change on the deployment as it is, so it is validated and decided again on the new state.
 */
async function decidedOnCurrentState<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (
        !(error instanceof ConcurrentChangeError) ||
        attempt === CONCURRENT_CHANGE_ATTEMPTS
      ) {
        throw error;
      }
    }
  }
}

/** `If-Match: "3"` (or W/"3", or 3) is version 3; `*` and no header put no condition. */
function parseIfMatch(header: string | undefined): number | undefined {
  if (!header || header.trim() === '*') {
    return undefined;
  }
  const match = /^(?:W\/)?"?(\d+)"?$/.exec(header.trim());
  if (!match) {
    throw FieldValidationError.of(
      'If-Match',
      'must be the ETag of the deployment, e.g. "3"',
    );
  }
  return Number(match[1]);
}

/** A deployment with its version as the ETag. */
export function sendDeployment(res: Response, deployment: ModelDeployment) {
  res.setHeader('ETag', `"${deployment.version}"`);
  // 202 while an operation carries the change out or it waits for an approver; 200 when it is complete.
  res
    .status(deployment.operation || deployment.pendingApproval ? 202 : 200)
    .json(deployment);
}

/** Users and services may read; see {@link changeContext} for who may change. */
export function readerCredentials(httpAuth: HttpAuthService, req: Request) {
  return httpAuth.credentials(req, { allow: ['user', 'service'] });
}

/**
 * Changes are made by users, directly or through a plugin acting on their behalf (the template's
 * action): a service's own credentials would be allowed by any policy, whoever owns the model.
 */
export async function changeContext(
  httpAuth: HttpAuthService,
  req: Request,
): Promise<RequestContext> {
  const credentials = await httpAuth.credentials(req, { allow: ['user'] });
  return {
    credentials,
    actor: principalName(credentials),
    ifMatch: parseIfMatch(req.header('If-Match')),
    dryRun: parse(dryRunQuery, req.query).dryRun === 'true',
  };
}

/**
 * Runs a change, decided again on the current state when the deployment changed under it, and records
 * it with the auditor, whether it succeeds or is refused.
 */
export async function audited<T>(
  auditor: AuditorService,
  req: Request,
  action: string,
  run: () => Promise<T>,
  subject: 'deployment' | 'approval' = 'deployment',
): Promise<T> {
  const event = await auditor.createEvent({
    eventId:
      subject === 'deployment' ? 'deployment-change' : 'approval-decision',
    severityLevel: action === 'delete' ? 'high' : 'medium',
    request: req,
    meta: {
      action,
      [subject === 'deployment' ? 'deploymentId' : 'approvalId']:
        req.params.id ?? null,
    },
  });
  try {
    const result = await decidedOnCurrentState(run);
    await event.success();
    return result;
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}
