"""The procedure of a case (办案程序): event kinds, allowed transitions, recording events, the deadlines a case's events start, the dashboard and its cache."""
