CREATE TABLE `attestation_revocations` (
	`jti` text PRIMARY KEY NOT NULL,
	`revoked_at` text NOT NULL,
	`revoked_by` integer NOT NULL,
	`revoked_by_email` text NOT NULL,
	`reason` text NOT NULL,
	FOREIGN KEY (`jti`) REFERENCES `attestations`(`jti`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revoked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `attestations` ADD `token` text;--> statement-breakpoint
ALTER TABLE `attestations` ADD `share_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `attestations_share_id_idx` ON `attestations` (`share_id`);--> statement-breakpoint
ALTER TABLE `flowdown_checks` ADD `cots_only` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `flowdown_checks` ADD `nist7012` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `flowdown_checks` ADD `sub_nist_outcome` text;--> statement-breakpoint
ALTER TABLE `flowdown_checks` ADD `sub_nist_valid_through` text;--> statement-breakpoint
ALTER TABLE `flowdown_checks` ADD `look_ahead_until` text;