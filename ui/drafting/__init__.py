"""The drafting window (文书起草窗口): large text areas per section, live preview, clauses, autosave."""
