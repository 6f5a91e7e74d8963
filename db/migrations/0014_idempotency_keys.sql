CREATE TABLE `idempotency_keys` (
	`key` text PRIMARY KEY NOT NULL,
	`location` text NOT NULL,
	`created_at` text NOT NULL
);
