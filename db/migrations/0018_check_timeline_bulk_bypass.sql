-- The check_timeline triggers of migration 0016, each made to stand aside while the batch writing
-- in this transaction holds the row of check_timeline_bulk_mode (db/schema/timeline-bulk.ts): a bulk
-- writer recomputes the rows of its batch in one statement instead (src/services/import-bulk.ts).
-- That row is written and deleted inside the writer's own transaction, so every other connection, and
-- every other writer, keeps the triggers.
-- The recompute of a UID's row from check_timeline_source is written once, behind the view
-- check_timeline_refresh: a trigger names the UIDs its change touches by inserting them there.
CREATE VIEW check_timeline_refresh AS SELECT uid FROM check_timeline WHERE 0;
--> statement-breakpoint
CREATE TRIGGER check_timeline_refresh_insert INSTEAD OF INSERT ON check_timeline_refresh
BEGIN
  INSERT OR REPLACE INTO check_timeline (uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result)
  SELECT uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result
  FROM check_timeline_source WHERE uid = NEW.uid;
END;
--> statement-breakpoint
DROP TRIGGER check_timeline_assessment_insert;
--> statement-breakpoint
-- The cheap path for a UID without history (an import adds 100,000s): its row from NEW alone, body
-- unchanged.
CREATE TRIGGER check_timeline_assessment_insert AFTER INSERT ON assessments
WHEN NOT EXISTS (SELECT 1 FROM check_timeline_bulk_mode)
  AND (NOT EXISTS (SELECT 1 FROM affirmations WHERE assessment_uid = NEW.uid)
    AND NOT EXISTS (SELECT 1 FROM compliance_changes WHERE assessment_uid = NEW.uid)
    AND NOT EXISTS (SELECT 1 FROM closeouts WHERE assessment_uid = NEW.uid)
    AND NOT EXISTS (SELECT 1 FROM assessments WHERE supersedes_uid = NEW.uid))
BEGIN
  INSERT OR REPLACE INTO check_timeline (uid, settled_from, replaced_by_uid, replaced_on)
  VALUES (
    NEW.uid,
    max(NEW.status_date,
        CASE WHEN NEW.superseded_by_uid <> '' AND NEW.superseded_on <> '' THEN NEW.superseded_on ELSE '' END,
        CASE WHEN NEW.withdrawn_on <> '' THEN NEW.withdrawn_on ELSE '' END),
    CASE WHEN NEW.superseded_by_uid <> '' AND NEW.superseded_on <> '' THEN NEW.superseded_by_uid END,
    CASE WHEN NEW.superseded_by_uid <> '' AND NEW.superseded_on <> '' THEN NEW.superseded_on END);
END;
--> statement-breakpoint
DROP TRIGGER check_timeline_assessment_insert_with_history;
--> statement-breakpoint
CREATE TRIGGER check_timeline_assessment_insert_with_history AFTER INSERT ON assessments
WHEN NOT EXISTS (SELECT 1 FROM check_timeline_bulk_mode)
  AND (EXISTS (SELECT 1 FROM affirmations WHERE assessment_uid = NEW.uid)
    OR EXISTS (SELECT 1 FROM compliance_changes WHERE assessment_uid = NEW.uid)
    OR EXISTS (SELECT 1 FROM closeouts WHERE assessment_uid = NEW.uid)
    OR EXISTS (SELECT 1 FROM assessments WHERE supersedes_uid = NEW.uid))
BEGIN
  INSERT INTO check_timeline_refresh (uid) VALUES (NEW.uid);
END;
--> statement-breakpoint
DROP TRIGGER check_timeline_assessment_insert_supersedes;
--> statement-breakpoint
CREATE TRIGGER check_timeline_assessment_insert_supersedes AFTER INSERT ON assessments
WHEN NOT EXISTS (SELECT 1 FROM check_timeline_bulk_mode) AND NEW.supersedes_uid IS NOT NULL
BEGIN
  INSERT INTO check_timeline_refresh (uid) VALUES (NEW.supersedes_uid);
END;
--> statement-breakpoint
DROP TRIGGER check_timeline_assessment_update;
--> statement-breakpoint
CREATE TRIGGER check_timeline_assessment_update AFTER UPDATE OF uid, status_date, family, supersedes_uid, superseded_by_uid, superseded_on, withdrawn_on ON assessments
WHEN NOT EXISTS (SELECT 1 FROM check_timeline_bulk_mode)
BEGIN
  DELETE FROM check_timeline WHERE uid = OLD.uid AND OLD.uid <> NEW.uid;
  INSERT INTO check_timeline_refresh (uid) SELECT NEW.uid UNION SELECT NEW.supersedes_uid UNION SELECT OLD.supersedes_uid;
