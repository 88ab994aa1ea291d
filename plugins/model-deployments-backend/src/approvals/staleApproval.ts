import { isDeepStrictEqual } from 'node:util';
import { ConflictError } from '@backstage/errors';
import type { DeploymentEvent } from '@modelops/plugin-model-deployments-common';
import type { ApprovalRecord, DeploymentRecord } from '../database/rows';

/** A field's change in a few words: its values when they are short, else its name alone. */
function describeChange(change: DeploymentEvent['changes'][number]): string {
  const short = (value: unknown) =>
    value === null || ['string', 'number', 'boolean'].includes(typeof value);
  return short(change.before) && short(change.after)
    ? `${change.field} from ${JSON.stringify(
        change.before,
      )} to ${JSON.stringify(change.after)}`
    : change.field;
}

/** What a plan would change now, as the approver would need to read it again. */
function describeChanges(changes: DeploymentEvent['changes']): string {
  return changes.length ? changes.map(describeChange).join(', ') : 'nothing';
}

/**
 * The deployment moved on since the change was asked for, so approving it would carry out something
 * the approver was not shown: 409. The request keeps waiting, to be rejected or replaced by a new one.
 */
export class StaleApprovalError extends ConflictError {
  constructor(name: string, request: ApprovalRecord, why: string) {
    super(
      `Deployment '${name}' changed since ${request.requestedBy} asked to ${request.action} it: ${why}. Reject the request and ask for the change again`,
    );
  }
}

/**
 * Changes as JSON keeps them, an absent value as `null`: a request stored before absent values were
 * `null` has no key there.
 */
function asStored(
  changes: DeploymentEvent['changes'],
): DeploymentEvent['changes'] {
  return JSON.parse(
    JSON.stringify(changes, (_key, value) =>
      value === undefined ? null : value,
    ),
  );
}

/**
 * Refuses to carry out an approved request whose deployment moved on since it was asked for: the
 * approver decided the changes they were shown, against the revision that ran then. (A creation's plan
 * only starts what the request described.)
 */
export function assertApprovalStands(
  current: DeploymentRecord,
  approved: ApprovalRecord,
  planned: DeploymentEvent['changes'],
): void {
  if (approved.action === 'create') {
    return;
  }
  if (
    approved.basisRevision !== null &&
    approved.basisRevision !== current.revision
  ) {
    throw new StaleApprovalError(
      current.name,
      approved,
      `it was asked against revision ${approved.basisRevision}, and revision ${current.revision} runs now`,
    );
  }
  const now = asStored(planned);
  if (!isDeepStrictEqual(now, asStored(approved.changes))) {
    throw new StaleApprovalError(
      current.name,
      approved,
      `it would now change ${describeChanges(now)}`,
    );
  }
}
