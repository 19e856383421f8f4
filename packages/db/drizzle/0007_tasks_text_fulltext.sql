-- Word search of tasks (the `text` filter, searchTasks): MATCH (title, description) AGAINST
-- (... IN BOOLEAN MODE). InnoDB supports FULLTEXT on MariaDB 10.11 and MySQL 8. Hand-written
-- because Drizzle cannot declare a FULLTEXT index; the first one on a table rebuilds it (adds
-- InnoDB's hidden FTS_DOC_ID column).
CREATE FULLTEXT INDEX `tasks_text_idx` ON `tasks` (`title`,`description`);
