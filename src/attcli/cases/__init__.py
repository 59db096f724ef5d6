"""The casebook: the school's escalation ladder, what is due each week, what was done
(docs/cases.md)."""
