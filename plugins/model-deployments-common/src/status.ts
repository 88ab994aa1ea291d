/**
 * The status state machine of a deployment: which statuses exist, which follow which, and which
 * actions a user may start from each. The backend enforces it; the frontend uses it to offer only the
 * actions that can succeed.
 */

/** @public */
export const DEPLOYMENT_STATUSES = [
  'pending-approval',
  'deploying',
  'running',
  'degraded',
  'updating',
  'stopping',
  'stopped',
  'starting',
  'rolling-back',
  'failed',
  'deleting',
  'deleted',
] as const;

/** @public */
export type DeploymentStatus = (typeof DEPLOYMENT_STATUSES)[number];

/** The actions a user starts; each is one API route and one permission. @public */
export const DEPLOYMENT_ACTIONS = [
  'create',
  'edit',
  'scale',
  'stop',
  'start',
  'update-model',
  'promote',
  'rollback',
  'delete',
] as const;

/** @public */
export type DeploymentAction = (typeof DEPLOYMENT_ACTIONS)[number];

/**
 * Statuses that may follow each status. The observed statuses (`running`, `degraded`, `failed`) may
 * also repeat, which is not a transition.
 *
 * @public
 */
export const STATUS_TRANSITIONS: Readonly<
  Record<DeploymentStatus, readonly DeploymentStatus[]>
> = {
  // An approved creation starts deploying; a rejected or withdrawn one ends.
  'pending-approval': ['deploying', 'deleted'],
  // Deleted directly when the runtime never applied it.
  deploying: ['running', 'degraded', 'failed', 'deleting', 'deleted'],
  running: [
    'degraded',
    'updating',
    'stopping',
    'rolling-back',
    'failed',
    'deleting',
  ],
  degraded: [
    'running',
    'updating',
    'stopping',
    'rolling-back',
    'failed',
    'deleting',
  ],
  updating: ['running', 'degraded', 'rolling-back', 'failed', 'deleting'],
  stopping: ['stopped', 'failed', 'deleting'],
  stopped: ['starting', 'deleting'],
  starting: ['running', 'degraded', 'failed', 'deleting'],
  'rolling-back': ['running', 'degraded', 'failed', 'deleting'],
  // A failed deployment is repaired by a change, or recovers on its own when the cluster comes back.
  failed: [
    'running',
    'degraded',
    'updating',
    'rolling-back',
    'stopping',
    'deleting',
  ],
  deleting: ['deleted', 'failed'],
  deleted: [],
};

/**
 * Actions a user may start from each status. A status in the middle of an operation only allows
 * delete (and rollback, which aborts an update).
 *
 * @public
 */
export const ACTIONS_BY_STATUS: Readonly<
  Record<DeploymentStatus, readonly DeploymentAction[]>
> = {
  // Approvers approve what they saw: a waiting deployment is not edited, only withdrawn (deleted).
  'pending-approval': ['delete'],
  deploying: ['delete'],
  running: ['edit', 'scale', 'stop', 'update-model', 'rollback', 'delete'],
  degraded: ['edit', 'scale', 'stop', 'update-model', 'rollback', 'delete'],
  // Promote skips a canary's remaining steps or a blue-green rollback window; rollback aborts.
  updating: ['promote', 'rollback', 'delete'],
  stopping: ['delete'],
  stopped: ['edit', 'start', 'delete'],
  starting: ['delete'],
  'rolling-back': ['delete'],
  failed: ['edit', 'stop', 'update-model', 'rollback', 'delete'],
  deleting: [],
  deleted: [],
};

/** Statuses in which an operation is under way. @public */
export const TRANSITIONAL_STATUSES: readonly DeploymentStatus[] = [
  'deploying',
  'updating',
  'stopping',
  'starting',
  'rolling-back',
  'deleting',
];

/**
 * Statuses of a deployment whose objects run the spec with no operation under way: its instances serve
 * (`running`), some do not (`degraded`), or none does (`failed`). A change to the pod template of such a
 * deployment replaces instances; one in any other status is either busy, stopped or not in a cluster.
 *
 * @public
 */
export const STATUSES_WITH_RUNNING_OBJECTS: readonly DeploymentStatus[] = [
  'running',
  'degraded',
  'failed',
];

/**
 * Statuses of a deployment that a stop was asked for and no start since: stopped, or stopping. Its
 * objects stay in the cluster with no instances, and a stop is done when none is left.
 *
 * @public
 */
export const STOPPED_STATUSES: readonly DeploymentStatus[] = [
  'stopping',
  'stopped',
];

/**
 * Statuses of a deployment that is to have no instances: stopped or stopping, deleted or being deleted.
 * Its desired instance count is 0 whatever its spec says.
 *
 * @public
 */
export const STATUSES_WITHOUT_DESIRED_INSTANCES: readonly DeploymentStatus[] = [
  ...STOPPED_STATUSES,
  'deleting',
  'deleted',
];

/**
 * Statuses of a deployment whose instances are all shut down and stay so: stopped or deleted. Stopping
 * and deleting are on their way there and may still have instances that serve.
 *
 * @public
 */
export const SHUT_DOWN_STATUSES: readonly DeploymentStatus[] =
  STATUSES_WITHOUT_DESIRED_INSTANCES.filter(
    status => !TRANSITIONAL_STATUSES.includes(status),
  );

/**
 * Statuses of a deployment that exists in a cluster, or is to: every status but `pending-approval`
 * (nothing is applied before an approver decides) and `deleted` (its objects are gone). The runtime
 * observes the deployments in these; the catalog shows each of them as a Component.
 *
 * @public
 */
export const STATUSES_WITH_CLUSTER_OBJECTS: readonly DeploymentStatus[] =
  DEPLOYMENT_STATUSES.filter(
    status => status !== 'pending-approval' && status !== 'deleted',
  );

/** What the next status depends on, besides the action. @public */
export type NextStatusContext = {
  status: DeploymentStatus;
  /** Whether anything was ever applied to a cluster; if not, deleting has nothing to remove. */
  applied: boolean;
  /** For an edit: whether it replaces instances. */
  restartRequired?: boolean;
};

/**
 * The status a deployment takes when an action is accepted.
 *
 * @public
 */
export function statusAfterAction(
  action: Exclude<DeploymentAction, 'create'>,
  { status, applied, restartRequired }: NextStatusContext,
): DeploymentStatus {
  switch (action) {
    case 'edit':
      // A stopped deployment keeps its new pod template until it starts; nothing is replaced now.
      return restartRequired && STATUSES_WITH_RUNNING_OBJECTS.includes(status)
        ? 'updating'
        : status;
    case 'scale':
      return status;
    case 'stop':
      return 'stopping';
    case 'start':
      return 'starting';
    case 'update-model':
    case 'promote':
      return 'updating';
    case 'rollback':
      return 'rolling-back';
    case 'delete':
      return applied ? 'deleting' : 'deleted';
    default:
      throw new Error(`Unknown action ${action satisfies never}`);
  }
}

/** @public */
export function canTransition(
  from: DeploymentStatus,
  to: DeploymentStatus,
): boolean {
  return from === to || STATUS_TRANSITIONS[from].includes(to);
}

/** @public */
export function isActionAllowed(
  status: DeploymentStatus,
  action: DeploymentAction,
): boolean {
  return ACTIONS_BY_STATUS[status].includes(action);
}
