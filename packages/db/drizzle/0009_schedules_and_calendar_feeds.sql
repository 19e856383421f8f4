CREATE TABLE `calendar_feeds` (
	`id` varchar(36) NOT NULL,
	`user_id` varchar(36) NOT NULL,
	`project_id` varchar(36),
	`token_hash` varchar(128) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	`revoked_at` datetime(3),
	CONSTRAINT `calendar_feeds_id` PRIMARY KEY(`id`),
	CONSTRAINT `calendar_feeds_token_unique` UNIQUE(`token_hash`)
);
--> statement-breakpoint
CREATE TABLE `occurrences` (
	`recurrence_id` varchar(36) NOT NULL,
	`occurs_at` datetime(3) NOT NULL,
	`task_id` varchar(36) NOT NULL,
	CONSTRAINT `occurrences_pk` PRIMARY KEY(`recurrence_id`,`occurs_at`)
);
--> statement-breakpoint
CREATE TABLE `recurrences` (
	`id` varchar(36) NOT NULL,
	`project_id` varchar(36) NOT NULL,
	`template_task_id` varchar(36) NOT NULL,
	`rule` varchar(512) NOT NULL,
	`starts_at` datetime(3) NOT NULL,
	`next_at` datetime(3),
	`made` int unsigned NOT NULL DEFAULT 0,
	`created_by` varchar(36) NOT NULL,
	`created_at` datetime(3) NOT NULL,
	CONSTRAINT `recurrences_id` PRIMARY KEY(`id`),
	CONSTRAINT `recurrences_template_unique` UNIQUE(`template_task_id`)
);
--> statement-breakpoint
CREATE TABLE `schedule_clock` (
	`id` int NOT NULL,
	`ticked_at` datetime(3) NOT NULL,
	CONSTRAINT `schedule_clock_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
ALTER TABLE `calendar_feeds` ADD CONSTRAINT `calendar_feeds_user_id_users_id_fk` FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `calendar_feeds` ADD CONSTRAINT `calendar_feeds_project_id_projects_id_fk` FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `occurrences` ADD CONSTRAINT `occurrences_recurrence_id_recurrences_id_fk` FOREIGN KEY (`recurrence_id`) REFERENCES `recurrences`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `occurrences` ADD CONSTRAINT `occurrences_task_id_tasks_id_fk` FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `recurrences` ADD CONSTRAINT `recurrences_project_id_projects_id_fk` FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE `recurrences` ADD CONSTRAINT `recurrences_template_task_id_tasks_id_fk` FOREIGN KEY (`template_task_id`) REFERENCES `tasks`(`id`) ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX `calendar_feeds_user_idx` ON `calendar_feeds` (`user_id`);--> statement-breakpoint
CREATE INDEX `occurrences_task_idx` ON `occurrences` (`task_id`);--> statement-breakpoint
CREATE INDEX `recurrences_next_idx` ON `recurrences` (`next_at`);