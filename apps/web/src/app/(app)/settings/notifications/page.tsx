import { NotificationSettingsScreen } from '../../../../features/notifications/notification-settings-screen.tsx';

/** Which notifications reach you by email, and the daily digest. */
export default function NotificationSettingsPage() {
  return <NotificationSettingsScreen />;
}