END;
--> statement-breakpoint
DROP TRIGGER check_timeline_assessment_delete;
--> statement-breakpoint
CREATE TRIGGER check_timeline_assessment_delete AFTER DELETE ON assessments
WHEN NOT EXISTS (SELECT 1 FROM check_timeline_bulk_mode)
BEGIN
  DELETE FROM check_timeline WHERE uid = OLD.uid;
  INSERT INTO check_timeline_refresh (uid) VALUES (OLD.supersedes_uid);
END;
--> statement-breakpoint
DROP TRIGGER check_timeline_affirmation_insert;
--> statement-breakpoint
-- An affirmation only moves the two dates forward: no need to recompute the row (imports add many).
CREATE TRIGGER check_timeline_affirmation_insert AFTER INSERT ON affirmations
WHEN NOT EXISTS (SELECT 1 FROM check_timeline_bulk_mode)
BEGIN
  UPDATE check_timeline SET latest_affirmation = max(coalesce(latest_affirmation, NEW.date), NEW.date), settled_from = max(settled_from, NEW.date)
  WHERE uid = NEW.assessment_uid;
END;
--> statement-breakpoint
DROP TRIGGER check_timeline_affirmation_update;
--> statement-breakpoint
CREATE TRIGGER check_timeline_affirmation_update AFTER UPDATE ON affirmations
WHEN NOT EXISTS (SELECT 1 FROM check_timeline_bulk_mode)
BEGIN
  INSERT INTO check_timeline_refresh (uid) SELECT NEW.assessment_uid UNION SELECT OLD.assessment_uid;
END;
--> statement-breakpoint
DROP TRIGGER check_timeline_affirmation_delete;
--> statement-breakpoint
CREATE TRIGGER check_timeline_affirmation_delete AFTER DELETE ON affirmations
WHEN NOT EXISTS (SELECT 1 FROM check_timeline_bulk_mode)
BEGIN
  INSERT INTO check_timeline_refresh (uid) VALUES (OLD.assessment_uid);
END;
--> statement-breakpoint
DROP TRIGGER check_timeline_change_insert;
--> statement-breakpoint
CREATE TRIGGER check_timeline_change_insert AFTER INSERT ON compliance_changes
WHEN NOT EXISTS (SELECT 1 FROM check_timeline_bulk_mode)
BEGIN
  INSERT INTO check_timeline_refresh (uid) VALUES (NEW.assessment_uid);
END;
--> statement-breakpoint
DROP TRIGGER check_timeline_change_update;
--> statement-breakpoint
CREATE TRIGGER check_timeline_change_update AFTER UPDATE ON compliance_changes
WHEN NOT EXISTS (SELECT 1 FROM check_timeline_bulk_mode)
BEGIN
  INSERT INTO check_timeline_refresh (uid) SELECT NEW.assessment_uid UNION SELECT OLD.assessment_uid;
END;
--> statement-breakpoint
DROP TRIGGER check_timeline_change_delete;
--> statement-breakpoint
CREATE TRIGGER check_timeline_change_delete AFTER DELETE ON compliance_changes
WHEN NOT EXISTS (SELECT 1 FROM check_timeline_bulk_mode)
BEGIN
  INSERT INTO check_timeline_refresh (uid) VALUES (OLD.assessment_uid);
END;
--> statement-breakpoint
DROP TRIGGER check_timeline_closeout_insert;
--> statement-breakpoint
CREATE TRIGGER check_timeline_closeout_insert AFTER INSERT ON closeouts
WHEN NOT EXISTS (SELECT 1 FROM check_timeline_bulk_mode)
BEGIN
  INSERT INTO check_timeline_refresh (uid) VALUES (NEW.assessment_uid);
END;
--> statement-breakpoint
DROP TRIGGER check_timeline_closeout_update;
--> statement-breakpoint
CREATE TRIGGER check_timeline_closeout_update AFTER UPDATE ON closeouts
WHEN NOT EXISTS (SELECT 1 FROM check_timeline_bulk_mode)
BEGIN
  INSERT INTO check_timeline_refresh (uid) SELECT NEW.assessment_uid UNION SELECT OLD.assessment_uid;
END;
--> statement-breakpoint
DROP TRIGGER check_timeline_closeout_delete;
--> statement-breakpoint
CREATE TRIGGER check_timeline_closeout_delete AFTER DELETE ON closeouts
WHEN NOT EXISTS (SELECT 1 FROM check_timeline_bulk_mode)
BEGIN
  INSERT INTO check_timeline_refresh (uid) VALUES (OLD.assessment_uid);
END;
