CREATE TABLE `check_timeline_bulk_mode` (
	`id` integer PRIMARY KEY NOT NULL,
	CONSTRAINT "check_timeline_bulk_mode_one_row" CHECK(id = 1)
);
