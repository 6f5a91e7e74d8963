-- The key dates of each UID's status timeline (table check_timeline, src/domain/timeline.ts), kept
-- by the database itself: every writer of the history (posting, import, eMASS apply, affirmation,
-- closeout, compliance change, supersession, withdrawal, restore scripts) goes through these
-- triggers, in its own transaction, so the table cannot trail the history it summarises.
-- The replacements of a UID are the held records naming it as superseded (same family), and the UID
-- named on its own row unless a held record already gives it (the loader's rule, status-records.ts).
-- Order ties as the domain does: by date, then by UID or description (BINARY collation).
CREATE VIEW check_timeline_source AS
SELECT a.uid AS uid,
  (SELECT max(d) FROM (
      SELECT a.status_date AS d
      UNION ALL SELECT f.date FROM affirmations f WHERE f.assessment_uid = a.uid
      UNION ALL SELECT c.date FROM compliance_changes c WHERE c.assessment_uid = a.uid
      UNION ALL SELECT k2.date FROM closeouts k2 WHERE k2.assessment_uid = a.uid
      UNION ALL SELECT date FROM (
        SELECT r.uid, r.status_date AS date FROM assessments r WHERE r.supersedes_uid = a.uid AND r.family = a.family
        UNION ALL
        SELECT a.superseded_by_uid, a.superseded_on WHERE a.superseded_by_uid <> '' AND a.superseded_on <> ''
          AND NOT EXISTS (SELECT 1 FROM assessments r WHERE r.supersedes_uid = a.uid AND r.family = a.family AND r.uid = a.superseded_by_uid))
      UNION ALL SELECT a.withdrawn_on WHERE a.withdrawn_on <> '')) AS settled_from,
  (SELECT max(f.date) FROM affirmations f WHERE f.assessment_uid = a.uid) AS latest_affirmation,
  (SELECT c.date FROM compliance_changes c WHERE c.assessment_uid = a.uid AND c.date >= a.status_date ORDER BY c.date, c.description LIMIT 1) AS change_date,
  (SELECT c.description FROM compliance_changes c WHERE c.assessment_uid = a.uid AND c.date >= a.status_date ORDER BY c.date, c.description LIMIT 1) AS change_description,
  (SELECT uid FROM (
        SELECT r.uid, r.status_date AS date FROM assessments r WHERE r.supersedes_uid = a.uid AND r.family = a.family
        UNION ALL
        SELECT a.superseded_by_uid, a.superseded_on WHERE a.superseded_by_uid <> '' AND a.superseded_on <> ''
          AND NOT EXISTS (SELECT 1 FROM assessments r WHERE r.supersedes_uid = a.uid AND r.family = a.family AND r.uid = a.superseded_by_uid))
      ORDER BY date, uid LIMIT 1) AS replaced_by_uid,
  (SELECT date FROM (
        SELECT r.uid, r.status_date AS date FROM assessments r WHERE r.supersedes_uid = a.uid AND r.family = a.family
        UNION ALL
        SELECT a.superseded_by_uid, a.superseded_on WHERE a.superseded_by_uid <> '' AND a.superseded_on <> ''
          AND NOT EXISTS (SELECT 1 FROM assessments r WHERE r.supersedes_uid = a.uid AND r.family = a.family AND r.uid = a.superseded_by_uid))
      ORDER BY date, uid LIMIT 1) AS replaced_on,
  k.date AS closeout_date,
  k.result AS closeout_result
FROM assessments a LEFT JOIN closeouts k ON k.assessment_uid = a.uid;
--> statement-breakpoint
-- A new UID usually has no history yet: its row is written from NEW alone (an import adds 100,000s).
CREATE TRIGGER check_timeline_assessment_insert AFTER INSERT ON assessments
WHEN NOT EXISTS (SELECT 1 FROM affirmations WHERE assessment_uid = NEW.uid)
  AND NOT EXISTS (SELECT 1 FROM compliance_changes WHERE assessment_uid = NEW.uid)
  AND NOT EXISTS (SELECT 1 FROM closeouts WHERE assessment_uid = NEW.uid)
  AND NOT EXISTS (SELECT 1 FROM assessments WHERE supersedes_uid = NEW.uid)
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
-- A UID whose history was written first (rows without enforced foreign keys, a replacement held earlier).
CREATE TRIGGER check_timeline_assessment_insert_with_history AFTER INSERT ON assessments
WHEN EXISTS (SELECT 1 FROM affirmations WHERE assessment_uid = NEW.uid)
  OR EXISTS (SELECT 1 FROM compliance_changes WHERE assessment_uid = NEW.uid)
  OR EXISTS (SELECT 1 FROM closeouts WHERE assessment_uid = NEW.uid)
  OR EXISTS (SELECT 1 FROM assessments WHERE supersedes_uid = NEW.uid)
BEGIN
  INSERT OR REPLACE INTO check_timeline (uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result)
  SELECT uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result
  FROM check_timeline_source WHERE uid = NEW.uid;
END;
--> statement-breakpoint
-- A new record naming the UID it supersedes changes that UID's replacements.
CREATE TRIGGER check_timeline_assessment_insert_supersedes AFTER INSERT ON assessments WHEN NEW.supersedes_uid IS NOT NULL BEGIN
  INSERT OR REPLACE INTO check_timeline (uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result)
  SELECT uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result
  FROM check_timeline_source WHERE uid = NEW.supersedes_uid;
END;
--> statement-breakpoint
CREATE TRIGGER check_timeline_assessment_update AFTER UPDATE OF uid, status_date, family, supersedes_uid, superseded_by_uid, superseded_on, withdrawn_on ON assessments BEGIN
  DELETE FROM check_timeline WHERE uid = OLD.uid AND OLD.uid <> NEW.uid;
  INSERT OR REPLACE INTO check_timeline (uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result)
  SELECT uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result
  FROM check_timeline_source WHERE uid IN (NEW.uid, NEW.supersedes_uid, OLD.supersedes_uid);
END;
--> statement-breakpoint
CREATE TRIGGER check_timeline_assessment_delete AFTER DELETE ON assessments BEGIN
  DELETE FROM check_timeline WHERE uid = OLD.uid;
  INSERT OR REPLACE INTO check_timeline (uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result)
  SELECT uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result
  FROM check_timeline_source WHERE uid = OLD.supersedes_uid;
END;
--> statement-breakpoint
-- An affirmation only moves the two dates forward: no need to recompute the row (imports add many).
CREATE TRIGGER check_timeline_affirmation_insert AFTER INSERT ON affirmations BEGIN
  UPDATE check_timeline SET latest_affirmation = max(coalesce(latest_affirmation, NEW.date), NEW.date), settled_from = max(settled_from, NEW.date)
  WHERE uid = NEW.assessment_uid;
END;
--> statement-breakpoint
CREATE TRIGGER check_timeline_affirmation_update AFTER UPDATE ON affirmations BEGIN
  INSERT OR REPLACE INTO check_timeline (uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result)
  SELECT uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result
  FROM check_timeline_source WHERE uid IN (NEW.assessment_uid, OLD.assessment_uid);
END;
--> statement-breakpoint
CREATE TRIGGER check_timeline_affirmation_delete AFTER DELETE ON affirmations BEGIN
  INSERT OR REPLACE INTO check_timeline (uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result)
  SELECT uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result
  FROM check_timeline_source WHERE uid = OLD.assessment_uid;
END;
--> statement-breakpoint
CREATE TRIGGER check_timeline_change_insert AFTER INSERT ON compliance_changes BEGIN
  INSERT OR REPLACE INTO check_timeline (uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result)
  SELECT uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result
  FROM check_timeline_source WHERE uid = NEW.assessment_uid;
END;
--> statement-breakpoint
CREATE TRIGGER check_timeline_change_update AFTER UPDATE ON compliance_changes BEGIN
  INSERT OR REPLACE INTO check_timeline (uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result)
  SELECT uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result
  FROM check_timeline_source WHERE uid IN (NEW.assessment_uid, OLD.assessment_uid);
END;
--> statement-breakpoint
CREATE TRIGGER check_timeline_change_delete AFTER DELETE ON compliance_changes BEGIN
  INSERT OR REPLACE INTO check_timeline (uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result)
  SELECT uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result
  FROM check_timeline_source WHERE uid = OLD.assessment_uid;
END;
--> statement-breakpoint
CREATE TRIGGER check_timeline_closeout_insert AFTER INSERT ON closeouts BEGIN
  INSERT OR REPLACE INTO check_timeline (uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result)
  SELECT uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result
  FROM check_timeline_source WHERE uid = NEW.assessment_uid;
END;
--> statement-breakpoint
CREATE TRIGGER check_timeline_closeout_update AFTER UPDATE ON closeouts BEGIN
  INSERT OR REPLACE INTO check_timeline (uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result)
  SELECT uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result
  FROM check_timeline_source WHERE uid IN (NEW.assessment_uid, OLD.assessment_uid);
END;
--> statement-breakpoint
CREATE TRIGGER check_timeline_closeout_delete AFTER DELETE ON closeouts BEGIN
  INSERT OR REPLACE INTO check_timeline (uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result)
  SELECT uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result
  FROM check_timeline_source WHERE uid = OLD.assessment_uid;
END;
--> statement-breakpoint
-- Backfill: the rows written before this migration.
INSERT INTO check_timeline (uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result)
SELECT uid, settled_from, latest_affirmation, change_date, change_description, replaced_by_uid, replaced_on, closeout_date, closeout_result
FROM check_timeline_source;
