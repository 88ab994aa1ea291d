import {
  StatusAborted,
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
  StatusWarning,
} from '@backstage/core-components';
import type { DeploymentStatus as Status } from '@modelops/plugin-model-deployments-common';
import type { ComponentType, PropsWithChildren } from 'react';

const INDICATOR: Record<Status, ComponentType<PropsWithChildren<{}>>> = {
  running: StatusOK,
  degraded: StatusWarning,
  failed: StatusError,
  'pending-approval': StatusPending,
  deploying: StatusRunning,
  updating: StatusRunning,
  starting: StatusRunning,
  stopping: StatusRunning,
  'rolling-back': StatusRunning,
  deleting: StatusRunning,
  stopped: StatusAborted,
  deleted: StatusAborted,
};

/** A deployment's status with Backstage's status indicator: green running, red failed, and so on. */
export function DeploymentStatus(props: { status: Status }) {
  const Indicator = INDICATOR[props.status];
  return <Indicator>{props.status}</Indicator>;
}
