"""The working-day calendar (工作日历): holidays and make-up working days, the database table, and the period rules that count on it."""
