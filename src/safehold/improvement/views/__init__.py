"""The improvement pages, one module per part: inspections (the record, the cycle and the
self-evaluation), audits (rounds, audits, moderation and reports) and plans (the action plan and the
scrutiny committee's reports). Views are thin: forms check shape, services decide, templates render."""
