-- A revocation is a record: the database refuses to change or remove it (an attestation is revoked
-- once, for good; rules §7 evidence must not be altered after the fact).
CREATE TRIGGER attestation_revocations_no_update BEFORE UPDATE ON attestation_revocations
BEGIN SELECT RAISE(ABORT, 'attestation revocations are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER attestation_revocations_no_delete BEFORE DELETE ON attestation_revocations
BEGIN SELECT RAISE(ABORT, 'attestation revocations are immutable'); END;
