import { ConflictError, CustomErrorBase, InputError } from '@backstage/errors';
import type { ErrorRequestHandler } from 'express';
import {
  formatFieldIssues,
  type DeploymentStatus,
  type FieldIssue,
} from '@modelops/plugin-model-deployments-common';

/**
 * A request that breaks field rules: 400, with one issue per field in the body (`error.issues`) so that
 * forms can show each message beside its field.
 */
export class FieldValidationError extends InputError {
  readonly issues: FieldIssue[];

  constructor(issues: FieldIssue[]) {
    super(formatFieldIssues(issues));
    this.issues = issues;
  }

  static of(field: string, message: string): FieldValidationError {
    return new FieldValidationError([{ field, message }]);
  }
}

/** An action that the deployment's status, or an operation under way, does not allow: 409. */
export class StatusConflictError extends ConflictError {
  readonly currentStatus: DeploymentStatus;

  constructor(message: string, currentStatus: DeploymentStatus) {
    super(message);
    this.currentStatus = currentStatus;
  }
}

/**
 * The deployment changed between reading it and writing the change (often the runtime recording what it
 * observed): 409. Without `If-Match` the request is decided again on the new state (see the router).
 */
export class ConcurrentChangeError extends ConflictError {
  constructor(name: string) {
    super(
      `Deployment '${name}' was changed by someone else meanwhile; reload it and try again`,
    );
  }
}

/** An `If-Match` that names an older version: 412, so the client reloads instead of overwriting. */
export class PreconditionFailedError extends CustomErrorBase {
  name = 'PreconditionFailedError' as const;
  readonly statusCode = 412;
}

/**
 * A per-user limit refused the request: 429, with `Retry-After` (whole seconds; set by
 * {@link retryAfterHeader}) and, in the body, the rule that refused it and the same wait. `@backstage/errors`
 * has no error for 429, and Backstage's error handler answers any error's `statusCode`.
 */
export class TooManyRequestsError extends CustomErrorBase {
  name = 'TooManyRequestsError' as const;
  readonly statusCode = 429;

  constructor(
    message: string,
    /** The limit that refused, e.g. `metrics-points-per-minute`. */
    readonly rule: string,
    /** When trying again can succeed, at the earliest: at least 1. */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/**
 * Sets `Retry-After` on a {@link TooManyRequestsError}'s answer and passes the error on to Backstage's
 * error handler, which writes its status and body.
 */
export const retryAfterHeader: ErrorRequestHandler = (
  error,
  _req,
  res,
  next,
) => {
  if (error instanceof TooManyRequestsError && !res.headersSent) {
    res.setHeader('Retry-After', String(error.retryAfterSeconds));
  }
  next(error);
};
