import { ConflictError, CustomErrorBase, InputError } from '@backstage/errors';
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
