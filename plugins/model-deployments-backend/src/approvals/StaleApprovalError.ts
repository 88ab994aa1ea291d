import { ConflictError } from '@backstage/errors';
import type { DeploymentEvent } from '@modelops/plugin-model-deployments-common';
import type { ApprovalRecord } from '../database/rows';

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
export function describeChanges(changes: DeploymentEvent['changes']): string {
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
