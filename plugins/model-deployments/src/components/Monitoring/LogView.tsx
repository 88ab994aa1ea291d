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

/** An instance's log as it was written, in a monospace box that follows the newest line while `follow`. */
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
        className={classes.log}
      >
        {text}
      </pre>
    </Paper>
  );
}
