import Tooltip from '@material-ui/core/Tooltip';
import type { ReactElement } from 'react';

/** A button with the reason it is disabled on hover; the button alone when there is no reason. */
export function ReasonTooltip(props: {
  reason?: string;
  children: ReactElement;
}) {
  const { reason, children } = props;
  return reason ? (
    <Tooltip title={reason}>
      {/* A disabled button gets no pointer events; the span shows the reason. */}
      <span>{children}</span>
    </Tooltip>
  ) : (
    children
  );
}
