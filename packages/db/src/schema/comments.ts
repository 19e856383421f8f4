import { index, mediumtext, mysqlTable, primaryKey } from 'drizzle-orm/mysql-core';
import { idColumn, instantColumn } from './columns.ts';
import { projects } from './projects.ts';
import { tasks } from './tasks.ts';
import { users } from './users.ts';

/** A comment on a task. Deleted comments keep their row with `deletedAt` set and no body. */
export const comments = mysqlTable(
  'comments',
  {
    id: idColumn('id').primaryKey(),
    taskId: idColumn('task_id')
      .notNull()
      .references(() => tasks.id),
    projectId: idColumn('project_id')
      .notNull()
      .references(() => projects.id),
    authorId: idColumn('author_id')
      .notNull()
      .references(() => users.id),
    body: mediumtext('body').notNull(),
    createdAt: instantColumn('created_at').notNull(),
    updatedAt: instantColumn('updated_at').notNull(),
    deletedAt: instantColumn('deleted_at'),
  },
  (table) => [index('comments_task_idx').on(table.taskId, table.createdAt)],
);
/** A comment row, as every reader (apply, queries, the API) sees it. */
export type CommentRow = typeof comments.$inferSelect;

/** The project members an @mention in a comment's current body resolved to. */
export const commentMentions = mysqlTable(
  'comment_mentions',
  {
    commentId: idColumn('comment_id')
      .notNull()
      .references(() => comments.id),
    userId: idColumn('user_id')
      .notNull()
      .references(() => users.id),
  },
  (table) => [
    primaryKey({ name: 'comment_mentions_pk', columns: [table.commentId, table.userId] }),
    index('comment_mentions_user_idx').on(table.userId),
  ],
);
