import { ProxiedSignInPage } from '@backstage/core-components';
import type { SignInPageProps } from '@backstage/plugin-app-react';
import { useCallback, useState } from 'react';
import { DemoUserList } from './DemoUserList';
import { SignInFailed } from './SignInFailed';
import {
  forgetUser,
  forgettingOnSignOut,
  rememberUser,
  rememberedUser,
} from './rememberedUser';

/** The backend's demo sign-in provider (packages/backend/src/modules/demoSignIn) and its header. */
const PROVIDER_ID = 'demo';
const DEMO_USER_HEADER = 'x-demo-user';

/** Signs in as `userName` through the demo provider, which asks the catalog who that is. */
function SignInAs(
  props: SignInPageProps & { userName: string; onChooseAnother(): void },
) {
  const { userName, onSignInSuccess, onChooseAnother } = props;
  const ErrorComponent = useCallback(
    ({ error }: { error?: Error }) => (
      <SignInFailed
        userName={userName}
        error={error}
        onChooseAnother={onChooseAnother}
      />
    ),
    [userName, onChooseAnother],
  );
  return (
    <ProxiedSignInPage
      provider={PROVIDER_ID}
      headers={{ [DEMO_USER_HEADER]: userName }}
      onSignInSuccess={identity => {
        rememberUser(userName);
        onSignInSuccess(forgettingOnSignOut(identity));
      }}
      ErrorComponent={ErrorComponent}
    />
  );
}

/**
 * Lists the example users and signs in as the chosen one. The choice is remembered until sign-out,
 * which brings the list back.
 */
export function DemoSignInPage({ onSignInSuccess }: SignInPageProps) {
  const [userName, setUserName] = useState(rememberedUser);
  const chooseAnother = useCallback(() => {
    forgetUser();
    setUserName(undefined);
  }, []);

  if (!userName) {
    return <DemoUserList onChoose={setUserName} />;
  }
  return (
    <SignInAs
      key={userName}
      userName={userName}
      onSignInSuccess={onSignInSuccess}
      onChooseAnother={chooseAnother}
    />
  );
}
