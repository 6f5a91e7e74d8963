-- Flowdown checks, their tier links and issued attestations are records: the database refuses change
-- (rules §7: the record of who decided what, when, on which evidence, must not be altered).
CREATE TRIGGER flowdown_checks_no_update BEFORE UPDATE ON flowdown_checks
BEGIN SELECT RAISE(ABORT, 'recorded flowdown checks are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER flowdown_checks_no_delete BEFORE DELETE ON flowdown_checks
BEGIN SELECT RAISE(ABORT, 'recorded flowdown checks are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER flowdown_check_links_no_update BEFORE UPDATE ON flowdown_check_links
BEGIN SELECT RAISE(ABORT, 'flowdown check links are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER flowdown_check_links_no_delete BEFORE DELETE ON flowdown_check_links
BEGIN SELECT RAISE(ABORT, 'flowdown check links are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER attestations_no_update BEFORE UPDATE ON attestations
BEGIN SELECT RAISE(ABORT, 'issued attestations are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER attestations_no_delete BEFORE DELETE ON attestations
BEGIN SELECT RAISE(ABORT, 'issued attestations are immutable'); END;
