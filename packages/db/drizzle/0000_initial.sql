CREATE TABLE `attachment_contents` (
	`sha256` char(64) NOT NULL,
	`size_bytes` int unsigned NOT NULL,
	`content` longblob NOT NULL,
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `attachment_contents_sha256` PRIMARY KEY(`sha256`)
);
--> statement-breakpoint
CREATE TABLE `attachments` (
	`id` varchar(36) NOT NULL,
	`task_id` varchar(36) NOT NULL,
	`project_id` varchar(36) NOT NULL,
	`file_name` varchar(255) NOT NULL,
	`content_type` varchar(127) NOT NULL,
	`size_bytes` int unsigned NOT NULL,
	`sha256` char(64) NOT NULL,
	`uploaded_by` varchar(36) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`deleted_at` datetime(3),
	CONSTRAINT `attachments_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `cluster_leader` (
	`id` tinyint unsigned NOT NULL,
	`node_id` varchar(64) NOT NULL,
	`term` bigint unsigned NOT NULL,
	`since` datetime(3) NOT NULL,
	CONSTRAINT `cluster_leader_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `cluster_members` (
	`node_id` varchar(64) NOT NULL,
	`role` varchar(16) NOT NULL,
	`peer_url` varchar(512),
	`http_url` varchar(512),
	`updated_at` datetime(3),
	CONSTRAINT `cluster_members_node_id` PRIMARY KEY(`node_id`)
);
--> statement-breakpoint
CREATE TABLE `comment_mentions` (
	`comment_id` varchar(36) NOT NULL,
	`user_id` varchar(36) NOT NULL,
	CONSTRAINT `comment_mentions_pk` PRIMARY KEY(`comment_id`,`user_id`)
);
--> statement-breakpoint
CREATE TABLE `comments` (
	`id` varchar(36) NOT NULL,
	`task_id` varchar(36) NOT NULL,
	`project_id` varchar(36) NOT NULL,
	`author_id` varchar(36) NOT NULL,
	`body` mediumtext NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	`deleted_at` datetime(3),
	CONSTRAINT `comments_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `events` (
	`log_index` bigint unsigned NOT NULL,
	`ordinal` smallint unsigned NOT NULL,
	`project_id` varchar(36),
	`project_seq` bigint unsigned,
	`kind` varchar(64) NOT NULL,
	`entity_type` varchar(32) NOT NULL,
	`entity_id` varchar(64) NOT NULL,
	`actor_id` varchar(36) NOT NULL,
	`at` datetime(3) NOT NULL,
	`payload` longtext NOT NULL,
	CONSTRAINT `events_pk` PRIMARY KEY(`log_index`,`ordinal`),
	CONSTRAINT `events_project_seq_unique` UNIQUE(`project_id`,`project_seq`)
);
--> statement-breakpoint
CREATE TABLE `labels` (
	`id` varchar(36) NOT NULL,
	`project_id` varchar(36) NOT NULL,
	`name` varchar(64) NOT NULL,
	`color` varchar(16) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `labels_id` PRIMARY KEY(`id`),
	CONSTRAINT `labels_project_name_unique` UNIQUE(`project_id`,`name`)
);
--> statement-breakpoint
CREATE TABLE `task_labels` (
	`task_id` varchar(36) NOT NULL,
	`label_id` varchar(36) NOT NULL,
	CONSTRAINT `task_labels_pk` PRIMARY KEY(`task_id`,`label_id`)
);
--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` varchar(36) NOT NULL,
	`user_id` varchar(36) NOT NULL,
	`kind` varchar(64) NOT NULL,
	`project_id` varchar(36),
	`task_id` varchar(36),
	`log_index` bigint unsigned NOT NULL,
	`payload` longtext NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`read_at` datetime(3),
	CONSTRAINT `notifications_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `processed_requests` (
	`actor_id` varchar(36) NOT NULL,
	`request_id` varchar(64) NOT NULL,
	`log_index` bigint unsigned NOT NULL,
	`outcome` longtext NOT NULL,
	`at` datetime(3) NOT NULL,
	CONSTRAINT `processed_requests_pk` PRIMARY KEY(`actor_id`,`request_id`),
	CONSTRAINT `processed_requests_index_unique` UNIQUE(`log_index`)
);
--> statement-breakpoint
CREATE TABLE `project_members` (
	`project_id` varchar(36) NOT NULL,
	`user_id` varchar(36) NOT NULL,
	`role` varchar(16) NOT NULL,
	`added_by` varchar(36) NOT NULL,
	`added_at` datetime(3) NOT NULL,
	CONSTRAINT `project_members_pk` PRIMARY KEY(`project_id`,`user_id`)
);
--> statement-breakpoint
CREATE TABLE `projects` (
	`id` varchar(36) NOT NULL,
	`name` varchar(128) NOT NULL,
	`description` text NOT NULL,
	`created_by` varchar(36) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	`archived_at` datetime(3),
	`last_event_seq` bigint unsigned NOT NULL DEFAULT 0,
	CONSTRAINT `projects_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `share_links` (
	`id` varchar(36) NOT NULL,
	`project_id` varchar(36) NOT NULL,
	`token_hash` varchar(128) NOT NULL,
	`created_by` varchar(36) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`expires_at` datetime(3),
	`revoked_at` datetime(3),
	CONSTRAINT `share_links_id` PRIMARY KEY(`id`),
	CONSTRAINT `share_links_token_unique` UNIQUE(`token_hash`)
);
--> statement-breakpoint
CREATE TABLE `raft_applied` (
	`id` tinyint unsigned NOT NULL,
	`applied_index` bigint unsigned NOT NULL,
	CONSTRAINT `raft_applied_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `raft_hard_state` (
	`id` tinyint unsigned NOT NULL,
	`term` bigint unsigned NOT NULL,
	`vote` varchar(64),
	`commit_index` bigint unsigned NOT NULL,
	`conf_state` longtext NOT NULL,
	CONSTRAINT `raft_hard_state_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `raft_log` (
	`idx` bigint unsigned NOT NULL,
	`term` bigint unsigned NOT NULL,
	`type` varchar(16) NOT NULL,
	`data` longtext NOT NULL,
	CONSTRAINT `raft_log_idx` PRIMARY KEY(`idx`)
);
--> statement-breakpoint
CREATE TABLE `raft_snapshot` (
	`id` tinyint unsigned NOT NULL,
	`snapshot_index` bigint unsigned NOT NULL,
	`snapshot_term` bigint unsigned NOT NULL,
	`conf_state` longtext NOT NULL,
	`chunk_count` int unsigned NOT NULL,
	CONSTRAINT `raft_snapshot_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `raft_snapshot_chunks` (
	`seq` int unsigned NOT NULL,
	`data` mediumtext NOT NULL,
	CONSTRAINT `raft_snapshot_chunks_seq` PRIMARY KEY(`seq`)
);
--> statement-breakpoint
CREATE TABLE `priorities` (
	`id` varchar(16) NOT NULL,
	`name` varchar(32) NOT NULL,
	`rank` int NOT NULL,
	CONSTRAINT `priorities_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `statuses` (
	`id` varchar(36) NOT NULL,
	`project_id` varchar(36) NOT NULL,
	`name` varchar(64) NOT NULL,
	`category` varchar(16) NOT NULL,
	`position` varchar(64) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `statuses_id` PRIMARY KEY(`id`),
	CONSTRAINT `statuses_project_name_unique` UNIQUE(`project_id`,`name`)
);
--> statement-breakpoint
CREATE TABLE `task_assignees` (
	`task_id` varchar(36) NOT NULL,
	`user_id` varchar(36) NOT NULL,
	`assigned_by` varchar(36) NOT NULL,
	`assigned_at` datetime(3) NOT NULL,
	CONSTRAINT `task_assignees_pk` PRIMARY KEY(`task_id`,`user_id`)
);
--> statement-breakpoint
CREATE TABLE `task_relations` (
	`task_id` varchar(36) NOT NULL,
	`related_task_id` varchar(36) NOT NULL,
	`type` varchar(16) NOT NULL,
	`created_by` varchar(36) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `task_relations_pk` PRIMARY KEY(`task_id`,`related_task_id`,`type`)
);
--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` varchar(36) NOT NULL,
	`project_id` varchar(36) NOT NULL,
	`status_id` varchar(36) NOT NULL,
	`priority_id` varchar(16) NOT NULL DEFAULT 'none',
	`parent_id` varchar(36),
	`title` varchar(255) NOT NULL,
	`description` mediumtext NOT NULL,
	`due_date` date,
	`start_date` date,
	`position` varchar(64) NOT NULL,
	`version` int unsigned NOT NULL,
	`created_by` varchar(36) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	`started_at` datetime(3),
	`completed_at` datetime(3),
	`deleted_at` datetime(3),
	`reminded_due_date` date,
	CONSTRAINT `tasks_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` varchar(36) NOT NULL,
	`user_id` varchar(36) NOT NULL,
	`name` varchar(128) NOT NULL,
	`token_hash` varchar(128) NOT NULL,
	`scopes` longtext NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`expires_at` datetime(3),
	`revoked_at` datetime(3),
	CONSTRAINT `api_tokens_id` PRIMARY KEY(`id`),
	CONSTRAINT `api_tokens_token_unique` UNIQUE(`token_hash`)
);
--> statement-breakpoint
CREATE TABLE `oauth_identities` (
	`provider` varchar(32) NOT NULL,
	`provider_user_id` varchar(191) NOT NULL,
	`user_id` varchar(36) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `oauth_identities_pk` PRIMARY KEY(`provider`,`provider_user_id`)
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` varchar(36) NOT NULL,
	`user_id` varchar(36) NOT NULL,
	`token_hash` varchar(128) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`expires_at` datetime(3) NOT NULL,
	`revoked_at` datetime(3),
	CONSTRAINT `sessions_id` PRIMARY KEY(`id`),
	CONSTRAINT `sessions_token_unique` UNIQUE(`token_hash`)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` varchar(36) NOT NULL,
	`email` varchar(254) NOT NULL,
	`username` varchar(64) NOT NULL,
	`display_name` varchar(128) NOT NULL,
	`password_hash` varchar(255),
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `users_id` PRIMARY KEY(`id`),
	CONSTRAINT `users_email_unique` UNIQUE(`email`),
	CONSTRAINT `users_username_unique` UNIQUE(`username`)
);
--> statement-breakpoint
CREATE TABLE `delivery_attempts` (
	`outbox_id` varchar(36) NOT NULL,
	`attempt` smallint unsigned NOT NULL,
	`at` datetime(3) NOT NULL,
	`ok` boolean NOT NULL,
	`status_code` smallint unsigned,
	`error` varchar(1024),
	CONSTRAINT `delivery_attempts_pk` PRIMARY KEY(`outbox_id`,`attempt`)
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` varchar(36) NOT NULL,
	`kind` varchar(16) NOT NULL,
	`webhook_id` varchar(36),
	`recipient` varchar(2048) NOT NULL,
	`idempotency_key` varchar(96) NOT NULL,
	`payload` longtext NOT NULL,
	`state` varchar(16) NOT NULL,
	`attempts` int unsigned NOT NULL,
	`next_attempt_at` datetime(3) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`updated_at` datetime(3) NOT NULL,
	CONSTRAINT `outbox_id` PRIMARY KEY(`id`),
	CONSTRAINT `outbox_idempotency_unique` UNIQUE(`idempotency_key`)
);
--> statement-breakpoint
CREATE TABLE `webhooks` (
	`id` varchar(36) NOT NULL,
	`project_id` varchar(36) NOT NULL,
	`url` varchar(2048) NOT NULL,
	`secret` varchar(255) NOT NULL,
	`event_types` longtext NOT NULL,
	`created_by` varchar(36) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `webhooks_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `attachments` ADD CONSTRAINT `attachments_task_id_tasks_id_fk` FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `attachments` ADD CONSTRAINT `attachments_project_id_projects_id_fk` FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `comment_mentions` ADD CONSTRAINT `comment_mentions_comment_id_comments_id_fk` FOREIGN KEY (`comment_id`) REFERENCES `comments`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `comment_mentions` ADD CONSTRAINT `comment_mentions_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `comments` ADD CONSTRAINT `comments_task_id_tasks_id_fk` FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `comments` ADD CONSTRAINT `comments_project_id_projects_id_fk` FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `comments` ADD CONSTRAINT `comments_author_id_users_id_fk` FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `labels` ADD CONSTRAINT `labels_project_id_projects_id_fk` FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `task_labels` ADD CONSTRAINT `task_labels_task_id_tasks_id_fk` FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `task_labels` ADD CONSTRAINT `task_labels_label_id_labels_id_fk` FOREIGN KEY (`label_id`) REFERENCES `labels`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `notifications` ADD CONSTRAINT `notifications_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `project_members` ADD CONSTRAINT `project_members_project_id_projects_id_fk` FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `project_members` ADD CONSTRAINT `project_members_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `projects` ADD CONSTRAINT `projects_created_by_users_id_fk` FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `share_links` ADD CONSTRAINT `share_links_project_id_projects_id_fk` FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `statuses` ADD CONSTRAINT `statuses_project_id_projects_id_fk` FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `task_assignees` ADD CONSTRAINT `task_assignees_task_id_tasks_id_fk` FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `task_assignees` ADD CONSTRAINT `task_assignees_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `task_relations` ADD CONSTRAINT `task_relations_task_id_tasks_id_fk` FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `task_relations` ADD CONSTRAINT `task_relations_related_task_id_tasks_id_fk` FOREIGN KEY (`related_task_id`) REFERENCES `tasks`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `tasks` ADD CONSTRAINT `tasks_project_id_projects_id_fk` FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `tasks` ADD CONSTRAINT `tasks_status_id_statuses_id_fk` FOREIGN KEY (`status_id`) REFERENCES `statuses`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `tasks` ADD CONSTRAINT `tasks_priority_id_priorities_id_fk` FOREIGN KEY (`priority_id`) REFERENCES `priorities`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `tasks` ADD CONSTRAINT `tasks_parent_id_tasks_id_fk` FOREIGN KEY (`parent_id`) REFERENCES `tasks`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `tasks` ADD CONSTRAINT `tasks_created_by_users_id_fk` FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `api_tokens` ADD CONSTRAINT `api_tokens_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `oauth_identities` ADD CONSTRAINT `oauth_identities_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `sessions` ADD CONSTRAINT `sessions_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `delivery_attempts` ADD CONSTRAINT `delivery_attempts_outbox_id_outbox_id_fk` FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `webhooks` ADD CONSTRAINT `webhooks_project_id_projects_id_fk` FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `attachments_task_idx` ON `attachments` (`task_id`);--> statement-breakpoint
CREATE INDEX `attachments_sha256_idx` ON `attachments` (`sha256`);--> statement-breakpoint
CREATE INDEX `comment_mentions_user_idx` ON `comment_mentions` (`user_id`);--> statement-breakpoint
CREATE INDEX `comments_task_idx` ON `comments` (`task_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `events_project_index_idx` ON `events` (`project_id`,`log_index`);--> statement-breakpoint
CREATE INDEX `events_entity_idx` ON `events` (`entity_type`,`entity_id`,`log_index`);--> statement-breakpoint
CREATE INDEX `task_labels_label_idx` ON `task_labels` (`label_id`);--> statement-breakpoint
CREATE INDEX `notifications_user_idx` ON `notifications` (`user_id`,`log_index`);--> statement-breakpoint
CREATE INDEX `notifications_user_unread_idx` ON `notifications` (`user_id`,`read_at`);--> statement-breakpoint
CREATE INDEX `project_members_user_idx` ON `project_members` (`user_id`);--> statement-breakpoint
CREATE INDEX `share_links_project_idx` ON `share_links` (`project_id`);--> statement-breakpoint
CREATE INDEX `statuses_project_position_idx` ON `statuses` (`project_id`,`position`);--> statement-breakpoint
CREATE INDEX `task_assignees_user_idx` ON `task_assignees` (`user_id`);--> statement-breakpoint
CREATE INDEX `task_relations_related_idx` ON `task_relations` (`related_task_id`);--> statement-breakpoint
CREATE INDEX `tasks_board_idx` ON `tasks` (`project_id`,`status_id`,`position`);--> statement-breakpoint
CREATE INDEX `tasks_project_updated_idx` ON `tasks` (`project_id`,`updated_at`);--> statement-breakpoint
CREATE INDEX `tasks_project_due_idx` ON `tasks` (`project_id`,`due_date`);--> statement-breakpoint
CREATE INDEX `tasks_due_idx` ON `tasks` (`due_date`);--> statement-breakpoint
CREATE INDEX `tasks_parent_idx` ON `tasks` (`parent_id`);--> statement-breakpoint
CREATE INDEX `api_tokens_user_idx` ON `api_tokens` (`user_id`);--> statement-breakpoint
CREATE INDEX `oauth_identities_user_idx` ON `oauth_identities` (`user_id`);--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `webhooks_project_idx` ON `webhooks` (`project_id`);