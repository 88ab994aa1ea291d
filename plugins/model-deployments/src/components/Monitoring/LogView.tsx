import Paper from '@material-ui/core/Paper';
import { makeStyles } from '@material-ui/core/styles';
import { useEffect, useRef } from 'react';

const useStyles = makeStyles(theme => ({
  log: {
    margin: 0,
    padding: theme.spacing(1.5),
    height: '60vh',
    overflow: 'auto',
    fontFamily: 'monospace',
    fontSize: theme.typography.pxToRem(12),
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-all',
  },
}));

/**
 * An instance's log as it was written, in a monospace box that follows the newest line while `follow`.
 * The box takes the keyboard focus, so it scrolls without a mouse; while followed, screen readers are not
 * made to read out each line that comes.
 */
export function LogView(props: {
  instance: string;
  text: string;
  follow: boolean;
}) {
  const { instance, text, follow } = props;
  const classes = useStyles();
  const box = useRef<HTMLPreElement>(null);
  useEffect(() => {
    if (follow && box.current) {
      box.current.scrollTop = box.current.scrollHeight;
    }
  }, [follow, text]);
  return (
    <Paper variant="outlined">
      <pre
        ref={box}
        role="log"
        aria-label={`Log of ${instance}`}
        aria-live={follow ? 'off' : 'polite'}
        // A scrolling box must take the focus for keyboard users to scroll it (WCAG 2.1.1).
        // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex
        tabIndex={0}
        className={classes.log}
      >
        {text}
      </pre>
    </Paper>
  );
}
