import { graphql } from '../../graphql/index.ts';

/** How many of your notifications are unread (the header badge). */
export const UnreadCountQuery = graphql(`
  query UnreadCount {
    notifications(unreadOnly: true, first: 1) {
      totalCount
    }
  }
`);

/**
 * Your new notifications as they are created. The badge and the inbox subscribe with the same
 * document, so urql shares one stream between them.
 */
export const NotificationAddedSubscription = graphql(`
  subscription NotificationAdded {
    notificationAdded {
      id
      index
    }
  }
`);
