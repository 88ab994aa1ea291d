import { Content, Page, WarningPanel } from '@backstage/core-components';
import Button from '@material-ui/core/Button';

/** What the backend said: a failed request's error carries it as its cause, under a status line. */
function reasonOf(error: Error | undefined): string {
  if (!error) {
    return 'Sign-in failed';
  }
  return error.cause instanceof Error ? error.cause.message : error.message;
}

export function SignInFailed(props: {
  userName: string;
  error?: Error;
  onChooseAnother(): void;
}) {
  return (
    <Page themeId="home">
      <Content>
        <WarningPanel
          severity="error"
          title={`Could not sign in as ${props.userName}`}
          message={reasonOf(props.error)}
          defaultExpanded
        >
          <Button
            color="primary"
            variant="contained"
            onClick={props.onChooseAnother}
          >
            Choose another user
          </Button>
        </WarningPanel>
      </Content>
    </Page>
  );
}
