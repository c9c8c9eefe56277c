"""Layout and safety limits of the self-check page (not clinical numbers)."""

STEP_QUESTIONS = 5
"""At most this many questions on one step (short steps read better on a phone)."""

STEP_FOLLOW_UPS = 2
"""Follow-up questions that may stay on their controlling question's step."""

MEDICINE_ROWS = 3
"""Empty rows offered for a list of medicines; "Add another" adds one more."""

MAX_ROWS = 40
"""At most this many rows in one list of answers (medicines, stopped medicines)."""

MAX_TEXT = 120
"""The longest typed answer accepted (a medicine name), in characters."""

MAX_FORM_BYTES = 64 * 1024
"""The largest form post accepted; a whole questionnaire is a few kilobytes."""
