import { ApiTokensScreen } from '../../../../features/settings/api-tokens-screen.tsx';

export default function ApiTokensPage() {
  return <ApiTokensScreen />;
}
