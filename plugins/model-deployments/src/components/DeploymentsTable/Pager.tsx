import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';

/** Previous and Next under a list that the API returns a page at a time; hidden when all fits on one. */
export function Pager(props: {
  hasPrevious: boolean;
  hasNext: boolean;
  previous: () => void;
  next: () => void;
}) {
  const { hasPrevious, hasNext, previous, next } = props;
  if (!hasPrevious && !hasNext) {
    return null;
  }
  return (
    <Box display="flex" justifyContent="flex-end" mt={1} gridGap={8}>
      <Button disabled={!hasPrevious} onClick={previous}>
        Previous page
      </Button>
      <Button disabled={!hasNext} onClick={next}>
        Next page
      </Button>
    </Box>
  );
}
