-- 0016: erasure reaches the reasons of clock corrections. A reason is free text a manager
-- typed about a person's time; when that person is erased on request, its words go (it reads
-- "erased"), while the correction itself (which event, the old and new times, who made it,
-- when) stays. Nothing else about a correction ever changes.

DROP TRIGGER clock_corrections_never_change;
CREATE TRIGGER clock_corrections_never_change BEFORE UPDATE ON clock_corrections
WHEN NOT (
    NEW.reason = 'erased'
    AND NEW.id = OLD.id AND NEW.event_id = OLD.event_id AND NEW.old_at = OLD.old_at
    AND NEW.new_at = OLD.new_at AND NEW.by_staff = OLD.by_staff AND NEW.at = OLD.at
    AND EXISTS (SELECT 1 FROM clock_events e JOIN staff s ON s.id = e.staff_id
                WHERE e.id = OLD.event_id AND s.erased_at IS NOT NULL)
)
BEGIN SELECT RAISE(ABORT, 'clock corrections are never changed'); END;
