DROP TABLE `raft_snapshot_chunks`;--> statement-breakpoint
ALTER TABLE `raft_applied` ADD `applied_term` bigint unsigned DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `raft_applied` ADD `conf_state` longtext;--> statement-breakpoint
ALTER TABLE `raft_snapshot` DROP COLUMN `chunk_count`;--> statement-breakpoint
-- Upgrading a node that already applied entries: the term of its applied entry is in the log
-- (or at the compaction point), and its membership is the one it last saved with its hard state.
-- A new node's membership is empty, written out, so every node holds the same bytes for it.
UPDATE `raft_applied` SET `applied_term` = COALESCE(
  (SELECT `term` FROM `raft_log` WHERE `idx` = `raft_applied`.`applied_index`),
  (SELECT `snapshot_term` FROM `raft_snapshot` WHERE `snapshot_index` = `raft_applied`.`applied_index`),
  0);--> statement-breakpoint
UPDATE `raft_applied` SET `conf_state` = COALESCE(
  (SELECT `conf_state` FROM `raft_hard_state` WHERE `id` = 1),
  '{"voters":[],"learners":[]}');
