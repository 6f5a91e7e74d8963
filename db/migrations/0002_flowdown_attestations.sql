CREATE TABLE `attestations` (
	`jti` text PRIMARY KEY NOT NULL,
	`company_hlo` text NOT NULL,
	`kid` text NOT NULL,
	`claims_json` text NOT NULL,
	`audience` text,
	`iat` text NOT NULL,
	`exp` text NOT NULL,
	`issued_by` integer NOT NULL,
	FOREIGN KEY (`issued_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `attestations_company_idx` ON `attestations` (`company_hlo`,`iat`);--> statement-breakpoint
CREATE TABLE `flowdown_check_links` (
	`parent_check_id` text NOT NULL,
	`child_check_id` text NOT NULL,
	`attestation_jti` text NOT NULL,
	PRIMARY KEY(`parent_check_id`, `child_check_id`),
	FOREIGN KEY (`parent_check_id`) REFERENCES `flowdown_checks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`child_check_id`) REFERENCES `flowdown_checks`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `flowdown_check_links_child_idx` ON `flowdown_check_links` (`child_check_id`);--> statement-breakpoint
CREATE TABLE `flowdown_checks` (
	`id` text PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`prime_hlo` text NOT NULL,
	`prime_contract_number` text NOT NULL,
	`prime_level` text NOT NULL,
	`sub_cage` text NOT NULL,
	`sub_name` text NOT NULL,
	`information` text NOT NULL,
	`sub_minimum_level` text,
	`evidence_kind` text,
	`evidence_json` text NOT NULL,
	`verified` integer NOT NULL,
	`attestation_jti` text,
	`evidence_current_through` text,
	`may_award` integer NOT NULL,
	`reasons_json` text NOT NULL,
	`as_of` text NOT NULL,
	`decided_by` integer NOT NULL,
	`decided_by_email` text NOT NULL,
	`decided_at` text NOT NULL,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "flowdown_checks_information" CHECK(information IN ('NONE','FCI','CUI')),
	CONSTRAINT "flowdown_checks_evidence_kind" CHECK(evidence_kind IS NULL OR evidence_kind IN ('ATTESTATION','SPRS_PRINTOUT','CERTIFICATE','OTHER')),
	CONSTRAINT "flowdown_checks_as_of" CHECK(as_of GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `flowdown_checks_seq_idx` ON `flowdown_checks` (`seq`);--> statement-breakpoint
CREATE INDEX `flowdown_checks_prime_idx` ON `flowdown_checks` (`prime_hlo`,`seq`);--> statement-breakpoint
CREATE INDEX `flowdown_checks_sub_idx` ON `flowdown_checks` (`prime_hlo`,`prime_contract_number`,`sub_cage`);--> statement-breakpoint
CREATE TABLE `signing_keys` (
	`kid` text PRIMARY KEY NOT NULL,
	`alg` text NOT NULL,
	`public_jwk` text NOT NULL,
	`private_jwk` text,
	`source` text NOT NULL,
	`created_at` text NOT NULL,
	`retired_at` text,
	CONSTRAINT "signing_keys_source" CHECK(source IN ('DATABASE','FILE')),
	CONSTRAINT "signing_keys_private_when_database" CHECK(source <> 'DATABASE' OR private_jwk IS NOT NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signing_keys_one_active_idx` ON `signing_keys` (`alg`) WHERE retired_at IS NULL;