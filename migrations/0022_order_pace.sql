-- 0022: a practice order keeps how it was rung up, as a sale does in its record (`pace`,
-- where the till saw the first tap): the time from the first tap to its payment and how many
-- times a line was taken off or lowered on the way. Figures for a trainee's skills page; older
-- rows have none.
ALTER TABLE training_orders ADD COLUMN pace_ms INTEGER CHECK (pace_ms IS NULL OR pace_ms >= 0);
ALTER TABLE training_orders ADD COLUMN corrections INTEGER
    CHECK (corrections IS NULL OR corrections >= 0);
