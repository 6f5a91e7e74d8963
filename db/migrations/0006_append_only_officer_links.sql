-- Which offer or contract a recorded verification belongs to is part of the contract-file record
-- (rules §5: a recorded verification is immutable), so the links refuse change like the records.
CREATE TRIGGER offer_verifications_no_update BEFORE UPDATE ON offer_verifications
BEGIN SELECT RAISE(ABORT, 'verification links are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER offer_verifications_no_delete BEFORE DELETE ON offer_verifications
BEGIN SELECT RAISE(ABORT, 'verification links are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER contract_verifications_no_update BEFORE UPDATE ON contract_verifications
BEGIN SELECT RAISE(ABORT, 'verification links are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER contract_verifications_no_delete BEFORE DELETE ON contract_verifications
BEGIN SELECT RAISE(ABORT, 'verification links are immutable'); END;
