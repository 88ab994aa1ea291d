import { Content, Header, InfoCard, Page } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { DEMO_USERS } from './demoUsers';

/** The example users, each with what it may do and a button to sign in as it. */
export function DemoUserList(props: { onChoose(name: string): void }) {
  const title = useApi(configApiRef).getString('app.title');
  return (
    <Page themeId="home">
      <Header
        title={title}
        subtitle="Sign in as one of the demo's example users (examples/org.yaml): what each may do is the demo permission policy's decision."
      />
      <Content>
        <Grid container spacing={2}>
          {DEMO_USERS.map(user => (
            <Grid item xs={12} sm={6} md={4} key={user.name}>
              <InfoCard
                variant="fullHeight"
                title={user.displayName}
                subheader={`${user.name} · ${user.groups.join(', ')}`}
                actions={
                  <Button
                    color="primary"
                    variant="outlined"
                    onClick={() => props.onChoose(user.name)}
                  >
                    Sign in as {user.name}
                  </Button>
                }
              >
                <Typography variant="body2">{user.mayDo}</Typography>
              </InfoCard>
            </Grid>
          ))}
        </Grid>
      </Content>
    </Page>
  );
}
