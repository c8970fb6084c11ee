"""The working-day calendar (工作日历) and the periods counted on it.

- :mod:`.workdays`: which days are working days (holidays, make-up working days), counting on them.
- :mod:`.schedule_file`: one year's State Council notice as a JSON file, read and written.
- :mod:`.store`: the calendar in the database (seeded from ``chinesecalendar``, imported years).
- :mod:`.periods`: the period rules (立案审查, 答辩期, 结案期限 …) and how each is counted.
- :mod:`.dates`: dates as users type and read them.
"""
