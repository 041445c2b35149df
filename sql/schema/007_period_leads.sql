-- 007_period_leads.sql: the priority leads an agreement period gives (doc/county.md,
-- "Leads"). Filled by csa.sync_register (sql/logic/10_load.sql) from each period's "leads";
-- read through csa.priority_leads (sql/logic/28_period.sql). A period with rows here gives
-- every lead of the plan years it covers; a period without any falls back to csa.reg_lead.

-- One lead of a priority in one period; ord is its place in the period's <leads>, so a
-- priority's leads keep their order and the first is the lead officer.
CREATE TABLE csa.reg_period_lead (
    county   text NOT NULL,
    period   text NOT NULL,
    ord      integer NOT NULL,
    priority text NOT NULL,
    lead     text NOT NULL,
    PRIMARY KEY (county, period, ord),
    FOREIGN KEY (county, period) REFERENCES csa.reg_period ON DELETE CASCADE,
    FOREIGN KEY (county, priority) REFERENCES csa.reg_priority
);
