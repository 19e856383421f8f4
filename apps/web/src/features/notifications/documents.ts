import { graphql, type ResultOf } from '../../graphql/index.ts';

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

/** What the notification settings screen shows of one kind. */
export const NotificationKindSettingFields = graphql(`
  fragment NotificationKindSettingFields on NotificationKindSetting @_unmask {
    kind
    description
    email
    emailByDefault
  }
`);

/** Your email choices: per kind, and the daily digest that replaces them. */
export const NotificationSettingsQuery = graphql(
  `
  query NotificationSettings {
    notificationSettings {
      emailDigest
      kinds {
        ...NotificationKindSettingFields
      }
    }
  }
`,
  [NotificationKindSettingFields],
);

export type NotificationKindSetting = ResultOf<typeof NotificationKindSettingFields>;

/** Emails one kind of notification, or stops; answers with every setting as it now is. */
export const SetNotificationEmailMutation = graphql(
  `
  mutation SetNotificationEmail($kind: String!, $email: Boolean!, $requestId: String) {
    setNotificationEmail(kind: $kind, email: $email, requestId: $requestId) {
      index
      settings {
        emailDigest
        kinds {
          ...NotificationKindSettingFields
        }
      }
    }
  }
`,
  [NotificationKindSettingFields],
);

/** One digest email a day instead of one per notification, or stops. */
export const SetEmailDigestMutation = graphql(
  `
  mutation SetEmailDigest($enabled: Boolean!, $requestId: String) {
    setEmailDigest(enabled: $enabled, requestId: $requestId) {
      index
      settings {
        emailDigest
        kinds {
          ...NotificationKindSettingFields
        }
      }
    }
  }
`,
  [NotificationKindSettingFields],
);
