import { NotificationList } from '../../../features/notifications/notification-list.tsx';

/** The inbox: mentions, assignments and invitations, newest first. */
export default function NotificationsPage() {
  return <NotificationList />;
}
