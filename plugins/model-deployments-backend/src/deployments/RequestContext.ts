import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { ApprovalRecord } from '../database/rows';

/** Who asks, and how: every write carries it. */
export type RequestContext = {
  credentials: BackstageCredentials;
  /** The user (or service) entity reference recorded as the actor. */
  actor: string;
  /** The version the client last read (`If-Match`), if it sent one. */
  ifMatch?: number;
  dryRun?: boolean;
  /**
   * Set when an approver's decision carries out a change that waited: `actor` is then the requester,
   * whose change it is, and `credentials` the approver's, who was authorized to approve it.
   */
  approval?: ApprovedChange;
};

/** The approval that lets a waiting change be carried out. */
export type ApprovedChange = {
  request: ApprovalRecord;
  approver: string;
  comment?: string;
};
