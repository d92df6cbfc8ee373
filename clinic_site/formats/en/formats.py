"""One date format across the admin: "Dec 2, 2026, 10:41 AM" and "Dec 2, 2026" (not Django's
"Dec. 2, 2026, 10:41 a.m."). Public pages name their formats explicitly and are unaffected."""

DATE_FORMAT = "M j, Y"
DATETIME_FORMAT = "M j, Y, g:i A"
SHORT_DATE_FORMAT = "M j, Y"
SHORT_DATETIME_FORMAT = "M j, Y, g:i A"
TIME_FORMAT = "g:i A"
MONTH_DAY_FORMAT = "F j"
YEAR_MONTH_FORMAT = "F Y"
