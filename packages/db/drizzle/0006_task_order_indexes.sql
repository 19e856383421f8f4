CREATE INDEX `tasks_project_created_idx` ON `tasks` (`project_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `tasks_project_priority_idx` ON `tasks` (`project_id`,`priority_id`);