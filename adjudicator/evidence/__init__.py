"""Evidence (证据): exhibits, their files, and the content-addressed file store."""
