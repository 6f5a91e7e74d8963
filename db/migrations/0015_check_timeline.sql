CREATE TABLE `check_timeline` (
	`uid` text PRIMARY KEY NOT NULL,
	`settled_from` text NOT NULL,
	`latest_affirmation` text,
	`change_date` text,
	`change_description` text,
	`replaced_by_uid` text,
	`replaced_on` text,
	`closeout_date` text,
	`closeout_result` text
);
